"""Inventory rules that span detectors: placeholders in tests, proxy groups, JSON agreeing with the lock."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from llmdeps.config import Config
from llmdeps.lockfile import read
from llmdeps.pipeline import ScanOptions, scan
from llmdeps.sources.base import InstallOptions
from tests.conftest import MakeRepo

runner = CliRunner()


def test_test_placeholders_are_left_out_but_real_models_in_tests_count(make_repo: MakeRepo) -> None:
    root = make_repo({
        "tests/test_client.py": (
            "import ollama\n\n"
            "def test_chat(httpserver):\n"
            "    ollama.Client(host=httpserver.url).chat('dummy', messages=[])\n\n"
            "def test_default():\n"
            "    assert DEFAULT_MODEL == 'llama3.1:8b'\n"
        ),
    })
    out = scan(ScanOptions(root=root, config=Config(), installs=InstallOptions(enabled=False)))
    assert {r.model for r in out.result.references} >= {"dummy", "llama3.1:8b"}
    lock = out.lock
    assert [m.id for m in lock.models] == ["ollama/llama3.1:8b"]
    assert {r.model for r in lock.references} == {"llama3.1:8b"}


def test_json_and_lock_resolve_a_proxy_group_call_the_same_way(make_repo: MakeRepo) -> None:
    from llmdeps.cli.app import app

    root = make_repo({
        "proxy/config.yaml": (
            "model_list:\n"
            "  - model_name: triage\n"
            "    litellm_params:\n"
            "      model: ollama_chat/llama3.1:8b\n"
            "  - model_name: triage\n"
            "    litellm_params:\n"
            "      model: anthropic/claude-3-5-haiku-20241022\n"
        ),
        "app/triage.py": (
            "from openai import OpenAI\n"
            "proxy = OpenAI(base_url='http://localhost:4000')\n"
            "proxy.chat.completions.create(model='triage', messages=[])\n"
        ),
    })
    result = runner.invoke(app, ["scan", str(root), "--no-ollama", "-f", "json", "-q"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    from_call = sorted(r["model_id"] for r in doc["references"] if r["path"] == "app/triage.py")
    assert from_call == ["anthropic/claude-3-5-haiku-20241022", "ollama/llama3.1:8b"]
    assert all(r["group"] == "triage" for r in doc["references"] if r["path"] == "app/triage.py")
    assert runner.invoke(app, ["scan", str(root), "--no-ollama", "-q"]).exit_code == 0
    lock = read(root / "llmdeps.lock")
    assert sorted(r.model_id for r in lock.references if r.path == "app/triage.py") == from_call


def test_a_downloaded_local_folder_keeps_the_hub_models_maker(make_repo: MakeRepo) -> None:
    root = make_repo({
        "app/embed.py": (
            "from huggingface_hub import snapshot_download\n"
            "from sentence_transformers import SentenceTransformer\n"
            "snapshot_download('BAAI/bge-m3', local_dir='models/bge-m3')\n"
            "e = SentenceTransformer('models/bge-m3')\n"
            "o = SentenceTransformer('./models/own-finetune')\n"
        ),
    })
    out = scan(ScanOptions(root=root, config=Config(), installs=InstallOptions(enabled=False)))
    models = {m.id: m for m in out.lock.models}
    hub, local = models["huggingface/BAAI/bge-m3"], models["local/models/bge-m3"]
    assert local.vendor == hub.vendor != "unknown"
    assert local.license == hub.license
    assert local.pin.value == "local"
    assert models["local/./models/own-finetune"].vendor == "unknown"
