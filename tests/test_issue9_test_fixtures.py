"""Issue 9, class 9: test fixtures that name a real (catalog-known) model count; ids the catalog
does not know stay placeholders. End to end: detectors, then the inventory's placeholder rule."""

from __future__ import annotations

from llmdeps.config import Config
from llmdeps.pipeline import ScanOptions, scan
from llmdeps.sources.base import InstallOptions
from tests.conftest import MakeRepo

PY_TEST = """\
import os
import pytest

@pytest.fixture
def embed_model():
    return "BAAI/bge-small-en-v1.5"

@pytest.fixture
def settings(monkeypatch):
    monkeypatch.setenv("LLM_MODEL", "llama3.1:8b")
    monkeypatch.setenv("EMBEDDING_MODEL", "fake-embed")
    return Settings()

def test_defaults():
    s = Settings(llm_model="qwen2.5:7b", embedding_model="test/embedder")
    assert s.llm_model == "qwen2.5:7b"

@pytest.mark.parametrize("model", ["gpt-4o-mini", "my-fake-model", "acme/unknown-7b"])
def test_models(model):
    pass
"""
JS_TEST = """\
import { vi, it, expect } from 'vitest'
vi.stubEnv('LLM_MODEL', 'llama3.2:3b')
vi.stubEnv('LLM_MODEL', 'mock-model')
it.each(['claude-3-5-haiku-20241022', 'fake-model'])('runs %s', (model) => {
  expect(run({ model }).model).toBe('gpt-4.1-mini')
})
"""


def test_real_models_in_tests_count_and_placeholders_do_not(make_repo: MakeRepo) -> None:
    root = make_repo({"tests/test_settings.py": PY_TEST, "web/chat.test.ts": JS_TEST})
    out = scan(ScanOptions(root=root, config=Config(), installs=InstallOptions(enabled=False)))
    locked = {r.model for r in out.lock.references}
    assert locked == {
        "BAAI/bge-small-en-v1.5",
        "llama3.1:8b",
        "qwen2.5:7b",
        "gpt-4o-mini",
        "llama3.2:3b",
        "claude-3-5-haiku-20241022",
        "gpt-4.1-mini",
    }
    assert {r.kind.value for r in out.lock.references} == {"test"}
    seen = {r.model for r in out.result.references}
    assert {"test/embedder", "acme/unknown-7b"} <= seen  # found, then left out as placeholders


HELM_TEST_VALUES = """\
servingEngineSpec:
  modelSpec:
  - name: "opt125m"
    repository: "vllm/vllm-openai"
    modelURL: "facebook/opt-125m"
  - name: "fake"
    modelURL: "acme/tiny-test-model"
"""


def test_a_small_real_model_in_test_assets_counts(make_repo: MakeRepo) -> None:
    """facebook/opt-125m is a real Meta model that CI serves: once the catalog knows OPT, the
    placeholder rule keeps it; an unknown id under tests/ is still left out."""
    root = make_repo({"tests/assets/values-01-minimal.yaml": HELM_TEST_VALUES})
    out = scan(ScanOptions(root=root, config=Config(), installs=InstallOptions(enabled=False)))
    locked = {r.model for r in out.lock.references}
    assert "facebook/opt-125m" in locked
    assert "acme/tiny-test-model" not in locked
