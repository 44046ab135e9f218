"""Policy rules: each one firing and not firing, plain messages, deterministic order."""

from __future__ import annotations

from llmdeps.config import Config, Policy
from llmdeps.lockfile.model import Concentration, Lock, VendorShare
from llmdeps.model import Finding, PinStatus, Runtime, Severity, Vendor
from llmdeps.rules.policy import evaluate_policy
from tests.factories import lock, model, ref, workflow

LLAMA = "ollama/llama3.1:8b"
HERMES = "ollama/hermes3:8b"
HAIKU = "anthropic/claude-3-5-haiku-20241022"
QWEN = "ollama/qwen2.5:7b"
R1 = "ollama/deepseek-r1:7b"
GPT = "openai/gpt-4o"
AZURE = "azure/prod-chat"


def _lock() -> Lock:
    """Four workflows, weights 4/3/2/1; Meta 6.5/10, Anthropic 1.5, Alibaba 2 (HHI 4850)."""
    return lock(
        models=(
            model(
                HAIKU,
                runtime=Runtime.ANTHROPIC,
                vendor="Anthropic",
                lineage_vendor="Anthropic",
                license="proprietary",
                pin=PinStatus.PINNED,
                workflows=("summaries",),
                open_weights=False,
            ),
            model(
                HERMES,
                vendor="Nous Research",
                lineage_vendor="Meta",
                workflows=("search",),
                pin=PinStatus.DIGEST,
            ),
            model(LLAMA, workflows=("summaries", "triage"), pin=PinStatus.DIGEST),
            model(
                R1,
                vendor="DeepSeek",
                lineage_vendor="Alibaba",
                license="mit",
                workflows=("notes",),
                pin=PinStatus.FLOATING,
            ),
        ),
        workflows=(
            workflow(
                "notes",
                models=(R1,),
                vendors=("Alibaba",),
                criticality="medium",
                weight=2.0,
                paths=("notes/",),
            ),
            workflow(
                "search",
                models=(HERMES,),
                vendors=("Meta",),
                criticality="low",
                weight=1.0,
                has_fallback=True,
                fallback_vendors=("Meta",),
            ),
            workflow(
                "summaries",
                models=(HAIKU, LLAMA),
                vendors=("Anthropic", "Meta"),
                criticality="high",
                weight=3.0,
                configurable=True,
                has_fallback=True,
                cross_vendor_fallback=True,
                fallback_vendors=("Anthropic",),
            ),
            workflow(
                "triage", models=(LLAMA,), vendors=("Meta",), criticality="critical", weight=4.0
            ),
        ),
        references=(
            ref("notes/r1.py", R1, workflow="notes"),
            ref("search/hermes.py", HERMES, workflow="search"),
            ref("summaries/a.py", HAIKU, workflow="summaries"),
            ref("summaries/b.py", LLAMA, workflow="summaries"),
            ref("triage/t.py", LLAMA, workflow="triage"),
        ),
        fallbacks=(),
        concentration=Concentration(
            by_workflows=(
                VendorShare(Vendor("Meta"), 0.65, 6.5),
                VendorShare(Vendor("Alibaba"), 0.2, 2.0),
                VendorShare(Vendor("Anthropic"), 0.15, 1.5),
            ),
            by_references=(),
            top_vendor=Vendor("Meta"),
            top_share=0.65,
            hhi=4850,  # 65^2 + 20^2 + 15^2 = 4225 + 400 + 225
            portability=0.3,
        ),
    )


def _check(**policy: object) -> list[Finding]:
    return evaluate_policy(_lock(), Config(policy=Policy(**policy)))  # type: ignore[arg-type]


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def _non_pin(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule != "unpinned-model"]


def test_defaults_only_warn_about_floating_models() -> None:
    findings = _check()
    assert _rules(findings) == ["unpinned-model"]
    (f,) = findings
    assert f.severity is Severity.WARNING and f.model == R1 and f.paths == ("notes/r1.py",)
    assert f.workflow == "notes"
    assert "Ollama tag" in f.message and "notes/r1.py" in f.message


def test_max_vendor_share() -> None:
    (f,) = _non_pin(_check(max_vendor_share=0.6))
    assert f.rule == "max-vendor-share" and f.vendor == "Meta" and f.severity is Severity.ERROR
    assert f.message.startswith("65% of your workflows (search, summaries and triage) depend")
    assert "at most 60%" in f.message
    assert f.paths == ("search/hermes.py", "summaries/b.py", "triage/t.py")
    assert f.fix
    assert _non_pin(_check(max_vendor_share=0.65)) == []  # at the limit is fine
    assert _non_pin(_check(max_vendor_share=0.8)) == []


