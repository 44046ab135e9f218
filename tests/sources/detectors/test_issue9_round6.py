"""Issue 9, batch 6's classes: weights files and Hub download URLs where a model goes (compose
defaults, kustomize literals, shell `case` arms, a TS enum of local models), and a catalogue
entry's id beside its display name in Python."""

from __future__ import annotations

import textwrap

from llmdeps.model import Reference, RefKind, Runtime
from tests.sources.detectors.config.test_config_files import refs, scan
from tests.sources.detectors.javascript.support import scan as scan_js
from tests.sources.detectors.python.helpers import by_model
from tests.sources.detectors.test_shell import scan as scan_shell

HUB_URL = (
    "https://huggingface.co/TheBloke/CodeLlama-7B-Instruct-GGUF/resolve/main/"
    "codellama-7b-instruct.Q4_K_M.gguf"
)
COMPOSE = f"""\
services:
  api:
    environment:
      MODEL: '/models/${{MODEL_NAME:-llama-2-7b-chat.bin}}'
      MODEL_DOWNLOAD_URL: '${{MODEL_DOWNLOAD_URL:-{HUB_URL}}}'
      DOCS_URL: 'https://huggingface.co/docs/hub/index'
      DATASET_URL: 'https://huggingface.co/datasets/org/data/resolve/main/train.jsonl'
      N_GQA: '${{N_GQA:-1}}'
  ui:
    environment:
      - 'DEFAULT_MODEL=/models/${{MODEL_NAME:-llama-2-7b-chat.bin}}'
      - 'MODEL_DIR=/models'
"""


def test_weights_and_hub_download_urls_in_compose() -> None:
    found = {(r.model, r.location.line, r.kind, r.runtime) for r in refs(scan("compose.yml", COMPOSE))}
    assert found == {
        ("llama-2-7b-chat.bin", 4, RefKind.LOCAL_FILE, Runtime.LOCAL),
        (HUB_URL, 5, RefKind.CONFIG, Runtime.HUGGINGFACE),
        ("llama-2-7b-chat.bin", 11, RefKind.LOCAL_FILE, Runtime.LOCAL),
    }


KUSTOMIZE = """\
configMapGenerator:
- name: llama-gpt
  literals:
  - DEFAULT_MODEL="/models/llama-2-7b-chat.bin"
  - OPENAI_API_HOST="http://llama-gpt-api:8000"
  - WAIT_TIMEOUT="600"
"""


def test_kustomize_literals_are_environment_entries() -> None:
    found = [(r.model, r.location.line, r.kind) for r in refs(scan("kustomization.yaml", KUSTOMIZE))]
    assert found == [("/models/llama-2-7b-chat.bin", 4, RefKind.LOCAL_FILE)]


LAUNCHER = f"""\
case $model in
    7b)
        export MODEL_NAME="llama-2-7b-chat.bin"
        export MODEL_DOWNLOAD_URL="{HUB_URL}"
        export WAIT_TIMEOUT=3600
        ;;
    code-7b)
        MODEL="./models/code-llama-7b-chat.gguf"
        MODEL_DIR="./models"
        DOCS_URL="https://huggingface.co/docs"
        ;;
esac
"""


def test_shell_launcher_arms_name_weights_and_their_download() -> None:
    found = [(r.model, r.location.line, r.runtime) for r in scan_shell(LAUNCHER, "run.sh")]
    assert sorted(found) == sorted(
        [
            ("llama-2-7b-chat.bin", 3, Runtime.LOCAL),
            (HUB_URL, 4, Runtime.HUGGINGFACE),
            ("./models/code-llama-7b-chat.gguf", 8, Runtime.LOCAL),
        ]
    )


ENUM = """\
export enum OpenAIModelID {
  GPT_4 = 'gpt-4',
  LLAMA_7B_CHAT = '/models/llama-2-7b-chat.bin',
  LLAMA_7B_CHAT_MAC = './models/llama-2-7b-chat.bin',
  MODELS_DIR = './models',
}
"""


