"""Issue 9 classes in JS/TS: model records, choice lists, membership-only arrays, provider keys."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from tests.sources.detectors.javascript.support import at, scan

RECORDS = """\
import { LLM } from "@/types"

const OPENAI_LINK = "https://platform.openai.com/docs/overview"

// GPT-4o
const GPT4o: LLM = {
  modelId: "gpt-4o",
  modelName: "GPT-4o",
  provider: "openai",
  hostedId: "gpt-4o",
  platformLink: OPENAI_LINK,
  imageInput: true,
  pricing: { currency: "USD", unit: "1M tokens", inputCost: 5 }
}
const LLaMA3_8B: LLM = {
  modelId: "llama3-8b-8192",
  modelName: "LLaMA3-8b-chat",
  provider: "groq",
  hostedId: "llama3-8b-8192"
}
export const OPENAI_LLM_LIST: LLM[] = [GPT4o]
"""


def test_model_records_keep_ids_and_drop_display_names() -> None:
    found = scan(RECORDS)
    got = [(r.model, r.location.context, r.kind, r.runtime) for r in found]
    assert got == [
        ("gpt-4o", "GPT4o.modelId", RefKind.CATALOG, Runtime.OPENAI),
        ("gpt-4o", "GPT4o.hostedId", RefKind.CATALOG, Runtime.OPENAI),
        ("llama3-8b-8192", "LLaMA3_8B.modelId", RefKind.CATALOG, Runtime.GROQ),
        ("llama3-8b-8192", "LLaMA3_8B.hostedId", RefKind.CATALOG, Runtime.GROQ),
    ]
    hosted = found[1]
    assert (hosted.location.line, hosted.location.column) == at(RECORDS, '"gpt-4o",\n  platform')


def test_a_record_type_of_other_values_is_no_catalogue() -> None:
    text = """\
    import { LLMID } from "@/types"
    type Limits = { MAX_TOKENS: number }
    export const CHAT_SETTING_LIMITS: Record<LLMID, Limits> = {
      "claude-2.1": { MAX_TOKENS: 2000 },
      "gpt-4o": { MAX_TOKENS: 4096 }
    }
    """
    assert scan(text) == []


def test_arrays_only_matched_against_are_no_dependencies() -> None:
    text = """\
    const check = (settings) => {
      const compatibleModels = ["gpt-4-turbo-preview", "gpt-4-vision-preview", "gpt-4"]
      return compatibleModels.includes(settings.model)
    }
    const NO_TOOLS_MODELS = new Set(["o1-mini", "o1-preview"])
    export const chatModels = ["gpt-4o", "gpt-4o-mini"]
    const pickable = ["claude-3-5-haiku-latest", "claude-3-5-sonnet-latest"]
    const MODELS = ["llama3.1:8b"]
    if (MODELS.includes(x)) { pull(MODELS[0]) }
    """
    assert sorted(r.model for r in scan(text)) == ["gpt-4o", "gpt-4o-mini", "llama3.1:8b"]


def test_provider_key_beside_model_names_the_runtime() -> None:
    text = """\
    const embedder = { provider: "huggingface", model: "all-MiniLM-L6-v2" }
    const chat = { "provider": "xai", "model": "grok-3-beta" }
    const other = { provider: "acme", model: "gpt-4o-mini" }
    """
    got = {r.model: r.runtime for r in scan(text)}
    assert got == {
        "all-MiniLM-L6-v2": Runtime.HUGGINGFACE,
        "grok-3-beta": Runtime.XAI,
        "gpt-4o-mini": Runtime.UNKNOWN,
    }


def test_bare_word_in_a_bound_factory_slot() -> None:
    text = """\
    import { ollama } from 'ollama-ai-provider'
    const a = ollama('mistral')
    const provider = 'mistral'
    const label = { name: 'mistral' }
    """
    found = scan(text)
    assert [(r.model, r.runtime, r.location.line) for r in found] == [
        ("mistral", Runtime.OLLAMA, 2)
    ]


DEFAULTS = """\
export function getModel() {
  const stored = localStorage.getItem('m')
  return stored || 'gemma:2b'
}
const m = settings.model ?? 'llama3'
const picked = localStorage.getItem('selectedModel') || 'qwen2.5:7b'
class Prefs { get defaultModel() { return 'phi3:mini' } }
function modelName(): string { return "claude-3-5-sonnet-latest" }
export const DEFAULT_MODEL = 'llama3.2'
const getFallback = () => 'llama3.1:8b'
function getTitle() { return 'llama3.1:70b' }
const title = settings.title ?? 'llama3:70b'
const theme = localStorage.getItem('theme') || 'gemma-dark'
"""


def test_js_defaults_of_model_reads_and_model_named_functions() -> None:
    got = {r.model: (r.kind, r.location.context) for r in scan(DEFAULTS)}
    assert got == {
        "gemma:2b": (RefKind.CONSTANT, "getModel:return"),
        "llama3": (RefKind.CONSTANT, "m"),
        "qwen2.5:7b": (RefKind.CONSTANT, "picked"),
        "phi3:mini": (RefKind.CONSTANT, "Prefs.defaultModel:return"),
        "claude-3-5-sonnet-latest": (RefKind.CONSTANT, "modelName:return"),
        "llama3.2": (RefKind.CONSTANT, "DEFAULT_MODEL"),
    }


def test_a_returned_placeholder_is_no_model() -> None:
    text = """\
    function getModel() { if (!ok) return 'unknown'; return cfg.model || 'default' }
    get modelLabel() { return 'Llama 3.1' }
    """
    assert scan(text) == []


def test_arrays_of_id_and_label_objects_are_choice_catalogues() -> None:
    text = """\
    const opts = [{ value: 'llama3.1:8b', label: 'Llama 3.1' }, { value: 'qwen2.5:7b', label: 'Qwen' }]
    export const providers = [{ id: 'openai', name: 'OpenAI' }, { id: 'ollama', name: 'Ollama' }]
    const tabs = [{ id: 'chat', title: 'Chat' }]
    const users = [{ id: 'llama3-fan', age: 3 }]
    function Picker() { return <Select options={[{ value: 'gpt-4o', label: 'GPT-4o' }]} /> }
    """
    got = [(r.model, r.kind, r.location.context) for r in scan(text)]
    assert got == [
        ("llama3.1:8b", RefKind.CATALOG, "opts[0].value"),
        ("qwen2.5:7b", RefKind.CATALOG, "opts[1].value"),
        ("gpt-4o", RefKind.CATALOG, "Picker:[0].value"),
    ]


def test_provider_choice_lists_are_no_catalogue() -> None:
    text = """\
    const compatibleProviders = [
      { id: "xai", displayName: "xAI", baseURL: "https://api.x.ai/v1" },
      { id: "minimax", displayName: "MiniMax", baseURL: "https://api.minimax.io/v1" },
    ]
    const vendors = [{ id: "minimax", label: "MiniMax" }]
    const backends = [{ value: "openai", label: "OpenAI" }, { value: "mistral", label: "Mistral" }]
    """
    assert scan(text) == []


def test_tool_lists_and_other_ids_in_a_record_are_no_models() -> None:
    text = """\
    const tools = [{ type: 'provider', id: 'anthropic.code_execution_20260120', name: 'code_execution' }]
    const harness = { modelId: 'grok-4', harnessId: 'grok-build', sessionId: 'gpt-session-1' }
    """
    assert [(r.model, r.location.context) for r in scan(text)] == [("grok-4", "harness.modelId")]


def test_provider_constant_beside_model_constant_names_its_runtime() -> None:
    text = """\
    export const EMBEDDING_PROVIDER = process.env.EMBEDDING_PROVIDER ?? 'huggingface'
    export const EMBEDDING_MODEL = process.env.EMBEDDING_MODEL ?? 'all-MiniLM-L6-v2'
    const chatProvider = 'xai'
    const chatModel = 'grok-3-beta'
    const DEFAULT_MODEL = 'gpt-4o-mini'
    """
    got = {r.model: (r.runtime, r.kind) for r in scan(text)}
    assert got == {
        "all-MiniLM-L6-v2": (Runtime.HUGGINGFACE, RefKind.ENV_DEFAULT),
        "grok-3-beta": (Runtime.XAI, RefKind.CONSTANT),
        "gpt-4o-mini": (Runtime.UNKNOWN, RefKind.CONSTANT),
    }


ENV_DEFAULTS = """\
function defaults() {
  return process.env.LLM_MODEL ?? "qwen2.5:7b";
}
run({ id: process.env.OPENAI_MODEL || "gpt-4o-mini" });
const client = makeClient(process.env.CHAT_MODEL ?? "llama3.1:8b", opts);
const list = [process.env.EMBED_MODEL || "nomic-embed-text"];
const provider = process.env.LLM_PROVIDER ?? "openai";
const host = process.env.OLLAMA_HOST || "http://localhost:11434";
const label = process.env.MODEL_LABEL ?? "Fast model";
const title = process.env.APP_TITLE ?? "llama3.1:8b";
"""


def test_env_defaults_in_any_position() -> None:
    found = scan(ENV_DEFAULTS)
    got = [(r.model, r.location.line, r.kind, r.env_var) for r in found]
    assert got == [
        ("qwen2.5:7b", 2, RefKind.ENV_DEFAULT, "LLM_MODEL"),
        ("gpt-4o-mini", 4, RefKind.ENV_DEFAULT, "OPENAI_MODEL"),
        ("llama3.1:8b", 5, RefKind.ENV_DEFAULT, "CHAT_MODEL"),
        ("nomic-embed-text", 6, RefKind.ENV_DEFAULT, "EMBED_MODEL"),
    ]
    assert found[0].location.context == "defaults:LLM_MODEL"
    assert found[1].runtime is Runtime.OPENAI
    # a const whose name says model keeps its own context
    const = scan('const model = process.env.E2E_MODEL ?? "zai-org/GLM-4.6";\n')
    assert [(r.location.context, r.env_var) for r in const] == [("model", "E2E_MODEL")]


def test_catalogue_entry_beside_an_id_key_is_described_by_its_other_keys() -> None:
    src = """\
const CANDIDATES = [
  { label: "GLM 4.6", value: "zai-org/GLM-4.6", replaces: "zai-org/GLM-4.5", needsVision: false },
  { label: "Kimi K2", value: "moonshotai/Kimi-K2-Instruct", replaces: "moonshotai/Kimi-K1.5" },
];
"""
    assert [(r.model, r.kind) for r in scan(src)] == [
        ("zai-org/GLM-4.6", RefKind.CATALOG),
        ("moonshotai/Kimi-K2-Instruct", RefKind.CATALOG),
    ]
