"""build_report: exit simulation, risks, alternatives, determinism, --without errors."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from uuid import uuid5

import pytest

from llmdeps.analysis.matrix import Cell
from llmdeps.analysis.report import LOCK_NAMESPACE, AlternativesSource, Report, build_report
from llmdeps.analysis.risks import RiskLevel
from llmdeps.catalog import Catalog
from llmdeps.errors import UsageError
from llmdeps.formats.text import alternatives_line, unaffected_line
from llmdeps.lockfile import dump
from llmdeps.lockfile.model import Concentration, Lock, LockedFallback, VendorShare
from llmdeps.model import Alternative, FallbackStyle, PinStatus, RefKind, Runtime
from tests import factories as f

LLAMA = "ollama/llama3.1:8b"
SMALL = "ollama/llama3.2:3b"
GPT = "openai/gpt-4o-2024-08-06"
QWEN = "ollama/qwen2.5:7b"


@dataclass
class FakeCatalog:
    """Answers alternatives() from a fixed table and records what it was asked."""

    calls: list[tuple[str, str, float | None, int]] = field(default_factory=list)

    def alternatives(
        self, *, exclude_vendor: str, task: str, parameters_b: float | None, limit: int = 3
    ) -> tuple[Alternative, ...]:
        self.calls.append((exclude_vendor, task, parameters_b, limit))
        table = (
            Alternative("gemma2:9b", "Google", "gemma", "gemma2", "chat", 9.0),
            Alternative("qwen2.5:7b", "Alibaba", "apache-2.0", "qwen2.5", "chat", 7.0),
            Alternative("mistral:7b", "Mistral AI", "apache-2.0", "mistral", "chat", 7.0),
            Alternative("llama3.1:8b", "Meta", "llama3.1", "llama3.1", "chat", 8.0),
        )
        return tuple(a for a in table if a.vendor != exclude_vendor and a.task == task)[:limit]


def four_workflows() -> Lock:
    """summaries: Meta only (lost without Meta); triage (critical): a LiteLLM group on Llama with a
    fallback group on GPT-4o (degraded); search (high): Qwen only (unaffected); reports: Llama and
    GPT-4o side by side, no fallback (lost, GPT-4o remains)."""
    models = (
        f.model(LLAMA, workflows=("reports", "summaries")),
        f.model(SMALL, version="3b", family="llama3.2", parameters_b=3.0, workflows=("triage",)),
        f.model(
            GPT,
            runtime=Runtime.OPENAI,
            version="2024-08-06",
            pin=PinStatus.PINNED,
            vendor="OpenAI",
            lineage_vendor="OpenAI",
            family="gpt-4o",
            license="proprietary",
            open_weights=False,
            parameters_b=None,
            workflows=("reports", "triage"),
        ),
        f.model(
            QWEN,
            version="7b",
            vendor="Alibaba",
            lineage_vendor="Alibaba",
            family="qwen2.5",
            license="apache-2.0",
            parameters_b=7.0,
            workflows=("search",),
        ),
    )
    refs = (
        f.ref("service/summaries.py", LLAMA, workflow="summaries"),
        f.ref(
            "service/triage.py",
            SMALL,
            model="triage",
            group="triage",
            runtime=Runtime.LITELLM,
            workflow="triage",
        ),
        f.ref(
            "litellm/config.yaml",
            SMALL,
            context="model_list[0].litellm_params.model",
            model="ollama/llama3.2:3b",
            group="triage",
            kind=RefKind.CONFIG,
            workflow="triage",
        ),
        f.ref(
            "litellm/config.yaml",
            GPT,
            context="model_list[1].litellm_params.model",
            model="gpt-4o-2024-08-06",
            group="triage-backup",
            kind=RefKind.CONFIG,
            runtime=Runtime.OPENAI,
            workflow="triage",
        ),
        f.ref("service/search.py", QWEN, workflow="search"),
        f.ref("service/reports.py", LLAMA, workflow="reports"),
        f.ref("service/reports.py", GPT, context="reports.classify:create", workflow="reports"),
    )
    workflows = (
        f.workflow("summaries", models=(LLAMA,), vendors=("Meta",)),
        f.workflow(
            "triage",
            models=(SMALL, GPT),
            vendors=("Meta", "OpenAI"),
            configurable=True,
            has_fallback=True,
            cross_vendor_fallback=True,
            fallback_vendors=("OpenAI",),
            criticality="critical",
        ),
        f.workflow("search", models=(QWEN,), vendors=("Alibaba",), criticality="high"),
        f.workflow("reports", models=(LLAMA, GPT), vendors=("Meta", "OpenAI")),
    )
    fallbacks = (
        LockedFallback(
            "litellm/config.yaml",
            "router_settings.fallbacks[0]",
            "triage",
            ("triage-backup",),
            FallbackStyle.LITELLM_CONFIG,
            "triage",
        ),
    )
    return f.lock(
        models=models,
        references=refs,
        workflows=workflows,
        fallbacks=fallbacks,
        concentration=Concentration(
            by_workflows=(
                VendorShare("Alibaba", 0.25, 1.0),
                VendorShare("Meta", 0.625, 2.5),
                VendorShare("OpenAI", 0.125, 0.5),
            ),
            by_references=(
                VendorShare("Meta", 4 / 7, 4.0),
                VendorShare("OpenAI", 2 / 7, 2.0),
                VendorShare("Alibaba", 1 / 7, 1.0),
            ),
            top_vendor="Meta",
            top_share=0.625,
            hhi=4688,
            portability=0.25,
        ),
    )


def test_exit_simulation_of_the_top_vendor_by_default() -> None:
    report = build_report(four_workflows(), FakeCatalog(), without=None, date=None)
    sim = report.exit
    assert sim is not None
    assert sim.vendor == "Meta" and not sim.requested
    assert sim.models == (LLAMA, SMALL)
    assert [(i.workflow, i.lost_models, i.remaining) for i in sim.lost] == [
        ("reports", (LLAMA,), (GPT,)),
        ("summaries", (LLAMA,), ()),
    ]
    assert [(i.workflow, i.lost_models, i.fallback) for i in sim.degraded] == [
        ("triage", (SMALL,), (GPT,))
    ]
    assert sim.degraded[0].criticality == "critical"
    assert sim.unaffected == ("search",)


def test_exit_simulation_without_a_fallback_only_vendor_breaks_nothing_it_backs() -> None:
    sim = build_report(four_workflows(), FakeCatalog(), without="openai", date=None).exit
    assert sim is not None
    assert sim.vendor == "OpenAI" and sim.requested
    # triage only falls back to GPT-4o: it keeps running on Llama.
    assert [(i.workflow, i.lost_models, i.remaining) for i in sim.lost] == [
        ("reports", (GPT,), (LLAMA,))
    ]
    assert sim.degraded == ()
    assert sim.unaffected == ("search", "summaries", "triage")


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
    assert [(i.workflow, i.fallback) for i in report.exit.degraded] == [("app", (QWEN,))]
    (row,) = report.workflows
    assert row.models == (LLAMA,) and row.fallback_models == (QWEN,)
    assert row.vendors == ("Meta",) and row.fallback_vendors == ("Alibaba",)
    assert row.cross_vendor_fallback
    without_alibaba = build_report(lock, FakeCatalog(), without="alibaba", date=None).exit
    assert without_alibaba is not None and without_alibaba.unaffected == ("app",)


def test_fallback_to_the_same_vendor_is_still_lost() -> None:
    lock = f.lock(
        models=(f.model(LLAMA), f.model(SMALL, parameters_b=3.0)),
        references=(f.ref(model_id=LLAMA), f.ref(model_id=SMALL, kind=RefKind.FALLBACK)),
        workflows=(f.workflow(models=(LLAMA, SMALL), has_fallback=True),),
        fallbacks=(
            LockedFallback(
                "app/llm.py", "x", "llama3.1:8b", ("llama3.2:3b",), FallbackStyle.LANGCHAIN, "app"
            ),
        ),
    )
    sim = build_report(lock, FakeCatalog(), without=None, date=None).exit
    assert sim is not None
    assert [i.workflow for i in sim.lost] == ["app"] and sim.degraded == ()


def test_unknown_without_vendor_lists_the_lock_vendors() -> None:
    with pytest.raises(UsageError) as info:
        build_report(four_workflows(), FakeCatalog(), without="Anthropic", date=None)
    message = str(info.value)
    assert "'Anthropic'" in message
    assert "Alibaba, Meta, OpenAI" in message


def test_without_on_an_empty_lock_is_a_usage_error() -> None:
    empty = f.lock(models=(), workflows=(), references=(), fallbacks=())
    empty = replace(empty, concentration=Concentration((), (), None, 0.0, 0, 0.0))
    with pytest.raises(UsageError, match="no models"):
        build_report(empty, FakeCatalog(), without="Meta", date=None)
    report = build_report(empty, FakeCatalog(), without=None, date=None)
    assert report.exit is None and report.risks == () and report.alternatives == ()


def test_risks_are_ranked_plain_sentences() -> None:
    risks = build_report(four_workflows(), FakeCatalog(), without=None, date=None).risks
    assert [(r.severity, r.sentence) for r in risks] == [
        (RiskLevel.HIGH, "HHI 4688: highly concentrated (above 2500)."),
        (
            RiskLevel.MEDIUM,
            "3 models float: a vendor can change what they run without a code change.",
        ),
        (
            RiskLevel.MEDIUM,
            "1 of 4 workflows depends only on Meta models; 1 more uses Meta next to other "
            "vendors with no fallback; 1 falls back to another vendor.",
        ),
        (RiskLevel.MEDIUM, "Without Meta, 2 workflows stop working: reports, summaries."),
        (RiskLevel.MEDIUM, "search (high) has no fallback to another vendor."),
        (
            RiskLevel.LOW,
            "3 of 4 workflows hard-code their model: switching vendor needs a code change.",
        ),
    ]


def test_risk_sentences_for_a_meta_heavy_lock() -> None:
    names = [f"w{i}" for i in range(6)]
    workflows = tuple(
        f.workflow(
            n,
            criticality="critical" if n == "w0" else None,
            configurable=True,
            **(
                dict(cross_vendor_fallback=True, has_fallback=True, fallback_vendors=("OpenAI",))
                if n == "w5"
                else {}
            ),
        )
        for n in names
    )
    lock = f.lock(
        models=(
            f.model(LLAMA, workflows=tuple(names)),
            f.model(
                "ollama/mystery:latest",
                vendor="unknown",
                lineage_vendor="unknown",
                known=False,
                pin=PinStatus.UNKNOWN,
                workflows=(),
            ),
        ),
        workflows=workflows,
        references=tuple(f.ref(f"{n}/llm.py", workflow=n) for n in names),
        fallbacks=(),
        unreferenced_installs=(f.install(name="phi3:mini"), f.install(name="gemma2:2b")),
        concentration=Concentration(
            (VendorShare("Meta", 1.0, 6.0),), (), "Meta", 1.0, 10000, 1 / 6
        ),
    )
    risks = build_report(lock, FakeCatalog(), without=None, date=None).risks
    sentences = [r.sentence for r in risks]
    assert sentences[:4] == [
        "5 of 6 workflows depend only on Meta models; 1 falls back to another vendor.",
        "Without Meta, 5 workflows stop working: w0, w1, w2, w3 and 1 more.",
        "HHI 10000: highly concentrated (above 2500).",
        "w0 (critical) has no fallback to another vendor.",
    ]
    assert [r.severity for r in risks[:4]] == [RiskLevel.HIGH] * 4
    assert "1 model floats: a vendor can change what it runs without a code change." in sentences
    assert any(s.startswith("1 model of unknown lineage: ollama/mystery:latest") for s in sentences)
    assert not any("unknown party" in s for s in sentences)
    assert any(s.startswith("1 model cannot be pinned") for s in sentences)
    assert (
        "2 installed Ollama models no code references: gemma2:2b, phi3:mini "
        "(unused disk, or a dependency the scan cannot see)." in sentences
    )
    assert not any("hard-code" in s for s in sentences)
    assert risks[-1].severity is RiskLevel.NOTE


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


def test_load_balanced_group_degrades_to_its_other_deployment() -> None:
    # A call names LiteLLM group "chat" served by Llama and GPT-4o: without Meta, GPT-4o serves.
    lock = f.lock(
        models=(f.model(LLAMA), f.model(GPT, vendor="OpenAI", lineage_vendor="OpenAI")),
        references=(
            f.ref(model_id=LLAMA, model="chat", group="chat"),
            f.ref(model_id=GPT, model="chat", group="chat"),
        ),
        workflows=(f.workflow(models=(LLAMA, GPT), vendors=("Meta", "OpenAI")),),
        fallbacks=(),
    )
    sim = build_report(lock, FakeCatalog(), without="Meta", date=None).exit
    assert sim is not None and sim.lost == ()
    assert [(i.workflow, i.fallback) for i in sim.degraded] == [("app", (GPT,))]


def test_fallback_to_an_unknown_model_is_no_proof_of_another_vendor() -> None:
    mystery = "ollama/mystery:latest"
    lock = f.lock(
        models=(f.model(LLAMA), f.model(mystery, vendor="unknown", lineage_vendor="unknown")),
        references=(f.ref(model_id=LLAMA), f.ref(model_id=mystery, kind=RefKind.FALLBACK)),
        workflows=(f.workflow(models=(LLAMA, mystery), vendors=("Meta", "unknown")),),
        fallbacks=(
            LockedFallback(
                "app/llm.py", "x", "llama3.1:8b", ("mystery",), FallbackStyle.LANGCHAIN, "app"
            ),
        ),
    )
    report = build_report(lock, FakeCatalog(), without=None, date=None)
    assert report.exit is not None and [i.workflow for i in report.exit.lost] == ["app"]
    assert not report.workflows[0].cross_vendor_fallback


def test_default_fallbacks_cover_litellm_groups_only() -> None:
    # default_fallbacks (`*`) apply to the proxy's groups, not to a direct Ollama call elsewhere.
    lock = f.lock(
        models=(
            f.model(LLAMA, workflows=("app", "proxy")),
            f.model(SMALL, workflows=("direct",)),
            f.model(GPT, vendor="OpenAI", lineage_vendor="OpenAI", workflows=("proxy",)),
        ),
        references=(
            f.ref(
                "proxy/config.yaml",
                LLAMA,
                model="llama3.1:8b",
                group="chat",
                kind=RefKind.CONFIG,
                workflow="proxy",
            ),
            f.ref(
                "proxy/config.yaml",
                GPT,
                context="model_list[1]",
                model="gpt-4o-2024-08-06",
                group="backup",
                kind=RefKind.CONFIG,
                workflow="proxy",
            ),
            f.ref("direct/run.py", SMALL, workflow="direct"),
        ),
        workflows=(
            f.workflow("direct", models=(SMALL,)),
            f.workflow("proxy", models=(LLAMA, GPT), vendors=("Meta", "OpenAI"), configurable=True),
        ),
        fallbacks=(
            LockedFallback(
                "proxy/config.yaml",
                "litellm_settings.default_fallbacks",
                "*",
                ("backup",),
                FallbackStyle.DEFAULT,
                "proxy",
            ),
        ),
    )
    sim = build_report(lock, FakeCatalog(), without="Meta", date=None).exit
    assert sim is not None
    assert [i.workflow for i in sim.lost] == ["direct"]
    assert [(i.workflow, i.fallback) for i in sim.degraded] == [("proxy", (GPT,))]


def test_proxy_fallback_does_not_cover_direct_calls_to_the_same_model() -> None:
    # The demo's shape: case-triage reaches llama3.1:8b through LiteLLM group "triage" (falling
    # back to Claude); partner-translation calls llama3.1:8b on Ollama directly.
    claude = "anthropic/claude-3-5-haiku-20241022"
    lock = f.lock(
        models=(
            f.model(LLAMA, workflows=("case-triage", "partner-translation")),
            f.model(
                claude, vendor="Anthropic", lineage_vendor="Anthropic", workflows=("case-triage",)
            ),
        ),
        references=(
            f.ref(
                "service/triage.py", LLAMA, model="triage", group="triage", workflow="case-triage"
            ),
            f.ref(
                "litellm/config.yaml",
                LLAMA,
                context="model_list[0].litellm_params.model",
                model="ollama/llama3.1:8b",
                group="triage",
                kind=RefKind.CONFIG,
                workflow="case-triage",
            ),
            f.ref(
                "litellm/config.yaml",
                claude,
                context="model_list[1].litellm_params.model",
                model="anthropic/claude-3-5-haiku-20241022",
                group="triage-backup",
                kind=RefKind.CONFIG,
                workflow="case-triage",
            ),
            f.ref(
                "frontend/src/translate.ts",
                LLAMA,
                model="llama3.1:8b",
                workflow="partner-translation",
            ),
        ),
        workflows=(
            f.workflow(
                "case-triage",
                models=(claude, LLAMA),
                vendors=("Anthropic", "Meta"),
                cross_vendor_fallback=True,
                has_fallback=True,
                fallback_vendors=("Anthropic",),
                criticality="critical",
            ),
            f.workflow("partner-translation", models=(LLAMA,)),
        ),
        fallbacks=(
            LockedFallback(
                "litellm/config.yaml",
                "router_settings.fallbacks[0]",
                "triage",
                ("triage-backup",),
                FallbackStyle.LITELLM_CONFIG,
                "case-triage",
            ),
        ),
    )
    report = build_report(lock, FakeCatalog(), without=None, date=None)
    assert report.exit is not None
    assert [i.workflow for i in report.exit.lost] == ["partner-translation"]
    assert [(i.workflow, i.fallback) for i in report.exit.degraded] == [("case-triage", (claude,))]
    rows = {r.name: r for r in report.workflows}
    assert rows["case-triage"].models == (LLAMA,) and rows["case-triage"].fallback_models == (
        claude,
    )
    assert rows["partner-translation"].fallback_models == ()
    assert not rows["partner-translation"].cross_vendor_fallback
    assert "1 of 2 workflows depends only on Meta models; 1 falls back to another vendor." in [
        r.sentence for r in report.risks
    ]


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


def test_unaffected_workflow_that_loses_its_fallback_is_named() -> None:
    report = build_report(four_workflows(), FakeCatalog(), without="OpenAI", date=None)
    sim = report.exit
    assert sim is not None
    assert sim.fallback_lost == ("triage",)
    assert unaffected_line(sim) == "search, summaries, triage (triage loses its fallback to OpenAI)"
    default = build_report(four_workflows(), FakeCatalog(), without=None, date=None).exit
    assert default is not None and default.fallback_lost == ()


def test_a_local_build_on_a_known_base_counts_for_the_base_vendor() -> None:
    """grant-writer FROM llama3.1: the maker is unknown, the lineage is Meta; shares are Meta's."""
    lock = f.lock(
        models=(f.model("ollama/grant-writer:latest", vendor="unknown", lineage_vendor="Meta"),)
    )
    sentences = [r.sentence for r in build_report(lock, FakeCatalog(), without=None, date=None).risks]
    assert not any("unknown lineage" in s for s in sentences)
    assert (
        "1 model built by an unknown party on a known base: ollama/grant-writer:latest; "
        "they count for their base model's vendor." in sentences
    )
