"""JavaScript/TypeScript detector: real SDK snippets, exact positions, hard negatives, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.model import Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.javascript import JavaScriptDetector, lex

DEMO = Path(__file__).resolve().parents[3] / "examples" / "demo"


def scan(text: str, path: str = "src/app.ts") -> list[Reference]:
    found = list(JavaScriptDetector().scan(SourceFile(path, text, path.rsplit("/", 1)[-1])))
    assert not [d for d in found if isinstance(d, ScanWarning)]
    return [d for d in found if isinstance(d, Reference)]


def models(text: str) -> list[str]:
    return [r.model for r in scan(text)]


def one(text: str) -> Reference:
    refs = scan(text)
    assert len(refs) == 1, refs
    return refs[0]


def at(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first character of `needle` (the opening quote)."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# -- wants ----------------------------------------------------------------------------------------


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


# -- the demo -------------------------------------------------------------------------------------


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


# -- openai-node, anthropic, ollama-js ------------------------------------------------------------

OPENAI_NODE = """\
import OpenAI from 'openai';

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

export async function summarize(text: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-2024-08-06',
    messages: [{ role: 'user', content: `Summarise: ${text}` }],
  });
  return completion.choices[0].message.content ?? '';
}
"""


def test_openai_node_chat_completion() -> None:
    ref = one(OPENAI_NODE)
    assert ref.model == "gpt-4o-2024-08-06"
    assert ref.kind is RefKind.CALL
    assert ref.runtime is Runtime.OPENAI
    assert ref.location.context == "summarize:create"
    assert (ref.location.line, ref.location.column) == (7, 12)
    assert at(OPENAI_NODE, "'gpt-4o-2024-08-06'") == (7, 12)


def test_openai_pointed_at_ollama_is_ollama() -> None:
    text = """\
const client = new OpenAI({ baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' });
const r = await client.chat.completions.create({ model: 'qwen2.5:7b', messages });
"""
    ref = one(text)
    assert ref.runtime is Runtime.OLLAMA
    assert ref.base_url == "http://localhost:11434/v1"


def test_responses_and_embeddings() -> None:
    text = """\
const openai = new OpenAI();
await openai.responses.create({ model: 'o3-mini', input: 'hi' });
await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['a'] });
"""
    refs = scan(text)
    assert [(r.model, r.kind, r.runtime) for r in refs] == [
        ("o3-mini", RefKind.CALL, Runtime.OPENAI),
        ("text-embedding-3-small", RefKind.CALL, Runtime.OPENAI),
    ]


def test_anthropic_messages() -> None:
    text = """\
import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic();
export const reply = async () => {
  const msg = await anthropic.messages.create({
    model: "claude-3-5-haiku-20241022",
    max_tokens: 1024,
    messages: [{ role: "user", content: "Hello" }],
  });
};
"""
    ref = one(text)
    assert ref.model == "claude-3-5-haiku-20241022"
    assert ref.runtime is Runtime.ANTHROPIC
    assert ref.location.context == "reply:create"
    assert (ref.location.line, ref.location.column) == (5, 12)


def test_ollama_js() -> None:
    text = """\
import ollama from 'ollama';

const response = await ollama.chat({
  model: 'llama3.1',
  messages: [{ role: 'user', content: 'Why is the sky blue?' }],
});
await ollama.pull({ model: 'nomic-embed-text' });
const e = await ollama.embed({ model: "mxbai-embed-large", input: "x" });
"""
    refs = scan(text)
    assert [(r.model, r.runtime, r.location.context) for r in refs] == [
        ("llama3.1", Runtime.OLLAMA, "response:chat"),
        ("nomic-embed-text", Runtime.OLLAMA, "pull"),
        ("mxbai-embed-large", Runtime.OLLAMA, "e:embed"),
    ]
    assert all(r.kind is RefKind.CALL for r in refs)
    assert (refs[0].location.line, refs[0].location.column) == (4, 10)


def test_ollama_client_instance() -> None:
    text = """\
