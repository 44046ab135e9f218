"""`llmdeps report LOCK... --format text|markdown`: the organisation's report for people.

Long inputs stay readable: the vendor chart and the where-used table show the top entries and
one `others` row for the rest (TOP_VENDORS, TOP_MODELS); each repository gets one line of figures
and one line per workflow. Values from the locks are escaped for the terminal (text) or for
Markdown tables (markdown).
"""

from __future__ import annotations

from dataclasses import dataclass

from llmdeps.analysis.exit import ExitStatus
from llmdeps.analysis.org import ModelUse, OrgReport, top_with_others
from llmdeps.formats.text import bar, license_label, percent
from llmdeps.lockfile.model import VendorShare
from llmdeps.model import display_name
from llmdeps.printable import escape_controls

TOP_VENDORS = 8
TOP_MODELS = 15
USED_IN_REPOSITORIES = 10
"""A model's `used in` names this many repositories, then says how many more (json has all)."""
EXIT_LINES = 40
"""The exit lists this many workflows hit, then says how many more in how many repositories."""
TITLE = "LLM dependency report: organisation"


def meta_line(report: OrgReport) -> str:
    """`llmdeps 0.1.0, 3 repositories` and the date when asked for."""
    s = report.summary
    line = f"llmdeps {report.tool_version}, {_plural(s.repositories, 'repository')}"
    return f"{line}, {report.date}" if report.date else line


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def summary_rows(report: OrgReport) -> tuple[tuple[str, str], ...]:
    """The organisation's headline figures as (label, text), unescaped."""
    s = report.summary
    top = f"{s.top_vendor} ({percent(s.top_share)} of workflows)" if s.top_vendor else "none"
    return (
        ("repositories", str(s.repositories)),
        ("workflows", str(s.workflows)),
        ("models", f"{s.models} distinct"),
        ("references", str(s.references)),
        ("lineage vendors", str(s.vendors)),
        ("top vendor", top),
        ("HHI", f"{s.hhi} of 10000"),
        ("portability", percent(s.portability)),
    )


def count_label(count: float, report: OrgReport) -> str:
    """`12 workflows` or `weight 6.5 of 40` when some workflow carries a criticality weight."""
    s = report.summary
    if s.weighted:
        return f"weight {round(count, 2):g} of {round(s.workflow_weight, 2):g}"
    n = round(count, 2)
    return f"{n:g} workflow" + ("" if n == 1 else "s")


def chart_shares(report: OrgReport) -> tuple[VendorShare, ...]:
    """The vendor shares the charts show: the top ones and an `others` share for the rest."""
    top, others = top_with_others(report.vendor_shares, TOP_VENDORS)
    return (*top, others) if others else top


@dataclass(frozen=True, slots=True)
class ModelsShown:
    """The where-used rows shown and what the `others` row sums."""

    rows: tuple[ModelUse, ...]
    others: int
    """Models not shown."""
    others_repositories: int
    """Distinct repositories those models are used in."""


def models_shown(report: OrgReport) -> ModelsShown:
    """The top TOP_MODELS models by spread, and what the rest add up to."""
    rows = report.models[:TOP_MODELS]
    rest = report.models[TOP_MODELS:]
    repos = {name for m in rest for name, _ in m.used_in}
    return ModelsShown(rows, len(rest), len(repos))


def used_in_text(use: ModelUse) -> str:
    """`demo (chat, triage), demo-b (chat)`, and `and 12 more repositories` past the limit."""
    parts = []
    for repo, workflows in use.used_in[:USED_IN_REPOSITORIES]:
        parts.append(f"{repo} ({', '.join(workflows)})" if workflows else repo)
    rest = len(use.used_in) - USED_IN_REPOSITORIES
    if rest > 0:
        parts.append(f"and {_plural(rest, 'more repository')}")
    return ", ".join(parts)


def exit_lines(report: OrgReport) -> tuple[str, list[str]]:
    """The exit simulation's heading sentence and one line per workflow hit."""
    ex = report.exit
    if ex is None:
        return "No models: nothing to simulate.", []
    how = "requested" if ex.requested else "the organisation's top vendor"
    counts = ", ".join(
        f"{n} {status.value}" for status, n in ex.statuses.items() if n or status in _ALWAYS
    )
    head = (
        f"If {ex.vendor} stops serving and releasing models ({how}): "
        f"{_plural(len(ex.repositories), 'repository')} reached; workflows: {counts}."
    )
    # Repository by repository; in each, the worst status first.
    hits = [
        (h.repository, f"{h.repository}: {h.exit.status.value}: {h.exit.sentence}") for h in ex.hits
    ]
    lines = [line for _, line in hits[:EXIT_LINES]]
    rest = hits[EXIT_LINES:]
    if rest:
        repos = len({repo for repo, _ in rest})
        lines.append(
            f"and {_plural(len(rest), 'more workflow')} in "
            f"{_plural(repos, 'repository')} (--format json lists every one)"
        )
    return head, lines


