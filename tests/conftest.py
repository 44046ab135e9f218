"""Shared fixtures: a clean environment and a repo builder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

MakeRepo = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sees the developer's Ollama, HF cache, CI flag or colour settings."""
    for name in (
        "OLLAMA_HOST",
        "OLLAMA_MODELS",
        "HF_HOME",
        "CI",
        "NO_COLOR",
        "FORCE_COLOR",
        "GITHUB_ACTIONS",
        "COLUMNS",
    ):
        monkeypatch.delenv(name, raising=False)
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