def test_a_ts_enum_of_models_keeps_local_weights() -> None:
    found = {(r.model, r.kind) for r in scan_js(ENUM, "types/openai.ts")}
    assert ("/models/llama-2-7b-chat.bin", RefKind.LOCAL_FILE) in found
    assert ("./models/llama-2-7b-chat.bin", RefKind.LOCAL_FILE) in found
    assert {m for m, _ in found} == {
        "gpt-4",
        "/models/llama-2-7b-chat.bin",
        "./models/llama-2-7b-chat.bin",
    }


MANIFOLD = textwrap.dedent(
    """
    class Pipeline:
        def get_anthropic_models(self):
            return [
                {"id": "claude-3-haiku-20240307", "name": "claude-3-haiku"},
                {"id": "claude-3-5-sonnet-20241022", "name": "claude-3.5-sonnet"},
            ]
    """
)


def test_a_python_catalogue_entry_counts_its_id_not_its_name() -> None:
    assert set(by_model(MANIFOLD, "pipelines/anthropic.py")) == {
        "claude-3-haiku-20240307",
        "claude-3-5-sonnet-20241022",
    }


PARAMETER_FLOW_JS = """\
import ollama from 'ollama';

async function run(model: string, prompt = 'hi') {
  const response = await ollama.chat({ model, messages: [{ role: 'user', content: prompt }] });
  console.log(response.message.content);
}

function log(label: string) {
  console.log(label);
}

run('llama3.1:8b').catch(console.error);
log('gpt-4o-like banner');
"""


def test_a_literal_passed_to_a_function_whose_parameter_fills_a_slot_js() -> None:
    found = [(r.model, r.location.line, r.kind, r.runtime) for r in scan_js(PARAMETER_FLOW_JS)]
    assert found == [("llama3.1:8b", 12, RefKind.CALL, Runtime.OLLAMA)]


PARAMETER_FLOW_PY = """
import ollama

def run(model, prompt="hi"):
    return ollama.chat(model=model, messages=[{"role": "user", "content": prompt}])

def shout(text):
    print(text.upper())

run("llama3.1:8b")
run(model="qwen3")
shout("gpt-4o")
"""


def test_a_literal_passed_to_a_function_whose_parameter_fills_a_slot_py() -> None:
    found = {m: (r.location.line, r.kind, r.runtime) for m, r in by_model(PARAMETER_FLOW_PY).items()}
    assert found == {
        "llama3.1:8b": (10, RefKind.CALL, Runtime.OLLAMA),
        "qwen3": (11, RefKind.CALL, Runtime.OLLAMA),
    }


NAMES = """
import dspy
student_lm_name = "meta-llama/Llama-3.2-1B-Instruct"
MODEL = "openai.gpt-oss-120b"
palm_name = "Qwen/Qwen2.5-7B"
"""


def test_lm_as_a_word_and_bedrock_vendor_ids() -> None:
    assert set(by_model(NAMES)) == {"meta-llama/Llama-3.2-1B-Instruct", "openai.gpt-oss-120b"}


TRAITS = """
SUPPORTED_EMBEDDING_MODELS = ["BAAI/bge-m3", "nomic-ai/nomic-embed-text-v1.5"]

class Pipeline:
    def get_thinking_supported_models(self):
        return ["claude-3-7", "claude-sonnet-4"]

    def run(self, model_id):
        return any(m in model_id for m in self.get_thinking_supported_models())
"""


def test_supported_names_a_trait_only_after_what_it_qualifies() -> None:
    assert set(by_model(TRAITS)) == {"BAAI/bge-m3", "nomic-ai/nomic-embed-text-v1.5"}


SLOTS_BY_NAME = """
import os
from llama_cpp import Llama
from pydantic import BaseModel

class Valves(BaseModel):
    MODEL_ID: str = "jais-30b-chat"
    BANNER: str = "jais-30b-chat"
    AZURE_OPENAI_MODELS: str = os.getenv("AZURE_OPENAI_MODELS", "gpt-35-turbo;gpt-4o")
    AZURE_OPENAI_MODEL_NAMES: str = os.getenv("AZURE_OPENAI_MODEL_NAMES", "GPT-35 Turbo;GPT-4o")

llm = Llama(model_path="./models/llama3.gguf", n_ctx=2048)
run = train(model_path="output/run1")
"""