import { Ollama } from 'ollama';
const local = new Ollama({ host: 'http://127.0.0.1:11434' });
await local.generate({ model: 'phi3:mini', prompt: 'x' });
"""
    ref = one(text)
    assert ref.runtime is Runtime.OLLAMA
    assert ref.model == "phi3:mini"


def test_google_genai() -> None:
    text = """\
const ai = new GoogleGenAI({});
const response = await ai.models.generateContent({ model: 'gemini-2.0-flash-001', contents: 'x' });
"""
    ref = one(text)
    assert ref.runtime is Runtime.GOOGLE
    assert ref.model == "gemini-2.0-flash-001"


# -- Vercel AI SDK --------------------------------------------------------------------------------

AI_SDK = """\
import { openai } from '@ai-sdk/openai';
import { anthropic } from '@ai-sdk/anthropic';
import { createOllama } from 'ollama-ai-provider';
import { generateText, streamText, embed } from 'ai';

const ollama = createOllama({ baseURL: 'http://localhost:11434/api' });

export async function answer(prompt: string) {
  const { text } = await generateText({ model: openai('gpt-4o'), prompt });
  const stream = streamText({ model: anthropic('claude-sonnet-4-5'), prompt });
  const { embedding } = await embed({ model: openai.embedding('text-embedding-3-small'), value: prompt });
  const local = await generateText({ model: ollama('llama3.1:8b'), prompt });
  const viaGateway = await generateText({ model: 'openai/gpt-4o-mini', prompt });
  return text;
}
"""


def test_ai_sdk_factories_and_gateway() -> None:
    refs = scan(AI_SDK)
    got = [(r.model, r.runtime, r.kind, r.location.context) for r in refs]
    assert got == [
        ("gpt-4o", Runtime.OPENAI, RefKind.CALL, "answer:openai"),
        ("claude-sonnet-4-5", Runtime.ANTHROPIC, RefKind.CALL, "answer:anthropic"),
        ("text-embedding-3-small", Runtime.OPENAI, RefKind.CALL, "answer:embedding"),
        ("llama3.1:8b", Runtime.OLLAMA, RefKind.CALL, "answer:ollama"),
        ("openai/gpt-4o-mini", Runtime.GATEWAY, RefKind.CALL, "answer:generateText"),
    ]
    assert (refs[0].location.line, refs[0].location.column) == at(AI_SDK, "'gpt-4o'")
    assert (refs[4].location.line, refs[4].location.column) == (13, 50)


def test_other_provider_factories() -> None:
    text = """\
import { google } from '@ai-sdk/google';
import { mistral } from '@ai-sdk/mistral';
import { groq } from '@ai-sdk/groq';
import { azure } from '@ai-sdk/azure';
import { bedrock } from '@ai-sdk/amazon-bedrock';
const a = google('gemini-2.5-flash');
const b = mistral('mistral-large-latest');
const c = groq('llama-3.3-70b-versatile');
const d = azure('my-gpt4o-deployment');
const e = bedrock('anthropic.claude-3-5-sonnet-20240620-v1:0');
"""
    got = [(r.model, r.runtime) for r in scan(text)]
    assert got == [
        ("gemini-2.5-flash", Runtime.GOOGLE),
        ("mistral-large-latest", Runtime.MISTRAL),
        ("llama-3.3-70b-versatile", Runtime.GROQ),
        ("my-gpt4o-deployment", Runtime.AZURE),
        ("anthropic.claude-3-5-sonnet-20240620-v1:0", Runtime.BEDROCK),
    ]


def test_create_openai_bound_factory_with_ollama_base_url() -> None:
    text = """\
import { createOpenAI } from '@ai-sdk/openai';
const lm = createOpenAI({ baseURL: 'http://localhost:11434/v1', apiKey: 'unused' });
export const model = lm('qwen2.5-coder:7b');
"""
    ref = one(text)
    assert ref.runtime is Runtime.OLLAMA
    assert ref.location.context == "model:lm"


def test_unimported_factory_name_needs_a_model_shaped_argument() -> None:
    # without an import, `google(...)` might be any function: only model-like ids count
    assert models("const hits = google('weather today');\nconst m = google('gemini-1.5-pro');") == [
        "gemini-1.5-pro"
    ]


# -- LangChain JS ---------------------------------------------------------------------------------


def test_langchain_js() -> None:
    text = """\
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { ChatOllama } from '@langchain/ollama';
import { initChatModel } from 'langchain/chat_models/universal';

