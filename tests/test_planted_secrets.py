"""No secret reaches any output (integrity issue, item 8, Done means).

Secrets of every shape (vendor key prefixes, high-entropy tokens, URL userinfo with a `/` in the
password) are planted in code, config, `.env`, the GGUF metadata of an Ollama store built in
tmp_path, the answers of a loopback Ollama server and the environment. Then every command runs
in every format of its registry (so a new format is covered the day it is registered) at the
default verbosity, `-v` and `-vv`, and no planted secret may appear in stdout, stderr or any file
written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.formats import (
    CHECK_FORMATS,
    DIFF_FORMATS,
    EXPLAIN_FORMATS,
    REPORT_FORMATS,
    SCAN_FORMATS,
)
from tests import ollama_fixtures as of

# Each secret is unique text, so finding any of it (or its distinctive part) in an output is a leak.
SK = "sk-proj-Pl4ntedKeyAAAA1111bbbb2222"
GHP = "ghp_Pl4ntedGithubToken000000000000000"
HF = "hf_Pl4ntedHuggingFaceToken00000000"
AKIA = "AKIAPL4NTEDAWSKEY000"
RANDOM20 = "Qz8LmP2vX9rT4wYbN3kD"
"""A pasted 20-character password: mixed case and digits, no separator."""
ENTROPY = "Rk7Hq2Zp9Lm4Xv8Tn3Wc5Jb6"
SLASH_PW = "Pl4nt/ed9Pw"
"""A password holding a `/`: masking that stops at the first `/` leaks the rest."""
URL_USER = "plantuser"
SECRETS = (SK, GHP, HF, AKIA, RANDOM20, ENTROPY, SLASH_PW, "ed9Pw", URL_USER)


def _repo_files() -> dict[str, str]:
    return {
        "app/llm.py": (
            "import os\nimport ollama\nimport openai\n\n"
            f'client = openai.OpenAI(api_key="{SK}", base_url="http://{URL_USER}:{SLASH_PW}@llm.internal:8000/v1")\n'
            'client.chat.completions.create(model="gpt-4o-mini", messages=[])\n'
            f'client.chat.completions.create(model="{RANDOM20}", messages=[])\n'
            f'client.chat.completions.create(model="{SK}", messages=[])\n'
            f'TOKEN = "{GHP}"\n'
            'ollama.chat(model="llama3.1:8b", messages=[])\n'
        ),
        "web/chat.ts": (
            "import OpenAI from 'openai';\n"
            f"const client = new OpenAI({{ apiKey: '{ENTROPY}', baseURL: 'https://{URL_USER}:{SLASH_PW}@api.example.com/v1' }});\n"
            "client.chat.completions.create({ model: 'gpt-4.1-mini' });\n"
            f"client.chat.completions.create({{ model: '{HF}' }});\n"
        ),
        "litellm/config.yaml": (
            "model_list:\n"
            "  - model_name: main\n"
            "    litellm_params:\n"
            "      model: openai/gpt-4o\n"
            f"      api_base: http://{URL_USER}:{SLASH_PW}@proxy.internal:4000\n"
            f"      api_key: {SK}\n"
            "  - model_name: leaked\n"
            "    litellm_params:\n"
            f"      model: {SK}\n"
            f"      api_key: {ENTROPY}\n"
            "  - model_name: random\n"
            "    litellm_params:\n"
            f"      model: {RANDOM20}\n"
        ),
        ".env": (
            f"OPENAI_API_KEY={SK}\nLLM_MODEL=llama3.2\nAWS_ACCESS_KEY_ID={AKIA}\n"
            f"DATABASE_URL=postgres://{URL_USER}:{SLASH_PW}@db.internal/app\n"
            f"MODEL_NAME={RANDOM20}\nHF_TOKEN={HF}\n"
        ),
        "deploy/compose.yaml": (
            "services:\n  app:\n    environment:\n"
            "      - LLM_MODEL=qwen2.5:7b\n"
            f"      - OLLAMA_HOST=http://{URL_USER}:{SLASH_PW}@ollama:11434\n"
            f"      - SECRET_KEY={ENTROPY}\n"
        ),
        "pyproject.toml": (
            f'[tool.app]\nmodel = "mistral-large-2411"\npassword = "{RANDOM20}"\ntoken = "{GHP}"\n'
        ),
        "Dockerfile": "FROM ollama/ollama\nRUN ollama pull llama3.1:8b\n",
    }


def _planted_store(root: Path) -> Path:
    """An Ollama store whose GGUF header and manifest carry secrets in every free-text slot."""
    store = root.parent / "ollama-store"
    b = of.StoreBuilder(store)
    weights = of.gguf_bytes(
        root.parent / "scratch.gguf",
        "llama",
        {
            "name": f"Meta Llama {GHP}",
            "basename": SK,
            "organization": f"org {ENTROPY}",
            "finetune": RANDOM20,
            "license": HF,
            "version": AKIA,
            "source.repo_url": f"https://{URL_USER}:{SLASH_PW}@huggingface.co/meta-llama/x",
            "file_type": 15,
        },
        base_models=[
            {
                "name": f"Llama 3.1 8B {SK}",
                "organization": ENTROPY,
                "repo_url": f"https://{URL_USER}:{SLASH_PW}@huggingface.co/meta-llama/y",
            }
        ],
    )
    b.model(
        "llama3.1:8b",
        weights=weights,
        license_text=of.LLAMA31_LICENSE,
        parent=f"https://{URL_USER}:{SLASH_PW}@registry.example/{SK}",
    )
    return store


def _server_answers(store: Path) -> of.FakeOllama:
    """The store's models as a server would list them, with secrets in the free-text fields."""
    tags = of.tags_from_store(store)
    models = tags["models"]
    assert isinstance(models, list)
    shows: dict[str, object] = {}
    for m in models:
        m["remote_host"] = f"https://{URL_USER}:{SLASH_PW}@remote.example:443"
        m["details"]["parent_model"] = SK
        show = of.show_from_store(store, m["name"])
        info = show["model_info"]
        assert isinstance(info, dict)
        info["general.organization"] = f"Meta {RANDOM20}"
        info["general.base_model.0.repo_url"] = f"https://{URL_USER}:{SLASH_PW}@hf.co/a"
        info["general.base_model.².name"] = GHP  # a non-ASCII digit: no crash either
        info["general.base_model." + "9" * 5000 + ".name"] = HF
        show["remote_host"] = f"http://{URL_USER}:{SLASH_PW}@remote.example:11434"
        shows[m["name"]] = show
    return of.FakeOllama(tags=tags, shows=shows)


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path, str]]:
    root = tmp_path / "repo"
    for rel, text in _repo_files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    store = _planted_store(root)
    # The environment holds secrets too: none of them may be echoed.
    monkeypatch.setenv("OPENAI_API_KEY", SK)
    monkeypatch.setenv("HF_TOKEN", HF)
    with of.serve(_server_answers(store)) as url:
        yield root, store, url


