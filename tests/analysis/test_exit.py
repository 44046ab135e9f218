"""The vendor exit simulation through build_report: each status, --without, the sentences."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.analysis.exit import ExitSimulation, ExitStatus, WorkflowExit
from llmdeps.analysis.report import build_report
from llmdeps.formats.text import exit_headline
from llmdeps.lockfile.model import Concentration, Lock, LockedFallback, WorkflowModel
from llmdeps.model import FallbackStyle, ModelUse, PinStatus, RefKind, Runtime
from tests import factories as f
from tests.factories import GPT, LLAMA, SMALL, FakeCatalog, four_workflows


def closed(lock: Lock, vendor: str = "Meta") -> Lock:
    """The lock with the vendor's models hosted-only (as if Meta served Llama behind an API)."""
    models = tuple(
        replace(m, open_weights=False) if m.lineage_vendor == vendor else m for m in lock.models
    )
    return replace(lock, models=models)


def statuses(sim: ExitSimulation | None) -> dict[str, str]:
    assert sim is not None
    return {w.workflow: w.status.value for w in sim.workflows}


def by_name(sim: ExitSimulation | None, name: str) -> WorkflowExit:
    assert sim is not None
    return next(w for w in sim.workflows if w.workflow == name)


def test_open_weights_are_frozen_not_lost() -> None:
    report = build_report(four_workflows(), FakeCatalog(), without=None, date=None)
    sim = report.exit
    assert sim is not None and sim.vendor == "Meta" and not sim.requested
    assert sim.models == (LLAMA, SMALL)
    # Llama is open weights: it keeps running with no successor; nothing stops.
    assert statuses(sim) == {
        "reports": "frozen",
        "search": "unaffected",
        "summaries": "frozen",
        "triage": "frozen",
    }
    summaries = by_name(sim, "summaries")
    assert summaries.frozen == (LLAMA,) and summaries.withdrawn == ()
    assert "no new releases from Meta" in summaries.sentence
    assert sim.stopped == ()
    assert not any(r.code == "exit-loss" for r in report.risks)
    assert any(r.code == "exit-frozen" for r in report.risks)


def test_hosted_only_models_are_withdrawn() -> None:
    sim = build_report(closed(four_workflows()), FakeCatalog(), without=None, date=None).exit
    assert statuses(sim) == {
        "reports": "api-withdrawn",
        "search": "unaffected",
        "summaries": "lost",
        "triage": "degraded",
    }
    reports = by_name(sim, "reports")
    assert reports.withdrawn == (LLAMA,) and reports.remaining == (GPT,)
    assert reports.sentence == (
        "reports partly stops: Meta withdraws llama3.1:8b, which it calls with no fallback to "
        "another vendor; gpt-4o-2024-08-06 keeps working."
    )
    triage = by_name(sim, "triage")
    assert triage.fallback == (GPT,) and triage.criticality == "critical"
    assert triage.sentence.startswith("triage (critical) keeps working: when Meta withdraws")
    assert by_name(sim, "summaries").sentence == (
        "summaries stops working: Meta withdraws llama3.1:8b, which it calls, and it has no "
        "fallback to another vendor."
    )


def test_exit_of_a_fallback_only_vendor_breaks_nothing_it_backs() -> None:
    sim = build_report(four_workflows(), FakeCatalog(), without="openai", date=None).exit
    assert sim is not None and sim.vendor == "OpenAI" and sim.requested
    # triage only falls back to GPT-4o: it keeps running on Llama, with less cover.
    assert statuses(sim) == {
        "reports": "api-withdrawn",
        "search": "unaffected",
        "summaries": "unaffected",
        "triage": "unaffected",
    }
    assert by_name(sim, "reports").remaining == (LLAMA,)
    assert by_name(sim, "triage").lost_fallbacks == (GPT,)
    assert "loses its fallback gpt-4o-2024-08-06" in by_name(sim, "triage").sentence


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
    assert statuses(build_report(closed(lock), FakeCatalog(), without=None, date=None).exit) == {
        "app": "lost"
    }


def test_a_vendor_with_no_workflow_is_an_answer_not_an_error() -> None:
    sim = build_report(four_workflows(), FakeCatalog(), without="Anthropic", date=None).exit
    assert sim is not None and sim.vendor == "Anthropic" and sim.models == ()
    assert set(statuses(sim).values()) == {"unaffected"}
    assert exit_headline(sim) == (
        "No workflow calls or offers any Anthropic model: nothing changes without Anthropic."
    )


