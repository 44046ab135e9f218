"""Issue 9, batch 10's classes: a form input for choosing a model (its `default` is sent, its
display conditions are matched against), a model mapping whose weights come from a source URL
(KServe `model: {uri: hf://..., name: ...}`) and a Hugging Face server's `model_id_or_path`."""

from __future__ import annotations

from llmdeps.model import RefKind
from tests.sources.detectors.config.test_config_files import refs, scan
from tests.sources.detectors.javascript.support import scan as scan_js
from tests.sources.detectors.python.helpers import refs as python_refs

NODE = """
class ChatOpenAI_ChatModels implements INode {
    constructor() {
        this.inputs = [
            {
                label: 'Model Name',
                name: 'modelName',
                type: 'asyncOptions',
                loadMethod: 'listModels',
                default: 'gpt-4o-mini'
            },
            {
                label: 'Temperature',
                name: 'temperature',
                type: 'number',
                default: 0.9
            },
            {
                label: 'Thinking',
                name: 'thinking',
                type: 'boolean',
                default: 'claude-4-think',
                show: {
                    modelName: ['claude-opus-4-6', 'claude-sonnet-4-6']
                },
                hide: { modelName: ['claude-3-haiku-20240307'] }
            },
            {
                label: 'Model Name',
                name: 'modelName',
                type: 'string',
                placeholder: 'gpt-4o'
            }
        ]
    }
}
"""


def test_a_form_input_for_a_model_presets_its_default_and_its_conditions_are_no_models() -> None:
    found = [(r.model, r.location.line, r.kind) for r in scan_js(NODE, "nodes/ChatOpenAI.ts")]
    assert found == [("gpt-4o-mini", 10, RefKind.CONFIG)]


def test_a_model_mapping_with_a_source_url_names_the_source_not_the_served_name() -> None:
    found = refs(
        scan(
            "llmisvc.yaml",
            """
            apiVersion: serving.kserve.io/v1alpha2
            kind: LLMInferenceService
            spec:
              model:
                uri: hf://facebook/opt-125m
                name: facebook/opt-125m
                lora:
                  adapters:
                    - name: lora-adapter-1
                      uri: hf://edbeeching/opt-125m-lora
            ---
            model:
              name: meta-llama/Llama-3.1-8B-Instruct
              revision: main
            """,
        )
    )
    assert [(r.model, r.location.line) for r in found] == [
        ("hf://facebook/opt-125m", 6),
        ("hf://edbeeching/opt-125m-lora", 11),
        ("meta-llama/Llama-3.1-8B-Instruct", 14),  # no source beside it: the name is the model
    ]


def test_a_hugging_face_servers_model_id_or_path_is_the_model_not_its_served_name() -> None:
    found = python_refs(
        """
        model = HuggingfaceGenerativeModel(
            "bloom-560m",
            model_id_or_path="bigscience/bloom-560m",
            max_length=512,
        )
        """
    )
    assert [(r.model, r.location.line) for r in found] == [("bigscience/bloom-560m", 4)]


def test_a_plugins_model_helper_names_its_model() -> None:
    text = (
        "import { googleAI } from '@genkit-ai/google-genai';\n"
        "const { text } = await ai.generate({\n"
        "  model: googleAI.model('gemini-2.5-flash'),\n"
        "  prompt: 'hello',\n"
        "});\n"
        "const menu = { embedder: googleAI.embedder('gemini-embedding-001') };\n"
        "const User = mongoose.model('User', userSchema);\n"
    )
    found = [(r.model, r.location.line, r.kind) for r in scan_js(text, "src/index.ts")]
    assert found == [
        ("gemini-2.5-flash", 3, RefKind.CALL),
        ("gemini-embedding-001", 6, RefKind.CALL),
    ]


def test_a_dotprompt_files_front_matter_names_its_model_and_its_body_is_text() -> None:
    body = "---\nmodel: googleai/gemini-2.5-flash\ninput:\n  schema:\n    food: string\n---\n"
    text = body + "You are a chef. model: gpt-4o is only mentioned here.\n"
    found = refs(scan("prompts/recipe.prompt", text))
    assert [(r.model, r.location.line) for r in found] == [("googleai/gemini-2.5-flash", 2)]
    assert refs(scan("prompts/plain.prompt", "model: gpt-4o\n")) == []  # no front matter


