"""CycloneDX 1.6 ML-BOM: schema-valid (strict validator), deterministic, and faithful to the lock."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from llmdeps.analysis.report import LOCK_NAMESPACE, build_report
from llmdeps.formats import REPORT_FORMATS, report_cyclonedx
from llmdeps.lockfile import dump, read
from llmdeps.lockfile.model import EMPTY_CONCENTRATION, Lock
from llmdeps.model import GgufInfo, PinStatus, Runtime
from tests import factories as f
from tests.factories import FakeCatalog, four_workflows

DEMO = Path(__file__).resolve().parents[2] / "inventory.example.yaml"
HF_REV = "0E9E39F249A16976918F6564B8830BC894C89659"


def render(lock: Lock, date: str | None = None) -> str:
    return report_cyclonedx.render(build_report(lock, FakeCatalog(), without=None, date=date))


def bom(lock: Lock, date: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(render(lock, date))
    return doc


def components(lock: Lock) -> dict[str, dict[str, Any]]:
    return {c["bom-ref"]: c for c in bom(lock).get("components", [])}


def props(component: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in component.get("properties", []):
        out.setdefault(p["name"], []).append(p["value"])
    return out


def assert_valid(text: str) -> None:
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None


@pytest.mark.parametrize("date", [None, "2026-12-01", "end of quarter"])
def test_demo_lock_is_a_valid_cyclonedx_1_6_bom(date: str | None) -> None:
    text = render(read(DEMO), date)
    assert_valid(text)
    doc = json.loads(text)
    assert doc["bomFormat"] == "CycloneDX" and doc["specVersion"] == "1.6"
    refs = {c["bom-ref"] for c in doc["components"]}
    assert {
        "model:ollama/llama3.1:8b",
        "model:ollama/grant-writer:latest",
        "model:anthropic/claude-3-5-haiku-20241022",
        "workflow:case-triage",
    } <= refs


@pytest.mark.parametrize(
    "lock",
    [f.lock(), four_workflows()],
    ids=["factory", "four-workflows"],
)
def test_factory_locks_are_valid(lock: Lock) -> None:
    assert_valid(render(lock))


def test_empty_lock_is_valid() -> None:
    lock = f.lock(models=(), workflows=(), references=(), fallbacks=(), install_sources=())
    text = render(replace(lock, concentration=EMPTY_CONCENTRATION))
    assert_valid(text)
    assert json.loads(text)["metadata"]["component"]["bom-ref"] == "repository"


def test_two_renders_are_byte_identical_with_a_serial_from_the_lock() -> None:
    lock = read(DEMO)
    text = render(lock)
    assert render(read(DEMO)) == text
    doc = json.loads(text)
    # The namespace is fixed for good: a new one would give every existing lock a new serial.
    namespace = uuid.UUID("5f0c8d9e-3b1a-5c6d-9e7f-0a1b2c3d4e5f")
    assert namespace == LOCK_NAMESPACE
    assert doc["serialNumber"] == f"urn:uuid:{uuid.uuid5(namespace, dump(lock))}"
    assert "timestamp" not in doc["metadata"]
    assert json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text
    assert json.loads(render(lock, "2026-12-01"))["metadata"]["timestamp"] == "2026-12-01T00:00:00Z"
    assert "timestamp" not in json.loads(render(lock, "end of quarter"))["metadata"]
    other = replace(lock, models=lock.models[1:])
    assert json.loads(render(other))["serialNumber"] != doc["serialNumber"]


def test_every_component_has_an_explicit_bom_ref() -> None:
    text = render(read(DEMO))
    assert "BomRef." not in text

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("application", "machine-learning-model"):
                assert node.get("bom-ref"), node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(text))


@pytest.mark.parametrize(
    ("license", "expected"),
    [
        ("apache-2.0", [{"license": {"id": "Apache-2.0"}}]),
        ("mit", [{"license": {"id": "MIT"}}]),
        ("cc-by-nc-4.0", [{"license": {"id": "CC-BY-NC-4.0"}}]),
        ("llama3.1", [{"license": {"name": "llama3.1"}}]),
        ("gemma", [{"license": {"name": "gemma"}}]),
        ("proprietary", [{"license": {"name": "proprietary"}}]),
        ("unknown", None),
    ],
)
def test_licences_spdx_ids_as_id_model_licences_as_name(
    license: str, expected: list[dict[str, Any]] | None
) -> None:
    lock = f.lock(models=(f.model(license=license),))
    model = components(lock)["model:ollama/llama3.1:8b"]
    assert model.get("licenses") == expected
    assert_valid(render(lock))


def test_unknown_vendor_has_no_manufacturer_and_lineage_becomes_an_ancestor() -> None:
    demo = components(read(DEMO))
    writer = demo["model:ollama/grant-writer:latest"]
    assert "manufacturer" not in writer
    assert "supplier" not in writer  # built with `ollama create`, not pulled from the registry
    [base] = writer["pedigree"]["ancestors"]
    assert base["manufacturer"] == {"name": "Meta"}
    assert base["name"] == "Meta Llama 3.1 8B"
    assert base["bom-ref"] == "model:ollama/grant-writer:latest:base:0"
    assert demo["model:ollama/llama3.1:8b"]["manufacturer"] == {"name": "Meta"}
    assert "pedigree" not in demo["model:ollama/llama3.1:8b"]

    lock = f.lock(models=(f.model(vendor="unknown", lineage_vendor="unknown"),))
    model = components(lock)["model:ollama/llama3.1:8b"]
    assert "manufacturer" not in model and "pedigree" not in model


def test_fine_tune_by_another_vendor_names_the_base_vendor() -> None:
    tune = f.model(
        "huggingface/NousResearch/Hermes-3-Llama-3.1-8B",
        runtime=Runtime.HUGGINGFACE,
        name="NousResearch/Hermes-3-Llama-3.1-8B",
        version=None,
        vendor="Nous Research",
        lineage_vendor="Meta",
    )
    model = components(f.lock(models=(tune,)))[
        "model:huggingface/NousResearch/Hermes-3-Llama-3.1-8B"
    ]
    assert model["manufacturer"] == {"name": "Nous Research"}
    [base] = model["pedigree"]["ancestors"]
    assert base == {
        "bom-ref": "model:huggingface/NousResearch/Hermes-3-Llama-3.1-8B:base:0",
        "manufacturer": {"name": "Meta"},
        "name": "llama3.1",
        "type": "machine-learning-model",
    }
    assert "purl" not in model  # no revision, no purl


def test_hugging_face_revision_gives_a_purl() -> None:
    hf = f.model(
        "huggingface/meta-llama/Llama-3.1-8B-Instruct",
        runtime=Runtime.HUGGINGFACE,
        name="meta-llama/Llama-3.1-8B-Instruct",
        version=HF_REV,
        pin=PinStatus.PINNED,
    )
    lock = f.lock(models=(hf,), workflows=(f.workflow(models=(hf.id,)),))
    text = render(lock)
    assert_valid(text)
    model = {c["bom-ref"]: c for c in json.loads(text)["components"]}[f"model:{hf.id}"]
    assert model["purl"] == f"pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@{HF_REV.lower()}"
    assert (model["group"], model["name"], model["version"]) == (
        "meta-llama",
        "Llama-3.1-8B-Instruct",
        HF_REV,
    )
    assert model["supplier"]["name"] == "Hugging Face"


def test_ollama_model_fields_hashes_and_properties() -> None:
    model = components(f.lock())["model:ollama/llama3.1:8b"]
    assert (model["group"], model["name"], model["version"]) == ("library", "llama3.1", "8b")
    assert model["supplier"]["name"] == "Ollama registry"
    assert model["hashes"] == [{"alg": "SHA-256", "content": "a" * 64}]
    assert "purl" not in model
    p = props(model)
    assert p["llmdeps:pin"] == ["digest"]
    assert p["llmdeps:runtime"] == ["ollama"]
    assert p["llmdeps:lineage_vendor"] == ["Meta"]
    assert p["llmdeps:open_weights"] == ["true"]
    assert p["llmdeps:workflows"] == ["app"]
    key = "llmdeps:install:store:examples/ollama-store"
    assert p[key] == [f"llama3.1:8b@sha256:{'a' * 64}"]
    assert p[f"{key}:weights"] == [f"sha256:{'b' * 64}"]
    assert model["modelCard"]["modelParameters"] == {
        "architectureFamily": "llama",
        "task": "text-generation",
    }


def test_api_model_supplier_is_the_vendor_and_embeddings_extract_features() -> None:
    gpt = f.model(
        "openai/text-embedding-3-small",
        runtime=Runtime.OPENAI,
        name="text-embedding-3-small",
        version=None,
        vendor="OpenAI",
        lineage_vendor="OpenAI",
        family="text-embedding-3",
        license="proprietary",
        open_weights=False,
        task="embedding",
    )
    model = components(f.lock(models=(gpt,)))[f"model:{gpt.id}"]
    assert model["supplier"]["name"] == "OpenAI"
    assert "group" not in model and "hashes" not in model
    assert model["modelCard"]["modelParameters"]["task"] == "feature-extraction"
    assert props(model)["llmdeps:open_weights"] == ["false"]


def test_workflows_are_applications_with_dependencies_on_their_models() -> None:
    doc = bom(read(DEMO))
    by_ref = {c["bom-ref"]: c for c in doc["components"]}
    triage = by_ref["workflow:case-triage"]
    assert triage["type"] == "application"
    p = props(triage)
    assert p["llmdeps:owner"] == ["protection"]
    assert p["llmdeps:criticality"] == ["critical"]
    assert p["llmdeps:configurable"] == ["true"]
    assert p["llmdeps:cross_vendor_fallback"] == ["true"]
    deps = {d["ref"]: d.get("dependsOn", []) for d in doc["dependencies"]}
    assert deps["workflow:case-triage"] == [
        "model:anthropic/claude-3-5-haiku-20241022",
        "model:ollama/llama3.1:8b",
    ]
    assert "workflow:case-triage" in deps["repository"]
    assert doc["metadata"]["component"] == {
        "bom-ref": "repository",
        "name": "repository",
        "type": "application",
    }


def test_odd_installs_stay_valid() -> None:
    odd = f.install(digest="not-a-digest", weights_digest=None, gguf=GgufInfo(base_models=()))
    model = f.model(
        installs=(odd, f.install(source="http://127.0.0.1:11434")),
        vendor="Someone",
        lineage_vendor="Meta",
        family="unknown",
        installed=True,
    )
    text = render(f.lock(models=(model,)))
    assert_valid(text)
    c = {c["bom-ref"]: c for c in json.loads(text)["components"]}["model:ollama/llama3.1:8b"]
    assert c["hashes"] == [{"alg": "SHA-256", "content": "a" * 64}]
    assert [a["name"] for a in c["pedigree"]["ancestors"]] == ["Llama 3.1 8B"]


def test_listed_in_report_formats() -> None:
    assert REPORT_FORMATS["cyclonedx"] is report_cyclonedx


def test_cli_import_does_not_load_cyclonedx() -> None:
    code = "import sys, llmdeps.cli.app; print(any(m.startswith('cyclonedx') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
