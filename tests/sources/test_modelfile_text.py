"""modelfile_from: the `FROM` of Modelfile text held inside other files, and nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from llmdeps.sources.modelfile_text import is_local_path, looks_like_modelfile, modelfile_from

ASSISTANT = '''
# a support bot
FROM llama3.1:8b
PARAMETER temperature 0.2
PARAMETER num_ctx 8192
SYSTEM """
You answer questions.
FROM now on you are polite.
"""
TEMPLATE """{{ .System }} {{ .Prompt }}"""
'''


def test_from_of_a_modelfile_with_blocks() -> None:
    found = modelfile_from(ASSISTANT)
    assert found == [(ASSISTANT.index("llama3.1:8b"), "llama3.1:8b")]


def test_offsets_point_at_the_value_as_written() -> None:
    for text, model in [
        ("FROM qwen2.5:0.5b\nPARAMETER num_ctx 4096\n", "qwen2.5:0.5b"),
        ('from "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"\n', "hf.co/bartowski/"
         "Llama-3.2-1B-Instruct-GGUF:Q4_K_M"),
        ("\tFROM mistral   # the base\r\nSYSTEM hi\r\n", "mistral"),
        ("FROM ./weights/model Q4.gguf\nADAPTER ./lora.gguf\n", "./weights/model Q4.gguf"),
    ]:  # fmt: skip
        ((offset, value),) = modelfile_from(text)
        assert value == model
        assert text[offset : offset + len(model)] == model


def test_local_weights_are_told_apart() -> None:
    ((_, value),) = modelfile_from("FROM ./models/llama.gguf\n")
    assert is_local_path(value)
    ((_, value),) = modelfile_from("FROM llama3.2\n")
    assert not is_local_path(value)


def test_texts_that_are_no_modelfile() -> None:
    for text in [
        "SELECT id, name\nFROM users\nWHERE id = 1\n",  # SQL
        "FROM python:3.12-slim\nRUN pip install ollama\nCMD python app.py\n",  # a Dockerfile
        "Notes:\nFROM llama3 we moved to qwen\n",  # prose
        'SYSTEM """\nFROM llama3\n"""\n',  # a FROM inside a block is text
        "PARAMETER temperature 0.1\n",  # no FROM
        "from x import y\nimport os\n",  # Python
        "",
    ]:
        assert modelfile_from(text) == [], text
        assert not looks_like_modelfile(text)
    assert looks_like_modelfile(ASSISTANT)


@given(st.text(max_size=400))
def test_any_text_gives_offsets_inside_it(text: str) -> None:
    for offset, value in modelfile_from(text):
        assert text[offset : offset + len(value)] == value
