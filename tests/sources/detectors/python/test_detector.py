"""PythonDetector: its interface, one reference per literal, negatives, secrets, positions."""

from __future__ import annotations

from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.model import Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.testpaths import is_test_path
from tests.sources.detectors.python.helpers import DETECTOR, by_model, detect, refs

# --- the detector interface -----------------------------------------------------------------------


def test_wants_python_sources_only() -> None:
    assert DETECTOR.name == "python"
    assert DETECTOR.wants("app/llm.py", "llm.py")
    assert DETECTOR.wants("stubs/x.pyi", "x.pyi")
    assert not DETECTOR.wants("app/llm.pyc", "llm.pyc")
    assert not DETECTOR.wants("notebooks/a.ipynb", "a.ipynb")
    assert not DETECTOR.wants("py/README.md", "README.md")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_app.py", True),
        ("pkg/tests/helpers.py", True),
        ("test_app.py", True),
        ("app/llm_test.py", True),
        ("conftest.py", True),
        ("app/testing.py", False),
        ("app/contest.py", False),
        # one answer for every detector: JS/TS runners and fixture directories too
        ("src/chat.test.ts", True),
        ("src/chat.spec.mjs", True),
        ("src/__tests__/chat.tsx", True),
        ("packages/ai/src/__fixtures__/langgraph.ts", True),
        ("tests/fixtures/litellm.yaml", True),
        ("Fixtures/models.json", True),
        ("src/latest.ts", False),
        ("config/testing.yaml", False),
    ],
)
def test_test_paths(path: str, expected: bool) -> None:
    assert is_test_path(path) is expected


def test_readme_example_is_one_reference_at_the_literal() -> None:
    found = refs(
        """\
        import os
        import ollama
        from openai import OpenAI

        MODEL = os.getenv("LLM_MODEL", "llama3.1:8b")

        def summarize(text):
            return ollama.chat(model=MODEL, messages=[])

        def classify(text):
            return OpenAI().chat.completions.create(model="gpt-4o-2024-08-06", messages=[])
        """
    )
    assert [r.model for r in found] == ["llama3.1:8b", "gpt-4o-2024-08-06"]
    llama, gpt = found
    assert (llama.location.line, llama.location.column) == (5, 32)
    assert llama.kind is RefKind.ENV_DEFAULT
    assert llama.env_var == "LLM_MODEL"
    assert llama.runtime is Runtime.OLLAMA
    assert llama.location.context == "app.llm:MODEL"
    assert llama.detector == "python"
    assert (gpt.location.line, gpt.location.column) == (11, 51)
    assert gpt.kind is RefKind.CALL and gpt.runtime is Runtime.OPENAI
    assert gpt.location.context == "app.llm.classify:create"


def test_no_string_literal_is_skipped_quickly() -> None:
    assert detect("def model(x):\n    return x + 1\n") == []


# --- hard negatives -------------------------------------------------------------------------------


def test_hard_negatives_are_not_references() -> None:
    found = refs(
        '''\
        """Summaries with gpt-4o; the docstring names llama3.1:8b too."""
        import argparse
        import logging
        import subprocess

        import ollama

        log = logging.getLogger(__name__)
        DISPLAY_NAME = "Claude Haiku 4.5"
        MODEL_LABEL = "Claude Haiku 4.5"
        IMAGE = "ollama/ollama:latest"
        OLLAMA_IMAGE_MODEL = "ollama/ollama:latest"
        DATASET = "HuggingFaceH4/ultrachat_200k"
        MODEL_DIR = "models/llama3"
        LLM_PROVIDER = "ollama"
        MODEL_PROMPT = "You are gpt-4o"
        INSTALL = ["pip", "install", "openai==1.0"]
        HEADERS = {"model-version": "2", "Content-Type": "application/json"}

        def run(size, ds):
            """Use mistral:7b for this."""
            # ollama.chat(model="commented:out")
            subprocess.run(["pip", "install", "openai==1.0"], check=True)
            subprocess.run("docker run ollama/ollama:latest", shell=True)
            print("switching to gpt-4o-mini")
            log.info("model %s", "llama3.2")
            parser = argparse.ArgumentParser(description="Run llama3.1:8b")
            parser.add_argument("--size", default="8b", help="e.g. llama3.1:8b")
            ollama.chat(model=f"llama3.1:{size}", messages=[])
            ollama.chat(model="llama3.1:" + size, messages=[])
            ollama.chat(model="ollama/ollama:latest", messages=[])
            load_dataset("HuggingFaceH4/ultrachat_200k")
            return {"role": "user", "content": "gpt-4o"}
        '''
    )
    assert found == []


