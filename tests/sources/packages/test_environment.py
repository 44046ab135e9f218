"""`--python-env`: installed distributions by METADATA, `.pth` payloads by name and hash, and a
hostile environment costs bounded work."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from llmdeps.errors import UsageError
from llmdeps.sources.packages import environment
from llmdeps.sources.packages.environment import KNOWN_PAYLOADS, read_environment, site_packages


def _site(root: Path, version: str = "3.12") -> Path:
    site = root / "lib" / f"python{version}" / "site-packages"
    site.mkdir(parents=True)
    return site


def _dist(site: Path, name: str, version: str, *, metadata: str | None = None) -> None:
    folder = site / f"{name.replace('-', '_')}-{version}.dist-info"
    folder.mkdir()
    text = metadata or f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nName: other\n"
    (folder / "METADATA").write_text(text)


def test_reads_layer_distributions_of_a_venv_and_of_a_site_packages(tmp_path: Path) -> None:
    venv = tmp_path / ".venv"
    site = _site(venv)
    _dist(site, "LiteLLM", "1.82.8")
    _dist(site, "requests", "2.32.3")  # not the model layer
    _dist(site, "langchain-openai", "0.3.1")
    (site / "broken-1.0.dist-info").mkdir()  # no METADATA: skipped
    env = read_environment(venv, ".venv")
    assert [(p.name, p.version) for p in env.packages] == [
        ("langchain-openai", "0.3.1"),
        ("litellm", "1.82.8"),
    ]
    assert env.packages[1].where == ".venv:lib/python3.12/site-packages/LiteLLM-1.82.8.dist-info"
    direct = read_environment(site, "site")
    assert [p.name for p in direct.packages] == ["langchain-openai", "litellm"]
    assert site_packages(venv) == [site]


def test_known_payload_by_hash_or_by_name_and_suspicious_pth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path / "env")
    payload = b"import os, base64; exec(base64.b64decode('cHJpbnQoMSk='))\n"
    digest = hashlib.sha256(payload).hexdigest()
    monkeypatch.setitem(KNOWN_PAYLOADS, "litellm_init.pth", ("MAL-2026-2144", frozenset({digest})))
    (site / "renamed.pth").write_bytes(payload)  # the payload under another name: by its hash
    (site / "litellm_init.pth").write_text("import sys\n")  # the payload's name, other content
    (site / "distutils-precedence.pth").write_text(
        "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == "
        "'local' and __import__('_distutils_hack').add_shim(); \n"
    )
    (site / "_virtualenv.pth").write_text("import _virtualenv\n")
    (site / "odd.pth").write_text("import zlib, marshal; marshal.loads(zlib.decompress(b''))\n")
    (site / "paths.pth").write_text("/opt/extra\n")
    env = read_environment(tmp_path / "env", "env")
    found = {p.where.rsplit("/", 1)[-1]: p for p in env.payloads}
    assert set(found) == {"renamed.pth", "litellm_init.pth", "odd.pth"}
    assert (
        found["renamed.pth"].advisory == "MAL-2026-2144" and found["renamed.pth"].sha256 == digest
    )
    assert "its SHA-256" in found["renamed.pth"].reason
    assert found["litellm_init.pth"].advisory == "MAL-2026-2144"
    assert found["odd.pth"].advisory is None


def test_the_reference_hash_is_shipped() -> None:
    advisory, digests = KNOWN_PAYLOADS["litellm_init.pth"]
    assert advisory == "MAL-2026-2144"
    assert digests == {"71e35aef03099cd1f2d6446734273025a163597de93912df321ef118bf135238"}


def test_hostile_environment_is_bounded(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    site = _site(venv)
    (venv / "lib64").symlink_to(venv / "lib")  # as venvs do: not followed, not read twice
    (site / "loop").symlink_to(site)
    os.mkfifo(site / "fifo.pth")
    os.mkfifo(site / "litellm_init.pth")  # the payload's name as a FIFO: flagged, never read
    (site / "huge.pth").write_bytes(b"#" * (environment.MAX_PTH_BYTES + 1))
    fifo_dist = site / "openai-1.0.dist-info"
    fifo_dist.mkdir()
    os.mkfifo(fifo_dist / "METADATA")
    link_dist = site / "anthropic-1.0.dist-info"
    link_dist.mkdir()
    (link_dist / "METADATA").symlink_to("/dev/zero")
    big = site / "cohere-1.0.dist-info"
    big.mkdir()
    (big / "METADATA").write_bytes(b"Name: cohere\n" + b"x" * (environment.MAX_METADATA_BYTES + 1))
    env = read_environment(venv, "venv")
    assert env.packages == ()
    assert [p.where.rsplit("/", 1)[-1] for p in env.payloads] == ["litellm_init.pth"]
    reasons = " | ".join(f"{w.path}: {w.reason}" for w in env.warnings)
    assert "fifo.pth" in reasons and "huge.pth" in reasons
    assert "openai-1.0.dist-info" in reasons and "anthropic-1.0.dist-info" in reasons
    assert "cohere-1.0.dist-info" in reasons


def test_a_huge_folder_is_read_up_to_a_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path / "venv")
    monkeypatch.setattr(environment, "MAX_ENTRIES", 20)
    for i in range(30):
        (site / f"zz{i:02}.txt").write_text("")
    env = read_environment(tmp_path / "venv", "venv")
    assert any("more than 20 entries" in w.reason for w in env.warnings)


def test_a_path_that_is_no_environment(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        read_environment(tmp_path / "missing", "missing")
    (tmp_path / "file").write_text("")
    with pytest.raises(UsageError):
        read_environment(tmp_path / "file", "file")
    empty = read_environment(tmp_path, "empty")
    assert empty.packages == () and "no site-packages" in empty.warnings[0].reason
