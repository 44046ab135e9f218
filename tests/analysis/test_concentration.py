"""Concentration metrics, each worked out by hand (README: Metrics)."""

from __future__ import annotations

import pytest

from llmdeps.analysis.concentration import compute_concentration
from llmdeps.analysis.workflows import build_workflows
from llmdeps.config import Config, WorkflowSpec
from llmdeps.lockfile.model import EMPTY_CONCENTRATION, LockedModel, VendorShare
from llmdeps.model import ModelId, RefKind, Runtime, Vendor
from tests.factories import model, ref, workflow

LLAMA = ModelId("ollama/llama3.1:8b")
HERMES = ModelId("ollama/hermes3:8b")
HAIKU = ModelId("anthropic/claude-3-5-haiku-20241022")
QWEN = ModelId("ollama/qwen2.5:7b")
GPT = ModelId("openai/gpt-4o-2024-08-06")
MYSTERY = ModelId("ollama/mystery:1b")

MODELS: dict[ModelId, LockedModel] = {
    LLAMA: model(LLAMA),
    HERMES: model(HERMES, vendor="Nous Research", lineage_vendor="Meta"),
    HAIKU: model(HAIKU, runtime=Runtime.ANTHROPIC, vendor="Anthropic", lineage_vendor="Anthropic"),
    QWEN: model(QWEN, vendor="Alibaba", lineage_vendor="Alibaba"),
    GPT: model(GPT, runtime=Runtime.OPENAI, vendor="OpenAI", lineage_vendor="OpenAI"),
    MYSTERY: model(MYSTERY, vendor="unknown", lineage_vendor="unknown", known=False),
}


def test_weighted_split_shares_and_hhi() -> None:
    # weights 4 (critical), 3 (high), 1 (low); vendors Meta / Meta+Anthropic / Alibaba
    #   Meta      = 4 + 3/2 = 5.5 -> 5.5/8 = 0.6875
    #   Anthropic =     3/2 = 1.5 -> 1.5/8 = 0.1875
    #   Alibaba   =           1   -> 1/8   = 0.125
    #   HHI = 68.75^2 + 18.75^2 + 12.5^2 = 4726.5625 + 351.5625 + 156.25 = 5234.375 -> 5234
    workflows = (
        workflow("triage", vendors=("Meta",), weight=4.0, criticality="critical"),
        workflow("summaries", vendors=("Anthropic", "Meta"), weight=3.0, criticality="high"),
        workflow("search", vendors=("Alibaba",), weight=1.0, criticality="low"),
    )
    c = compute_concentration(workflows, (), MODELS)
    assert c.by_workflows == (
        VendorShare(Vendor("Meta"), 0.6875, 5.5),
        VendorShare(Vendor("Anthropic"), 0.1875, 1.5),
        VendorShare(Vendor("Alibaba"), 0.125, 1.0),
    )
    assert sum(s.share for s in c.by_workflows) == pytest.approx(1.0)
    assert (c.top_vendor, c.top_share) == ("Meta", 0.6875)
    assert c.hhi == 5234


def test_unweighted_workflows_count_once_each() -> None:
    # Same vendors, no criticality: Meta 1 + 0.5 = 1.5/3 = 0.5, Anthropic 0.5/3, Alibaba 1/3
    #   HHI = 50^2 + 16.667^2 + 33.333^2 = 2500 + 277.78 + 1111.11 = 3888.89 -> 3889
    workflows = (
        workflow("triage", vendors=("Meta",)),
        workflow("summaries", vendors=("Anthropic", "Meta")),
        workflow("search", vendors=("Alibaba",)),
    )
    c = compute_concentration(workflows, (), MODELS)
    assert [(s.vendor, s.share) for s in c.by_workflows] == [
        ("Meta", 0.5),
        ("Alibaba", 0.3333),
        ("Anthropic", 0.1667),
    ]
    assert c.hhi == 3889


def test_by_references_is_unweighted_and_counts_lineage() -> None:
    # 5 references: Llama, Hermes (a Llama fine-tune: Meta), Llama again, Haiku, an unknown model
    #   Meta 3/5 = 0.6, Anthropic 1/5 = 0.2, unknown 1/5 = 0.2 (tie: sorted by name)
    refs = (
        ref("a/x.py", LLAMA),
        ref("a/y.py", HERMES),
        ref("b/z.py", LLAMA, workflow="b"),
        ref("b/w.py", HAIKU, workflow="b"),
        ref("c/v.py", MYSTERY, workflow="c"),
    )
    workflows = (workflow("a", weight=4.0), workflow("b"), workflow("c"))
    c = compute_concentration(workflows, refs, MODELS)
    assert c.by_references == (
        VendorShare(Vendor("Meta"), 0.6, 3.0),
        VendorShare(Vendor("Anthropic"), 0.2, 1.0),
        VendorShare(Vendor("unknown"), 0.2, 1.0),
    )


