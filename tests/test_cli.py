"""End-to-end CLI behaviour: outputs, exit codes, determinism, moved lines, secrets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.formats import CHECK_FORMATS, REPORT_FORMATS
from tests.conftest import MakeRepo

runner = CliRunner()

APP = {
    "app/llm.py": (
        "import os\n"
        "import ollama\n"
        "from openai import OpenAI\n\n"
        'MODEL = os.getenv("LLM_MODEL", "llama3.1:8b")\n\n'
        "def summarize(text):\n"
        "    return ollama.chat(model=MODEL, messages=[])\n\n"
        "def classify(text):\n"
        '    return OpenAI().chat.completions.create(model="gpt-4o-2024-08-06", messages=[])\n'
    ),
    "Dockerfile": "FROM ollama/ollama:latest\nRUN ollama serve & sleep 2 && ollama pull llama3.1:8b\n",
    "docs/notes.md": "We moved from gpt-4 to gpt-4o; prose is not a reference.\n",
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_scan_writes_lock_and_summary_to_stderr(make_repo: MakeRepo) -> None:
    root = make_repo(APP)
    code, out, err = invoke("scan", str(root), "--no-ollama")
    assert code == 0, err
    assert out == ""
    lock = (root / "llmdeps.lock").read_text()
    assert "model_id: ollama/llama3.1:8b" in lock
    assert "model_id: openai/gpt-4o-2024-08-06" in lock
    assert "gpt-4\n" not in lock  # prose
    assert "references to" in err and "wrote" in err


def test_scan_json_has_every_reference_with_position(make_repo: MakeRepo) -> None:
    root = make_repo(APP)
    code, out, err = invoke("scan", str(root), "--no-ollama", "--format", "json", "-q")
    assert code == 0, err
    doc = json.loads(out)
    refs = {(r["path"], r["model"]): r for r in doc["references"]}
    llama = refs[("app/llm.py", "llama3.1:8b")]
    lines = APP["app/llm.py"].splitlines()
    # 1-based line and column of the opening quote of the literal, as editors and SARIF count.
    assert (llama["line"], llama["column"]) == (5, lines[4].index('"llama3.1:8b"') + 1)
    assert llama["kind"] in ("call", "env-default") and llama["runtime"] == "ollama"
    gpt = refs[("app/llm.py", "gpt-4o-2024-08-06")]
    assert (gpt["line"], gpt["column"]) == (11, lines[10].index('"gpt-4o-2024-08-06"') + 1)
    assert ("Dockerfile", "llama3.1:8b") in refs
    assert not (root / "llmdeps.lock").exists()


def test_lock_is_deterministic_and_ignores_moved_lines(make_repo: MakeRepo) -> None:
    root = make_repo(APP)
    assert invoke("scan", str(root), "--no-ollama", "-q")[0] == 0
    first = (root / "llmdeps.lock").read_bytes()
    assert invoke("scan", str(root), "--no-ollama", "-q")[0] == 0
    assert (root / "llmdeps.lock").read_bytes() == first
    moved = "# a new comment\n\n\n" + APP["app/llm.py"].replace("def classify", "\n\ndef classify")
    (root / "app/llm.py").write_text(moved)
    assert invoke("scan", str(root), "--no-ollama", "-q")[0] == 0
    assert (root / "llmdeps.lock").read_bytes() == first
    assert invoke("check", str(root), "--no-ollama")[0] == 0


def test_check_reports_added_model_and_names_the_fix(make_repo: MakeRepo) -> None:
    root = make_repo(APP)
    invoke("scan", str(root), "--no-ollama", "-q")
    assert invoke("check", str(root), "--no-ollama", "-q") == (0, "", "")
    (root / "app/extra.py").write_text(
        'import anthropic\nanthropic.Anthropic().messages.create(model="claude-3-5-haiku-20241022")\n'
    )
    code, out, _err = invoke("check", str(root), "--no-ollama")
    assert code == 1
    assert "anthropic/claude-3-5-haiku-20241022" in out
    assert "llmdeps scan" in out
    code, out, _err = invoke("check", str(root), "--no-ollama", "--format", "json")
    findings = json.loads(out)["findings"]
    assert code == 1 and {f["rule"] for f in findings} == {"lock-stale"}


def test_check_without_lock_is_exit_2_one_line(make_repo: MakeRepo) -> None:
    root = make_repo(APP)
    code, out, err = invoke("check", str(root), "--no-ollama")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("llmdeps: error:") and "llmdeps scan" in err
    assert "Traceback" not in err


def test_missing_path_is_usage_error(tmp_path: Path) -> None:
    code, _out, err = invoke("scan", str(tmp_path / "nope"), "--no-ollama")
    assert code == 2 and "Traceback" not in err


def test_bad_max_file_size_is_usage_error(make_repo: MakeRepo) -> None:
    code, _out, err = invoke("scan", str(make_repo(APP)), "--no-ollama", "--max-file-size", "lots")
    assert code == 2 and "--max-file-size" in err


def test_explain_json_lists_one_object_per_id_in_order() -> None:
    code, out, _err = invoke(
        "explain", "llama3.1:8b", "gpt-4o-2024-08-06", "claude-sonnet-4-5", "--format", "json"
    )
    assert code == 0
    doc = json.loads(out)
    assert [d["id"] for d in doc] == ["llama3.1:8b", "gpt-4o-2024-08-06", "claude-sonnet-4-5"]
    for item in doc:
        assert set(item) >= {
            "id",
            "vendor",
            "lineage_vendor",
            "family",
            "runtime",
            "pinned",
            "open_weights",
            "license",
        }
    assert doc[1]["vendor"] == "OpenAI" and doc[1]["pinned"] == "pinned"
    assert doc[0]["lineage_vendor"] == "Meta"


def test_explain_table() -> None:
    code, out, _err = invoke("explain", "mistral-large-latest")
    assert code == 0 and "Mistral" in out and "floating" in out


@pytest.mark.parametrize("fmt", sorted(REPORT_FORMATS))
def test_report_renders_every_format_from_the_lock(make_repo: MakeRepo, fmt: str) -> None:
    root = make_repo(APP)
    invoke("scan", str(root), "--no-ollama", "-q")
    code, out, err = invoke("report", str(root), "--format", fmt)
    assert code == 0, err
    assert "Meta" in out and "OpenAI" in out


def test_report_without_lock_is_exit_2(tmp_path: Path) -> None:
    code, _out, err = invoke("report", str(tmp_path))
    assert code == 2 and "llmdeps scan" in err


SECRETS = {
    ".env": "OPENAI_API_KEY=sk-proj-PLANTEDSECRET0001\nLLM_MODEL=llama3.1:8b\n"
    "DB_PASSWORD=PLANTEDSECRET0002\n",
    "config.yaml": "llm:\n  model: gpt-4o-2024-08-06\n  api_key: PLANTEDSECRET0003\n"
    "  token: ${TOKEN:-PLANTEDSECRET0004}\n",
    "settings.json": '{"model": "claude-3-5-haiku-20241022", "apiKey": "PLANTEDSECRET0005"}\n',
    "pyproject.toml": '[tool.app]\nmodel = "mistral-large-2411"\npassword = "PLANTEDSECRET0006"\n',
    "app.py": 'import openai\nKEY = "PLANTEDSECRET0007"\nclient = openai.OpenAI(api_key="PLANTEDSECRET0008")\n'
    'client.chat.completions.create(model="gpt-4o-mini", messages=[], user="PLANTEDSECRET0009")\n',
    "compose.yaml": "services:\n  app:\n    environment:\n      - LLM_MODEL=llama3.2\n"
    "      - SECRET_KEY=PLANTEDSECRET0010\n",
    "web/chat.ts": "import OpenAI from 'openai';\n"
    "const client = new OpenAI({ apiKey: 'PLANTEDSECRET0011' });\n"
    "client.chat.completions.create({ model: 'gpt-4.1-mini', user: 'PLANTEDSECRET0012' });\n",
    "nb/explore.ipynb": json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "outputs": [{"output_type": "stream", "text": ["PLANTEDSECRET0013"]}],
                    "source": [
                        "import ollama\n",
                        'TOKEN = "PLANTEDSECRET0014"\n',
                        'ollama.chat(model="qwen2.5:7b", messages=[])\n',
                    ],
                }
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    ),
}


def test_planted_secrets_never_reach_any_output(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo(SECRETS)
    outputs = []
    code, out, err = invoke("scan", str(root), "--no-ollama", "-vv")
    assert code == 0, err
    outputs += [out, err, (root / "llmdeps.lock").read_text()]
    code, out, err = invoke("scan", str(root), "--no-ollama", "--format", "json", "-v")
    doc = json.loads(out)
    assert {r["model"] for r in doc["references"]} >= {
        "llama3.1:8b",
        "gpt-4o-2024-08-06",
        "claude-3-5-haiku-20241022",
        "mistral-large-2411",
        "gpt-4o-mini",
        "llama3.2",
        "gpt-4.1-mini",
        "qwen2.5:7b",
    }
    outputs += [out, err]
    for fmt in REPORT_FORMATS:
        outputs += list(invoke("report", str(root), "--format", fmt)[1:])
    # a stale lock, so check has findings that name files, in every format
    (root / "later.py").write_text('import ollama\nAPI_KEY = "PLANTEDSECRET0015"\nollama.chat("phi3")\n')
    for check_format in CHECK_FORMATS:
        code, out, err = invoke("check", str(root), "--no-ollama", "--format", check_format)
        assert code == 1 and "later.py" in out, (check_format, err)
        outputs += [out, err]
    outputs += list(invoke("explain", "gpt-4o")[1:])
    for text in outputs:
        assert "PLANTEDSECRET" not in text


def test_inventory_example_matches_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.openai_fixtures import DEMO_VLLM, demo_vllm

    top = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(top)
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")  # nothing listens on the discard port
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    out = tmp_path / "demo.lock"
    with demo_vllm() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy)  # answers as the demo's http://vllm:8000
        code, _out, err = invoke(
            "scan",
            "examples/demo",
            *("--ollama-models", "examples/ollama-store"),
            *("--hf-cache", "examples/hf-cache"),
            *("--lmstudio-models", "examples/lmstudio-models"),
            *("--openai-host", DEMO_VLLM),
            *("--output", str(out), "-q"),
        )
    assert code == 0, err
    expected = (top / "inventory.example.yaml").read_text()
    assert out.read_text() == expected, "run: python examples/make_demo_lock.py"


def test_demo_report_matches_the_demo_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    top = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(top)
    code, out, err = invoke(
        "report", "examples/demo", "--lock", "inventory.example.yaml", "--format", "markdown"
    )
    assert code == 0, err
    assert out == (top / "examples" / "demo-report.md").read_text(), (
        "run: python examples/make_demo_lock.py"
    )


@pytest.mark.skipif(shutil.which("llmdeps") is None, reason="llmdeps is not installed")
def test_installed_console_script(make_repo: MakeRepo) -> None:
    root = make_repo(APP)
    proc = subprocess.run(
        ["llmdeps", "scan", str(root), "--no-ollama", "--output", "-"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(Path(sys.executable).parent), "CI": "true"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# llmdeps.lock")
    assert "\x1b[" not in proc.stderr  # no colour or progress codes when piped


def test_installs_in_the_lock_stand_when_ollama_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A developer or CI runner without Ollama must neither wipe nor contradict the digests."""
    top = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(top)
    demo = tmp_path / "demo"
    shutil.copytree(top / "examples" / "demo", demo)
    from tests.openai_fixtures import DEMO_VLLM, demo_vllm

    store = ["--ollama-models", "examples/ollama-store", "--hf-cache", "examples/hf-cache"]
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")
    with demo_vllm() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy)  # the demo's vLLM, as http://vllm:8000
        assert invoke("scan", str(demo), *store, "--openai-host", DEMO_VLLM, "-q")[0] == 0
    monkeypatch.delenv("HTTP_PROXY")
    with_store = (demo / "llmdeps.lock").read_text()
    assert "pin: digest" in with_store and "weights_digest:" in with_store

    code, _out, err = invoke("scan", str(demo), "--no-ollama")
    assert code == 0, err
    assert (demo / "llmdeps.lock").read_text() == with_store
    assert "not read this time" in err

    code, out, err = invoke("check", str(demo), "--no-ollama", "--fail-on", "warning")
    assert (code, out) == (0, "llmdeps check: ok\n"), err


