"""The workflow x vendor matrix through build_report: primary and fallback models, cells."""

from __future__ import annotations

from llmdeps.analysis.matrix import Cell
from llmdeps.analysis.report import build_report
from llmdeps.lockfile.model import LockedFallback
from llmdeps.model import FallbackStyle, RefKind
from tests import factories as f
from tests.factories import LLAMA, QWEN, FakeCatalog, four_workflows


def test_langchain_fallback_target_is_not_a_primary_model() -> None:
    lock = f.lock(
        models=(
            f.model(LLAMA, workflows=("app",)),
            f.model(QWEN, vendor="Alibaba", lineage_vendor="Alibaba", workflows=("app",)),
        ),
        references=(
            f.ref(model_id=LLAMA),
            f.ref(model_id=QWEN, kind=RefKind.FALLBACK, context="app.llm.summarize:with_fallbacks"),
        ),
        workflows=(
            f.workflow(models=(LLAMA, QWEN), vendors=("Alibaba", "Meta"), has_fallback=True),
        ),
        fallbacks=(
            LockedFallback(
                "app/llm.py",
                "app.llm.summarize:with_fallbacks",
                "llama3.1:8b",
                ("qwen2.5:7b",),
                FallbackStyle.LANGCHAIN,
                "app",
            ),
        ),
    )
    report = build_report(lock, FakeCatalog(), without="Meta", date=None)
    assert report.exit is not None
    # Llama is open weights: the workflow keeps running on it (frozen), its fallback stays.
    assert [(i.workflow, i.status.value) for i in report.exit.workflows] == [("app", "frozen")]
    (row,) = report.workflows
    assert row.models == (LLAMA,) and row.fallback_models == (QWEN,)
    assert row.vendors == ("Meta",) and row.fallback_vendors == ("Alibaba",)
    assert row.cross_vendor_fallback
    without_alibaba = build_report(lock, FakeCatalog(), without="alibaba", date=None).exit
    assert without_alibaba is not None
    assert [(i.workflow, i.status.value, i.lost_fallbacks) for i in without_alibaba.workflows] == [
        ("app", "unaffected", (QWEN,))
    ]


def test_matrix_marks_primary_and_fallback_vendors() -> None:
    report = build_report(four_workflows(), FakeCatalog(), without=None, date=None)
    assert report.matrix_vendors == ("Meta", "Alibaba", "OpenAI")
    cells = {r.name: r.cells for r in report.workflows}
    assert cells == {
        "reports": (Cell.PRIMARY, Cell.NONE, Cell.PRIMARY),
        "search": (Cell.NONE, Cell.PRIMARY, Cell.NONE),
        "summaries": (Cell.PRIMARY, Cell.NONE, Cell.NONE),
        "triage": (Cell.PRIMARY, Cell.NONE, Cell.FALLBACK),
    }
    assert [s.vendor for s in report.vendor_shares] == ["Meta", "Alibaba", "OpenAI"]