def test_planted_secrets_never_appear_in_any_detection() -> None:
    source = """\
        import os
        import openai
        from pydantic_settings import BaseSettings

        OPENAI_API_KEY = "sk-proj-PLANTEDSECRET0001aaaaaaaaaaaaaaaaaaaaa"
        MODEL_API_KEY = os.getenv("MODEL_API_KEY", "sk-PLANTEDSECRET0002")
        MODEL_TOKEN = "PLANTEDSECRET0003"
        client = openai.OpenAI(api_key="sk-PLANTEDSECRET0004", base_url="https://u:PLANTEDSECRET0005@x.io/v1")

        class Settings(BaseSettings):
            llm_model: str = "gpt-4o"
            llm_api_key: str = "PLANTEDSECRET0006"

        cfg = {"model": "gpt-4o-mini", "api_key": "PLANTEDSECRET0007", "auth_model": "PLANTEDSECRET0008"}
        client.chat.completions.create(model="sk-PLANTEDSECRET0009", user="PLANTEDSECRET0010")
        client.chat.completions.create(model="gpt-4o", extra_headers={"Authorization": "PLANTEDSECRET0011"})
        """
    detections = detect(source) + detect(source.replace("import os", "import os(", 1))
    assert {d.model for d in detections if isinstance(d, Reference)} == {"gpt-4o", "gpt-4o-mini"}
    assert any(isinstance(d, ScanWarning) for d in detections)  # the broken copy was read lexically
    for d in detections:
        assert "PLANTEDSECRET" not in repr(d)


# --- positions ------------------------------------------------------------------------------------


def test_non_ascii_lines_give_character_columns() -> None:
    found = by_model(
        """\
        import ollama
        # café
        LABEL = "modèle — 日本語"; MODEL = "mistral:7b"
        x = {"clé": 1, "model": "llama3.2"}
        ollama.chat(model=MODEL)
        """
    )
    line = '        LABEL = "modèle — 日本語"; MODEL = "mistral:7b"'.strip()
    assert found["mistral:7b"].location.line == 3
    assert found["mistral:7b"].location.column == line.index('"mistral') + 1
    other = 'x = {"clé": 1, "model": "llama3.2"}'
    assert found["llama3.2"].location.column == other.index('"llama') + 1


def test_crlf_line_endings() -> None:
    (ref,) = refs('import ollama\r\n\r\nollama.chat(model="phi3:mini")\r\n')
    assert (ref.location.line, ref.location.column) == (3, 19)


def test_context_has_no_line_numbers_and_survives_moves() -> None:
    base = """\
        import ollama

        def summarise():
            return ollama.generate(model="llama3.1:8b", prompt="x")
        """
    moved = "# header\n\n\n" + dedent(base).replace("def summarise", "\n\ndef summarise")
    first = refs(base)
    second = refs(moved)
    assert [r.identity for r in first] == [r.identity for r in second]
    assert first[0].location.line != second[0].location.line
    assert first[0].location.context == "app.llm.summarise:generate"


# --- properties -----------------------------------------------------------------------------------


_PYTHONISH = st.lists(
    st.sampled_from(
        [
            "import ollama\n",
            "from openai import OpenAI\n",
            'MODEL = "llama3.1:8b"\n',
            'x = os.getenv("LLM_MODEL", "gpt-4o")\n',
            "ollama.chat(model=MODEL)\n",
            'OpenAI().chat.completions.create(model="gpt-4o-mini")\n',
            "def f(:\n",
            "    ",
            '"""',
            "é",
            "\r\n",
            "(",
            ")",
            "'",
            '"mistral:7b"',
            "model=",
            "\t",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), _PYTHONISH))
def test_scan_never_raises_and_positions_lie_inside_the_source(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for d in DETECTOR.scan(SourceFile(path="app/x.py", text=text, name="x.py")):
        if isinstance(d, ScanWarning):
            continue
        loc = d.location
        assert 1 <= loc.line <= len(lines)
        assert 1 <= loc.column <= len(lines[loc.line - 1]) + 1
        if isinstance(d, Reference):
            # adjacent literals concatenate in Python: "a" "b" is the model "ab"
            joined = text.replace('""', "").replace("''", "")
            assert d.model in joined or d.model.split(":", 1)[-1] in joined
