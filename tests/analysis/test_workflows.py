"""Workflow assignment, configurability and fallback resolution to lineage vendors."""

from __future__ import annotations

import pytest

from llmdeps.analysis.workflows import assign_workflow, build_workflows
from llmdeps.config import Config, WorkflowSpec
from llmdeps.lockfile.model import LockedFallback, LockedModel, LockedReference, WorkflowInfo
from llmdeps.model import FallbackStyle, ModelId, ModelUse, RefKind, Runtime
from tests.factories import model, ref

LLAMA = ModelId("ollama/llama3.1:8b")
LLAMA32 = ModelId("ollama/llama3.2:3b")
HERMES = ModelId("ollama/hermes3:8b")
HAIKU = ModelId("anthropic/claude-3-5-haiku-20241022")
GPT = ModelId("openai/gpt-4o-2024-08-06")
GPT_AZURE = ModelId("azure/gpt-4o-eu")
QWEN = ModelId("ollama/qwen2.5:7b")
MYSTERY = ModelId("ollama/mystery:1b")

MODELS: dict[ModelId, LockedModel] = {
    LLAMA: model(LLAMA),
    LLAMA32: model(LLAMA32, version="3b", family="llama3.2"),
    # A Nous Research fine-tune of Llama 3.1: the vendor is Nous, the lineage is Meta.
    HERMES: model(HERMES, vendor="Nous Research", lineage_vendor="Meta", family="hermes3"),
    HAIKU: model(HAIKU, runtime=Runtime.ANTHROPIC, vendor="Anthropic", lineage_vendor="Anthropic"),
    GPT: model(GPT, runtime=Runtime.OPENAI, vendor="OpenAI", lineage_vendor="OpenAI"),
    GPT_AZURE: model(GPT_AZURE, runtime=Runtime.AZURE, vendor="OpenAI", lineage_vendor="OpenAI"),
    QWEN: model(QWEN, vendor="Alibaba", lineage_vendor="Alibaba", family="qwen2.5"),
    MYSTERY: model(MYSTERY, vendor="unknown", lineage_vendor="unknown", known=False),
}

CONFIG = Config(
    workflows=(
        WorkflowSpec("case-triage", ("service/triage.py", "litellm/**"), "protection", "critical"),
        WorkflowSpec("grant-summaries", ("service/summaries.py", "ollama/**"), "programs", "high"),
        # Overlaps case-triage on service/triage.py: config order decides, case-triage wins.
        WorkflowSpec("everything-in-service", ("service/**",), None, "low"),
    )
)


def fb(
    primary: str,
    targets: tuple[str, ...],
    style: FallbackStyle,
    *,
    path: str = "litellm/config.yaml",
    workflow: str = "litellm",
) -> LockedFallback:
    return LockedFallback(path, "router_settings.fallbacks", primary, targets, style, workflow)


def deployment(group: str, model_id: str, model_str: str, index: int = 0) -> LockedReference:
    """A LiteLLM model_list entry: the model served under a group name."""
    return ref(
        "litellm/config.yaml",
        model_id,
        model=model_str,
        context=f"model_list[{index}].litellm_params.model",
        kind=RefKind.CONFIG,
        runtime=Runtime.LITELLM,
        group=group,
        workflow="litellm",
    )


def one(workflows: tuple[WorkflowInfo, ...], name: str) -> WorkflowInfo:
    found = [w for w in workflows if w.name == name]
    assert len(found) == 1, [w.name for w in workflows]
    return found[0]


