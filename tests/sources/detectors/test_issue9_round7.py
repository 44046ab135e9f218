"""Issue 9, batch 7's classes: Terraform / HCL, a parameter schema's `default` (Portkey), RSpec
`let(:model)` and mock expectations, a project's own env helper, weights under an upper-case
name, and shell downloads and servers (curl of a Hub file, `su -c`, tabby, llama_cpp.server)."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.hcl import HclDetector
from tests.sources.detectors.javascript.support import scan as scan_js
from tests.sources.detectors.polyglot.support import scan as scan_polyglot
from tests.sources.detectors.python.helpers import by_model
from tests.sources.detectors.test_shell import scan as scan_shell

TERRAFORM = """\
module "openai" {
  source   = "../.."
  location = azurerm_resource_group.this.location
  deployment = {
    "gpt-35-turbo" = {
      name          = "gpt-35-turbo"
      model_format  = "OpenAI"
      model_name    = "gpt-35-turbo"
      model_version = "0301"
    },
  }
}

resource "azurerm_cognitive_deployment" "chat" {
  name                 = "chat"
  cognitive_account_id = azurerm_cognitive_account.this.id
  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-08-06"
  }
  # model { name = "gpt-4" }
}

resource "kubernetes_deployment" "web" {
  metadata {
    name = "web-frontend"
  }
}

variable "chat_model" {
  default = "gpt-4o-mini"
}
locals {
  model_name = each.value.model_name
  embedding_model = "${var.prefix}-ada"
}
"""


def test_terraform_model_slots() -> None:
    found = list(HclDetector().scan(SourceFile("infra/main.tf", TERRAFORM, "main.tf")))
    rows = [(r.model, r.location.line, r.location.context) for r in found]  # type: ignore[union-attr]
    assert rows == [
        ("gpt-35-turbo", 6, "openai.deployment.gpt-35-turbo.name"),
        ("gpt-35-turbo", 8, "openai.deployment.gpt-35-turbo.model_name"),
        ("gpt-4o", 19, "azurerm_cognitive_deployment.chat.model.name"),
    ]
    lines = TERRAFORM.split("\n")
    for ref in found:
        assert lines[ref.location.line - 1][ref.location.column - 1 :].startswith(ref.model)  # type: ignore[union-attr]
    assert HclDetector().wants("infra/prod.tfvars", "prod.tfvars")
    assert not HclDetector().wants("infra/main.tf.json", "main.tf.json")


PORTKEY = """\
export const OpenAIChatCompleteConfig: ProviderConfig = {
  model: {
    param: 'model',
    required: true,
    default: 'gpt-3.5-turbo',
  },
  temperature: { param: 'temperature', default: 1, min: 0 },
};
export const MatterChatCompleteConfig = {
  ...OpenAIChatCompleteConfig,
  model: { param: 'model', default: 'axon' },
};
export const Voice = { voice: { param: 'voice', default: 'alloy' } };
"""


def test_a_parameter_schema_default_is_the_model_sent() -> None:
    found = [(r.model, r.location.line, r.kind) for r in scan_js(PORTKEY, "src/providers/openai.ts")]
    assert found == [
        ("gpt-3.5-turbo", 5, RefKind.CONFIG),
        ("axon", 11, RefKind.CONFIG),
    ]


RSPEC = """\
RSpec.describe OpenAI::Client do
  describe "#chat" do
    let(:model) { "gpt-3.5-turbo" }
    let(:uri_base) { "http://localhost:11434" }
    let(:provider) { "ollama" }

    it "stubs the client" do
      allow(subject.client).to receive(:embeddings).with(parameters: {model: "text-embedding-3-small"})
      expect(client).to receive(:chat).and_return({"model" => "gpt-4o-mini"})
      subject.embed(text: "Hello", model: "text-embedding-ada-002")
    end
  end
end
"""


def test_rspec_let_and_mock_expectations() -> None:
    found = [(r.model, r.location.line) for r in scan_polyglot(RSPEC, "spec/chat_spec.rb")]
    assert found == [("gpt-3.5-turbo", 3), ("text-embedding-ada-002", 10)]


ENV_HELPER = """
import os

def env_or_def(env, default):
    return os.environ.get(env, default)

AI_NAME = env_or_def("AI_NAME", "ChatLLaMa")
MODEL = env_or_def("MODEL", "./models/llama-13B/ggml-model.bin")
WEIGHTS = "./models/7B/ggml-model.bin"  # a name that does not say model
README = "docs/model.bin"
"""


def test_a_projects_env_helper_and_upper_case_weights() -> None:
    found = {m: (r.location.line, r.kind) for m, r in by_model(ENV_HELPER, "examples/chat.py").items()}
    assert found == {
        "./models/llama-13B/ggml-model.bin": (8, RefKind.LOCAL_FILE),
    }


HUB = "https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf"
SCRIPT = f"""\
curl -L --fail -o /tmp/stories260K.gguf {HUB}
wget https://huggingface.co/datasets/org/data/resolve/main/train.json
su bentoml -c "tabby download --model StarCoder-1B"
tabby serve --model TabbyML/StarCoder-1B --chat-model Qwen2-1.5B-Instruct --device cuda
python3 -B -m llama_cpp.server --model /app/model.bin --n_gpu_layers=1000
"""


def test_shell_downloads_and_model_servers() -> None:
    found = [(r.model, r.location.line, r.runtime) for r in scan_shell(SCRIPT, "scripts/setup.sh")]
    assert sorted(found) == sorted(
        [
            (HUB, 1, Runtime.HUGGINGFACE),
            ("StarCoder-1B", 3, Runtime.UNKNOWN),
            ("TabbyML/StarCoder-1B", 4, Runtime.UNKNOWN),
            ("Qwen2-1.5B-Instruct", 4, Runtime.UNKNOWN),
            ("/app/model.bin", 5, Runtime.LOCAL),
        ]
    )


GALLERY = """\
---
name: "phi3-vision"
config_file: |
  name: phi3-vision
  backend: vllm
  parameters:
    model: microsoft/Phi-3-vision-128k-instruct
  trust_remote_code: true
notes: |
  parameters:
    model: not/read-here
"""


def test_a_config_file_block_is_read_as_yaml() -> None:
    from tests.sources.detectors.config.test_config_files import refs, scan

    found = [(r.model, r.location.line) for r in refs(scan("phi-3-vision.yaml", GALLERY))]
    assert found == [("microsoft/Phi-3-vision-128k-instruct", 7)]


def test_a_test_downloading_a_model_by_its_source_url_is_no_placeholder() -> None:
    from llmdeps.catalog import Catalog
    from llmdeps.inventory import is_placeholder
    from llmdeps.model import Location, Reference

    catalog = Catalog.load()
    for model, placeholder in (
        ("huggingface://mradermacher/jina-reranker-v1-tiny-en-GGUF/x.f16.gguf", False),
        ("test-org/test-model", True),
    ):
        ref = Reference(model, Location("tests/e2e/m.yaml", 1, 1, "uri"), RefKind.TEST, Runtime.UNKNOWN, "config")
        assert is_placeholder(ref, catalog.identify(model, Runtime.UNKNOWN)) is placeholder