def test_unknown_counts_as_its_own_vendor() -> None:
    workflows = (workflow("a", vendors=("Meta",)), workflow("b", vendors=("unknown",)))
    c = compute_concentration(workflows, (), MODELS)
    assert [(s.vendor, s.share) for s in c.by_workflows] == [("Meta", 0.5), ("unknown", 0.5)]
    assert c.hhi == 5000


def test_tie_break_is_by_name() -> None:
    workflows = (workflow("a", vendors=("OpenAI",)), workflow("b", vendors=("Anthropic",)))
    c = compute_concentration(workflows, (), MODELS)
    assert (c.top_vendor, c.top_share) == ("Anthropic", 0.5)
    assert [s.vendor for s in c.by_workflows] == ["Anthropic", "OpenAI"]
    assert c.hhi == 5000  # 50^2 + 50^2


def test_single_vendor_is_fully_concentrated() -> None:
    c = compute_concentration((workflow("a"), workflow("b", weight=3.0)), (ref(),), MODELS)
    assert (c.top_vendor, c.top_share, c.hhi) == ("Meta", 1.0, 10000)
    assert c.by_references == (VendorShare(Vendor("Meta"), 1.0, 1.0),)


def test_hhi_of_three_way_split_in_one_workflow() -> None:
    # One workflow on three vendors: each 1/3 -> 3 * 33.333^2 = 3333.33 -> 3333
    c = compute_concentration(
        (workflow("a", vendors=("Alibaba", "Anthropic", "Meta")),), (), MODELS
    )
    assert c.hhi == 3333
    assert [s.share for s in c.by_workflows] == [0.3333, 0.3333, 0.3333]
    assert [s.vendor for s in c.by_workflows] == ["Alibaba", "Anthropic", "Meta"]


def test_portability_needs_configurable_and_cross_vendor() -> None:
    # weights 4, 3, 1: only the weight-3 workflow is both configurable and cross-vendor -> 3/8
    workflows = (
        workflow("triage", weight=4.0, configurable=False, cross_vendor_fallback=True),
        workflow("summaries", weight=3.0, configurable=True, cross_vendor_fallback=True),
        workflow("search", weight=1.0, configurable=True, cross_vendor_fallback=False),
    )
    assert compute_concentration(workflows, (), MODELS).portability == 0.375
    portable = tuple(workflow(n, configurable=True, cross_vendor_fallback=True) for n in ("a", "b"))
    assert compute_concentration(portable, (), MODELS).portability == 1.0
    stuck = (workflow("a", configurable=True), workflow("b", cross_vendor_fallback=True))
    assert compute_concentration(stuck, (), MODELS).portability == 0.0


def test_empty() -> None:
    assert compute_concentration((), (), {}) == EMPTY_CONCENTRATION


def test_from_references_through_workflows_with_criticality() -> None:
    """The whole path: references -> workflows with config weights -> concentration."""
    config = Config(
        workflows=(
            WorkflowSpec("triage", ("triage/**",), criticality="critical"),
            WorkflowSpec("summaries", ("summaries/**",), criticality="high"),
            WorkflowSpec("search", ("search/**",), criticality="low"),
        )
    )
    refs = (
        ref("triage/a.py", HERMES, workflow="triage"),
        ref("summaries/a.py", LLAMA, workflow="summaries", kind=RefKind.ENV, env_var="M"),
        ref("summaries/b.py", HAIKU, workflow="summaries"),
        ref("search/a.py", QWEN, workflow="search"),
    )
    workflows = build_workflows(refs, (), MODELS, config)
    assert [(w.name, w.weight, w.vendors) for w in workflows] == [
        ("search", 1.0, ("Alibaba",)),
        ("summaries", 3.0, ("Anthropic", "Meta")),
        ("triage", 4.0, ("Meta",)),
    ]
    c = compute_concentration(workflows, refs, MODELS)
    assert [(s.vendor, s.share) for s in c.by_workflows] == [
        ("Meta", 0.6875),
        ("Anthropic", 0.1875),
        ("Alibaba", 0.125),
    ]
    assert c.hhi == 5234
    # by references: Meta 2 (Hermes, Llama), Alibaba 1, Anthropic 1 -> 0.5, 0.25, 0.25
    assert [(s.vendor, s.share) for s in c.by_references] == [
        ("Meta", 0.5),
        ("Alibaba", 0.25),
        ("Anthropic", 0.25),
    ]
    assert c.portability == 0.0