# ---- assignment ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("service/triage.py", "case-triage"),  # first matching workflow in config order
        ("service/summaries.py", "grant-summaries"),
        ("service/search.py", "everything-in-service"),
        ("service/deep/nested/x.py", "everything-in-service"),
        ("litellm/config.yaml", "case-triage"),
        ("litellm/prod/config.yaml", "case-triage"),  # ** crosses directories
        ("ollama/Modelfile", "grant-summaries"),
        ("other/service/triage.py", "other"),  # anchored: not the root's service/triage.py
    ],
)
def test_configured_globs_in_config_order(path: str, expected: str) -> None:
    assert assign_workflow(path, CONFIG) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("service/app.py", "service"),
        ("service/deep/x.py", "service"),
        ("src/grants/summaries.py", "grants"),
        ("src/grants/sub/mod.py", "grants"),
        ("src/main.py", "src"),
        (".github/workflows/nightly.yml", "ci:nightly"),
        (".github/workflows/eval.yaml", "ci:eval"),
        (".github/actions/setup/action.yml", ".github"),
        (".gitlab-ci.yml", "ci:gitlab"),
        ("app.py", "(root)"),
        ("Dockerfile", "(root)"),
        (".env", "(root)"),
    ],
)
def test_default_grouping(path: str, expected: str) -> None:
    assert assign_workflow(path, Config()) == expected


def test_gitignore_style_directory_pattern() -> None:
    config = Config(workflows=(WorkflowSpec("api", ("api/", "*.ipynb")),))
    assert assign_workflow("api/v1/chat.py", config) == "api"
    assert assign_workflow("notebooks/eval.ipynb", config) == "api"  # unanchored: any depth
    assert assign_workflow("apix/chat.py", config) == "apix"


def test_negated_glob_falls_back_to_default_group() -> None:
    config = Config(workflows=(WorkflowSpec("api", ("api/**", "!api/legacy/**")),))
    assert assign_workflow("api/v1/chat.py", config) == "api"
    assert assign_workflow("api/legacy/old.py", config) == "api"  # default group has the same name
    config2 = Config(workflows=(WorkflowSpec("chat", ("api/**", "!api/legacy/**")),))
    assert assign_workflow("api/v1/chat.py", config2) == "chat"
    assert assign_workflow("api/legacy/old.py", config2) == "api"


# ---- models, vendors, paths, weights ---------------------------------------------------------


def test_models_vendors_and_lineage() -> None:
    refs = (
        ref("agents/a.py", HERMES, workflow="agents"),
        ref("agents/b.py", LLAMA, workflow="agents"),
        ref("agents/c.py", QWEN, workflow="agents"),
    )
    (w,) = build_workflows(refs, (), MODELS, Config())
    assert w.models == (HERMES, LLAMA, QWEN)
    # The Hermes fine-tune counts as Meta, next to Llama itself: two lineage vendors, not three.
    assert w.vendors == ("Alibaba", "Meta")
    assert w.paths == ("agents/",)
    assert (w.owner, w.criticality, w.weight) == (None, None, 1.0)
    assert not w.has_fallback and not w.cross_vendor_fallback


def test_default_paths_for_src_ci_and_root() -> None:
    refs = (
        ref("src/grants/llm.py", LLAMA, workflow="grants"),
        ref(".github/workflows/nightly.yml", LLAMA, workflow="ci:nightly", kind=RefKind.PULL),
        ref("app.py", LLAMA, workflow="(root)"),
        ref("Makefile", LLAMA, workflow="(root)", kind=RefKind.PULL),
    )
    workflows = build_workflows(refs, (), MODELS, Config())
    assert [w.name for w in workflows] == ["(root)", "ci:nightly", "grants"]
    assert one(workflows, "grants").paths == ("src/grants/",)
    assert one(workflows, "ci:nightly").paths == (".github/workflows/nightly.yml",)
    assert one(workflows, "(root)").paths == ("Makefile", "app.py")


def test_configured_paths_owner_and_criticality_weights() -> None:
    refs = (
        ref("service/triage.py", LLAMA, workflow="case-triage"),
        ref("service/summaries.py", LLAMA, workflow="grant-summaries"),
        ref("service/search.py", LLAMA, workflow="everything-in-service"),
        ref("jobs/x.py", LLAMA, workflow="jobs"),
    )
    workflows = build_workflows(refs, (), MODELS, CONFIG)
    triage = one(workflows, "case-triage")
    assert triage.paths == ("service/triage.py", "litellm/**")
    assert (triage.owner, triage.criticality, triage.weight) == ("protection", "critical", 4.0)
    assert one(workflows, "grant-summaries").weight == 3.0
    assert one(workflows, "everything-in-service").weight == 1.0
    assert one(workflows, "jobs").weight == 1.0  # not configured: no criticality, weight 1

    custom = Config(
        workflows=CONFIG.workflows,
        criticality_weights={"low": 1.0, "medium": 2.0, "high": 5.0, "critical": 10.0},
    )
    assert one(build_workflows(refs, (), MODELS, custom), "case-triage").weight == 10.0


