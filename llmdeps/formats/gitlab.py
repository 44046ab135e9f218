"""`llmdeps check --format gitlab`: a GitLab Code Quality report (the Code Climate JSON subset
GitLab reads from `artifacts:reports:codequality`).

A JSON array with one issue per finding: `description` (the message and its fix), `check_name`
(the rule id), `fingerprint` (unique in the report and stable from run to run: the SARIF
fingerprint's base and its occurrence, hashed; never the line or the message), `severity`
(error -> major, warning -> minor, note -> info), `location.path` (relative to the repository,
the lock file for a finding with no file) and `location.lines.begin` (1 when the line is not
known). A suppressed finding is listed as `info`, its description saying why. An empty array
when clean, always written (GitLab needs the artifact).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from llmdeps.formats.base import FindingsContext
from llmdeps.formats.finding_message import message_text
from llmdeps.formats.sarif import fingerprint_base
from llmdeps.model import Finding, Severity

name = "gitlab"
needs_positions = True
always_written = True

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.NOTE: "info"}


def issue(f: Finding, fingerprint: str, lock_path: str) -> dict[str, object]:
    """One Code Quality issue."""
    description = message_text(f)
    severity = _SEVERITY[f.severity]
    if f.suppression is not None:
        until = f", until {f.suppression.until}" if f.suppression.until else ""
        description = f"Suppressed ({f.suppression.reason}{until}): {description}"
        severity = "info"
    line = f.line if f.line is not None and f.line >= 1 else 1
    return {
        "type": "issue",
        "check_name": str(f.rule),
        "description": description,
        "categories": ["Security"],
        "severity": severity,
        "fingerprint": fingerprint,
        "location": {"path": f.paths[0] if f.paths else lock_path, "lines": {"begin": line}},
    }


def render(findings: Sequence[Finding], ctx: FindingsContext) -> str:
    """The report as JSON text, two-space indented, ending in a newline."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        base = fingerprint_base(f, ctx.lock_path)
        seen[base] = seen.get(base, 0) + 1
        digest = hashlib.sha256(f"{base}:{seen[base]}".encode()).hexdigest()[:32]
        out.append(issue(f, digest, ctx.lock_path))
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
