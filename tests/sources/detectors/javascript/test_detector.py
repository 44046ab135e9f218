"""JavaScript/TypeScript detector: which files, positions, test files, secrets, any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.model import Reference, RefKind, Runtime
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.javascript import JavaScriptDetector
from tests.sources.detectors.javascript.support import DEMO, at, models, one, scan


@pytest.mark.parametrize(
    "path",
    [
        "src/app.ts",
        "a.tsx",
        "lib/x.js",
        "x.jsx",
        "x.mjs",
        "x.cjs",
        "x.mts",
        "x.cts",
        "web/pages/i.tsx",
    ],
)
def test_wants_sources(path: str) -> None:
    assert JavaScriptDetector().wants(path, path.rsplit("/", 1)[-1])


@pytest.mark.parametrize(
    "path",
    [
        "src/types.d.ts",
        "vendor/jquery.min.js",
        "dist/index.js",
        "web/build/app.js",
        "web/.next/server/page.js",
        "app.py",
        "tsconfig.json",
        "static/main.bundle.js",
    ],
)
def test_does_not_want(path: str) -> None:
    assert not JavaScriptDetector().wants(path, path.rsplit("/", 1)[-1])


def test_demo_translate_has_exactly_one_reference() -> None:
    text = (DEMO / "frontend" / "src" / "translate.ts").read_text(encoding="utf-8")
    refs = scan(text, "frontend/src/translate.ts")
    assert len(refs) == 1
    (ref,) = refs
    assert ref.model == "llama3.1:8b"
    assert ref.runtime is Runtime.OLLAMA
    assert ref.kind is RefKind.CALL
    assert ref.location.context == "translateSummary:ollama"
    assert (ref.location.line, ref.location.column) == at(text, "'llama3.1:8b'")
    assert ref.location.line == 9
    assert ref.base_url == "http://localhost:11434/api"
    assert ref.detector == "javascript"


def test_test_files_and_asserts_are_test_references() -> None:
    text = """\
import { describe, it, expect } from 'vitest';
const MODEL = 'llama3.2:1b';
describe('summaries', () => {
  it('uses the small model', async () => {
    const r = await ollama.generate({ model: MODEL, prompt: 'x' });
    expect(r.model).toBe('llama3.2:1b');
  });
});
"""
    refs = scan(text, "src/__tests__/summaries.test.ts")
    assert [(r.model, r.kind) for r in refs] == [
        ("llama3.2:1b", RefKind.TEST),
        ("llama3.2:1b", RefKind.TEST),
    ]
    assert [r.location.line for r in refs] == [2, 6]
    # the same code outside a test file: the call is a call, the assert still a test
    refs = scan(text, "src/summaries.ts")
    assert [(r.model, r.kind) for r in refs] == [
        ("llama3.2:1b", RefKind.CALL),
        ("llama3.2:1b", RefKind.TEST),
    ]


def test_planted_secret_never_appears() -> None:
    secret = "sk-proj-PLANTEDSECRET0001abcdef"
    text = f"""\
const client = new OpenAI({{ apiKey: '{secret}' }});
const MODEL_API_KEY = '{secret}';
const llmToken = '{secret}';
await client.chat.completions.create({{ model: 'gpt-4o', apiKey: '{secret}', messages }});
const cfg = {{ model_api_key: '{secret}', llm: {{ model: 'gpt-4o-mini', secret: '{secret}' }} }};
"""
    found = list(JavaScriptDetector().scan(SourceFile("a.ts", text, "a.ts")))
    assert [getattr(d, "model", None) for d in found] == ["gpt-4o", "gpt-4o-mini"]
    assert "PLANTEDSECRET" not in repr(found)


def test_positions_count_characters_not_bytes() -> None:
    text = "const ü = 'é'; const MODEL = 'llama3';\n"
    ref = one(text)
    assert (ref.location.line, ref.location.column) == (1, 30)


def test_crlf_and_no_semicolons() -> None:
    text = "const MODEL = 'gpt-4o'\r\nconst OTHER_MODEL = 'o3-mini'\r\n"
    refs = scan(text)
    assert [(r.model, r.location.line, r.location.column) for r in refs] == [
        ("gpt-4o", 1, 15),
        ("o3-mini", 2, 21),
    ]


def test_unbalanced_and_deep_input_does_not_crash() -> None:
    assert models("const MODEL = 'gpt-4o';\n" + "({[" * 3000) == ["gpt-4o"]
    refs = scan("}}}) ]]\nconst MODEL = 'gpt-4o';\n" + "(" * 5000 + ")" * 10)
    assert [r.model for r in refs] == ["gpt-4o"]


JS_ALPHABET = st.sampled_from(
    list("abcdefgmlo:.-/ \n\t'\"`${}()[];,=?|\\*+<>!#")
    + ["model", "ollama(", "gpt-4o", "const ", "function ", "enum ", "=>", "class ", "new "]
)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    found = list(JavaScriptDetector().scan(SourceFile("a.ts", text, "a.ts")))
    lines = text.split("\n")
    for d in found:
        assert isinstance(d, Reference)
        assert 1 <= d.location.line <= len(lines)
        assert 1 <= d.location.column <= len(lines[d.location.line - 1])


@settings(max_examples=200, deadline=None)
@given(st.lists(JS_ALPHABET, max_size=60).map("".join))
def test_positions_point_at_the_quote(text: str) -> None:
    for d in JavaScriptDetector().scan(SourceFile("a.ts", text, "a.ts")):
        assert isinstance(d, Reference)
        line = text.split("\n")[d.location.line - 1]
        assert line[d.location.column - 1] in "'\"`"


@pytest.mark.parametrize(
    "text", ["function f(): T", "run(): Promise<void>", "x(a):", "({", "enum", "enum X", "`${"]
)
def test_truncated_sources_do_not_crash(text: str) -> None:
    assert scan(text) == []
