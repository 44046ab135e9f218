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