_ALWAYS = (ExitStatus.LOST, ExitStatus.UNAFFECTED)
"""Counted in the heading even when none: the two ends of the scale."""


class _Text:
    name = "text"

    def render(self, report: OrgReport) -> str:
        """The org report as plain text."""
        e = escape_controls
        out = [TITLE, e(meta_line(report)), "", "Summary"]
        rows = summary_rows(report)
        width = max(len(k) for k, _ in rows)
        out += [f"  {k.ljust(width)}  {e(v)}" for k, v in rows]
        out += ["", "Vendor share of workflows (all repositories)"]
        shares = chart_shares(report)
        if shares:
            label = max(len(s.vendor) for s in shares)
            for s in shares:
                out.append(
                    f"  {e(s.vendor).ljust(label)}  {bar(s.share, 30).ljust(30)}  "
                    f"{percent(s.share)} ({count_label(s.count, report)})"
                )
        else:
            out.append("  No workflows.")
        out += ["", "Vendor exit"]
        head, lines = exit_lines(report)
        out.append(f"  {e(head)}")
        out += [f"  - {e(line)}" for line in lines]
        out += ["", "Repositories"]
        for r in report.repositories:
            top = f"top {r.top_vendor} {percent(r.top_share)}" if r.top_vendor else "no vendor"
            out.append(
                f"  {e(r.name)}: {_plural(len(r.workflows), 'workflow')}, "
                f"{_plural(r.models, 'model')}, {top}, HHI {r.hhi}, "
                f"portability {percent(r.portability)}"
            )
            for w in r.workflows:
                vendors = ", ".join(w.vendors) or "unknown"
                out.append(f"    {e(w.name)}: {e(vendors)}")
        out += ["", "Models and where they are used"]
        shown = models_shown(report)
        for m in shown.rows:
            out.append(
                f"  {e(display_name(m.id))} ({e(m.lineage_vendor)}, "
                f"{e(license_label(m.license))}): {e(used_in_text(m))}"
            )
        if shown.others:
            out.append(
                f"  {_plural(shown.others, 'other model')} in "
                f"{_plural(shown.others_repositories, 'repository')}"
            )
        if not report.models:
            out.append("  No models.")
        out += ["", "Audited"]
        out += [f"  {e(r.audited.line())}" for r in report.repositories]
        return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """A value safe inside a Markdown table cell."""
    cleaned = escape_controls(text).replace("|", "\\|").replace("\n", " ")
    for ch in "*_`[]<>":
        cleaned = cleaned.replace(ch, "\\" + ch)
    return cleaned


class _Markdown:
    name = "markdown"

    def render(self, report: OrgReport) -> str:
        """The org report as GitHub-flavoured Markdown."""
        out = [f"# {TITLE}", "", _md(meta_line(report)), "", "## Summary", ""]
        out += ["| figure | value |", "| --- | --- |"]
        out += [f"| {k} | {_md(v)} |" for k, v in summary_rows(report)]
        out += ["", "## Vendor share of workflows", ""]
        out += ["| vendor | share | workflows |", "| --- | ---: | ---: |"]
        for s in chart_shares(report):
            out.append(
                f"| {_md(s.vendor)} | {percent(s.share)} | {_md(count_label(s.count, report))} |"
            )
        head, lines = exit_lines(report)
        out += ["", "## Vendor exit", "", _md(head), ""]
        out += [f"- {_md(line)}" for line in lines]
        out += ["", "## Repositories", ""]
        out += [
            "| repository | workflows | vendors | top vendor | HHI | portability |",
            "| --- | --- | --- | --- | ---: | ---: |",
        ]
        for r in report.repositories:
            wfs = "<br>".join(
                f"{_md(w.name)}: {_md(', '.join(w.vendors) or 'unknown')}" for w in r.workflows
            )
            top = f"{_md(r.top_vendor)} {percent(r.top_share)}" if r.top_vendor else "none"
            out.append(
                f"| {_md(r.name)} | {wfs or 'none'} | {_md(', '.join(r.vendors)) or 'none'} | "
                f"{top} | {r.hhi} | {percent(r.portability)} |"
            )
        out += ["", "## Models and where they are used", ""]
        out += ["| model | lineage vendor | licence | used in |", "| --- | --- | --- | --- |"]
        shown = models_shown(report)
        for m in shown.rows:
            out.append(
                f"| `{escape_controls(display_name(m.id)).replace('`', '')}` | "
                f"{_md(m.lineage_vendor)} | {_md(license_label(m.license))} | "
                f"{_md(used_in_text(m))} |"
            )
        if shown.others:
            out.append(
                f"| {_plural(shown.others, 'other model')} | | | "
                f"{_plural(shown.others_repositories, 'repository')} |"
            )
        out += ["", "## Audited", ""]
        out += [f"- {_md(r.audited.line())}" for r in report.repositories]
        return "\n".join(out) + "\n"


TEXT = _Text()
MARKDOWN = _Markdown()
