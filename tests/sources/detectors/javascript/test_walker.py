"""JavaScript/TypeScript walk: catalogues, config objects, enums, class fields, scopes."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from tests.sources.detectors.javascript.support import one, scan

CATALOGUE = """\
export const MODELS = ['gpt-4o', 'claude-3-5-sonnet-20241022'] as const;
export const MODEL_TIERS = { fast: 'gpt-4o-mini', smart: 'o3' };
export const AVAILABLE_MODELS = [
  { id: 'gpt-4.1', name: 'GPT-4.1', provider: 'openai' },
  { id: 'gemini-2.0-flash', name: 'Gemini 2.0 Flash', provider: 'google' },
];
"""


def test_catalogues() -> None:
    got = [(r.model, r.kind, r.location.context) for r in scan(CATALOGUE)]
    assert got == [
        ("gpt-4o", RefKind.CATALOG, "MODELS[0]"),
        ("claude-3-5-sonnet-20241022", RefKind.CATALOG, "MODELS[1]"),
        ("gpt-4o-mini", RefKind.CATALOG, "MODEL_TIERS.fast"),
        ("o3", RefKind.CATALOG, "MODEL_TIERS.smart"),
        ("gpt-4.1", RefKind.CATALOG, "AVAILABLE_MODELS[0].id"),
        ("gemini-2.0-flash", RefKind.CATALOG, "AVAILABLE_MODELS[1].id"),
    ]
    refs = scan(CATALOGUE)
    assert (refs[1].location.line, refs[1].location.column) == (1, 34)


def test_config_object_with_provider_hint() -> None:
    text = "export const settings = { llm: { provider: 'ollama', model: 'mistral:7b', temperature: 0.2 } };\n"
    ref = one(text)
    assert (ref.model, ref.kind, ref.runtime, ref.location.context) == (
        "mistral:7b",
        RefKind.CONFIG,
        Runtime.OLLAMA,
        "settings.llm.model",
    )


def test_ts_enum_of_models_and_destructuring_defaults() -> None:
    text = """\
export enum Models {
  Fast = 'gpt-4o-mini',
  Smart = 'claude-3-7-sonnet-20250219',
}
enum Colors { Red = 'red' }
export function summarize({ model = 'llama3.1:8b', text }: Options) {
  return model;
}
"""
    got = [(r.model, r.kind, r.location.context) for r in scan(text)]
    assert got == [
        ("gpt-4o-mini", RefKind.CATALOG, "Models.Fast"),
        ("claude-3-7-sonnet-20250219", RefKind.CATALOG, "Models.Smart"),
        ("llama3.1:8b", RefKind.CONFIG, "summarize:model"),
    ]


def test_class_field_and_method_scope() -> None:
    text = """\
export class Summarizer {
  private readonly model: string = 'llama3.2:3b';
  async run(prompt: string): Promise<string> {
    const r = await ollama.generate({ model: 'qwen2.5:7b', prompt });
    return r.response;
  }
}
"""
    got = [(r.model, r.kind, r.location.context) for r in scan(text)]
    assert got == [
        ("llama3.2:3b", RefKind.CONSTANT, "Summarizer:model"),
        ("qwen2.5:7b", RefKind.CALL, "Summarizer.run:generate"),
    ]


def test_callback_locals_do_not_enter_the_context() -> None:
    text = """\
import { openai } from '@ai-sdk/openai';
run(async () => {
  const result = await generateText({ model: openai('gpt-4.1-mini'), prompt: 'x' });
});
"""
    assert one(text).location.context == "openai"


def test_nested_functions_and_object_methods() -> None:
    text = """\
export const handlers = {
  async summarize(input) {
    return ollama.generate({ model: 'llama3.2:1b', prompt: input });
  },
  translate: async (input) => ollama.chat({ model: 'aya:8b', messages: [] }),
};
"""
    got = [(r.model, r.location.context) for r in scan(text)]
    assert got == [
        ("llama3.2:1b", "handlers.summarize:generate"),
        ("aya:8b", "handlers.translate:chat"),
    ]
