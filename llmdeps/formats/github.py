"""`llmdeps check --format github`: GitHub Actions workflow-command annotations.

One `::error` / `::warning` / `::notice` line per finding, on its first file (the lock file when the
finding names none) with the line and column when check knew them, titled with the rule id; then
one plain summary line. Values are escaped as `@actions/core` does: in the message `%`, CR and LF;
in properties (file, title) also `:` and `,`. The format is only used when asked for: check does
not switch to it by itself when `GITHUB_ACTIONS=true`.
"""

from __future__ import annotations

from collections.abc import Sequence

from llmdeps.formats.base import FindingsContext
from llmdeps.formats.finding_message import message_text
from llmdeps.model import Finding, Severity

name = "github"
needs_positions = True
always_written = False

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(value: str) -> str:
    """A workflow-command message: `%` -> `%25`, CR -> `%0D`, LF -> `%0A`."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow-command property value: as a message, plus `:` -> `%3A`, `,` -> `%2C`."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, lock_path: str = "llmdeps.lock") -> str:
    """The workflow command for one finding."""
    props = [f"file={escape_property(f.paths[0] if f.paths else lock_path)}"]
    if f.line is not None and f.line >= 1:
        props.append(f"line={f.line}")
        if f.column is not None and f.column >= 1:
            props.append(f"col={f.column}")
    title = f"llmdeps {f.rule}" + (" (suppressed)" if f.suppression else "")
    props.append(f"title={escape_property(title)}")
    message = message_text(f)
    if f.suppression is not None:
        until = f", until {f.suppression.until}" if f.suppression.until else ""
        message = f"Suppressed ({f.suppression.reason}{until}; {f.suppression.entry}): {message}"
    if len(f.paths) > 1:
        message += "\nFiles: " + ", ".join(f.paths)
    # a suppressed finding is shown, as a notice: it does not fail the check
    command = "notice" if f.suppression is not None else _COMMAND[f.severity]
    return f"::{command} {','.join(props)}::{escape_data(message)}"


def render(findings: Sequence[Finding], ctx: FindingsContext) -> str:
    """One annotation per finding, then `llmdeps check: ok` or `llmdeps check: N findings`."""
    lines = [annotation(f, ctx.lock_path) for f in findings]
    n = sum(f.suppression is None for f in findings)
    accepted = len(findings) - n
    tail = f" ({accepted} suppressed)" if accepted else ""
    head = f"{n} finding{'s' if n != 1 else ''}" if n else "ok"
    lines.append(f"llmdeps check: {head}{tail}")
    return "\n".join(lines) + "\n"
