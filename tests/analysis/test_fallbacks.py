"""The one fallback resolver: names to ids (both lookups), scope per style, transitive reach."""

from __future__ import annotations

from llmdeps.analysis.fallbacks import FallbackResolver
from llmdeps.lockfile.model import LockedFallback, LockedModel, LockedReference
from llmdeps.model import UNKNOWN_VENDOR, FallbackStyle, ModelId, RefKind, Runtime, display_name
from tests.factories import model, ref

LLAMA = ModelId("ollama/llama3.1:8b")
LATEST = ModelId("ollama/phi3:latest")
GPT = ModelId("openai/gpt-4o-2024-08-06")
AZURE = ModelId("azure/gpt-4o-2024-08-06")
HAIKU = ModelId("anthropic/claude-3-5-haiku-20241022")

MODELS: dict[ModelId, LockedModel] = {
    LLAMA: model(LLAMA),
    LATEST: model(LATEST, vendor="Microsoft", lineage_vendor="Microsoft"),
    GPT: model(GPT, runtime=Runtime.OPENAI, vendor="OpenAI", lineage_vendor="OpenAI"),
    AZURE: model(AZURE, runtime=Runtime.AZURE, vendor="OpenAI", lineage_vendor="OpenAI"),
    HAIKU: model(HAIKU, runtime=Runtime.ANTHROPIC, vendor="Anthropic", lineage_vendor="Anthropic"),
}


def fallback(
    primary: str,
    targets: tuple[str, ...],
    style: FallbackStyle,
    *,
    path: str = "litellm/config.yaml",
    workflow: str = "litellm",
) -> LockedFallback:
    return LockedFallback(path, "fallbacks", primary, targets, style, workflow)


def grouped(group: str, model_id: str, written: str, path: str = "app/llm.py") -> LockedReference:
    return ref(path, model_id, model=written, group=group, runtime=Runtime.LITELLM)


def resolver(
    refs: tuple[LockedReference, ...], fallbacks: tuple[LockedFallback, ...] = ()
) -> FallbackResolver:
    return FallbackResolver(refs, MODELS, fallbacks)


def test_display_name_drops_the_runtime_prefix() -> None:
    assert display_name(LLAMA) == "llama3.1:8b"
    assert display_name("bare") == "bare"


def test_ids_take_the_first_exact_kind_of_name() -> None:
    refs = (
        grouped("triage", LLAMA, "ollama/llama3.1:8b"),
        ref("app/chat.py", GPT, model="gpt-4o-2024-08-06", runtime=Runtime.OPENAI),
    )
    r = resolver(refs)
    assert r.ids("triage") == {LLAMA}
    # Written for GPT, and also AZURE without its runtime: the written name wins.
    assert r.ids("gpt-4o-2024-08-06") == {GPT}
    assert r.ids(HAIKU) == {HAIKU}
    assert r.ids("claude-3-5-haiku-20241022") == {HAIKU}
    assert r.ids("Claude-3-5-Haiku-20241022") == set()
    assert r.ids("phi3") == set()


def test_ids_any_spelling_unite_spellings_and_match_loosely() -> None:
    refs = (ref("app/chat.py", GPT, model="gpt-4o-2024-08-06", runtime=Runtime.OPENAI),)
    r = resolver(refs)
    assert r.ids_any_spelling("gpt-4o-2024-08-06") == {GPT, AZURE}
    assert r.ids_any_spelling("Claude-3-5-Haiku-20241022") == {HAIKU}
    assert r.ids_any_spelling("phi3") == {LATEST}
    assert r.ids_any_spelling("nobody") == set()


def test_vendors_of_names_and_of_unknown_ids() -> None:
    r = resolver((grouped("triage", LLAMA, "llama3.1:8b"), grouped("triage", HAIKU, "haiku")))
    assert r.vendors(("triage",)) == {"Meta", "Anthropic"}
    assert r.vendor(ModelId("ollama/not-in-the-lock")) == UNKNOWN_VENDOR
    assert r.deployments("triage") == {LLAMA, HAIKU}
    assert r.deployments("other") == set()


def test_per_call_fallbacks_protect_the_declaring_workflow_only() -> None:
    call = fallback(
        "llama3.1:8b", ("gpt-4o",), FallbackStyle.LANGCHAIN, path="app/x.py", workflow="app"
    )
    proxy = fallback("llama3.1:8b", ("gpt-4o",), FallbackStyle.LITELLM_CONFIG)
    r = resolver((), (call, proxy))
    other = (ref("jobs/run.py", LLAMA, workflow="jobs"),)
    assert r.protecting("app", (ref("app/x.py", LLAMA),)) == [call, proxy]
    assert r.protecting("jobs", other) == [proxy]


def test_default_fallbacks_protect_workflows_that_use_a_group() -> None:
    default = fallback("*", ("backup",), FallbackStyle.DEFAULT)
    specific = fallback("triage", ("backup",), FallbackStyle.LITELLM_CONFIG)
    r = resolver((), (default, specific))
    assert r.protecting("app", (grouped("search", LLAMA, "llama3.1:8b"),)) == [default]
    assert r.protecting("app", (ref(),)) == []
    assert r.under_default({"triage", "search", "chat"}) == ["chat", "search"]


def test_proxy_fallback_covers_references_through_its_group_only() -> None:
    refs = (
        grouped("triage", LLAMA, "llama3.1:8b"),
        grouped("triage-backup", GPT, "gpt-4o-2024-08-06", path="litellm/config.yaml"),
        ref("jobs/direct.py", LLAMA, workflow="jobs"),
    )
    r = resolver(refs, (fallback("triage", ("triage-backup",), FallbackStyle.LITELLM_CONFIG),))
    assert r.backups("app", LLAMA) == {GPT}
    assert r.backups("jobs", LLAMA) == set()


def test_per_call_fallback_reaches_within_its_file_transitively() -> None:
    refs = (ref("app/x.py", LLAMA), ref("app/y.py", LLAMA, workflow="app"))
    fallbacks = (
        fallback("llama3.1:8b", ("gpt-4o-2024-08-06",), FallbackStyle.LANGCHAIN, path="app/x.py"),
        fallback("gpt-4o-2024-08-06", ("claude-3-5-haiku-20241022",), FallbackStyle.LITELLM_ROUTER),
    )
    r = FallbackResolver(refs[:1], MODELS, fallbacks)
    assert r.backups("app", LLAMA) == {GPT, AZURE, HAIKU}
    elsewhere = FallbackResolver(refs[1:], MODELS, fallbacks)
    assert elsewhere.backups("app", LLAMA) == set()


def test_reachable_adds_the_other_deployments_of_the_group() -> None:
    refs = (
        grouped("triage", LLAMA, "llama3.1:8b"),
        grouped("triage", HAIKU, "claude-3-5-haiku-20241022", path="litellm/config.yaml"),
    )
    r = resolver(refs, (fallback("*", ("gpt-4o-2024-08-06",), FallbackStyle.DEFAULT),))
    assert r.backups("app", LLAMA) == {GPT, AZURE}
    assert r.reachable("app", LLAMA) == {GPT, AZURE, HAIKU}
    assert r.reachable("app", ModelId("ollama/nothing")) == set()


def test_config_deployment_is_a_reference_of_its_own() -> None:
    deployment = ref(
        "litellm/config.yaml",
        GPT,
        model="gpt-4o-2024-08-06",
        group="triage-backup",
        kind=RefKind.CONFIG,
    )
    r = resolver((deployment,))
    assert r.ids("triage-backup") == {GPT}
