"""The vendor exit simulation through build_report: lost, degraded, unaffected, --without."""

from __future__ import annotations

from dataclasses import replace

import pytest

from llmdeps.analysis.report import build_report
from llmdeps.errors import UsageError
from llmdeps.formats.text import unaffected_line
from llmdeps.lockfile.model import Concentration, LockedFallback
from llmdeps.model import FallbackStyle, RefKind
from tests import factories as f
from tests.factories import GPT, LLAMA, SMALL, FakeCatalog, four_workflows


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


def test_unaffected_workflow_that_loses_its_fallback_is_named() -> None:
    report = build_report(four_workflows(), FakeCatalog(), without="OpenAI", date=None)
    sim = report.exit
    assert sim is not None
    assert sim.fallback_lost == ("triage",)
    assert unaffected_line(sim) == "search, summaries, triage (triage loses its fallback to OpenAI)"
    default = build_report(four_workflows(), FakeCatalog(), without=None, date=None).exit
    assert default is not None and default.fallback_lost == ()
