"""Output formats. Report formats are listed here; `--format` choices come from REPORT_FORMATS."""

from __future__ import annotations

from typing import Protocol

from llmdeps.analysis.report import Report
from llmdeps.formats import report_cyclonedx, report_html, report_json, report_markdown, report_text


class ReportFormat(Protocol):
    """A module with a name and render(report) -> str."""

    name: str

    def render(self, report: Report) -> str:
        """The report as text in this format."""
        ...


REPORT_FORMATS: dict[str, ReportFormat] = {
    m.name: m for m in (report_text, report_markdown, report_json, report_html, report_cyclonedx)
}
