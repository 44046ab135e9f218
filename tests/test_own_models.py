"""Issue 10: the team's own models (`.llmdeps.yaml` `models:`) and where explain says facts come from.

Precedence: an installed artifact > the config's `models:` > the catalog.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.catalog import Catalog
from llmdeps.cli.app import app
from llmdeps.config import ModelSpec, load_config
from llmdeps.errors import ConfigError
from llmdeps.lockfile import read
from tests.conftest import MakeRepo
from tests.ollama_fixtures import standard_store

runner = CliRunner()

CONFIG = (
    "models:\n"
    "  - id: acme/*\n"
    "    vendor: Acme\n"
    "    lineage_vendor: Meta\n"
    "    license: proprietary\n"
    "    open_weights: false\n"
    "    task: chat\n"
    "  - id: llama3.1:8b\n"
    "    lineage_vendor: Acme\n"
    "    license: acme-internal\n"
)


def test_models_are_parsed_with_vendor_as_default_lineage(make_repo: MakeRepo) -> None:
    root = make_repo({".llmdeps.yaml": "models:\n  - id: 'team-*'\n    vendor: Team\n"})
    (spec,) = load_config(root).models
    assert spec == ModelSpec("team-*", vendor="Team", lineage_vendor="Team", index=0)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("models: {a: 1}\n", "must be a list of models"),
        ("models:\n  - vendor: X\n", "id: is required"),
        ("models:\n  - id: x\n", "declares nothing"),
        ("models:\n  - id: x\n    open_weights: maybe\n", "must be true or false"),
        ("models:\n  - id: x\n    colour: red\n", "unknown key"),
    ],
)
def test_bad_models_are_config_errors_with_a_line(
    make_repo: MakeRepo, body: str, message: str
) -> None:
    root = make_repo({".llmdeps.yaml": body})
    with pytest.raises(ConfigError, match=message) as info:
        load_config(root)
    assert info.value.line is not None


def explain_json(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    monkeypatch.chdir(cwd)
    result = runner.invoke(app, ["explain", "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert isinstance(doc, list)
    return doc


def test_config_outranks_the_catalog_and_explain_says_so(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({".llmdeps.yaml": CONFIG})
    acme, llama, gpt = explain_json(
        root, "acme/summarizer-v2", "llama3.1:8b", "gpt-4o-2024-08-06", monkeypatch=monkeypatch
    )
    assert (acme["vendor"], acme["lineage_vendor"], acme["license"]) == (
        "Acme",
        "Meta",
        "proprietary",
    )
    assert acme["open_weights"] is False and acme["known"] is True
    facts = acme["facts_from"]
    assert isinstance(facts, dict)
    assert facts["vendor"] == "config: .llmdeps.yaml models[0]"
    assert facts["pin"] == "catalog"
    # Only the declared facts move; the rest stay the catalog's.
    assert (llama["vendor"], llama["lineage_vendor"], llama["license"]) == (
        "Meta",
        "Acme",
        "acme-internal",
    )
    llama_facts = llama["facts_from"]
    assert isinstance(llama_facts, dict)
    assert llama_facts["vendor"] == "catalog"
    assert llama_facts["license"] == "config: .llmdeps.yaml models[1]"
    assert gpt["facts_from"] == dict.fromkeys(
        ("vendor", "lineage_vendor", "license", "open_weights", "task", "pin"), "catalog"
    )
    assert gpt["catalog_reviewed"] == Catalog.load().reviewed


def test_an_unknown_id_says_which_catalog_it_is_unknown_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (doc,) = explain_json(tmp_path, "zz-model-nobody-made", monkeypatch=monkeypatch)
    facts = doc["facts_from"]
    assert isinstance(facts, dict)
    month = Catalog.load().reviewed[:7]
    assert set(facts.values()) == {f"unknown to the catalog of {month}"}
    monkeypatch.chdir(tmp_path)
    table = runner.invoke(app, ["explain", "zz-model-nobody-made"], env={"COLUMNS": "250"})
    assert "unknown to the" in table.stdout  # the column folds at the piped width
    assert f"catalog reviewed {Catalog.load().reviewed}" in table.stdout


def test_an_installed_artifact_outranks_the_config(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")
    root = make_repo(
        {
            ".llmdeps.yaml": CONFIG,
            "app/run.py": "import ollama\nollama.chat(model='llama3.1:8b', messages=[])\n",
            "app/acme.py": (
                "from openai import OpenAI\n"
                "OpenAI().chat.completions.create(model='acme/summarizer-v2', messages=[])\n"
            ),
        }
    )
    store = tmp_path / "store"
    standard_store(store)
    result = runner.invoke(app, ["scan", str(root), "--ollama-models", str(store), "-q"])
    assert result.exit_code == 0, result.stderr
    lock = read(root / "llmdeps.lock")
    llama = lock.model("ollama/llama3.1:8b")
    assert llama is not None
    # The GGUF header says Meta Llama and the licence layer Llama 3.1: they beat the config.
    assert (llama.lineage_vendor, llama.license) == ("Meta", "llama3.1")
    assert llama.catalog_vendor == "Acme" and llama.catalog_license == "acme-internal"
    acme = next(m for m in lock.models if m.id.endswith("acme/summarizer-v2"))
    assert (acme.vendor, acme.lineage_vendor, acme.open_weights, acme.known) == (
        "Acme",
        "Meta",
        False,
        True,
    )
    (doc,) = explain_json(root, "llama3.1:8b", monkeypatch=monkeypatch)
    assert (doc["lineage_vendor"], doc["license"], doc["pinned"]) == ("Meta", "llama3.1", "digest")
    facts = doc["facts_from"]
    assert isinstance(facts, dict)
    assert str(facts["lineage_vendor"]).startswith("artifact: ")
    assert str(facts["license"]).startswith("artifact: ")
    assert str(facts["pin"]).startswith("artifact: ") and "digest" in str(facts["pin"])
    assert facts["vendor"] == "catalog"


def test_explain_gives_the_licence_note_where_the_catalog_has_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trinity, llama = explain_json(
        tmp_path, "arcee-ai/Trinity-Large-Thinking", "llama3.1:8b", monkeypatch=monkeypatch
    )
    assert trinity["license"] == "openmdw-1.1"
    assert "Apache-2.0" in str(trinity["license_note"]) and "2026" in str(trinity["license_note"])
    assert llama["license_note"] is None
    assert str(trinity["source"]).startswith("https://huggingface.co/arcee-ai/")
