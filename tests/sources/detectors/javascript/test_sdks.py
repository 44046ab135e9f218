"""JS SDK calls and factories: openai-node, anthropic, ollama-js, Google, AI SDK, LangChain."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from tests.sources.detectors.javascript.support import at, models, one, scan

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


def test_openai_images_and_fine_tuning() -> None:
    text = """\
const img = await client.images.generate({ model: 'gpt-image-1', prompt: 'otter' });
const job = await client.fineTuning.jobs.create({ training_file: id, model: 'gpt-4o-mini-2024-07-18' });
"""
    assert [(r.model, r.kind) for r in scan(text)] == [
        ("gpt-image-1", RefKind.CALL),
        ("gpt-4o-mini-2024-07-18", RefKind.CALL),
    ]


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
        ("openai:gpt-4o-mini", Runtime.OPENAI),
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


def test_commonjs_require() -> None:
    text = """\
const { openai } = require('@ai-sdk/openai');
const { generateText } = require('ai');
module.exports = async () => generateText({ model: openai('gpt-4o-mini'), prompt: 'x' });
"""
    ref = one(text)
    assert (ref.model, ref.runtime) == ("gpt-4o-mini", Runtime.OPENAI)


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
        ("ollama:llama3:8b", Runtime.OLLAMA, "any:initChatModel"),
        ("openai:gpt-4o", Runtime.OPENAI, "gpt:initChatModel"),
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
        ("anthropic:claude-sonnet-4-5", RefKind.CALL, Runtime.ANTHROPIC),
        ("openai:gpt-4o-mini", RefKind.CONFIG, Runtime.OPENAI),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", RefKind.CALL, Runtime.TOGETHER),
        ("mistral:7b", RefKind.CONFIG, Runtime.UNKNOWN),
    ]


def test_transformers_js_pipeline() -> None:
    text = "const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2');\n"
    ref = one(text)
    assert (ref.model, ref.runtime) == ("Xenova/all-MiniLM-L6-v2", Runtime.HUGGINGFACE)


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
