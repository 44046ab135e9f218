"""Notebook detector: code cells only, positions in the .ipynb as stored, magics, bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.model import Detection, Fallback, Location, Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.notebook import NotebookDetector

DEMO = Path(__file__).resolve().parents[3] / "examples" / "demo"
PATH = "notebooks/eval.ipynb"


class QuoteStub:
    """Reports every quoted `x:y` / `x-y` string at its opening quote (as the Python detector)."""

    name = "stub"

    def __init__(self) -> None:
        self.texts: list[str] = []

    def wants(self, path: str, name: str) -> bool:
        return True

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        self.texts.append(file.text)
        for number, line in enumerate(file.text.split("\n"), start=1):
            for m in re.finditer(r"([\"'])([\w.]+[:-][\w.:-]+)\1", line):
                loc = Location(file.path, number, m.start() + 1, f"stub:{m.group(2)}")
                yield Reference(m.group(2), loc, RefKind.CALL, Runtime.UNKNOWN, "stub")


def notebook(*cells: Any, **meta: Any) -> dict[str, Any]:
    return {"cells": list(cells), "metadata": meta, "nbformat": 4, "nbformat_minor": 5}


def code(source: str | list[str], **extra: Any) -> dict[str, Any]:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "source": source, **extra}


def markdown(source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def run(text: str, detector: NotebookDetector | None = None) -> list[Detection]:
    nb = detector or NotebookDetector()
    return list(nb.scan(SourceFile(PATH, text, PATH.rsplit("/", 1)[-1])))


def refs(text: str, detector: NotebookDetector | None = None) -> list[Reference]:
    return [d for d in run(text, detector) if isinstance(d, Reference)]


def stored_at(text: str, ref: Reference) -> str:
    """The stored text from the reported position on."""
    line = text.split("\n")[ref.location.line - 1]
    return line[ref.location.column - 1 :]


def test_wants() -> None:
    nb = NotebookDetector()
    assert nb.wants("notebooks/a.ipynb", "a.ipynb")
    assert not nb.wants("notebooks/.ipynb_checkpoints/a-checkpoint.ipynb", "a-checkpoint.ipynb")
    assert not nb.wants("a.py", "a.py")
    assert not nb.wants("a.json", "a.json")


# -- the demo notebook, through the real Python detector ------------------------------------------


def test_demo_notebook() -> None:
    path = "notebooks/evaluate_summaries.ipynb"
    text = (DEMO / path).read_text(encoding="utf-8")
    found = list(NotebookDetector().scan(SourceFile(path, text, "evaluate_summaries.ipynb")))
    assert not [d for d in found if isinstance(d, ScanWarning)]
    got = [
        (r.model, r.kind, r.runtime, r.location.context, r.location.line, r.location.column)
        for r in found
        if isinstance(r, Reference)
    ]
    assert got == [
        ("llama3.1:8b", RefKind.CATALOG, Runtime.OLLAMA, "cell[1]:CANDIDATES", 19, 20),
        ("mistral:7b", RefKind.CATALOG, Runtime.OLLAMA, "cell[1]:CANDIDATES", 19, 37),
        ("mistral:7b", RefKind.CALL, Runtime.OLLAMA, "cell[2]:generate", 39, 39),
    ]
    lines = text.split("\n")
    assert lines[18][19:].startswith('\\"llama3.1:8b\\"')
    assert lines[38][38:].startswith('\\"mistral:7b\\"')
    # the output's gemma2:9b and the markdown mention are never references
    assert "gemma2:9b" not in repr(found)
    assert all(r.location.line > 10 for r in found if isinstance(r, Reference))


def test_constants_propagate_across_cells() -> None:
    nb = notebook(
        code(['MODEL = "llama3.1:8b"\n']),
        markdown("We call `MODEL` below."),
        code(["import ollama\n", "reply = ollama.chat(model=MODEL, messages=[])\n"]),
    )
    text = json.dumps(nb, indent=1)
    (ref,) = refs(text)
    assert ref.model == "llama3.1:8b"
    assert ref.kind is RefKind.CALL
    assert ref.runtime is Runtime.OLLAMA
    assert ref.location.context.startswith("cell[0]")
    assert stored_at(text, ref).startswith('\\"llama3.1:8b\\"')


def test_function_scope_in_cell_context() -> None:
    nb = notebook(
        code(
            "import ollama\n\ndef score(text):\n    return ollama.generate(model='qwen2.5:7b', prompt=text)\n"
        )
    )
    (ref,) = refs(json.dumps(nb))
    assert ref.location.context == "cell[0].score:generate"


def test_cell_id_is_preferred_over_index() -> None:
    nb = notebook(markdown("x"), code("import ollama\nollama.pull('phi3:mini')\n", id="a1b2-c3"))
    (ref,) = refs(json.dumps(nb))
    assert ref.location.context.startswith("cell[a1b2-c3]")


# -- position mapping, with a stub detector --------------------------------------------------------


def test_source_as_list_of_strings() -> None:
    nb = notebook(markdown("# title"), code(["x = 1\n", "m = 'llama3:8b'\n"]))
    text = json.dumps(nb, indent=1)
    (ref,) = refs(text, NotebookDetector(QuoteStub()))
    assert ref.location.context == "cell[1].stub:llama3:8b"
    assert stored_at(text, ref).startswith("'llama3:8b'")
    assert (ref.location.line, ref.location.column) == (14, 10)


def test_source_as_one_string_with_escapes_and_unicode() -> None:
    # é is stored as \u00e9 (json.dumps default), the quotes as \", newlines as \n
    src = 'title = "Résumé"\nprint("tab\\there")\nM = "mistral:7b"\n'
    nb = notebook(code(src))
    text = json.dumps(nb)
    assert "\\u00e9" in text and "\n" not in text  # minified, one line
    (ref,) = refs(text, NotebookDetector(QuoteStub()))
    assert ref.location.line == 1
    assert stored_at(text, ref).startswith('\\"mistral:7b\\"')


def test_unicode_stored_raw() -> None:
    nb = notebook(code('s = "é😀"; m = "gemma2:2b"\n'))
    text = json.dumps(nb, ensure_ascii=False)
    (ref,) = refs(text, NotebookDetector(QuoteStub()))
    assert stored_at(text, ref).startswith('\\"gemma2:2b\\"')


def test_surrogate_pairs_are_one_character() -> None:
    nb = notebook(code('s = "😀😀"; m = "gemma2:2b"\n'))
    text = json.dumps(nb)  # stores \ud83d\ude00
    assert "\\ud83d" in text
    (ref,) = refs(text, NotebookDetector(QuoteStub()))
    assert stored_at(text, ref).startswith('\\"gemma2:2b\\"')


def test_crlf_notebook_file() -> None:
    nb = notebook(code(["a = 1\n", "m = 'llama3:8b'\n"]))
    text = json.dumps(nb, indent=1).replace("\n", "\r\n")
    (ref,) = refs(text, NotebookDetector(QuoteStub()))
    assert text.split("\n")[ref.location.line - 1][ref.location.column - 1 :].startswith("'llama3")


def test_cells_are_concatenated_for_the_python_pass() -> None:
    stub = QuoteStub()
    nb = notebook(code("a = 'x:y'"), markdown("'not:code'"), code(["b = 2\n", "c = 'u-v'\n"]))
    found = refs(json.dumps(nb, indent=2), NotebookDetector(stub))
    assert [r.model for r in found] == ["x:y", "u-v"]
    assert stub.texts == ["a = 'x:y'\nb = 2\nc = 'u-v'\n"]
    assert [r.location.context for r in found] == ["cell[0].stub:x:y", "cell[2].stub:u-v"]


# -- IPython syntax ---------------------------------------------------------------------------------


def test_magics_do_not_break_parsing_and_pulls_are_references() -> None:
    nb = notebook(
        code(["%pip install ollama\n", "!ollama pull llama3\n", "import ollama\n"]),
        code(["files = !ls\n", "ollama.show?\n", "%matplotlib inline\n", 'M = "qwen2.5:7b"\n']),
        code(
            ["reply = ollama.chat(model=M, messages=[])\n", "!ollama run 'phi3:mini' && echo ok\n"]
        ),
    )
    text = json.dumps(nb, indent=1)
    found = run(text)
    assert not [d for d in found if isinstance(d, ScanWarning)]
    got = [(r.model, r.kind, r.location.context) for r in found if isinstance(r, Reference)]
    assert sorted(got) == sorted(
        [
            ("llama3", RefKind.PULL, "cell[0]:!ollama pull"),
            ("phi3:mini", RefKind.PULL, "cell[2]:!ollama run"),
            ("qwen2.5:7b", RefKind.CALL, "cell[1]:M"),
        ]
    )
    pull = next(r for r in found if isinstance(r, Reference) and r.model == "llama3")
    assert stored_at(text, pull).startswith("llama3\\n")
    run_ref = next(r for r in found if isinstance(r, Reference) and r.model == "phi3:mini")
    assert stored_at(text, run_ref).startswith("'phi3:mini'")


def test_bash_cell_magic() -> None:
    nb = notebook(code("%%bash\nollama pull nomic-embed-text\nMODEL='gpt-4o'\n"))
    found = refs(json.dumps(nb))
    assert [(r.model, r.kind) for r in found] == [("nomic-embed-text", RefKind.PULL)]


def test_time_cell_magic_keeps_python() -> None:
    nb = notebook(code("%%time\nimport ollama\nollama.generate(model='llama3.2:1b', prompt='x')\n"))
    assert [r.model for r in refs(json.dumps(nb))] == ["llama3.2:1b"]


def test_shell_variables_are_not_models() -> None:
    nb = notebook(code("!ollama pull {MODEL}\n!ollama pull $MODEL\n"))
    assert refs(json.dumps(nb)) == []


# -- what is never read ----------------------------------------------------------------------------


def test_markdown_raw_and_outputs_are_never_code() -> None:
    nb = notebook(
        markdown("Use `ollama.chat(model='llama3')`"),
        {"cell_type": "raw", "metadata": {}, "source": "MODEL = 'gpt-4o'"},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": 1,
            "source": "x = 1\n",
            "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["MODEL = 'gpt-4o'\n"]},
                {"output_type": "execute_result", "data": {"text/plain": ["'llama3.1:8b'"]}},
            ],
        },
    )
    assert run(json.dumps(nb)) == []


def test_other_kernel_languages_are_skipped() -> None:
    nb = notebook(
        code('model <- "llama3"\nollama.chat(model="llama3")\n'),
        kernelspec={"language": "R", "name": "ir"},
    )
    assert run(json.dumps(nb)) == []


def test_planted_secret_never_appears() -> None:
    secret = "sk-proj-PLANTEDSECRET0002abcdef"
    nb = notebook(
        code([f'OPENAI_API_KEY = "{secret}"\n', "from openai import OpenAI\n"]),
        code(
            f'client = OpenAI(api_key="{secret}")\nclient.chat.completions.create(model="gpt-4o", messages=[])\n'
        ),
        code(f"!curl -H 'Authorization: Bearer {secret}' https://x\n"),
    )
    found = run(json.dumps(nb))
    assert [getattr(d, "model", None) for d in found] == ["gpt-4o"]
    assert "PLANTEDSECRET" not in repr(found)


# -- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "not json",
        '{"cells": [}',
        "[1, 2]",
        '{"cells": 3}',
        '{"cells": "x"}',
        '{"nbformat": 4}',
        "[" * 5000 + "]" * 5000,
        '{"cells": [{"cell_type": "code", "source": "x = \'llama3\'"}]} trailing',
    ],
)
def test_invalid_notebooks_are_warnings(text: str) -> None:
    found = run(text)
    assert len(found) == 1
    assert isinstance(found[0], ScanWarning)
    assert found[0].path == PATH
    assert "llama3" not in found[0].reason


def test_cells_of_the_wrong_shape_are_skipped_with_a_warning() -> None:
    nb = notebook(
        {"cell_type": "code", "source": 42},
        "not a cell",
        code(["import ollama\n", "ollama.pull('llama3.2:3b')\n"]),
        {"cell_type": "code", "source": ["a", 1]},
    )
    found = run(json.dumps(nb))
    warnings = [d for d in found if isinstance(d, ScanWarning)]
    assert len(warnings) == 1 and "3" in warnings[0].reason
    assert [r.model for r in found if isinstance(r, Reference)] == ["llama3.2:3b"]


def test_a_cell_with_a_syntax_error_does_not_hide_the_others() -> None:
    nb = notebook(
        code("def broken(:\n"),
        code(["import ollama\n", "ollama.generate(model='mistral:7b', prompt='x')\n"]),
    )
    found = run(json.dumps(nb))
    assert [r.model for r in found if isinstance(r, Reference)] == ["mistral:7b"]
    assert all("broken" not in d.reason for d in found if isinstance(d, ScanWarning))


def test_nbformat3_worksheets() -> None:
    nb = {
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "code", "input": ["import ollama\n", "ollama.pull('llama2')\n"]}
                ]
            }
        ],
        "metadata": {},
        "nbformat": 3,
    }
    assert [r.model for r in refs(json.dumps(nb))] == ["llama2"]


# -- properties ----------------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    for d in run(text):
        assert isinstance(d, ScanWarning | Reference)


SOURCE_CHARS = st.sampled_from(list("ab=:-'\"\\\n\t !%é😀") + ["'llama3:8b'", '"x-y"', "\\u00e9"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(SOURCE_CHARS, max_size=20).map("".join), min_size=1, max_size=4),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_positions_inside_the_file_and_at_the_literal(
    sources: list[str], as_list: bool, indent: bool, ascii_only: bool
) -> None:
    cells = [code(s.splitlines(keepends=True) if as_list else s) for s in sources]
    text = json.dumps(notebook(*cells), indent=1 if indent else None, ensure_ascii=ascii_only)
    lines = text.split("\n")
    for d in run(text, NotebookDetector(QuoteStub())):
        assert isinstance(d, Reference)
        assert 1 <= d.location.line <= len(lines)
        line = lines[d.location.line - 1]
        assert 1 <= d.location.column <= len(line)
        rest = line[d.location.column - 1 :]
        assert rest.startswith(("'", '\\"')), rest


class RecursingStub:
    name = "stub"

    def wants(self, path: str, name: str) -> bool:
        return True

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        raise RecursionError


def test_a_python_pass_that_recurses_is_a_warning_and_pulls_survive() -> None:
    nb = notebook(code("!ollama pull llama3.2\nx = 1\n"))
    found = run(json.dumps(nb), NotebookDetector(RecursingStub()))
    assert [type(d).__name__ for d in found] == ["Reference", "ScanWarning"]
    assert isinstance(found[0], Reference) and found[0].model == "llama3.2"


def test_fallbacks_are_mapped_too() -> None:
    nb = notebook(
        markdown("# fallbacks"),
        code(
            [
                "import litellm\n",
                'r = litellm.completion(model="gpt-4o", fallbacks=["claude-3-haiku-20240307"], messages=[])\n',
            ]
        ),
    )
    text = json.dumps(nb, indent=1)
    found = run(text)
    fallbacks = [d for d in found if isinstance(d, Fallback)]
    assert fallbacks, found
    line = text.split("\n")[fallbacks[0].location.line - 1]
    assert "litellm.completion" in line
    assert fallbacks[0].location.context.startswith("cell[1]")


def test_a_string_that_never_closes_is_invalid_json_at_once() -> None:
    # the notebook's own JSON reader backtracked exponentially on this; jsonpos reads it once
    text = '{"cells": [{"cell_type": "code", "source": "' + "x = 1 " * 100 + "\n"
    found = run(text)
    assert found == [ScanWarning(PATH, "notebook is not valid JSON")]