def test_php_enums_and_getters_named_for_models_and_ruby_settings() -> None:
    from tests.sources.detectors.polyglot.support import models

    php = (
        "<?php\n"
        "enum OpenAIChatModel: string\n"
        "{\n"
        "    case Gpt4o = 'gpt-4o';\n"
        "}\n"
        "enum Colour: string { case Llama = 'llama-3-8b'; }\n"
        "class Gen {\n"
        "    public function getModelName(): string { return 'text-embedding-3-small'; }\n"
        "    public function getTitle(): string { return 'gpt-4o-mini'; }\n"
        "}\n"
    )
    assert models(php, "src/Chat.php") == [("gpt-4o", 4), ("text-embedding-3-small", 8)]
    ruby = (
        "class Configuration\n"
        "  option :default_model, 'gpt-5.4'\n"
        "  option :request_timeout, 'gpt-4o-timeout-120'\n"
        "end\n"
    )
    assert models(ruby, "lib/configuration.rb") == [("gpt-5.4", 2)]


def test_csharp_and_rust_model_builders() -> None:
    from tests.sources.detectors.polyglot.support import models

    csharp = (
        'var model = Environment.GetEnvironmentVariable("AZURE_OPENAI_DEPLOY_NAME") ?? "gpt-4o-mini";\n'
        'var title = Environment.GetEnvironmentVariable("APP_TITLE") ?? "gpt-4o-chat";\n'
        'var image = await client.GetImageClient("dall-e-3").GenerateImageAsync(prompt);\n'
    )
    assert models(csharp, "Program.cs") == [("gpt-4o-mini", 1), ("dall-e-3", 3)]
    rust = (
        "fn main() {\n"
        '    let agent = ollama_client.agent("qwen2.5:14b").preamble("hi").build();\n'
        '    let user = registry.agent("support-bot");\n'
        "}\n"
    )
    assert models(rust, "examples/rag/src/main.rs") == [("qwen2.5:14b", 2)]


def test_a_model_choosers_download_urls_are_hub_files() -> None:
    found = python_refs(
        """
        model_list = [
            {
                "name": "Llama-3.1-8B-Instruct",
                "url": "https://huggingface.co/Mozilla/Llama-3.1-8B-llamafile/resolve/main/x.llamafile?download=true",
            },
            {"name": "Docs", "url": "https://example.com/docs"},
        ]
        links = [{"url": "https://huggingface.co/Mozilla/Other-llamafile/resolve/main/y.llamafile"}]
        """
    )
    assert [(r.model.rsplit("/", 1)[-1], r.location.line, r.kind) for r in found] == [
        ("x.llamafile?download=true", 5, RefKind.CATALOG)
    ]


def test_lists_only_tested_for_membership_are_no_catalogues() -> None:
    from tests.sources.detectors.polyglot.support import models

    ruby = (
        "module Capabilities\n"
        "  VISION_MODELS = %w[command-a-vision-07-2025 embed-v4.0].freeze\n"
        "  CHAT_MODELS = %w[command-r-08-2024 command-a-03-2025].freeze\n"
        "  def vision?(id) = VISION_MODELS.include?(id)\n"
        "  def tools?(id) = !%w[command-a-translate-08-2025].include?(id)\n"
        "  def models = CHAT_MODELS.map { |m| { id: m } }\n"
        "end\n"
    )
    assert models(ruby, "lib/capabilities.rb") == [
        ("command-r-08-2024", 3),
        ("command-a-03-2025", 3),
    ]
    go = (
        "package openai\n"
        "\n"
        "func NeedsRaw(name string) bool {\n"
        '\tneedingRawModels := []string{"gpt-4o-search-preview", "gpt-4o-mini-search-preview"}\n'
        "\treturn slices.Contains(needingRawModels, name)\n"
        "}\n"
    )
    assert models(go, "internal/openai.go") == []


def test_an_argc_option_declaration_names_the_scripts_default_model() -> None:
    from llmdeps.sources.base import SourceFile
    from llmdeps.sources.detectors.shell import ShellDetector

    text = (
        "#!/usr/bin/env bash\n"
        "# @cmd Chat with gemini api\n"
        "# @option -m --model=gemini-1.5-pro-latest $GEMINI_MODEL\n"
        "# @option --theme=dark-gpt-4o\n"
        "# @option -m --model[?`_choice_model`]\n"
        "# @option --model=$DEFAULT\n"
        "chat() { curl -s https://example.com; }\n"
    )
    found = list(ShellDetector().scan(SourceFile("Argcfile.sh", text, "Argcfile.sh")))
    rows = [(r.model, r.location.line, r.location.column) for r in found]
    assert rows == [("gemini-1.5-pro-latest", 3, 22)]