def test_workflows_without_references_are_left_out() -> None:
    refs = (ref("service/triage.py", LLAMA, workflow="case-triage"),)
    workflows = build_workflows(refs, (), MODELS, CONFIG)
    assert [w.name for w in workflows] == ["case-triage"]


# ---- configurable ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"kind": RefKind.CALL}, False),  # model="llama3.1:8b" in the code
        ({"kind": RefKind.CONSTANT}, False),
        ({"kind": RefKind.PULL}, False),
        ({"kind": RefKind.CALL, "env_var": "LLM_MODEL"}, True),  # settings field with env override
        ({"kind": RefKind.ENV_DEFAULT, "env_var": "LLM_MODEL"}, True),
        ({"kind": RefKind.ENV}, True),
        ({"kind": RefKind.CONFIG}, True),
        ({"kind": RefKind.MODELFILE}, True),
        ({"kind": RefKind.CALL, "group": "triage"}, True),  # a proxy group: switched in the proxy
    ],
)
def test_configurable_per_reference_kind(kw: dict[str, object], expected: bool) -> None:
    (w,) = build_workflows((ref("app/llm.py", LLAMA, **kw),), (), MODELS, Config())
    assert w.configurable is expected


def test_one_hard_coded_reference_makes_the_workflow_not_configurable() -> None:
    refs = (
        ref("app/a.py", LLAMA, kind=RefKind.ENV_DEFAULT, env_var="LLM_MODEL"),
        ref("app/b.py", QWEN, kind=RefKind.CALL, context="app.b.embed:embed"),
    )
    (w,) = build_workflows(refs, (), MODELS, Config())
    assert w.configurable is False


def test_tests_asserting_a_model_do_not_decide_configurability() -> None:
    refs = (
        ref("app/a.py", LLAMA, kind=RefKind.ENV_DEFAULT, env_var="LLM_MODEL"),
        ref("app/test_a.py", LLAMA, kind=RefKind.TEST, context="app.test_a.test_x"),
    )
    (w,) = build_workflows(refs, (), MODELS, Config())
    assert w.configurable is True
    only_tests = (ref("app/test_a.py", LLAMA, kind=RefKind.TEST),)
    assert build_workflows(only_tests, (), MODELS, Config())[0].configurable is False


# ---- fallbacks -------------------------------------------------------------------------------


def _proxy_refs(backup: str, backup_model: str) -> tuple[LockedReference, ...]:
    """The demo's proxy: group triage (local Llama) and triage-backup, called by service/."""
    call = dict(model="triage", kind=RefKind.ENV_DEFAULT, env_var="TRIAGE_MODEL", group="triage")
    return (
        deployment("triage", LLAMA, "ollama_chat/llama3.1:8b", 0),
        deployment("triage-backup", backup, backup_model, 1),
        # inventory.resolve_groups turns model="triage" sent to the proxy into the deployments
        ref("service/triage.py", LLAMA, workflow="service", **call),
    )


def test_litellm_config_group_fallback_to_another_vendor() -> None:
    refs = _proxy_refs(HAIKU, "anthropic/claude-3-5-haiku-20241022")
    fallbacks = (fb("triage", ("triage-backup",), FallbackStyle.LITELLM_CONFIG),)
    workflows = build_workflows(refs, fallbacks, MODELS, Config())
    service = one(workflows, "service")
    assert service.models == (LLAMA,) and service.vendors == ("Meta",)
    assert service.configurable and service.has_fallback and service.cross_vendor_fallback
    assert service.fallback_vendors == ("Anthropic",)
    proxy = one(workflows, "litellm")  # the file that declares it
    assert proxy.has_fallback and proxy.cross_vendor_fallback
    # The backup deployment is a fallback, not a vendor the proxy depends on (issue 10).
    assert proxy.vendors == ("Meta",)
    assert {u.model: u.use for u in proxy.uses} == {LLAMA: ModelUse.CALLS, HAIKU: ModelUse.FALLBACK}