def test_without_on_an_empty_lock_says_nothing_depends_on_it() -> None:
    empty = f.lock(models=(), workflows=(), references=(), fallbacks=())
    empty = replace(empty, concentration=Concentration((), (), None, 0.0, 0, 0.0))
    sim = build_report(empty, FakeCatalog(), without="Meta", date=None).exit
    assert sim is not None and sim.workflows == ()
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
    sim = build_report(closed(lock), FakeCatalog(), without="Meta", date=None).exit
    assert statuses(sim) == {"app": "degraded"}
    assert by_name(sim, "app").fallback == (GPT,)


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
    report = build_report(closed(lock), FakeCatalog(), without=None, date=None)
    assert statuses(report.exit) == {"app": "lost"}
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
    sim = build_report(closed(lock), FakeCatalog(), without="Meta", date=None).exit
    assert statuses(sim) == {"direct": "lost", "proxy": "degraded"}
    assert by_name(sim, "proxy").fallback == (GPT,)


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
    report = build_report(closed(lock), FakeCatalog(), without=None, date=None)
    assert statuses(report.exit) == {"case-triage": "degraded", "partner-translation": "lost"}
    assert by_name(report.exit, "case-triage").fallback == (claude,)
    rows = {r.name: r for r in report.workflows}
    assert rows["case-triage"].models == (LLAMA,) and rows["case-triage"].fallback_models == (
        claude,
    )
    assert rows["partner-translation"].fallback_models == ()
    assert not rows["partner-translation"].cross_vendor_fallback
    assert "1 of 2 workflows depends only on Meta models; 1 falls back to another vendor." in [
        r.sentence for r in report.risks
    ]


def test_open_weights_on_the_vendors_own_api_stop_with_it() -> None:
    """Mistral Small called on Mistral's API: without Mistral AI the API goes, though the weights
    are open (the sentence says they could be run elsewhere); on Ollama they would be frozen."""
    api = "mistral/mistral-small-2503"
    lock = f.lock(
        models=(
            f.model(
                api,
                runtime=Runtime.MISTRAL,
                vendor="Mistral AI",
                lineage_vendor="Mistral AI",
                license="apache-2.0",
                workflows=("app",),
            ),
            f.model(
                "ollama/mistral:7b",
                vendor="Mistral AI",
                lineage_vendor="Mistral AI",
                license="apache-2.0",
                workflows=("local",),
            ),
        ),
        references=(
            f.ref(model_id=api, runtime=Runtime.MISTRAL),
            f.ref("local/run.py", "ollama/mistral:7b", workflow="local"),
        ),
        workflows=(
            f.workflow(models=(api,), vendors=("Mistral AI",)),
            f.workflow("local", models=("ollama/mistral:7b",), vendors=("Mistral AI",)),
        ),
        fallbacks=(),
    )
    sim = build_report(lock, FakeCatalog(), without="Mistral AI", date=None).exit
    assert statuses(sim) == {"app": "lost", "local": "frozen"}
    assert by_name(sim, "app").sentence.endswith(
        "(mistral-small-2503 is open weights that could be run elsewhere)."
    )


VENDORS = ("Meta", "OpenAI", "Alibaba")


@st.composite
def random_locks(draw: st.DrawFn) -> Lock:
    """Workflows calling, offering and falling back to models of three vendors, open or not."""
    n = draw(st.integers(1, 5))
    models = []
    for i in range(n):
        vendor = draw(st.sampled_from(VENDORS))
        models.append(
            f.model(
                f"ollama/m{i}:latest",
                vendor=vendor,
                lineage_vendor=vendor,
                open_weights=draw(st.sampled_from((True, False, None))),
                installed=draw(st.sampled_from((True, False, None))),
                pin=draw(st.sampled_from(tuple(PinStatus))),
                workflows=(),
            )
        )
    refs, workflows = [], []
    for w in range(draw(st.integers(1, 4))):
        name = f"w{w}"
        picked = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
        uses = []
        for i in picked:
            use = draw(st.sampled_from(tuple(ModelUse)))
            kind = RefKind.CATALOG if use is ModelUse.OPTION else RefKind.CALL
            refs.append(f.ref(f"{name}/a.py", models[i].id, workflow=name, kind=kind))
            uses.append(WorkflowModel(models[i].id, use))
        ids = tuple(sorted(models[i].id for i in picked))
        vendors = {models[i].lineage_vendor for i in picked}
        workflows.append(
            replace(
                f.workflow(name, models=ids, vendors=tuple(sorted(vendors))),
                uses=tuple(sorted(uses, key=lambda u: u.model)),
                switchable=draw(st.booleans()),
            )
        )
    return f.lock(
        models=tuple(models), references=tuple(refs), workflows=tuple(workflows), fallbacks=()
    )


@settings(max_examples=60, deadline=None)
@given(lock=random_locks(), vendor=st.sampled_from(VENDORS))
def test_every_workflow_gets_one_status_and_a_sentence(lock: Lock, vendor: str) -> None:
    sim = build_report(lock, FakeCatalog(), without=vendor, date=None).exit
    assert sim is not None
    assert [w.workflow for w in sim.workflows] == sorted(w.name for w in lock.workflows)
    for w in sim.workflows:
        assert w.sentence.startswith(w.workflow) and w.sentence.endswith(".")
        hit = set(w.withdrawn) | set(w.frozen)
        if w.status is ExitStatus.UNAFFECTED:
            assert not hit
        else:
            assert hit
        if w.status is ExitStatus.FROZEN:
            assert w.frozen and not w.withdrawn
        if w.status in (ExitStatus.LOST, ExitStatus.API_WITHDRAWN, ExitStatus.DEGRADED):
            assert w.withdrawn
        assert set(w.installed) <= set(w.frozen) and set(w.digest_locked) <= set(w.frozen)
    counted = sum(len(sim.with_status(s)) for s in ExitStatus)
    assert counted == len(sim.workflows)
