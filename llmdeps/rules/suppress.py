"""Suppressions: `ignore:` entries of the config applied to the findings after every family ran.

An entry names a rule, a required reason, an optional `until` date and any of: a model id or glob
(`ollama/llama3*`; the id without its runtime prefix, `llama3*`, matches too), a workflow (name
or glob), a package (name or glob) and a file glob (gitignore style; one of the finding's files
must match). A finding matches when its rule is the entry's and every field the entry gives
matches; the first matching entry wins.

* Before or on `until` (or with no `until`) the finding is kept and marked suppressed, with the
  entry's reason: every format shows it (SARIF as a `suppressions` entry, which GitHub code
  scanning reads as dismissed), and it does not fail the check.
* After `until` the finding fails as if there were no entry, and its message names the entry
  that expired, as osv-scanner's `ignoreUntil` and pip-audit's `--ignore-vuln` have it.
* An entry that matches no finding is reported as a warning (`unused`), so stale entries do not
  pile up; it never fails the check.

`today` is passed in (the pipeline reads the clock, tests give a fixed date).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import unquote

import pathspec

from llmdeps.config import IgnoreEntry
from llmdeps.model import Finding, Suppression


@dataclass(frozen=True, slots=True)
class Applied:
    """The findings with suppressions applied, and the entries that matched none."""

    findings: tuple[Finding, ...]
    unused: tuple[IgnoreEntry, ...]
    expired: tuple[IgnoreEntry, ...] = ()
    """Entries past their `until` that matched a finding (which now fails)."""


def _glob(pattern: str, value: str | None) -> bool:
    if value is None:
        return False
    return value == pattern or fnmatch.fnmatchcase(value, pattern)


def _model(pattern: str, model: str | None) -> bool:
    if model is None:
        return False
    bare = model.split("/", 1)[1] if "/" in model else model
    return _glob(pattern, model) or _glob(pattern, bare)


def _package(pattern: str, purl: str | None) -> bool:
    """A package finding names its package as a purl (`pkg:npm/%40mistralai/mistralai@2.2.3`):
    the entry may give the purl, the name (`@mistralai/mistralai`, `litellm`) or a glob of
    either."""
    if purl is None:
        return False
    # npm scopes are quoted (%40) in a purl, so a version's @ is the last one
    body = purl.removeprefix("pkg:")
    if "@" in body:
        body = body.rpartition("@")[0]
    name = unquote(body.split("/", 1)[1]) if purl.startswith("pkg:") and "/" in body else body
    return _glob(pattern, purl) or _glob(pattern, name)


def _path(pattern: str, paths: Sequence[str]) -> bool:
    spec = pathspec.GitIgnoreSpec.from_lines([pattern])
    return any(spec.match_file(p) for p in paths)


def matches(entry: IgnoreEntry, finding: Finding) -> bool:
    """Whether `entry` names this finding: its rule, and every match field it gives."""
    if str(finding.rule) != entry.rule:
        return False
    if entry.model is not None and not _model(entry.model, finding.model):
        return False
    if entry.workflow is not None and not _glob(entry.workflow, finding.workflow):
        return False
    if entry.package is not None and not _package(entry.package, finding.package):
        return False
    return entry.path is None or _path(entry.path, finding.paths)


def describe(entry: IgnoreEntry) -> str:
    """`rule unpinned-model, model gpt-4o*` for messages about an entry."""
    parts = [f"rule {entry.rule}"]
    for key in ("model", "workflow", "package", "path"):
        value = getattr(entry, key)
        if value is not None:
            parts.append(f"{key} {value}")
    return ", ".join(parts)


def apply(findings: Sequence[Finding], entries: Sequence[IgnoreEntry], today: date) -> Applied:
    """Mark the findings the entries accept; an expired entry leaves its finding failing."""
    used: set[int] = set()
    expired: dict[int, IgnoreEntry] = {}
    out: list[Finding] = []
    for f in findings:
        index = next((i for i, e in enumerate(entries) if matches(e, f)), None)
        if index is None:
            out.append(f)
            continue
        entry = entries[index]
        used.add(index)
        until = entry.until.isoformat() if entry.until else None
        if entry.until is not None and today > entry.until:
            expired[index] = entry
            note = f"Its suppression {entry.where} ({entry.reason}) expired on {until}."
            message = f.message if f.message.endswith(".") else f.message + "."
            out.append(replace(f, message=f"{message} {note}"))
        else:
            out.append(replace(f, suppression=Suppression(entry.reason, entry.where, until)))
    unused = tuple(e for i, e in enumerate(entries) if i not in used)
    return Applied(tuple(out), unused, tuple(expired[i] for i in sorted(expired)))


def unused_warning(entry: IgnoreEntry) -> str:
    """The warning for an entry that matched no finding."""
    return (
        f"llmdeps: warning: {entry.where} ({describe(entry)}) matches no finding; "
        "remove it or fix its match"
    )
