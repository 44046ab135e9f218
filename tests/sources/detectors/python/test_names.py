"""Name and value tests: module paths, names that mention a model but hold something else."""

from __future__ import annotations

import pytest

from llmdeps.sources.detectors.python import module_path
from llmdeps.sources.detectors.python.names import (
    family_like,
    group_ok,
    name_says_model,
    revision_ok,
    strong_ok,
)
from tests.sources.detectors.python.helpers import refs

# --- module paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "module"),
    [
        ("service/summaries.py", "service.summaries"),
        ("pkg/__init__.py", "pkg"),
        ("main.py", "main"),
        ("stubs/types.pyi", "stubs.types"),
    ],
)
def test_module_path(path: str, module: str) -> None:
    assert module_path(path) == module


# --- names ----------------------------------------------------------------------------------------


def test_prefix_marker_and_family_lists_are_not_model_catalogs() -> None:
    """Shapes from zylon-ai/private-gpt: lists used with `startswith` or to match families."""
    source = (
        'OPENAI_CHAT_MODEL_PREFIXES = ("gpt-", "o1", "o3", "o4", "chatgpt")\n'
        'OPENAI_NON_CHAT_MODEL_MARKERS = ("embedding", "whisper", "tts", "dall-e")\n'
        'OLLAMA_EMBEDDING_FAMILIES = ("nomic-bert", "bert")\n'
        'CHAT_MODELS = ("gpt-4o-mini", "o3")\n'
    )
    assert sorted(r.model for r in refs(source)) == ["gpt-4o-mini", "o3"]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("MODEL", True),
        ("llm_model", True),
        ("--embed-model", True),
        ("DEPLOYMENT_NAME", True),
        ("MODEL_DIR", False),
        ("model_api_key", False),
        ("MODEL_ARCH_NAMES", False),
        ("model_types", False),
        ("OPENAI_CHAT_MODEL_PREFIXES", False),
        ("prompt", False),
    ],
)
def test_name_says_model(name: str, says: bool) -> None:
    assert name_says_model(name) is says


def test_value_tests() -> None:
    assert strong_ok("gpt-4o") and not strong_ok("sk-proj-PLANTEDSECRET0001aaaaaaaaaaaaaaaaaaaaa")
    assert not strong_ok("ollama/ollama:latest")  # a container image, not a model
    assert family_like("llama3.1:8b") and not family_like("llama") and not family_like("a/b")
    assert group_ok("*") and group_ok("fast-tier")
    assert revision_ok("main") and revision_ok("a1b2c3d") and not revision_ok("two words")


def test_image_model_family_in_a_model_named_constant() -> None:
    src = '''
    class ModelsLabImageGenerator:
        DEFAULT_MODEL = "flux"
        OUTPUT_DIR = "flux"
        PIPELINE = "flux"
    '''
    assert [(r.model, r.location.line) for r in refs(src)] == [("flux", 3)]
