"""Shared fixtures: a clean environment and a repo builder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from llmdeps.sources.installs import lmstudio

# Property tests run by default with a small budget and no per-example deadline (a 2-core CI box
# under load must not flake); `--hypothesis-profile=thorough` for a longer search.
settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile("default")

MakeRepo = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test sees the developer's Ollama, HF cache, LM Studio folder, CI flag or colours."""
    for name in (
        "OLLAMA_HOST",
        "OLLAMA_MODELS",
        "HF_HOME",
        "HUGGINGFACE_HUB_CACHE",
        "XDG_CACHE_HOME",
        "CI",
        "NO_COLOR",
        "FORCE_COLOR",
        "GITHUB_ACTIONS",
        "COLUMNS",
    ):
        monkeypatch.delenv(name, raising=False)
    # A cache the environment names but that does not exist is skipped without a word.
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "no-hf-cache"))
    monkeypatch.setattr(lmstudio, "default_models_dirs", lambda environ: [])
    # The content cache of a test lives and dies with it (never the developer's cache).
    # (next to tmp_path, not in it: tests scan tmp_path itself)
    monkeypatch.setenv("LLMDEPS_CACHE_DIR", str(tmp_path.parent / f"{tmp_path.name}-llmdeps-cache"))
    yield


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """Write {relative path: content} into a fresh directory and return it."""

    def build(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "repo"
        root.mkdir(exist_ok=True)
        for rel, content in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root

    return build