def test_slot_names_weights_paths_and_delimited_lists() -> None:
    found = sorted(
        (r.model, r.location.line, r.location.column, r.kind)
        for r in by_model_list(SLOTS_BY_NAME)
    )
    assert found == [
        ("./models/llama3.gguf", 12, 24, RefKind.LOCAL_FILE),
        ("gpt-35-turbo", 9, 66, RefKind.ENV_DEFAULT),  # at the id, inside the string
        ("gpt-4o", 9, 79, RefKind.ENV_DEFAULT),
        ("jais-30b-chat", 7, 21, RefKind.CONSTANT),
    ]


def by_model_list(source: str) -> list[Reference]:
    from tests.sources.detectors.python.helpers import refs as py_refs

    return py_refs(source, "pipelines/azure.py")


def test_media_types_are_never_models() -> None:
    text = "export const models = [{ modelId: 'gpt-4o', supportMediaType: ['image/png', 'audio/wav'] }];\n"
    assert [r.model for r in scan_js(text, "src/models.ts")] == ["gpt-4o"]


VALIDATION_LIST = """
valid_embedding_models = ["cohere.embed-multilingual-v3", "amazon.titan-embed-text-v2:0"]

def create(embedding_model):
    if embedding_model not in valid_embedding_models:
        raise ValueError(f"pick one of {valid_embedding_models}: " + ", ".join(valid_embedding_models))
"""


def test_a_list_only_tested_and_shown_in_a_message_is_no_dependency() -> None:
    assert by_model(VALIDATION_LIST) == {}


SHOWN_ONLY = """
MODELS = ["gpt-4o", "gpt-4o-mini"]
print(", ".join(MODELS))
"""


def test_a_list_only_shown_is_still_a_catalogue() -> None:
    assert set(by_model(SHOWN_ONLY)) == {"gpt-4o", "gpt-4o-mini"}


ARM_PARAMETERS = """\
{
  "parameters": {
    "openAiDeploymentName": {"value": "${AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-5.4}"},
    "openAiModelName": {"value": "${AZURE_OPENAI_CHAT_MODEL=gpt-5.4}"},
    "openAiModelVersion": {"value": "2026-03-05"},
    "principalId": {"value": "${AZURE_PRINCIPAL_ID}"},
    "deploymentName": {"value": "web-frontend"}
  }
}
"""


def test_azd_parameters_values_and_openai_deployments() -> None:
    found = sorted(
        (r.model, r.location.line, r.env_var)
        for r in refs(scan("main.parameters.json", ARM_PARAMETERS, "infra/main.parameters.json"))
    )
    assert found == [
        ("gpt-5.4", 3, "AZURE_OPENAI_CHAT_DEPLOYMENT"),
        ("gpt-5.4", 4, "AZURE_OPENAI_CHAT_MODEL"),
    ]


RETRIEVE = """
import dspy
from openai import OpenAI

client = OpenAI(base_url="https://bedrock-mantle.us-east-1.api.aws/v1")
model = client.models.retrieve("openai.gpt-oss-120b")
upload = client.files.retrieve("file-abc123")
embedder = dspy.Embedder("openai/text-embedding-3-small", dimensions=512)
"""


def test_models_retrieve_and_dspy_embedder_take_the_model_first() -> None:
    found = {m: (r.location.line, r.runtime) for m, r in by_model(RETRIEVE).items()}
    assert found == {
        "openai.gpt-oss-120b": (6, Runtime.OPENAI),
        "openai/text-embedding-3-small": (8, Runtime.LITELLM),
    }


KEYWORD_ONLY = """
import ollama

def run(*prompts, model):
    ollama.chat(model=model, messages=[])

run("hello", "gpt-4o-mini as text", model="llama3.1:8b")
"""


def test_a_keyword_only_parameter_takes_only_its_keyword() -> None:
    assert set(by_model(KEYWORD_ONLY)) == {"llama3.1:8b"}
