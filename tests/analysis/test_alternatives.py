"""Issue 10: alternatives a team can act on, from the real catalog through build_report."""

from __future__ import annotations

from llmdeps.analysis.report import ModelAlternatives, Report, build_report
from llmdeps.catalog import Catalog
from llmdeps.catalog.lookup import load_data
from llmdeps.formats.text import alternative_items
from llmdeps.model import ModelId, PinStatus, Runtime, Vendor
from tests import factories as f

CAT = Catalog.load()


def _report_for(
    model_id: str, runtime: Runtime, task: str, size: float | None, **kw: object
) -> Report:
    lock = f.lock(
        models=(
            f.model(
                model_id,
                runtime=runtime,
                task=task,
                parameters_b=size,
                pin=PinStatus.PINNED,
                **kw,
            ),
        ),
        references=(f.ref(model_id=model_id, runtime=runtime),),
        workflows=(
            f.workflow(models=(model_id,), vendors=(str(kw.get("lineage_vendor", "Meta")),)),
        ),
        fallbacks=(),
    )
    return build_report(lock, CAT, without=str(kw.get("lineage_vendor", "Meta")), date=None)


def test_a_hugging_face_classifier_gets_hugging_face_models() -> None:
    report = _report_for(
        "huggingface/FacebookAI/roberta-large-mnli", Runtime.HUGGINGFACE, "classification", 0.355
    )
    (entry,) = report.alternatives
    assert entry.alternatives, entry
    for a in entry.alternatives:
        assert a.runtime == "huggingface" and not a.ollama_tag and a.id and "/" in a.id
        assert a.task == "classification" and a.vendor != "Meta"
        assert a.source == f"https://huggingface.co/{a.id}"
    assert entry.alternatives[0].license_class == "open"


def test_a_hosted_api_model_gets_hosted_then_open_weight_options() -> None:
    report = _report_for(
        "openai/gpt-4o-2024-08-06",
        Runtime.OPENAI,
        "chat",
        None,
        vendor="OpenAI",
        lineage_vendor="OpenAI",
        open_weights=False,
        license="proprietary",
    )
    (entry,) = report.alternatives
    kinds = [a.runtime for a in entry.alternatives]
    assert kinds[:2] == ["hosted", "hosted"] and set(kinds[2:]) == {"ollama"}
    assert all(a.vendor != "OpenAI" for a in entry.alternatives)
    hosted = entry.alternatives[0]
    assert hosted.id is not None and "/" in hosted.id and hosted.license_class == "proprietary"
    lines = alternative_items(entry)
    assert any("ollama pull " in line for line in lines)
    assert all("source https://" in line for line in lines)


def test_an_ollama_model_gets_tags_to_pull_current_first_and_sized() -> None:
    report = _report_for("ollama/llama3.1:8b", Runtime.OLLAMA, "chat", 8.0)
    (entry,) = report.alternatives
    assert [a.runtime for a in entry.alternatives] == ["ollama"] * 3
    names = [a.ollama_tag for a in entry.alternatives]
    # Today's open-licence 8B-class models, not last year's.
    assert names[0] == "qwen3:8b"
    assert not {"gemma2:9b", "qwen2.5:7b"} & set(names)
    assert all(a.license_class == "open" for a in entry.alternatives)
    assert alternative_items(entry)[0].startswith("qwen3:8b: Alibaba, Apache-2.0 (open licence); 8B")


def test_a_non_production_licence_never_leads_and_is_marked() -> None:
    codestral = next(a for a in load_data().alternatives if a.family == "codestral")
    assert codestral.license_class == "non-production"
    alts = CAT.alternatives(exclude_vendor=Vendor("Meta"), task="code", parameters_b=22.0)
    assert alts and all(a.license_class == "open" for a in alts)
    assert "codestral:22b" not in {a.ollama_tag for a in alts}
    entry = ModelAlternatives(ModelId("x/y"), "y", Vendor("Meta"), "code", 22.0, (codestral,))
    line = alternative_items(entry)[0]
    assert "Mistral AI, Mistral Non-Production License (NON-PRODUCTION use only); 22B" in line
