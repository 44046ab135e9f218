"""Issue 9, batch 8's classes: batch request files (`.jsonl`), notebook cells that write a file
(`%%writefile`) or run a script (`%%bash` with a multi-line `curl` to a hosted API), a prompt's
default answer, and an env var whose name a constant holds."""

from __future__ import annotations

import json

from llmdeps.model import Reference, RefKind, Runtime
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.batchfile import BatchFileDetector
from llmdeps.sources.detectors.notebook import NotebookDetector
from tests.sources.detectors.python.helpers import by_model

BATCH = (
    '{"custom_id": "request-1", "method": "POST", "url": "/v1/chat/completions", '
    '"body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}}\n'
    '{"custom_id": "request-2", "method": "POST", "url": "/v1/embeddings", '
    '"body": {"model": "text-embedding-3-small", "input": "Hi"}}\n'
    '{"prompt": "Which model?", "completion": "gpt-4o", "model": "gpt-4o"}\n'
    "not json at all\n"
)


def test_batch_request_files_name_each_requests_model() -> None:
    found = list(BatchFileDetector().scan(SourceFile("data/batch.jsonl", BATCH, "batch.jsonl")))
    rows = [(r.model, r.location.line, r.location.column) for r in found if isinstance(r, Reference)]
    assert rows == [("gpt-4o-mini", 1, 96), ("text-embedding-3-small", 2, 90)]
    lines = BATCH.split("\n")
    for model, line, column in rows:
        assert lines[line - 1][column - 1 :].startswith(model)


def _notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "outputs": [], "source": c.splitlines(True)}
                for c in cells
            ],
            "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


def test_notebook_cells_that_write_a_batch_file_or_run_a_script() -> None:
    text = _notebook(
        "%%writefile batch_requests.jsonl\n"
        '{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", '
        '"body": {"model": "gemini-2.5-flash", "messages": []}}\n',
        "%%bash\n"
        'curl "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent?key=$KEY" \\\n'
        "-H 'Content-Type: application/json' \\\n"
        "-d '{\"model\": \"models/gemini-embedding-001\",\n"
        '    "content": {"parts": [{"text": "hi"}]}}\'\n',
        "%%bash\n"
        "curl https://api.openai.com/v1/chat/completions -d '{\"model\": \"gpt-4o\"}'\n",
    )
    found = [
        d for d in NotebookDetector().scan(SourceFile("nb/demo.ipynb", text, "demo.ipynb"))
        if isinstance(d, Reference)
    ]
    models = sorted((r.model, r.runtime) for r in found)
    assert models == sorted(
        [
            ("gemini-2.5-flash", Runtime.UNKNOWN),
            ("gemini-embedding-001", Runtime.GOOGLE),
            ("models/gemini-embedding-001", Runtime.GOOGLE),
            ("gpt-4o", Runtime.UNKNOWN),
        ]
    )
    lines = text.split("\n")
    for ref in found:
        assert ref.model in lines[ref.location.line - 1]
    assert any(r.location.context.endswith("batch_requests.jsonl:body.model") for r in found)


PROMPTS = """
import os
from rich.prompt import Prompt

DEFAULT_MODEL_ENV = "AGENTS_DEFAULT_MODEL"

def default_model():
    return os.getenv(DEFAULT_MODEL_ENV, "gpt-4.1-mini").lower()

model_id = Prompt.ask("[bold white]Model ID[/]", default="Qwen/Qwen2.5-Coder-32B-Instruct")
user = Prompt.ask("Your name", default="gpt-4o-fan")
"""


def test_prompt_defaults_and_env_names_held_in_constants() -> None:
    found = {m: (r.location.line, r.kind, r.env_var) for m, r in by_model(PROMPTS).items()}
    assert found == {
        "gpt-4.1-mini": (8, RefKind.ENV_DEFAULT, "AGENTS_DEFAULT_MODEL"),
        "Qwen/Qwen2.5-Coder-32B-Instruct": (10, RefKind.CONSTANT, None),
    }
