"""JavaScript/TypeScript hard negatives: comments, JSX text, labels, images, regex literals."""

from __future__ import annotations

from tests.sources.detectors.javascript.support import models, scan

NEGATIVES = """\
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import type { LanguageModel } from 'ai';
// const model = 'gpt-4o';
/* await openai.chat.completions.create({ model: 'gpt-3.5-turbo' }) */
/**
 * Uses model: "claude-3-opus" by default.
 */
console.log('model gpt-4o selected');
console.log('gpt-4o');
const label = 'Claude 3.5 Sonnet';
const image = 'ollama/ollama:latest';
const MODEL_IMAGE = 'ollama/ollama:latest';
const pattern = /model: 'gpt-4o'/g;
const pkg = 'openai';
const MODEL_PROVIDER = 'openai';
const MODEL_URL = 'https://api.openai.com/v1';
const fromTemplate = { model: `gpt-${size}` };
const modelFile = './models/llama3.gguf';
const notAModel = { name: 'gpt-4o' };
"""


def test_hard_negatives() -> None:
    assert scan(NEGATIVES) == []


def test_jsx_text_is_not_a_reference() -> None:
    text = """\
export default function Page() {
  return (
    <main className="p-4">
      <h1>Don't send gpt-4o your secrets</h1>
      <p>We use claude-3-5-sonnet for drafts. {"llama3"}</p>
      <Chat model="gpt-4o-mini" />
    </main>
  );
}
"""
    refs = scan(text, "app/page.tsx")
    assert [(r.model, r.location.context) for r in refs] == [("gpt-4o-mini", "Page:model")]


def test_string_escapes_and_template_without_substitution() -> None:
    text = "await ollama.chat({ model: `llama3.1:8b` });\nconst MODEL = 'gpt\\u002d4o';\n"
    refs = scan(text)
    assert [r.model for r in refs] == ["llama3.1:8b", "gpt-4o"]
    assert (refs[1].location.line, refs[1].location.column) == (2, 15)


def test_regex_and_division_do_not_eat_strings() -> None:
    text = """\
const ratio = total / count / 2;
const MODEL = 'gpt-4o';
const r = /['"]/.test(x) ? 1 : 2;
const OTHER_MODEL = "claude-3-haiku-20240307";
"""
    assert models(text) == ["gpt-4o", "claude-3-haiku-20240307"]
