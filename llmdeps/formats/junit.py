"""`llmdeps check --format junit`: JUnit XML, for CI systems that show test reports.

One `<testsuite name="llmdeps check">` in `<testsuites>`. Each finding is a `<testcase>` (classname
`llmdeps.<rule>`, name the rule and what it is about) with a `<failure>` whose `type` is its
severity and whose text is the message and fix; a suppressed finding is `<skipped>` with its
reason. Each rule that found nothing is one passing `<testcase>`, so the report says what was
checked. Counts (`tests`, `failures`, `errors`, `skipped`) are on both elements; no timestamps or
durations (`time="0"`), so the same findings give the same bytes. Text is XML-escaped, and
characters XML 1.0 cannot carry are replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from llmdeps.formats.base import FindingsContext
from llmdeps.formats.finding_message import message_text
from llmdeps.lazyre import lazy_compile
from llmdeps.model import Finding
from llmdeps.rules import RULES

name = "junit"
needs_positions = True
always_written = True

_NOT_XML = lazy_compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("?", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("?", value))


def _subject(f: Finding, lock_path: str) -> str:
    where = f.paths[0] if f.paths else lock_path
    if f.line:
        where += f":{f.line}"
    about = f.model or f.workflow or f.vendor
    return f"{f.rule} {about} ({where})" if about else f"{f.rule} ({where})"


def _case(f: Finding, lock_path: str) -> list[str]:
    head = (
        f"    <testcase classname={_attr(f'llmdeps.{f.rule}')} "
        f'name={_attr(_subject(f, lock_path))} time="0">'
    )
    if f.suppression is not None:
        until = f", until {f.suppression.until}" if f.suppression.until else ""
        reason = f"suppressed: {f.suppression.reason}{until} ({f.suppression.entry})"
        body = f"      <skipped message={_attr(reason)}/>"
    else:
        body = (
            f"      <failure message={_attr(f.message)} type={_attr(f.severity.value)}>"
            f"{_text(message_text(f))}</failure>"
        )
    return [head, body, "    </testcase>"]


def render(findings: Sequence[Finding], ctx: FindingsContext) -> str:
    """The JUnit XML document, ending in a newline."""
    cases: list[str] = []
    for f in findings:
        cases += _case(f, ctx.lock_path)
    found = {str(f.rule) for f in findings}
    passed = [r for r in RULES if str(r.id) not in found]
    for rule in passed:
        cases.append(
            f"    <testcase classname={_attr(f'llmdeps.{rule.id}')} "
            f'name={_attr(str(rule.id))} time="0"/>'
        )
    skipped = sum(f.suppression is not None for f in findings)
    failures = len(findings) - skipped
    counts = (
        f'tests="{len(findings) + len(passed)}" failures="{failures}" errors="0" '
        f'skipped="{skipped}" time="0"'
    )
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="llmdeps" {counts}>',
        f'  <testsuite name="llmdeps check" {counts}>',
        *cases,
        "  </testsuite>",
        "</testsuites>",
    ]
    return "\n".join(lines) + "\n"
