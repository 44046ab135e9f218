"""`llmdeps check --format sarif`: the findings as a SARIF 2.1.0 log for GitHub code scanning.

One run, with every rule `check` can emit in `tool.driver.rules` (`llmdeps.rules.RULES`, so
`ruleIndex` is stable from run to run) and one result per finding. A result's locations are the
finding's files, relative to the scanned directory; a finding with no file (HHI, a model that is
only in the lock) points at the lock file, since GitHub needs at least one location. The first
location carries the finding's line and column when check knew them, otherwise line 1 of the file.

`partialFingerprints.primaryLocationLineHash` hashes the rule, the first file, the model, the
workflow and the vendor (never the line or the message, whose figures change), followed by
`:N`, the occurrence of that hash in this log, as GitHub's own fingerprints do. The output is
byte-identical for the same findings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from llmdeps import __version__
from llmdeps.formats.base import FindingsContext
from llmdeps.formats.finding_message import message_text, sentence
from llmdeps.model import Finding, Severity, Suppression
from llmdeps.rules import RULES, Rule

name = "sarif"
needs_positions = True
always_written = True
"""A log is written even when clean and quiet: an upload step needs a file."""

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "llmdeps"
INFORMATION_URI: str | None = None
"""The project's home page; `informationUri` is left out while there is none."""
MAX_LOCATIONS = 10
"""GitHub reads only the first location and rejects more than it shows; the message names all."""


_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTE: "recommendation",
}


def _rule_json(rule: Rule) -> dict[str, object]:
    # SARIF's `help` is how to fix it; the rule's own `help` says what it means.
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.help},
        "help": {"text": sentence(rule.fix)},
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {
            "tags": list(rule.tags),
            "precision": rule.precision,
            "problem.severity": _PROBLEM_SEVERITY[rule.severity],
        },
    }


def _region(line: int | None, column: int | None) -> dict[str, int]:
    region = {"startLine": line if line is not None and line >= 1 else 1}
    if line is not None and column is not None and column >= 1:
        region["startColumn"] = column
    return region


def _locations(f: Finding, lock_path: str) -> list[dict[str, object]]:
    uris = list(f.paths[:MAX_LOCATIONS]) or [lock_path]
    out: list[dict[str, object]] = []
    for i, uri in enumerate(uris):
        physical: dict[str, object] = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
        if i == 0:
            physical["region"] = _region(f.line, f.column)
        out.append({"physicalLocation": physical})
    return out


def _suppression(s: Suppression) -> dict[str, object]:
    """SARIF 3.35: `external` (the config file, not the source), accepted, with the reason as
    `justification`; GitHub code scanning shows such a result as dismissed."""
    props: dict[str, object] = {"entry": s.entry}
    if s.until:
        props["until"] = s.until
    return {
        "kind": "external",
        "status": "accepted",
        "justification": s.reason,
        "properties": props,
    }


def fingerprint_base(f: Finding, lock_path: str = "llmdeps.lock") -> str:
    """16 hex digits over rule, first file, model, workflow and vendor: no line, no message."""
    uri = f.paths[0] if f.paths else lock_path
    key = "\0".join((f.rule, uri, f.model or "", f.workflow or "", f.vendor or ""))
    if f.package or f.advisory:  # a package finding: which package and advisory, not its line
        key += "\0" + "\0".join((f.package or "", f.advisory or "", f.context or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def build_log(
    findings: Sequence[Finding], *, lock_path: str = "llmdeps.lock", version: str = __version__
) -> dict[str, object]:
    """The SARIF log as a JSON-ready dict."""
    index = {r.id: i for i, r in enumerate(RULES)}
    seen: dict[str, int] = {}
    results: list[dict[str, object]] = []
    for f in findings:
        base = fingerprint_base(f, lock_path)
        seen[base] = seen.get(base, 0) + 1
        result: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": f.severity.value,
            "message": {"text": message_text(f)},
            "locations": _locations(f, lock_path),
            "partialFingerprints": {"primaryLocationLineHash": f"{base}:{seen[base]}"},
        }
        properties = {
            key: getattr(f, key)
            for key in ("model", "workflow", "vendor", "package", "advisory")
            if getattr(f, key) is not None
        }
        if len(f.paths) > MAX_LOCATIONS:
            properties["paths"] = list(f.paths)
        if properties:
            result["properties"] = properties
        if f.suppression is not None:
            result["suppressions"] = [_suppression(f.suppression)]
        results.append(result)
    driver: dict[str, object] = {"name": TOOL_NAME, "semanticVersion": version}
    if INFORMATION_URI:
        driver["informationUri"] = INFORMATION_URI
    driver["rules"] = [_rule_json(r) for r in RULES]
    run: dict[str, object] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(findings: Sequence[Finding], ctx: FindingsContext) -> str:
    """The SARIF 2.1.0 log as JSON text, two-space indented, ending in a newline."""
    log = build_log(findings, lock_path=ctx.lock_path)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