def _written(root: Path) -> list[str]:
    return [p.read_text(errors="replace") for p in root.parent.rglob("*.out")] + [
        (root / "llmdeps.lock").read_text()
    ]


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_no_planted_secret_reaches_any_output(
    planted: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, store, url = planted
    runner = CliRunner()
    out_dir = root.parent
    installs = ["--ollama-host", url, "--ollama-models", str(store)]
    runs: list[list[str]] = []
    verbosity: list[list[str]] = [[], ["-v"], ["-vv"]]
    for v in verbosity:
        for fmt in SCAN_FORMATS:
            target = out_dir / f"scan-{fmt}{len(v)}.out"
            runs.append(["scan", str(root), *installs, "-f", fmt, "-o", str(target), *v])
            runs.append(["scan", str(root), *installs, "-f", fmt, "-o", "-", *v])
        runs.append(["scan", str(root), *installs, *v])  # the lock itself
    for v in verbosity:
        for fmt in CHECK_FORMATS:
            target = out_dir / f"check-{fmt}{len(v)}.out"
            runs.append(["check", str(root), *installs, "-f", fmt, "--fail-on", "note", *v])
            runs.append(["check", str(root), *installs, "-f", fmt, "-o", str(target), *v])
        for fmt in REPORT_FORMATS:
            target = out_dir / f"report-{fmt}{len(v)}.out"
            runs.append(["report", str(root), "-f", fmt, *v])
            runs.append(["report", str(root), "-f", fmt, "-o", str(target), *v])
            runs.append(["report", str(root), "-f", fmt, "--scan", *installs, *v])
    for fmt in EXPLAIN_FORMATS:
        runs.append(["explain", "-f", fmt, "gpt-4o", "llama3.1:8b", SK, RANDOM20, GHP])
    # a second lock of the tree once later.py is there, and the diff between the two
    newer = str(out_dir / "newer.lock.out")
    runs.append(["scan", str(root), *installs, "-o", newer])
    for v in [[]]:  # diff has no -v: it prints only its product
        for fmt in DIFF_FORMATS:
            runs.append(["diff", str(root / "llmdeps.lock"), newer, "-f", fmt, *v])
            target = str(out_dir / f"diff-{fmt}{len(v)}.out")
            runs.append(["diff", str(root / "llmdeps.lock"), newer, "-f", fmt, "-o", target, *v])
    runs.append(["init", str(root), "--force"])  # last: it writes the config the others read
    seen: list[str] = []
    checked = 0
    for args in runs:
        if args[0] == "check" and not (root / "later.py").exists():
            # make the lock stale once, so check has findings to render
            (root / "later.py").write_text(
                f'import ollama\nAPI_KEY = "{AKIA}"\nollama.chat(model="phi3", messages=[])\n'
            )
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1), (args, result.stderr, result.exception)
        assert "Traceback" not in result.stderr, args
        for stream in (result.stdout, result.stderr):
            assert not _leaks(stream), (args, _leaks(stream), stream[:2000])
        seen.append(result.stdout)
        checked += 1
    for text in _written(root):
        assert not _leaks(text), _leaks(text)
    config = (root / ".llmdeps.yaml").read_text()
    assert "workflows:" in config and not _leaks(config), _leaks(config)
    # The run read what was planted: the server, the store and the code all gave installs and
    # references, so the absence of secrets is not the absence of data.
    lock = (root / "llmdeps.lock").read_text()
    assert "llama3.1:8b" in lock and "gpt-4o-mini" in lock and "store:" in lock
    assert "127.0.0.1" in lock
    assert "huggingface.co/meta-llama/x" in "".join(seen)  # the repo URL, credentials stripped
    assert checked == len(runs)


