"""Every reader takes any text without raising, and says nothing outside the model layer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.sources.packages import read_packages, role_of

NAMES = (
    "requirements.txt", "pyproject.toml", "setup.cfg", "uv.lock", "poetry.lock", "pdm.lock",
    "Pipfile.lock", "package.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock",
    "bun.lock", "go.mod",
)  # fmt: skip
SEEDS = (
    'litellm==1.82.7\n', '{"dependencies": {"openai": "^4"}}', '[[package]]\nname = "openai"\n',
    'require github.com/ollama/ollama v0.5.1\n', '"openai@^4":\n  version "4.0.0"\n',
    '{"packages": {"node_modules/openai": {"version": "4.0.0"}}}', "packages:\n  /openai@4.0.0:\n",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(SEEDS), st.text(max_size=200), st.integers(0, 60))
def test_readers_never_raise(name: str, seed: str, noise: str, cut: int) -> None:
    text = seed[:cut] + noise + seed[cut:]
    for package in read_packages(f"dir/{name}", text):
        assert role_of(package.ecosystem, package.name) is not None
        assert package.path == f"dir/{name}" and package.line >= 1
