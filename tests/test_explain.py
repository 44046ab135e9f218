"""`llmdeps explain`: JSON shape, runtime hint, table and usage errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from llmdeps.catalog import Catalog
from llmdeps.cli.app import app
from llmdeps.formats.explain import as_json

runner = CliRunner()

KEYS = {"id", "vendor", "lineage_vendor", "family", "runtime", "pinned", "open_weights", "license"}


def explain(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["explain", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_json_is_a_list_with_one_object_per_id_in_order() -> None:
    ids = ["llama3.1:8b", "gpt-4o-2024-08-06", "claude-sonnet-4-5", "hermes3", "my-llama-wrapper"]
    code, out, err = explain(*ids, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert isinstance(doc, list) and [d["id"] for d in doc] == ids
    for item in doc:
        assert set(item) >= KEYS
    llama, gpt, claude, hermes, wrapper = doc
    assert (llama["vendor"], llama["lineage_vendor"], llama["runtime"]) == (
        "Meta",
        "Meta",
        "ollama",
    )
    assert (llama["family"], llama["license"], llama["open_weights"]) == (
        "llama3.1",
        "llama3.1",
        True,
    )
    assert llama["pinned"] == "floating" and llama["canonical_id"] == "ollama/llama3.1:8b"
    assert (gpt["vendor"], gpt["pinned"], gpt["open_weights"]) == ("OpenAI", "pinned", False)
    assert (claude["vendor"], claude["pinned"], claude["family"]) == (
        "Anthropic", "floating", "claude-sonnet-4.5"
    )  # fmt: skip
    assert (hermes["vendor"], hermes["lineage_vendor"]) == ("Nous Research", "Meta")
    assert (wrapper["vendor"], wrapper["known"], wrapper["open_weights"]) == (
        "unknown",
        False,
        None,
    )


def test_json_runtime_hint() -> None:
    code, out, _err = explain("my-deploy", "--runtime", "azure", "--format", "json")
    assert code == 0
    (item,) = json.loads(out)
    assert (item["runtime"], item["pinned"], item["vendor"]) == ("azure", "deployment", "unknown")


def test_json_function_matches_the_catalog() -> None:
    ident = Catalog.load().identify("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B")
    doc = as_json(ident, "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B")
    assert doc["vendor"] == "DeepSeek" and doc["lineage_vendor"] == "Alibaba"
    assert doc["runtime"] == "huggingface" and doc["pinned"] == "floating"


def test_table_names_vendor_and_pin() -> None:
    code, out, _err = explain("mistral-large-latest", "anthropic.claude-3-5-sonnet-20241022-v2:0")
    assert code == 0
    assert "Mistral AI" in out and "floating" in out
    assert "Anthropic" in out and "pinned" in out


@pytest.mark.parametrize("bad", [["--format", "yaml", "gpt-4o"], []])
def test_usage_errors_exit_2(bad: list[str]) -> None:
    code, _out, _err = explain(*bad)
    assert code == 2