def test_ollama_host_credentials_never_printed(
    planted: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _store, _url = planted
    runner = CliRunner()
    for host in (
        f"http://{URL_USER}:{SLASH_PW}@127.0.0.1:9",
        f"{URL_USER}:{SLASH_PW}@127.0.0.1:9",
        f"http://{RANDOM20}@127.0.0.1:9",
    ):
        monkeypatch.setenv("OLLAMA_HOST", host)
        for args in (
            ["scan", str(root), "--require-ollama", "-vv", "-o", "-"],
            ["scan", str(root), "-vv", "-o", "-"],
            ["check", str(root), "--require-ollama", "-vv"],
            ["scan", str(root), "--ollama-host", host, "-vv", "-o", "-"],
        ):
            result = runner.invoke(app, args)
            assert result.exit_code in (0, 1, 2), (args, result.exception)
            for stream in (result.stdout, result.stderr):
                assert not _leaks(stream), (args, _leaks(stream), stream[:2000])


def test_secret_shaped_values_found_in_installs_are_dropped_not_masked(
    planted: tuple[Path, Path, str],
) -> None:
    """The scrubbed JSON still says where each install is and what it is."""
    root, store, url = planted
    result = CliRunner().invoke(
        app,
        ["scan", str(root), "--ollama-host", url, "--ollama-models", str(store), "-f", "json",
         "-o", "-"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    installs = doc["installs"]
    assert {i["name"] for i in installs} == {"llama3.1:8b"}
    assert len(installs) == 2  # the store and the server
    for i in installs:
        assert i["digest"] and not _leaks(json.dumps(i))
        gguf = i.get("gguf") or {}
        assert "basename" not in gguf and "finetune" not in gguf
        assert gguf.get("source_repo_url") == "https://huggingface.co/meta-llama/x" or not gguf
