"""Output formats, one module each, and one registry per product that `--format` is built from.

Adding a format is its module plus its line here. The protocols are in `base.py`.
"""

from __future__ import annotations

from collections.abc import Mapping

from llmdeps.formats import (
    check_json,
    check_text,
    diff_json,
    diff_markdown,
    diff_text,
    explain,
    github,
    gitlab,
    junit,
    org_cyclonedx,
    org_html,
    org_json,
    org_text,
    report_cyclonedx,
    report_html,
    report_json,
    report_markdown,
    report_spdx,
    report_text,
    sarif,
    scan_json,
    scan_lock,
)
from llmdeps.formats.base import (
    DiffFormat,
    ExplainFormat,
    FindingsFormat,
    OrgFormat,
    ReportFormat,
    ScanFormat,
    registry,
)

SCAN_FORMATS: Mapping[str, ScanFormat] = registry(scan_lock, scan_json)
CHECK_FORMATS: Mapping[str, FindingsFormat] = registry(
    check_text, check_json, sarif, github, gitlab, junit
)
REPORT_FORMATS: Mapping[str, ReportFormat] = registry(
    report_text, report_markdown, report_json, report_html, report_cyclonedx, report_spdx
)
EXPLAIN_FORMATS: Mapping[str, ExplainFormat] = registry(explain.TABLE, explain.JSON)
DIFF_FORMATS: Mapping[str, DiffFormat] = registry(diff_text, diff_markdown, diff_json)
ORG_FORMATS: Mapping[str, OrgFormat] = registry(
    org_text.TEXT, org_text.MARKDOWN, org_json, org_html, org_cyclonedx, report_spdx.ORG
)

__all__ = [
    "CHECK_FORMATS",
    "DIFF_FORMATS",
    "EXPLAIN_FORMATS",
    "ORG_FORMATS",
    "REPORT_FORMATS",
    "SCAN_FORMATS",
]