def test_hostile_file_names_are_scanned_and_round_trip(tmp_path: Path) -> None:
    """Invalid UTF-8, a newline, a leading dash and a bidi override in file names."""
    import os

    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    body = b'import ollama\nollama.chat(model="llama3.1:8b")\n'
    names = [b"bad\xffname.py", b"new\nline.py", b"-rf.py", "caf\u00e9 \u202e.py".encode()]
    for name in names:
        (root / "app" / os.fsdecode(name)).write_bytes(body)
    code, _out, err = invoke("scan", str(root), "--no-ollama", "-q")
    assert code == 0, err
    lock = (root / "llmdeps.lock").read_text(encoding="utf-8")
    assert "app/bad\\xffname.py" in lock
    code, out, err = invoke("check", str(root), "--no-ollama")
    assert (code, out) == (0, "llmdeps check: ok\n"), err
    code, out, err = invoke("scan", str(root), "--no-ollama", "-f", "json", "-q")
    assert code == 0, err
    paths = {r["path"] for r in json.loads(out)["references"]}
    # control characters and bidi overrides are escaped where names enter (integrity issue, 9)
    assert paths == {
        "app/bad\\xffname.py",
        "app/new\\x0aline.py",
        "app/-rf.py",
        "app/caf\u00e9 \\u202e.py",
    }


