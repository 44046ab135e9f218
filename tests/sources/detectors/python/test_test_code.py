"""Test code: asserts, fixtures and parametrize lists, and what makes their strings models."""

from __future__ import annotations

from llmdeps.model import RefKind
from tests.sources.detectors.python.helpers import refs


def test_asserts_fixtures_and_parametrize_in_tests_are_test_kind() -> None:
    found = refs(
        """\
        import pytest
        import ollama

        @pytest.fixture
        def model_name():
            return "llama3.1:8b"

        @pytest.mark.parametrize("model", ["phi3:mini", "gemma2:2b"])
        def test_chat(model):
            reply = ollama.chat(model="qwen2.5:0.5b", messages=[])
            assert reply.model == "qwen2.5:0.5b"
            assert "error" not in reply
        """,
        path="tests/test_chat.py",
    )
    assert [(r.model, r.location.line) for r in found] == [
        ("llama3.1:8b", 6),
        ("phi3:mini", 8),
        ("gemma2:2b", 8),
        ("qwen2.5:0.5b", 10),
        ("qwen2.5:0.5b", 11),
    ]
    assert {r.kind for r in found} == {RefKind.TEST}
    assert found[-1].location.context == "tests.test_chat.test_chat:assert"


def test_demo_test_file_asserts() -> None:
    found = refs(
        """\
        from service.settings import Settings


        def test_default_models_are_local():
            settings = Settings()
            assert settings.llm_model == "llama3.1:8b"
            assert settings.embedding_model == "nomic-embed-text"
        """,
        path="tests/test_summaries.py",
    )
    assert [(r.model, r.kind) for r in found] == [
        ("llama3.1:8b", RefKind.TEST),
        ("nomic-embed-text", RefKind.TEST),
    ]


def test_conftest_constants_are_test_kind() -> None:
    (ref,) = refs('MODEL = "llama3.2:1b"\n', path="conftest.py")
    assert ref.kind is RefKind.TEST


def test_lists_and_asserts_need_a_model_family_unless_a_name_says_model() -> None:
    found = refs(
        """\
        MIMETYPES = ["application/json", "text/x-python"]
        MODEL_ARCH_NAMES = ["llama", "gemma2"]
        SEEN = ["llama3.1:8b", "qwen2.5:7b"]

        def test_symbols(cfg, out):
            assert out == "mml:mi"
            assert out.split("/") == ["x/y", "urn:example"]
            assert "gpt-4o-mini" in out
            assert cfg.judge_model == "acme/judge-v2"
        """,
        path="tests/test_misc.py",
    )
    assert [(r.model, r.kind) for r in found] == [
        ("llama3.1:8b", RefKind.TEST),
        ("qwen2.5:7b", RefKind.TEST),
        ("gpt-4o-mini", RefKind.TEST),
        ("acme/judge-v2", RefKind.TEST),
    ]
