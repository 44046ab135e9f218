"""Output formats, one module each, and one registry per product that `--format` is built from.

Adding a format is its module plus its line here. The protocols are in `base.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from llmdeps.formats.base import (
    DiffFormat,
    ExplainFormat,
    FindingsFormat,
    OrgFormat,
    ReportFormat,
    ScanFormat,
    registry,
)

# Each registry imports its formats when it is first used (PEP 562): `explain` never imports the
# SARIF or CycloneDX modules, nor `scan` the report ones.


def _scan_formats() -> Mapping[str, ScanFormat]:
    from llmdeps.formats import scan_json, scan_lock

    return registry(scan_lock, scan_json)


def _check_formats() -> Mapping[str, FindingsFormat]:
    from llmdeps.formats import check_json, check_text, github, gitlab, junit, sarif

    return registry(check_text, check_json, sarif, github, gitlab, junit)


def _report_formats() -> Mapping[str, ReportFormat]:
    from llmdeps.formats import (
        report_cyclonedx,
        report_html,
        report_json,
        report_markdown,
        report_spdx,
        report_text,
    )

    return registry(
        report_text, report_markdown, report_json, report_html, report_cyclonedx, report_spdx
    )


def _explain_formats() -> Mapping[str, ExplainFormat]:
    from llmdeps.formats import explain

    return registry(explain.TABLE, explain.JSON)


def _diff_formats() -> Mapping[str, DiffFormat]:
    from llmdeps.formats import diff_json, diff_markdown, diff_text

    return registry(diff_text, diff_markdown, diff_json)


def _org_formats() -> Mapping[str, OrgFormat]:
    from llmdeps.formats import org_cyclonedx, org_html, org_json, org_text, report_spdx

    return registry(
        org_text.TEXT, org_text.MARKDOWN, org_json, org_html, org_cyclonedx, report_spdx.ORG
    )


_REGISTRIES: dict[str, Callable[[], Mapping[str, object]]] = {
    "SCAN_FORMATS": _scan_formats,
    "CHECK_FORMATS": _check_formats,
    "REPORT_FORMATS": _report_formats,
    "EXPLAIN_FORMATS": _explain_formats,
    "DIFF_FORMATS": _diff_formats,
    "ORG_FORMATS": _org_formats,
}

if TYPE_CHECKING:
    SCAN_FORMATS: Mapping[str, ScanFormat]
    CHECK_FORMATS: Mapping[str, FindingsFormat]
    REPORT_FORMATS: Mapping[str, ReportFormat]
    EXPLAIN_FORMATS: Mapping[str, ExplainFormat]
    DIFF_FORMATS: Mapping[str, DiffFormat]
    ORG_FORMATS: Mapping[str, OrgFormat]


def __getattr__(name: str) -> Mapping[str, object]:
    build = _REGISTRIES.get(name)
    if build is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = build()
    globals()[name] = value
    return value


__all__ = [
    "CHECK_FORMATS",
    "DIFF_FORMATS",
    "EXPLAIN_FORMATS",
    "ORG_FORMATS",
    "REPORT_FORMATS",
    "SCAN_FORMATS",
]
