"""The report risks through build_report: ranked plain sentences, one per risk code."""

from __future__ import annotations

from dataclasses import replace

from llmdeps.analysis.report import build_report
from llmdeps.analysis.risks import RiskLevel
from llmdeps.lockfile.model import Concentration, VendorShare
from llmdeps.model import PinStatus, Vendor
from tests import factories as f
from tests.factories import LLAMA, FakeCatalog, four_workflows


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
        (RiskLevel.MEDIUM, "search (high) has no fallback to another vendor."),
        (
            RiskLevel.LOW,
            "3 of 4 workflows hard-code their model: switching vendor needs a code change.",
        ),
        # Llama is open weights: without Meta it keeps running, with no successor (issue 10).
        (
            RiskLevel.LOW,
            "Without Meta, 3 workflows run on Meta open weights that get no new releases: "
            "reports, summaries, triage.",
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
            (VendorShare(Vendor("Meta"), 1.0, 6.0),), (), Vendor("Meta"), 1.0, 10000, 1 / 6
        ),
    )
    # Meta serving Llama behind an API only: a withdrawn API stops the workflows.
    lock = replace(lock, models=tuple(replace(m, open_weights=False) for m in lock.models))
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