def test_litellm_config_group_fallback_to_the_same_vendor() -> None:
    refs = _proxy_refs(LLAMA32, "ollama_chat/llama3.2:3b")
    fallbacks = (fb("triage", ("triage-backup",), FallbackStyle.LITELLM_CONFIG),)
    service = one(build_workflows(refs, fallbacks, MODELS, Config()), "service")
    assert service.has_fallback and not service.cross_vendor_fallback
    assert service.fallback_vendors == ("Meta",)


def test_lineage_decides_not_the_maker() -> None:
    """Falling back from Llama to a Hermes fine-tune of Llama stays with Meta."""
    refs = _proxy_refs(HERMES, "ollama_chat/hermes3:8b")
    fallbacks = (fb("triage", ("triage-backup",), FallbackStyle.LITELLM_CONFIG),)
    service = one(build_workflows(refs, fallbacks, MODELS, Config()), "service")
    assert service.has_fallback and not service.cross_vendor_fallback


def test_fallback_of_an_unrelated_group_does_not_count() -> None:
    refs = (
        *_proxy_refs(HAIKU, "anthropic/claude-3-5-haiku-20241022"),
        ref("reports/r.py", QWEN, workflow="reports"),
    )
    fallbacks = (fb("triage", ("triage-backup",), FallbackStyle.LITELLM_CONFIG),)
    reports = one(build_workflows(refs, fallbacks, MODELS, Config()), "reports")
    assert not reports.has_fallback and not reports.cross_vendor_fallback


@pytest.mark.parametrize(
    ("second", "cross"), [(HAIKU, True), (LLAMA32, False), (HERMES, False), (MYSTERY, False)]
)
def test_model_group_with_deployments_of_several_vendors(second: str, cross: bool) -> None:
    refs = (
        deployment("chat", LLAMA, "ollama_chat/llama3.1:8b", 0),
        deployment("chat", second, second, 1),
        ref("service/chat.py", LLAMA, model="chat", group="chat", workflow="service"),
        ref("service/chat.py", second, model="chat", group="chat", workflow="service"),
    )
    fallbacks = (fb("chat", ("chat",), FallbackStyle.MODEL_GROUP),)
    service = one(build_workflows(refs, fallbacks, MODELS, Config()), "service")
    assert service.has_fallback
    assert service.cross_vendor_fallback is cross


def test_default_fallbacks_apply_to_every_group() -> None:
    refs = (
        deployment("local", LLAMA, "ollama_chat/llama3.1:8b", 0),
        deployment("claude", HAIKU, "anthropic/claude-3-5-haiku-20241022", 1),
        ref("service/a.py", LLAMA, model="local", group="local", workflow="service"),
        ref("direct/b.py", QWEN, workflow="direct"),  # calls Ollama directly, no proxy group
    )
    fallbacks = (fb("*", ("claude",), FallbackStyle.DEFAULT),)
    workflows = build_workflows(refs, fallbacks, MODELS, Config())
    service = one(workflows, "service")
    assert service.has_fallback and service.cross_vendor_fallback
    assert service.fallback_vendors == ("Anthropic",)
    direct = one(workflows, "direct")
    assert not direct.has_fallback and not direct.cross_vendor_fallback


def test_default_fallbacks_do_not_override_a_specific_entry() -> None:
    refs = (
        deployment("local", LLAMA, "ollama_chat/llama3.1:8b", 0),
        deployment("local-small", LLAMA32, "ollama_chat/llama3.2:3b", 1),
        deployment("claude", HAIKU, "anthropic/claude-3-5-haiku-20241022", 2),
        ref("service/a.py", LLAMA, model="local", group="local", workflow="service"),
    )
    fallbacks = (
        fb("*", ("claude",), FallbackStyle.DEFAULT),
        fb("local", ("local-small",), FallbackStyle.LITELLM_CONFIG),
    )
    service = one(build_workflows(refs, fallbacks, MODELS, Config()), "service")
    assert service.has_fallback and not service.cross_vendor_fallback


