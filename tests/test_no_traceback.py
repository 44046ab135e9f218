"""No traceback from any input (integrity issue, item 7): each hostile value below is a warning
(the scan goes on) or one stderr line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.sources.installs.gguf import info_from_values, read_gguf_info
from tests import ollama_fixtures as of

APP = 'import ollama\nollama.chat(model="llama3.1:8b")\n'
HUGE = "9" * 5000


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _one_line(code: int, err: str, what: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("llmdeps: error: "), err
    assert what in err and "Traceback" not in err, err


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(APP)
    return root


@pytest.mark.parametrize(
    ("lock", "what"),
    [
        (f"schema_version: {HUGE}\n", "too long or nested too deep"),
        (
            "schema_version: 1\ntool_version: x\nmodels: []\nworkflows: []\nreferences: []\n"
            f"fallbacks: []\nconcentration: {{top_share: 0.0, hhi: {HUGE}, portability: 0.0, "
            "by_workflows: [], by_references: [], top_vendor: null}\n",
            "too long or nested too deep",
        ),
        ("schema_version: 1\nmodels: " + "[" * 20000 + "]" * 20000 + "\n", "llmdeps.lock"),
        (
            "schema_version: 1\nmodels:\n" + "".join("  " * i + "- a:\n" for i in range(1500)),
            "llmdeps.lock",
        ),
        ("schema_version: 1\nmodels: " + "{a: " * 20000 + "1" + "}" * 20000 + "\n", "llmdeps.lock"),
    ],
    ids=["huge-version", "huge-hhi", "deep-flow-list", "deep-block", "deep-flow-map"],
)
def test_a_hostile_lock_is_one_line_for_check_and_report(
    tmp_path: Path, lock: str, what: str
) -> None:
    root = _repo(tmp_path)
    (root / "llmdeps.lock").write_text(lock)
    code, _out, err = _run("check", str(root), "--no-ollama")
    _one_line(code, err, what)
    code, _out, err = _run("report", str(root))
    _one_line(code, err, what)


@pytest.mark.parametrize(
    ("name", "text", "what"),
    [
        (".llmdeps.yaml", f"policy:\n  max_vendor_share: {HUGE}\n", ".llmdeps.yaml"),
        (".llmdeps.yaml", f"max_file_size: {HUGE}\n", ".llmdeps.yaml"),
        (".llmdeps.yaml", "criticality_weights: {high: .inf}\n", "must be a finite number"),
        (".llmdeps.yaml", "criticality_weights: {high: .nan}\n", "must be a finite number"),
        (".llmdeps.yaml", "policy:\n  max_vendor_share: .nan\n", "must be a finite number"),
        (".llmdeps.yaml", "policy:\n  max_hhi: .nan\n", "policy.max_hhi"),
        (".llmdeps.yaml", "policy:\n  min_portability: .inf\n", "policy.min_portability"),
        (".llmdeps.yaml", "a: " + "[" * 20000 + "]" * 20000 + "\n", "nested too deeply"),
        (".llmdeps.yaml", "a: " + "{b: " * 20000 + "1" + "}" * 20000 + "\n", ".llmdeps.yaml"),
        ("pyproject.toml", "[tool.llmdeps]\nx = " + "[" * 5000 + "]" * 5000 + "\n", "pyproject"),
        ("pyproject.toml", f"[tool.llmdeps]\nmax_file_size = {HUGE}\n", "pyproject.toml"),
        (
            "pyproject.toml",
            "[tool.llmdeps.policy]\nmax_vendor_share = nan\n",
            "must be a finite number",
        ),
        (
            "pyproject.toml",
            "[tool.llmdeps]\ncriticality_weights = {high = inf}\n",
            "must be a finite number",
        ),
    ],
)
def test_a_hostile_config_is_one_line(tmp_path: Path, name: str, text: str, what: str) -> None:
    root = _repo(tmp_path)
    (root / name).write_text(text)
    code, _out, err = _run("scan", str(root), "--no-ollama", "-o", "-")
    _one_line(code, err, what)


def test_long_dotted_toml_headers_outside_the_tool_table_never_fail_a_scan(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text("[" + ".".join(["a"] * 5000) + "]\nx = 1\n")
    code, out, err = _run("scan", str(root), "--no-ollama", "-o", "-")
    assert code == 0 and "llama3.1:8b" in out, err


HOSTILE_KEYS: dict[str, object] = {
    "general.base_model.².name": "superscript index",
    "general.base_model.٣.name": "arabic-indic digit",
    f"general.base_model.{HUGE}.name": "5000-digit index",
    "general.base_model..name": "empty index",
    "general.base_model.0.name": "Llama 3.1 8B",
    "general.base_model.0.organization": "Meta Llama",
    "general.base_model.count": 10**5000 - 1,
    "general.file_type": 10**5000 - 1,
}


def test_model_info_keys_with_odd_indices_give_no_exception() -> None:
    info = info_from_values(HOSTILE_KEYS)
    assert info.file_type is None  # no 64-bit GGUF integer: dropped, it could not be printed
    assert len(info.base_models) <= 64
    without_count = {k: v for k, v in HOSTILE_KEYS.items() if not k.endswith(".count")}
    bases = info_from_values(without_count).base_models
    assert [b.name for b in bases] == ["Llama 3.1 8B"]


def test_a_gguf_header_with_odd_base_model_keys_is_read(tmp_path: Path) -> None:
    path = of.write_gguf(
        tmp_path / "m.gguf",
        meta={"name": "x", "organization": "Meta Llama"},
        base_models=[{"name": "Llama 3.1 8B"}],
    )
    # the gguf package writes only str/int keys; add the hostile ones through its writer too
    import gguf

    w = gguf.GGUFWriter(str(tmp_path / "odd.gguf"), "llama")
    w.add_string("general.base_model.².name", "superscript")
    w.add_string(f"general.base_model.{HUGE}.name", "huge")
    w.add_string("general.base_model.0.name", "Llama 3.1 8B")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    assert read_gguf_info(path).base_models
    assert [b.name for b in read_gguf_info(tmp_path / "odd.gguf").base_models] == ["Llama 3.1 8B"]


def test_one_bad_install_never_breaks_the_scan(tmp_path: Path) -> None:
    """A store with a corrupt GGUF blob, a manifest of junk and an odd-keyed header beside a good
    model: the scan warns and records the good one."""
    root = _repo(tmp_path)
    store = tmp_path / "store"
    b = of.StoreBuilder(store)
    good = of.gguf_bytes(tmp_path / "g.gguf", "llama", {"organization": "Meta Llama"})
    b.model("llama3.1:8b", weights=good, license_text=of.LLAMA31_LICENSE)
    b.model("broken:latest", weights=b"GGUF\x03\x00\x00\x00" + b"\xff" * 64)
    bad_manifest = b.manifest_path("junk:latest")
    bad_manifest.parent.mkdir(parents=True, exist_ok=True)
    bad_manifest.write_text('{"schemaVersion": ' + HUGE + "}")
    deep = b.manifest_path("deep:latest")
    deep.parent.mkdir(parents=True, exist_ok=True)
    deep.write_text("[" * 100000 + "]" * 100000)
    code, out, err = _run("scan", str(root), "--ollama-models", str(store), "-f", "json", "-o", "-")
    assert code == 0, err
    names = {i["name"] for i in json.loads(out)["installs"]}
    assert "llama3.1:8b" in names
    assert "Traceback" not in err


def test_an_ollama_server_with_odd_model_info_keys_is_read(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    store = tmp_path / "store"
    b = of.StoreBuilder(store)
    b.model("llama3.1:8b", weights=of.gguf_bytes(tmp_path / "g.gguf", "llama"))
    tags = of.tags_from_store(store)
    show = of.show_from_store(store, "llama3.1:8b")
    info = show["model_info"]
    assert isinstance(info, dict)
    info.update({k: v for k, v in HOSTILE_KEYS.items() if not isinstance(v, int)})
    fake = of.FakeOllama(tags=tags, shows={"llama3.1:8b": show})
    # a 5000-digit number in a JSON answer is refused by the JSON reader: a warning, not a crash
    fake.override["POST /api/show broken:latest"] = (
        200,
        b'{"model_info": {"a": ' + HUGE.encode() + b"}}",
    )
    models = tags["models"]
    assert isinstance(models, list)
    models.append(dict(models[0], name="broken:latest", model="broken:latest"))
    with of.serve(fake) as url:
        code, out, err = _run(
            "scan", str(root), "--ollama-host", url, "-f", "json", "-o", "-", "-v"
        )
    assert code == 0, err
    installs = json.loads(out)["installs"]
    assert {i["name"] for i in installs} >= {"llama3.1:8b"}
    assert "Traceback" not in err
