"""Factories for lock objects, so tests state only what matters to them; shared sample locks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from llmdeps.lockfile.model import (
    Concentration,
    Lock,
    LockedFallback,
    LockedInstall,
    LockedModel,
    LockedReference,
    VendorShare,
    WorkflowInfo,
)
from llmdeps.model import (
    Alternative,
    BaseModelRef,
    FallbackStyle,
    GgufInfo,
    ModelId,
    PinStatus,
    RefKind,
    Runtime,
    Vendor,
)


def model(id: str = "ollama/llama3.1:8b", **kw: Any) -> LockedModel:
    values: dict[str, Any] = dict(
        id=id,
        runtime=Runtime.OLLAMA,
        name=id.split("/", 1)[1].split(":")[0],
        version="8b",
        pin=PinStatus.FLOATING,
        vendor="Meta",
        lineage_vendor="Meta",
        family="llama3.1",
        license="llama3.1",
        open_weights=True,
        task="chat",
        parameters_b=8.0,
        workflows=("app",),
    )
    values.update(kw)
    return LockedModel(**values)


def ref(
    path: str = "app/llm.py", model_id: str = "ollama/llama3.1:8b", **kw: Any
) -> LockedReference:
    values: dict[str, Any] = dict(
        path=path,
        context="app.llm.summarize:chat",
        model=model_id.split("/", 1)[1],
        model_id=model_id,
        kind=RefKind.CALL,
        runtime=Runtime.OLLAMA,
        workflow="app",
    )
    values.update(kw)
    return LockedReference(**values)


def install(**kw: Any) -> LockedInstall:
    values: dict[str, Any] = dict(
        source="store:examples/ollama-store",
        name="llama3.1:8b",
        digest="a" * 64,
        weights_digest="b" * 64,
        size=4920753328,
        format="gguf",
        family="llama",
        parameter_size="8.0B",
        quantization="Q4_K_M",
        license_id="llama3.1",
        lineage_vendor="Meta",
        gguf=GgufInfo(
            architecture="llama",
            basename="Meta-Llama-3.1",
            organization="Meta Llama",
            base_models=(BaseModelRef(name="Llama 3.1 8B", organization="Meta Llama"),),
        ),
    )
    values.update(kw)
    return LockedInstall(**values)


def workflow(name: str = "app", **kw: Any) -> WorkflowInfo:
    values: dict[str, Any] = dict(
        name=name,
        paths=(f"{name}/",),
        models=("ollama/llama3.1:8b",),
        vendors=("Meta",),
        configurable=False,
        has_fallback=False,
        cross_vendor_fallback=False,
    )
    values.update(kw)
    return WorkflowInfo(**values)


def lock(**kw: Any) -> Lock:
    values: dict[str, Any] = dict(
        tool_version="0.1.0",
        models=(model(installs=(install(),), installed=True, pin=PinStatus.DIGEST),),
        workflows=(workflow(),),
        references=(ref(),),
        fallbacks=(
            LockedFallback(
                "litellm/config.yaml",
                "router_settings.fallbacks",
                "triage",
                ("triage-backup",),
                FallbackStyle.LITELLM_CONFIG,
                "litellm",
            ),
        ),
        concentration=Concentration(
            by_workflows=(VendorShare(Vendor("Meta"), 1.0, 1.0),),
            by_references=(VendorShare(Vendor("Meta"), 1.0, 1.0),),
            top_vendor=Vendor("Meta"),
            top_share=1.0,
            hhi=10000,
            portability=0.0,
        ),
        install_sources=("store:examples/ollama-store",),
    )
    values.update(kw)
    return Lock(**values)


# Sample locks and a fake catalog shared by the analysis and report-format tests.

LLAMA = ModelId("ollama/llama3.1:8b")
SMALL = ModelId("ollama/llama3.2:3b")
GPT = ModelId("openai/gpt-4o-2024-08-06")
QWEN = ModelId("ollama/qwen2.5:7b")


@dataclass
class FakeCatalog:
    """Answers alternatives() from a fixed table and records what it was asked."""

    calls: list[tuple[str, str, float | None, int]] = field(default_factory=list)

    def alternatives(
        self,
        *,
        exclude_vendor: str,
        task: str,
        parameters_b: float | None,
        limit: int = 3,
        runtime: object = None,
    ) -> tuple[Alternative, ...]:
        self.calls.append((exclude_vendor, task, parameters_b, limit))
        table = (
            Alternative("gemma2:9b", Vendor("Google"), "gemma", "gemma2", "chat", 9.0),
            Alternative("qwen2.5:7b", Vendor("Alibaba"), "apache-2.0", "qwen2.5", "chat", 7.0),
            Alternative("mistral:7b", Vendor("Mistral AI"), "apache-2.0", "mistral", "chat", 7.0),
            Alternative("llama3.1:8b", Vendor("Meta"), "llama3.1", "llama3.1", "chat", 8.0),
        )
        return tuple(a for a in table if a.vendor != exclude_vendor and a.task == task)[:limit]


def four_workflows() -> Lock:
    """summaries: Meta only (lost without Meta); triage (critical): a LiteLLM group on Llama with a
    fallback group on GPT-4o (degraded); search (high): Qwen only (unaffected); reports: Llama and
    GPT-4o side by side, no fallback (lost, GPT-4o remains)."""
    models = (
        model(LLAMA, workflows=("reports", "summaries")),
        model(SMALL, version="3b", family="llama3.2", parameters_b=3.0, workflows=("triage",)),
        model(
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
        model(
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
        ref("service/summaries.py", LLAMA, workflow="summaries"),
        ref(
            "service/triage.py",
            SMALL,
            model="triage",
            group="triage",
            runtime=Runtime.LITELLM,
            workflow="triage",
        ),
        ref(
            "litellm/config.yaml",
            SMALL,
            context="model_list[0].litellm_params.model",
            model="ollama/llama3.2:3b",
            group="triage",
            kind=RefKind.CONFIG,
            workflow="triage",
        ),
        ref(
            "litellm/config.yaml",
            GPT,
            context="model_list[1].litellm_params.model",
            model="gpt-4o-2024-08-06",
            group="triage-backup",
            kind=RefKind.CONFIG,
            runtime=Runtime.OPENAI,
            workflow="triage",
        ),
        ref("service/search.py", QWEN, workflow="search"),
        ref("service/reports.py", LLAMA, workflow="reports"),
        ref("service/reports.py", GPT, context="reports.classify:create", workflow="reports"),
    )
    workflows = (
        workflow("summaries", models=(LLAMA,), vendors=("Meta",)),
        workflow(
            "triage",
            models=(SMALL, GPT),
            vendors=("Meta", "OpenAI"),
            configurable=True,
            has_fallback=True,
            cross_vendor_fallback=True,
            fallback_vendors=("OpenAI",),
            criticality="critical",
        ),
        workflow("search", models=(QWEN,), vendors=("Alibaba",), criticality="high"),
        workflow("reports", models=(LLAMA, GPT), vendors=("Meta", "OpenAI")),
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
    return lock(
        models=models,
        references=refs,
        workflows=workflows,
        fallbacks=fallbacks,
        concentration=Concentration(
            by_workflows=(
                VendorShare(Vendor("Alibaba"), 0.25, 1.0),
                VendorShare(Vendor("Meta"), 0.625, 2.5),
                VendorShare(Vendor("OpenAI"), 0.125, 0.5),
            ),
            by_references=(
                VendorShare(Vendor("Meta"), 4 / 7, 4.0),
                VendorShare(Vendor("OpenAI"), 2 / 7, 2.0),
                VendorShare(Vendor("Alibaba"), 1 / 7, 1.0),
            ),
            top_vendor=Vendor("Meta"),
            top_share=0.625,
            hhi=4688,
            portability=0.25,
        ),
    )