@pytest.mark.parametrize("host", ["ftp://x", "http://[::1", "http://user:hunter2@127.0.0.1:9"])
def test_an_unusable_ollama_host_flag_is_a_usage_error(make_repo: MakeRepo, host: str) -> None:
    root = make_repo(APP)
    code, out, err = invoke("scan", str(root), "--ollama-host", host, "-q")
    assert code == 2 and out == ""
    assert err.startswith("llmdeps: error: --ollama-host") and err.count("\n") == 1
    assert "hunter2" not in err


def test_check_reports_digest_drift_in_a_real_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same tag, new manifest (a re-pull changed the template): check fails and says the
    weights are the same; the tag gone from the store is reported too."""
    top = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")
    demo, store = tmp_path / "demo", tmp_path / "store"
    shutil.copytree(top / "examples" / "demo", demo)
    shutil.copytree(top / "examples" / "ollama-store", store)
    assert invoke("scan", str(demo), "--ollama-models", str(store), "-q")[0] == 0
    assert invoke("check", str(demo), "--ollama-models", str(store))[0] == 0

    library = store / "manifests" / "registry.ollama.ai" / "library"
    manifest = library / "llama3.1" / "8b"
    doc = json.loads(manifest.read_text())
    doc["layers"] = [layer for layer in doc["layers"] if not layer["mediaType"].endswith("params")]
    manifest.write_text(json.dumps(doc))
    shutil.rmtree(library / "mistral")

    code, out, err = invoke("check", str(demo), "--ollama-models", str(store))
    assert code == 1, err
    lines = out.splitlines()
    moved = [x for x in lines if "drift-digest" in x and "llama3.1:8b" in x]
    assert len(moved) == 1 and "same weights" in moved[0]
    assert any("drift-missing" in x and "mistral:7b" in x for x in lines)
    assert code == invoke("check", str(demo), "--ollama-models", str(store), "-f", "json")[0]


def test_an_install_location_with_no_ollama_is_a_usage_error(tmp_path: Path) -> None:
    for flag, value in (("--ollama-models", str(tmp_path)), ("--ollama-host", "localhost:1")):
        result = CliRunner().invoke(app, ["scan", str(tmp_path), "--no-ollama", flag, value])
        assert result.exit_code == 2
        assert result.stderr == f"llmdeps: error: {flag} and --no-ollama contradict each other; drop one\n"


def test_names_from_files_and_config_reach_no_output_raw(tmp_path: Path) -> None:
    hostile = "a\n::error file=x::pwned\x1b[2J\u202e.py"
    (tmp_path / hostile).write_text('import ollama\nollama.chat(model="llama3.1:8b")\n')
    (tmp_path / ".llmdeps.yaml").write_text(
        'workflows:\n  "job\\x1b[31m\\nfake": {paths: ["*.py"], owner: "ops\\r\\u2028x"}\n'
    )
    runner = CliRunner()
    assert runner.invoke(app, ["scan", str(tmp_path), "--no-ollama", "-v"]).exit_code == 0
    (tmp_path / "app2.py").write_text('import ollama\nollama.chat(model="qwen2.5:7b")\n')
    outputs = []
    for args in (
        ["check", str(tmp_path), "--no-ollama"],
        ["check", str(tmp_path), "--no-ollama", "-f", "github"],
        ["report", str(tmp_path)],
        ["report", str(tmp_path), "-f", "markdown"],
        ["scan", str(tmp_path), "--no-ollama", "-v", "-o", "-"],
    ):
        result = runner.invoke(app, args)
        outputs += [result.stdout, result.stderr]
    for text in outputs:
        assert "\x1b" not in text and "\u202e" not in text and "\u2028" not in text and "\r" not in text
        assert not any(line.startswith("::error file=x") for line in text.splitlines())
    assert any("a\\x0a::error" in text for text in outputs)


def test_scan_to_another_lock_keeps_the_committed_installs(tmp_path: Path) -> None:
    top = Path(__file__).resolve().parent.parent
    demo = tmp_path / "demo"
    shutil.copytree(top / "examples" / "demo", demo)
    shutil.copy(top / "inventory.example.yaml", demo / "llmdeps.lock")
    shutil.copytree(top / "examples" / "ollama-store", tmp_path / "ollama-store")
    other = tmp_path / "other.lock"
    result = CliRunner().invoke(app, ["scan", str(demo), "--no-ollama", "-o", str(other), "-q"])
    assert result.exit_code == 0, result.output
    assert other.read_text() == (demo / "llmdeps.lock").read_text()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory")
def test_an_unreadable_directory_is_named_in_the_summary(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('import ollama\nollama.chat(model="llama3.1:8b")\n')
    locked = tmp_path / "private"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = CliRunner().invoke(app, ["scan", str(tmp_path), "--no-ollama"])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 0
    assert "1 directory could not be read: private" in result.stderr


def test_the_summary_names_unreadable_directories_without_verbose() -> None:
    from io import StringIO

    from rich.console import Console

    from llmdeps.formats.summary import print_summary
    from llmdeps.pipeline import ScanSummary
    from tests import factories

    buf = StringIO()
    summary = ScanSummary(
        lock=factories.lock(),
        files_scanned=3,
        installs_read=False,
        warnings=(),
        skipped=(("private", "unreadable directory: Permission denied"), ("big.bin", "binary")),
    )
    print_summary(Console(file=buf, width=200), summary, verbose=0, wrote=None)
    assert "1 directory could not be read: private" in buf.getvalue()
    assert "big.bin" not in buf.getvalue()


def test_the_summary_never_cuts_a_model_id_on_a_narrow_terminal() -> None:
    from io import StringIO

    from rich.console import Console

    from llmdeps.formats.summary import print_summary
    from llmdeps.pipeline import ScanSummary
    from tests import factories

    lock = factories.lock()
    buf = StringIO()
    summary = ScanSummary(lock=lock, files_scanned=3, installs_read=False, warnings=(), skipped=())
    print_summary(Console(file=buf, width=60), summary, verbose=0, wrote=None)
    text = buf.getvalue()
    for model in lock.models:  # each id whole (the terminal, not llmdeps, wraps a long line)
        assert model.id in text


def test_scan_output_into_new_folders_or_a_folder(make_repo: MakeRepo, tmp_path: Path) -> None:
    """A newcomer's `--output FILE`: missing folders are made; a folder gets `llmdeps.lock`."""
    root = make_repo(APP)
    nested = tmp_path / "out" / "locks" / "demo.lock"
    code, _, err = invoke("scan", str(root), "--no-ollama", "-q", "--output", str(nested))
    assert code == 0, err
    assert "model_id: ollama/llama3.1:8b" in nested.read_text()
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = invoke("scan", str(root), "--no-ollama", "-q", "--output", str(folder))
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["llmdeps.lock"]
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    code, _, err = invoke("scan", str(root), "--no-ollama", "-q", "-o", str(blocked / "x.lock"))
    assert code == 2 and "cannot write" in err
    assert blocked.read_text() == "x"