const llm = new ChatOpenAI({ modelName: 'gpt-4-turbo', temperature: 0 });
const embeddings = new OpenAIEmbeddings({ model: 'text-embedding-3-large' });
const local = new ChatOllama({ model: 'llama3.2:3b', baseUrl: 'http://localhost:11434' });
const any = await initChatModel('ollama:llama3:8b');
const gpt = await initChatModel("openai:gpt-4o");
"""
    got = [(r.model, r.runtime, r.location.context) for r in scan(text)]
    assert got == [
        ("gpt-4-turbo", Runtime.OPENAI, "llm:ChatOpenAI"),
        ("text-embedding-3-large", Runtime.OPENAI, "embeddings:OpenAIEmbeddings"),
        ("llama3.2:3b", Runtime.OLLAMA, "local:ChatOllama"),
        ("llama3:8b", Runtime.OLLAMA, "any:initChatModel"),
        ("gpt-4o", Runtime.OPENAI, "gpt:initChatModel"),
    ]


# -- constants, propagation, env defaults ---------------------------------------------------------


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


def test_ternary_gives_both_literals() -> None:
    text = "await openai.chat.completions.create({ model: fast ? 'gpt-4o-mini' : 'gpt-4o' });\n"
    assert models(text) == ["gpt-4o-mini", "gpt-4o"]


# -- catalogues and config objects ----------------------------------------------------------------

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


def test_transformers_js_pipeline() -> None:
    text = "const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2');\n"
    ref = one(text)
    assert (ref.model, ref.runtime) == ("Xenova/all-MiniLM-L6-v2", Runtime.HUGGINGFACE)


def test_commonjs_require() -> None:
    text = """\
const { openai } = require('@ai-sdk/openai');
const { generateText } = require('ai');
module.exports = async () => generateText({ model: openai('gpt-4o-mini'), prompt: 'x' });
"""
    ref = one(text)
    assert (ref.model, ref.runtime) == ("gpt-4o-mini", Runtime.OPENAI)


# -- hard negatives -------------------------------------------------------------------------------

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


def test_lexer_template_substitution_is_not_a_string() -> None:
    kinds = [(t.kind, t.value) for t in lex("`a${b}c` 'x'")]
    assert ("str", "x") in kinds
    assert not any(k == "str" and v in ("a", "c", "ac") for k, v in kinds)


# -- properties -----------------------------------------------------------------------------------

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


def test_gateway_and_provider_registry() -> None:
    text = """\
import { gateway, createProviderRegistry, generateText } from 'ai';
import { anthropic } from '@ai-sdk/anthropic';
import { openai } from '@ai-sdk/openai';
export const registry = createProviderRegistry({ anthropic, openai });
const a = await generateText({ model: gateway('anthropic/claude-sonnet-4.5'), prompt });
const b = await generateText({ model: registry.languageModel('openai:gpt-4o-mini'), prompt });
"""
    got = [(r.model, r.runtime) for r in scan(text)]
    assert got == [
        ("anthropic/claude-sonnet-4.5", Runtime.GATEWAY),
        ("gpt-4o-mini", Runtime.OPENAI),
    ]


def test_camel_case_provider_instances() -> None:
    text = """\
import { amazonBedrock } from '@ai-sdk/amazon-bedrock';
import { deepSeek } from '@ai-sdk/deepseek';
const e = await embed({ model: amazonBedrock.embedding('amazon.titan-embed-text-v2:0'), value });
export const agent = new ToolLoopAgent({ model: deepSeek('deepseek-reasoner'), tools });
"""
    got = [(r.model, r.runtime, r.location.context) for r in scan(text)]
    assert got == [
        ("amazon.titan-embed-text-v2:0", Runtime.BEDROCK, "e:embedding"),
        ("deepseek-reasoner", Runtime.DEEPSEEK, "agent:deepSeek"),
    ]


def test_helpers_from_non_provider_packages_are_not_factories() -> None:
    text = """\
