"""JavaScript/TypeScript constants: propagation into calls, env defaults, params objects."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from tests.sources.detectors.javascript.support import models, one, scan


def test_constant_propagates_to_one_call_reference() -> None:
    text = """\
const MODEL = 'gpt-4o-mini';

export async function run(client: OpenAI) {
  return client.chat.completions.create({ model: MODEL, messages: [] });
}
"""
    ref = one(text)
    assert ref.kind is RefKind.CALL
    assert ref.runtime is Runtime.OPENAI
    assert (ref.location.line, ref.location.column) == (1, 15)
    assert ref.location.context == "MODEL"  # the const's context, as in the Python detector


def test_constant_with_neutral_name_propagates_into_strong_context() -> None:
    text = "const DEFAULT = 'llama3';\nawait ollama.chat({ model: DEFAULT, messages });\n"
    ref = one(text)
    assert (ref.model, ref.kind, ref.runtime) == ("llama3", RefKind.CALL, Runtime.OLLAMA)


def test_shorthand_property_uses_the_constant() -> None:
    text = "const model = 'claude-3-opus-20240229';\nawait anthropic.messages.create({ model, max_tokens: 5 });\n"
    ref = one(text)
    assert ref.kind is RefKind.CALL
    assert ref.runtime is Runtime.ANTHROPIC


def test_unused_model_constant_is_a_constant() -> None:
    text = "export const SUMMARY_MODEL: string = 'llama3.1:8b';\nconst TIMEOUT = 'llama3';\n"
    ref = one(text)
    assert (ref.model, ref.kind, ref.location.context) == (
        "llama3.1:8b",
        RefKind.CONSTANT,
        "SUMMARY_MODEL",
    )
    assert (ref.location.line, ref.location.column) == (1, 38)


def test_env_default_in_property_and_constant() -> None:
    text = """\
const MODEL = process.env.OPENAI_MODEL ?? 'gpt-4o';
const EMBED_MODEL = process.env['EMBED_MODEL'] || "text-embedding-3-small";
export async function go() {
  await client.chat.completions.create({ model: MODEL, messages });
  const r = await ollama.chat({ model: process.env.OLLAMA_MODEL ?? 'llama3.1:8b', messages });
}
"""
    refs = scan(text)
    got = [(r.model, r.kind, r.env_var, r.runtime) for r in refs]
    assert got == [
        ("gpt-4o", RefKind.ENV_DEFAULT, "OPENAI_MODEL", Runtime.OPENAI),
        ("text-embedding-3-small", RefKind.ENV_DEFAULT, "EMBED_MODEL", Runtime.UNKNOWN),
        ("llama3.1:8b", RefKind.ENV_DEFAULT, "OLLAMA_MODEL", Runtime.OLLAMA),
    ]
    assert refs[2].location.context == "go:chat"


def test_vite_env_default() -> None:
    ref = one("export const CHAT_MODEL = import.meta.env.VITE_CHAT_MODEL || 'llama3.1:8b';\n")
    assert (ref.kind, ref.env_var, ref.location.context) == (
        RefKind.ENV_DEFAULT,
        "VITE_CHAT_MODEL",
        "CHAT_MODEL",
    )


def test_ternary_gives_both_literals() -> None:
    text = "await openai.chat.completions.create({ model: fast ? 'gpt-4o-mini' : 'gpt-4o' });\n"
    assert models(text) == ["gpt-4o-mini", "gpt-4o"]


def test_params_object_passed_to_an_sdk_call_is_a_call() -> None:
    text = """\
import OpenAI from 'openai';
const client = new OpenAI();
async function main() {
  const params: OpenAI.Chat.ChatCompletionCreateParams = {
    model: 'gpt-4',
    messages: [{ role: 'user', content: 'Say this is a test' }],
  };
  const base = { model: process.env.MODEL ?? 'gpt-4o-mini', temperature: 0 };
  const unused = { model: 'gpt-4.1', note: 'never sent' };
  await client.chat.completions.create(params);
  await client.chat.completions.create({ ...base, messages: [] });
}
"""
    got = [(r.model, r.kind, r.runtime, r.location.context, r.env_var) for r in scan(text)]
    assert got == [
        ("gpt-4", RefKind.CALL, Runtime.OPENAI, "main:params.model", None),
        ("gpt-4o-mini", RefKind.ENV_DEFAULT, Runtime.OPENAI, "main:base.model", "MODEL"),
        ("gpt-4.1", RefKind.CONFIG, Runtime.UNKNOWN, "main:unused.model", None),
    ]