def test_max_vendor_share_names_every_vendor_above_it() -> None:
    findings = _non_pin(_check(max_vendor_share=0.16))
    assert [(f.rule, f.vendor) for f in findings] == [
        ("max-vendor-share", "Meta"),
        ("max-vendor-share", "Alibaba"),
    ]


def test_max_hhi() -> None:
    (f,) = _non_pin(_check(max_hhi=2500))
    assert f.rule == "max-hhi" and f.vendor == "Meta"
    assert "HHI 4850" in f.message and "at most 2500" in f.message
    assert "Meta 65%, Alibaba 20%, Anthropic 15%" in f.message
    assert _non_pin(_check(max_hhi=4850)) == []


def test_require_cross_vendor_fallback_for_all() -> None:
    findings = _non_pin(_check(require_cross_vendor_fallback=True))
    assert [(f.rule, f.workflow) for f in findings] == [
        ("no-cross-vendor-fallback", "notes"),
        ("no-cross-vendor-fallback", "search"),
        ("no-cross-vendor-fallback", "triage"),
    ]
    notes, search, triage = findings
    assert notes.message == (
        "The medium workflow notes uses only Alibaba models and has no fallback to another "
        "vendor's model: if Alibaba stops serving them, notes stops."
    )
    assert "its fallbacks stay with Meta" in search.message
    assert "uses only Meta models" in search.message
    assert triage.paths == ("triage/t.py",) and triage.vendor == "Meta"


def test_require_cross_vendor_fallback_by_criticality() -> None:
    findings = _non_pin(_check(require_cross_vendor_fallback=("critical", "high")))
    assert [f.workflow for f in findings] == ["triage"]  # summaries (high) has one
    assert _non_pin(_check(require_cross_vendor_fallback=("high",))) == []
    assert _non_pin(_check(require_cross_vendor_fallback=False)) == []


def test_denied_vendor_by_maker_and_by_lineage() -> None:
    findings = _non_pin(_check(denied_vendors=("meta",)))  # case-insensitive
    assert [(f.rule, f.model, f.vendor) for f in findings] == [
        ("denied-vendor", HERMES, "Meta"),  # a Nous fine-tune of Llama: Meta lineage
        ("denied-vendor", LLAMA, "Meta"),
    ]
    hermes, llama = findings
    assert "Nous Research (based on a Meta model)" in hermes.message
    assert "used by summaries and triage in summaries/b.py, triage/t.py" in llama.message
    assert llama.workflow is None and hermes.workflow == "search"
    (r1,) = _non_pin(_check(denied_vendors=("DeepSeek",)))
    assert r1.model == R1 and r1.vendor == "DeepSeek"
    assert _non_pin(_check(denied_vendors=("OpenAI",))) == []


def test_allowed_vendors_needs_maker_and_lineage() -> None:
    findings = _non_pin(_check(allowed_vendors=("Meta", "Anthropic")))
    assert [(f.rule, f.model, f.vendor) for f in findings] == [
        ("vendor-not-allowed", HERMES, "Nous Research"),
        ("vendor-not-allowed", R1, "Alibaba"),
    ]
    assert "add Nous Research to policy.allowed_vendors" in (findings[0].fix or "")
    assert "Alibaba and DeepSeek" in (findings[1].fix or "")
    everyone = ("Meta", "Anthropic", "Nous Research", "DeepSeek", "Alibaba")
    assert _non_pin(_check(allowed_vendors=everyone)) == []
    assert _non_pin(_check(allowed_vendors=())) == []  # empty: any vendor


def test_allowed_licenses() -> None:
    findings = _non_pin(_check(allowed_licenses=("llama3.1", "MIT")))
    assert [(f.rule, f.model) for f in findings] == [("license-not-allowed", HAIKU)]
    assert "the proprietary licence" in findings[0].message
    assert _non_pin(_check(allowed_licenses=("llama3.1", "mit", "proprietary"))) == []


