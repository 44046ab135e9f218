"""Factories for lock objects, so tests state only what matters to them."""

from __future__ import annotations

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
from llmdeps.model import BaseModelRef, FallbackStyle, GgufInfo, PinStatus, RefKind, Runtime


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
            by_workflows=(VendorShare("Meta", 1.0, 1.0),),
            by_references=(VendorShare("Meta", 1.0, 1.0),),
            top_vendor="Meta",
            top_share=1.0,
            hhi=10000,
            portability=0.0,
        ),
        install_sources=("store:examples/ollama-store",),
    )
    values.update(kw)
    return Lock(**values)
