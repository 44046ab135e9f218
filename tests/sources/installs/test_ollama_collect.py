"""The Ollama readers as the pipeline calls them: a server and a store in one scan."""

from __future__ import annotations

from pathlib import Path

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
    store_at = InstallLocation(LocationKind.STORE, str(store))
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
    assert len(fake.requests) == len(names) + 2