def test_unknown_license_is_not_allowed() -> None:
    base = _lock()
    models = tuple(m if m.id != R1 else model(R1, license="unknown") for m in base.models)
    config = Config(policy=Policy(allowed_licenses=("llama3.1", "proprietary")))
    findings = _non_pin(evaluate_policy(lock(**{**_fields(base), "models": models}), config))
    assert [f.model for f in findings] == [R1]
    assert "an unknown licence" in findings[0].message


def test_require_pinned_accepts_pinned_and_digest() -> None:
    findings = [f for f in _check(require_pinned=True) if f.rule == "unpinned-model"]
    assert [(f.model, f.severity) for f in findings] == [(R1, Severity.ERROR)]
    assert "lock its digest" in (findings[0].fix or "")


def test_unpinned_kinds() -> None:
    base = _lock()
    models = (
        model(
            GPT,
            runtime=Runtime.OPENAI,
            vendor="OpenAI",
            lineage_vendor="OpenAI",
            pin=PinStatus.FLOATING,
            workflows=("x",),
        ),
        model(
            AZURE,
            runtime=Runtime.AZURE,
            vendor="OpenAI",
            lineage_vendor="OpenAI",
            pin=PinStatus.DEPLOYMENT,
            workflows=("x",),
        ),
        model("local/weights.gguf", runtime=Runtime.LOCAL, pin=PinStatus.LOCAL, workflows=("x",)),
        model(
            "huggingface/o/n", runtime=Runtime.HUGGINGFACE, pin=PinStatus.UNKNOWN, workflows=("x",)
        ),
    )
    test_lock = lock(**{**_fields(base), "models": models, "references": ()})
    loose = evaluate_policy(test_lock, Config())
    assert [(f.model, f.severity) for f in loose] == [
        (GPT, Severity.WARNING),
        (AZURE, Severity.WARNING),
    ]
    assert "dated or versioned" in (loose[0].fix or "")
    assert "floating name" in loose[0].message
    assert "deployment name" in loose[1].message
    strict = evaluate_policy(test_lock, Config(policy=Policy(require_pinned=True)))
    assert [f.model for f in strict] == [GPT, AZURE, "local/weights.gguf", "huggingface/o/n"]
    assert {f.severity for f in strict} == {Severity.ERROR}


def test_order_is_by_rule_then_subject_and_stable() -> None:
    policy = dict(
        max_vendor_share=0.5,
        max_hhi=1000,
        require_cross_vendor_fallback=True,
        denied_vendors=("Meta",),
        allowed_vendors=("Meta", "Anthropic"),
        allowed_licenses=("llama3.1",),
        require_pinned=True,
    )
    findings = _check(**policy)
    assert _rules(findings) == [
        "max-vendor-share",
        "max-hhi",
        "no-cross-vendor-fallback",
        "no-cross-vendor-fallback",
        "no-cross-vendor-fallback",
        "denied-vendor",
        "denied-vendor",
        "vendor-not-allowed",
        "vendor-not-allowed",
        "license-not-allowed",
        "license-not-allowed",
        "unpinned-model",
    ]
    assert findings == _check(**policy)
    assert all(f.message.endswith(".") and f.fix for f in findings)


def _fields(base: Lock) -> dict[str, object]:
    return {
        "models": base.models,
        "workflows": base.workflows,
        "references": base.references,
        "fallbacks": base.fallbacks,
        "concentration": base.concentration,
    }


def test_ollama_tags_when_ollama_was_not_read() -> None:
    base = _lock()
    unread = lock(**{**_fields(base), "install_sources": ()})
    assert [f for f in evaluate_policy(unread, Config()) if f.rule == "unpinned-model"] == []
    strict = evaluate_policy(unread, Config(policy=Policy(require_pinned=True)))
    (f,) = [f for f in strict if f.rule == "unpinned-model"]
    assert f.model == R1 and f.severity is Severity.ERROR
    assert "Ollama was not read" in f.message


def test_multi_vendor_workflow_without_fallback_names_each_vendor() -> None:
    base = _lock()
    wf = (workflow("mixed", vendors=("Meta", "unknown"), criticality="high", weight=3.0),)
    findings = evaluate_policy(
        lock(**{**_fields(base), "workflows": wf}),
        Config(policy=Policy(require_cross_vendor_fallback=("high",))),
    )
    (f,) = [f for f in findings if f.rule == "no-cross-vendor-fallback"]
    assert f.message == (
        "The high workflow mixed uses models from Meta and an unknown vendor and has no "
        "fallback to another vendor's model: if any of them stops serving them, mixed stops."
    )
    assert f.vendor is None
