"""build_report: models table, summary, alternatives, determinism, what CycloneDX needs."""

from __future__ import annotations

from dataclasses import fields, replace
from uuid import uuid5

from llmdeps.analysis.report import LOCK_NAMESPACE, AlternativesSource, Report, build_report
from llmdeps.catalog import Catalog
from llmdeps.formats.text import alternatives_line
from llmdeps.lockfile import dump
from llmdeps.model import PinStatus
from tests import factories as f
from tests.factories import GPT, LLAMA, QWEN, SMALL, FakeCatalog, four_workflows


def test_alternatives_for_the_top_vendor_models_only() -> None:
    catalog = FakeCatalog()
    report = build_report(four_workflows(), catalog, without=None, date=None)
    assert [(a.model_id, a.name) for a in report.alternatives] == [
        (LLAMA, "llama3.1:8b"),
        (SMALL, "llama3.2:3b"),
    ]
    assert [a.ollama_tag for a in report.alternatives[0].alternatives] == [
        "gemma2:9b",
        "qwen2.5:7b",
        "mistral:7b",
    ]
    assert catalog.calls == [("Meta", "chat", 8.0, 3), ("Meta", "chat", 3.0, 3)]


def test_alternatives_for_without_vendor_and_any_majority_vendor() -> None:
    report = build_report(four_workflows(), FakeCatalog(), without="Alibaba", date=None)
    assert [a.model_id for a in report.alternatives] == [QWEN, LLAMA, SMALL]
    openai = build_report(four_workflows(), FakeCatalog(), without="OpenAI", date=None)
    assert [a.model_id for a in openai.alternatives] == [GPT, LLAMA, SMALL]
    assert all(alt.vendor != a.vendor for a in report.alternatives for alt in a.alternatives)


def test_models_table_and_summary() -> None:
    report = build_report(four_workflows(), FakeCatalog(), without=None, date=None)
    rows = {m.id: m for m in report.models}
    assert list(rows) == sorted(rows)
    assert rows[GPT].open_weights is False and rows[GPT].pin is PinStatus.PINNED
    assert rows[LLAMA].references == 2
    s = report.summary
    assert (s.models, s.workflows, s.references, s.vendors) == (4, 4, 7, 3)
    assert (s.pinned, s.floating, s.open_weights) == (1, 3, 3)
    assert (s.top_vendor, s.hhi) == ("Meta", 4688)


def test_deterministic_and_date_only_when_asked() -> None:
    lock = four_workflows()
    first = build_report(lock, FakeCatalog(), without=None, date=None)
    shuffled = replace(
        lock,
        models=tuple(reversed(lock.models)),
        workflows=tuple(reversed(lock.workflows)),
        references=tuple(reversed(lock.references)),
    )
    assert build_report(shuffled, FakeCatalog(), without=None, date=None) == first
    assert first.date is None
    dated = build_report(lock, FakeCatalog(), without=None, date="2026-12-01")
    assert dated.date == "2026-12-01" and replace(dated, date=None) == first


def test_report_carries_what_cyclonedx_renders_without_the_lock() -> None:
    lock = four_workflows()
    built = f.ref("Dockerfile", QWEN, context="RUN ollama create", workflow="search")
    lock = replace(lock, references=(*lock.references, built))
    shuffled = replace(lock, models=tuple(reversed(lock.models)))
    report = build_report(shuffled, FakeCatalog(), without=None, date=None)
    assert [m.id for m in report.locked_models] == sorted(m.id for m in lock.models)
    assert report.locked_models[0] == lock.model(report.locked_models[0].id)
    assert [w.name for w in report.locked_workflows] == ["reports", "search", "summaries", "triage"]
    assert report.local_builds == (QWEN,)
    same_order = build_report(lock, FakeCatalog(), without=None, date=None)
    assert same_order.lock_uuid == uuid5(LOCK_NAMESPACE, dump(lock))
    assert "lock" not in {x.name for x in fields(Report)}


def test_alternatives_already_in_the_lock_are_marked() -> None:
    report = build_report(four_workflows(), FakeCatalog(), without=None, date=None)
    # qwen2.5:7b is already the search workflow's model.
    assert report.alternatives[0].in_use == ("qwen2.5:7b",)
    assert alternatives_line(report.alternatives[0]) == (
        "llama3.1:8b -> gemma2:9b (Google, Gemma terms), "
        "qwen2.5:7b (Alibaba, Apache-2.0, already used here), mistral:7b (Mistral AI, Apache-2.0)"
    )


def test_the_real_catalog_is_an_alternatives_source() -> None:
    catalog: AlternativesSource = Catalog.load()  # mypy checks the Protocol against the class
    report = build_report(four_workflows(), catalog, without=None, date=None)
    (llama, small) = report.alternatives
    assert llama.alternatives and all(a.vendor != "Meta" for a in llama.alternatives)
    assert len(llama.alternatives) <= 3 and all(a.task == "chat" for a in llama.alternatives)
    assert small.model_id == SMALL
