"""Sample locks and a fake catalog shared by the analysis and report-format tests."""

from __future__ import annotations

from dataclasses import dataclass, field

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

