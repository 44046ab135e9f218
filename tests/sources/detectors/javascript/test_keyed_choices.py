"""`{ name, key }` model objects (Perplexica's provider catalogues) and arrays only looked up
with `.find(m => model.includes(m))`."""

from __future__ import annotations

from llmdeps.model import RefKind
from tests.sources.detectors.javascript.support import scan

CATALOGUE = """\
const defaultChatModels: Model[] = [
  {
    name: 'GPT-4 omni',
    key: 'gpt-4o',
  },
  {
    name: 'o1',
    key: 'o1',
  },
];

const defaultEmbeddingModels = [
  { name: 'all-MiniLM-L6-v2', key: 'Xenova/all-MiniLM-L6-v2' },
];
"""


def test_the_key_beside_a_label_is_the_catalogue_id_and_the_name_is_not() -> None:
    found = scan(CATALOGUE, "src/lib/models/providers/openai/index.ts")
    assert [(r.model, r.location.line, r.kind.value) for r in found] == [
        ("gpt-4o", 4, "catalog"),
        ("o1", 8, "catalog"),
        ("Xenova/all-MiniLM-L6-v2", 13, "catalog"),
    ]
    assert found[0].location.context == "defaultChatModels[0].key"
    assert "all-MiniLM-L6-v2" not in {r.model for r in found}  # the display name


def test_a_key_that_is_a_credential_or_no_catalogue_stays_unread() -> None:
    secret = "sk-proj-" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kM9"
    text = f"""\
const accounts = [
  {{ name: 'prod', key: '{secret}' }},
];
const models = [
  {{ name: 'GPT-4o', key: '{secret}' }},
];
const menu = [{{ name: 'Home', key: 'home' }}, {{ name: 'Chat', key: 'chat' }}];
const providers = [{{ name: 'OpenAI', key: 'openai' }}];
const errors = {{ chat: [{{ key: 'error', name: 'boom' }}] }};
"""
    found = scan(text, "src/accounts.ts")
    assert found == []


def test_an_array_only_searched_with_find_and_includes_is_a_matcher() -> None:
    text = """\
const reasoningModels = [
  'gpt-oss',
  'deepseek-r1',
  'qwen3',
];

export function think(model: string) {
  return reasoningModels.find((m) => model.includes(m)) !== undefined;
}
"""
    assert scan(text, "src/ollamaLLM.ts") == []
    # the same list used as a value elsewhere (offered to the user) stays a catalogue
    offered = text + "export const choices = reasoningModels;\n"
    assert [r.model for r in scan(offered, "src/ollamaLLM.ts")] == [
        "gpt-oss",
        "deepseek-r1",
        "qwen3",
    ]


def test_a_bare_key_whose_entry_id_repeats_it_is_an_id() -> None:
    """anything-llm's perplexity/models.js: `sonar: { id: "sonar" }` after quoted keys."""
    src = """const MODELS = {
  "sonar-pro": {
    id: "sonar-pro",
    name: "sonar-pro",
    maxLength: 200000,
  },
  sonar: {
    id: "sonar",
    name: "sonar",
    maxLength: 127072,
  },
  fastest: {
    id: "sonar-reasoning",
    name: "Fastest",
  },
};

module.exports.MODELS = MODELS;
"""
    refs = scan(src, "server/utils/AiProviders/perplexity/models.js")
    assert [(r.model, r.location.line) for r in refs] == [
        ("sonar-pro", 2),
        ("sonar-pro", 3),
        ("sonar", 7),
        ("sonar", 8),
        ("sonar-reasoning", 13),
    ]


def test_a_constant_the_catalog_knows_needs_no_model_name() -> None:
    src = """export const WHISPER = "whisper-1";
const AGENT_NAME = 'deep-research-pro-preview-12-2025' as const;
const REPO = "gpt-researcher";
const LANG = "ada";
const GREEK = "phi";
const BRANCH = "llama-recipes";
"""
    assert [(r.model, r.location.line) for r in scan(src, "src/ids.ts")] == [
        ("whisper-1", 1),
        ("deep-research-pro-preview-12-2025", 2),
    ]


def test_a_model_in_a_url_query_held_by_a_constant() -> None:
    src = """const REALTIME_URL = "wss://api.openai.com/v1/realtime?model=gpt-realtime";
const SEARCH_URL = "https://example.com/search?q=gpt-4o";
const TEMPLATE_URL = "wss://api.openai.com/v1/realtime?model=%s";
const ws = new WebSocket(REALTIME_URL);
"""
    refs = scan(src, "src/realtime.ts")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("gpt-realtime", 1, RefKind.CALL),
    ]
