"""The Ollama readers as the pipeline calls them: a server and a store in one scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmdeps.config import Config
from llmdeps.model import InstallLocation, LocationKind
from llmdeps.pipeline import ScanOptions, scan
from llmdeps.sources.base import InstallOptions
from tests.conftest import MakeRepo
from tests.ollama_fixtures import (
    FakeOllama,
    refused_url,
    serve,
    show_from_store,
    standard_store,
    tags_from_store,
)


def test_scan_reads_server_and_store_and_names_the_dead_host(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo({"app.py": 'import ollama\nollama.chat(model="llama3.1:8b")\n'})
    store = tmp_path / "models"
    standard_store(store)
    tags = tags_from_store(store)
    names = [m["name"] for m in tags["models"]]  # type: ignore[attr-defined]
    fake = FakeOllama(
        tags=tags, shows={n: show_from_store(store, n, models_dir=str(store)) for n in names}
    )
    dead = refused_url()
    with serve(fake) as url:
        out = scan(
            ScanOptions(
                root=root,
                config=Config(),
                jobs=1,
                installs=InstallOptions(
                    locations={"ollama-server": (url,), "ollama-store": (str(store),)},
                    environ={"OLLAMA_HOST": dead},
                ),
            )
        )
    result = out.result
    # a store the user named is recorded relative to the repository (the same on every machine)
    store_at = InstallLocation(LocationKind.STORE, "../models")
    server_at = InstallLocation(LocationKind.SERVER, url)
    assert result.install_sources == (server_at, store_at)
    assert out.unreachable_hosts == (dead,)
    assert [w for w in result.warnings if w.path.startswith(("http", str(store)))] == []
    by_source = {(i.location, i.name): i for i in result.installs}
    assert len(by_source) == 8
    online, offline = by_source[(server_at, "llama3.1:8b")], by_source[(store_at, "llama3.1:8b")]
    assert online.digest == offline.digest
    # The weights digest comes from the store's model layer offline and from /api/show's
    # `FROM <models>/blobs/sha256-...` line online: the same artifact gives the same value.
    assert offline.weights_digest is not None
    assert online.weights_digest == offline.weights_digest
    assert len(fake.requests) == len(names) + 3


def test_on_disk_locations_are_named_the_same_on_every_machine(tmp_path: Path) -> None:
    from llmdeps.sources.installs.ondisk import lock_names

    home = tmp_path / "home" / "alice"
    default = home / ".ollama" / "models"
    chosen = tmp_path / "srv" / "models"
    repo = tmp_path / "work" / "repo"
    for d in (default, chosen, repo):
        d.mkdir(parents=True)
    env = {"HOME": str(home), "OLLAMA_MODELS": str(chosen)}
    names = lock_names(
        [repo / "models", tmp_path / "srv"],
        [chosen, default, Path("/usr/share/ollama/.ollama/models")],
        root=repo,
        environ=env,
        env_vars=("OLLAMA_MODELS",),
    )
    assert names == {
        repo / "models": "models",
        tmp_path / "srv": "../../srv",
        chosen: "$OLLAMA_MODELS",
        default: "~/.ollama/models",
        Path("/usr/share/ollama/.ollama/models"): "/usr/share/ollama/.ollama/models",
    }
    assert "alice" not in "".join(names.values())


def test_the_demo_lock_is_the_same_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from llmdeps.cli.app import app
    from tests.openai_fixtures import DEMO_VLLM, demo_vllm

    top = Path(__file__).resolve().parents[3]
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")
    locks = []
    for cwd, demo, examples in (
        (top, "examples/demo", "examples"),
        (top / "examples" / "demo", ".", ".."),
        (tmp_path, str(top / "examples" / "demo"), str(top / "examples")),
    ):
        monkeypatch.chdir(cwd)
        out = tmp_path / f"lock{len(locks)}"
        folders = [
            *("--ollama-models", f"{examples}/ollama-store"),
            *("--hf-cache", f"{examples}/hf-cache"),
            *("--lmstudio-models", f"{examples}/lmstudio-models"),
        ]
        with demo_vllm() as proxy:
            monkeypatch.setenv("HTTP_PROXY", proxy)
            folders += ["--openai-host", DEMO_VLLM]
            result = CliRunner().invoke(app, ["scan", demo, *folders, "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        locks.append(out.read_text())
    assert locks[0] == locks[1] == locks[2]
    assert (top / "inventory.example.yaml").read_text() == locks[0]