import { commonTool } from '@ai-sdk/harness';
import { createStore } from 'zustand';
import { createClient } from '@supabase/supabase-js';
export const tools = { bash: commonTool('bash', {}), web: commonTool('webSearch', {}) };
const store = createStore();
const db = createClient('https://x.supabase.co', 'anon');
const rows = store('gpt-4o-like-key');
const t = db('claude-table');
"""
    assert scan(text) == []


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


def test_langchain_provider_prefixes() -> None:
    text = """\
import { createAgent, summarizationMiddleware } from 'langchain';
import { TogetherAI } from '@langchain/together-ai';
const agent = createAgent({ model: 'anthropic:claude-sonnet-4-5', tools: [] });
const mw = summarizationMiddleware({ model: 'openai:gpt-4o-mini' });
const llm = new TogetherAI({ model: 'mistralai/Mixtral-8x7B-Instruct-v0.1' });
const local = { llm: { model: 'mistral:7b' } };
"""
    got = [(r.model, r.kind, r.runtime) for r in scan(text)]
    assert got == [
        ("claude-sonnet-4-5", RefKind.CALL, Runtime.ANTHROPIC),
        ("gpt-4o-mini", RefKind.CONFIG, Runtime.OPENAI),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", RefKind.CALL, Runtime.TOGETHER),
        ("mistral:7b", RefKind.CONFIG, Runtime.UNKNOWN),
    ]


def test_openai_images_and_fine_tuning() -> None:
    text = """\
const img = await client.images.generate({ model: 'gpt-image-1', prompt: 'otter' });
const job = await client.fineTuning.jobs.create({ training_file: id, model: 'gpt-4o-mini-2024-07-18' });
"""
    assert [(r.model, r.kind) for r in scan(text)] == [
        ("gpt-image-1", RefKind.CALL),
        ("gpt-4o-mini-2024-07-18", RefKind.CALL),
    ]


def test_raw_http_calls_to_model_apis() -> None:
    text = """\
const OLLAMA = process.env.OLLAMA_URL ?? 'http://localhost:11434';
export async function ask(prompt: string) {
  const res = await fetch(`${OLLAMA}/api/generate`, {
    method: 'POST',
    body: JSON.stringify({ model: 'llama3.2', prompt, stream: false }),
  });
  await fetch('http://127.0.0.1:11434/api/chat', { body: JSON.stringify({ model: 'qwen2.5:7b' }) });
  await axios.post('https://api.openai.com/v1/chat/completions', { model: 'gpt-4o-mini', messages });
  await fetch('/api/users', { body: JSON.stringify({ model: 'gpt-4o' }) });
}
"""
    got = [(r.model, r.kind, r.runtime, r.base_url) for r in scan(text)]
    assert got == [
        ("llama3.2", RefKind.CALL, Runtime.OLLAMA, None),
        ("qwen2.5:7b", RefKind.CALL, Runtime.OLLAMA, "http://127.0.0.1:11434"),
        ("gpt-4o-mini", RefKind.CALL, Runtime.OPENAI, "https://api.openai.com"),
        ("gpt-4o", RefKind.CONFIG, Runtime.UNKNOWN, None),
    ]


def test_vite_env_default() -> None:
    ref = one("export const CHAT_MODEL = import.meta.env.VITE_CHAT_MODEL || 'llama3.1:8b';\n")
    assert (ref.kind, ref.env_var, ref.location.context) == (
        RefKind.ENV_DEFAULT,
        "VITE_CHAT_MODEL",
        "CHAT_MODEL",
    )


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


@pytest.mark.parametrize(
    "text", ["function f(): T", "run(): Promise<void>", "x(a):", "({", "enum", "enum X", "`${"]
)
def test_truncated_sources_do_not_crash(text: str) -> None:
    assert scan(text) == []