def test_default_fallback_to_the_groups_own_vendor() -> None:
    refs = (
        deployment("local", LLAMA, "ollama_chat/llama3.1:8b", 0),
        deployment("small", LLAMA32, "ollama_chat/llama3.2:3b", 1),
        ref("service/a.py", LLAMA, model="local", group="local", workflow="service"),
    )
    fallbacks = (fb("*", ("small",), FallbackStyle.DEFAULT),)
    service = one(build_workflows(refs, fallbacks, MODELS, Config()), "service")
    assert service.has_fallback and not service.cross_vendor_fallback


@pytest.mark.parametrize(("target", "cross"), [(HAIKU, True), (LLAMA32, False)])
def test_langchain_with_fallbacks(target: str, cross: bool) -> None:
    target_str = target.split("/", 1)[1]
    refs = (
        ref("app/chain.py", LLAMA, model="llama3.1:8b", context="app.chain:ChatOllama"),
        ref("app/chain.py", target, model=target_str, context="app.chain:ChatAnthropic"),
    )
    fallbacks = (
        fb(
            "llama3.1:8b",
            (target_str,),
            FallbackStyle.LANGCHAIN,
            path="app/chain.py",
            workflow="app",
        ),
    )
    (w,) = build_workflows(refs, fallbacks, MODELS, Config())
    assert w.has_fallback and w.cross_vendor_fallback is cross


def test_a_per_call_fallback_protects_that_call_only() -> None:
    refs = (
        ref("app/chain.py", LLAMA, model="llama3.1:8b", context="app.chain:ChatOllama"),
        ref("app/chain.py", HAIKU, model="claude-3-5-haiku-20241022", context="app.chain:x"),
        ref("jobs/batch.py", LLAMA, model="llama3.1:8b", workflow="jobs"),
    )
    fallbacks = (
        fb(
            "llama3.1:8b",
            ("claude-3-5-haiku-20241022",),
            FallbackStyle.LANGCHAIN,
            path="app/chain.py",
            workflow="app",
        ),
        fb(
            "llama3.1:8b",
            ("claude-3-5-haiku-20241022",),
            FallbackStyle.LITELLM_CALL,
            path="app/chain.py",
            workflow="app",
        ),
    )
    workflows = build_workflows(refs, fallbacks, MODELS, Config())
    assert one(workflows, "app").cross_vendor_fallback
    jobs = one(workflows, "jobs")
    assert not jobs.has_fallback and not jobs.cross_vendor_fallback


@pytest.mark.parametrize(
    ("target", "cross"),
    [("anthropic/claude-3-5-haiku-20241022", True), ("azure/gpt-4o-eu", False)],
)
def test_litellm_completion_fallbacks(target: str, cross: bool) -> None:
    target_id = HAIKU if target.startswith("anthropic") else GPT_AZURE
    refs = (
        ref("app/llm.py", GPT, model="gpt-4o-2024-08-06", runtime=Runtime.LITELLM),
        ref(
            "app/llm.py",
            target_id,
            model=target,
            kind=RefKind.FALLBACK,
            runtime=Runtime.LITELLM,
            context="app.llm.run:completion",
        ),
    )
    fallbacks = (
        fb(
            "gpt-4o-2024-08-06",
            (target,),
            FallbackStyle.LITELLM_CALL,
            path="app/llm.py",
            workflow="app",
        ),
    )
    (w,) = build_workflows(refs, fallbacks, MODELS, Config())
    assert w.has_fallback and w.cross_vendor_fallback is cross


def test_litellm_router_fallbacks_between_groups() -> None:
    def router_entry(group: str, model_id: str, model_str: str, i: int) -> LockedReference:
        return ref(
            "app/router.py",
            model_id,
            model=model_str,
            context=f"app.router:Router.model_list[{i}]",
            kind=RefKind.CONFIG,
            group=group,
        )

    refs = (
        router_entry("gpt", GPT, "openai/gpt-4o-2024-08-06", 0),
        router_entry("claude", HAIKU, "anthropic/claude-3-5-haiku-20241022", 1),
        ref("app/run.py", GPT, model="gpt", group="gpt", context="app.run:completion"),
    )
    fallbacks = (
        fb("gpt", ("claude",), FallbackStyle.LITELLM_ROUTER, path="app/router.py", workflow="app"),
    )
    (w,) = build_workflows(refs, fallbacks, MODELS, Config())
    assert w.has_fallback and w.cross_vendor_fallback and w.configurable
    assert w.fallback_vendors == ("Anthropic",)


def test_target_resolved_by_canonical_id_suffix() -> None:
    refs = (ref("app/llm.py", LLAMA), ref("app/other.py", GPT, model="openai/gpt-4o-2024-08-06"))
    fallbacks = (
        fb(
            "llama3.1:8b",
            ("gpt-4o-2024-08-06",),
            FallbackStyle.LANGCHAIN,
            path="app/x.py",
            workflow="app",
        ),
    )
    (w,) = build_workflows(refs, fallbacks, MODELS, Config())
    assert w.cross_vendor_fallback and w.fallback_vendors == ("OpenAI",)


def test_unknown_or_unresolvable_targets_are_not_cross_vendor() -> None:
    refs = (ref("app/llm.py", LLAMA), ref("app/other.py", MYSTERY, model="mystery:1b"))
    for targets in (("mystery:1b",), ("some-deployment-id",)):
        fallbacks = (
            fb("llama3.1:8b", targets, FallbackStyle.LANGCHAIN, path="app/x.py", workflow="app"),
        )
        (w,) = build_workflows(refs, fallbacks, MODELS, Config())
        assert w.has_fallback and not w.cross_vendor_fallback


def test_every_reference_belongs_to_exactly_one_workflow() -> None:
    paths = ["service/triage.py", "service/search.py", "litellm/config.yaml", "x/y.py", "a.py"]
    refs = tuple(ref(p, LLAMA, workflow=assign_workflow(p, CONFIG)) for p in paths)
    workflows = build_workflows(refs, (), MODELS, CONFIG)
    names = [w.name for w in workflows]
    assert names == sorted(names) == sorted(set(names))
    assert {r.workflow for r in refs} == set(names)
    assert sorted(assign_workflow(p, CONFIG) for p in paths) == sorted(
        ["case-triage", "everything-in-service", "case-triage", "x", "(root)"]
    )


def test_a_backup_written_in_code_keeps_a_proxy_group_workflow_configurable() -> None:
    """Issue 10: the code calls proxy group `triage` and names a per-call fallback in code; the
    choice of model is still the proxy's, and the backup is a fallback, not a call."""
    call = dict(model="triage", kind=RefKind.ENV_DEFAULT, env_var="TRIAGE_MODEL", group="triage")
    refs = (
        deployment("triage", LLAMA, "ollama_chat/llama3.1:8b", 0),
        ref("service/triage.py", LLAMA, workflow="service", **call),
        ref(
            "service/triage.py",
            HAIKU,
            model="claude-3-5-haiku-20241022",
            kind=RefKind.CALL,
            context="service.triage:completion",
            workflow="service",
        ),
    )
    fallbacks = (
        LockedFallback(
            "service/triage.py",
            "service.triage:completion",
            "triage",
            ("claude-3-5-haiku-20241022",),
            FallbackStyle.LITELLM_CALL,
            "service",
        ),
    )
    service = one(build_workflows(refs, fallbacks, MODELS, Config()), "service")
    assert {u.model: u.use for u in service.uses} == {
        LLAMA: ModelUse.CALLS,
        HAIKU: ModelUse.FALLBACK,
    }
    assert service.configurable and service.cross_vendor_fallback
    assert service.vendors == ("Meta",)
