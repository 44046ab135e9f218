"""Issue 9, batch 5's classes in config files: keys that name a model by its role (`fast_llm`,
`vlm`, `audio_lm`), Kubernetes object references by name (`modelClaim`), weights in storage
(`oss://`, `host://`), and server options naming a Hugging Face cache folder."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from tests.sources.detectors.config.test_config_files import refs, scan

R2R_TOML = """\
[app]
# LLM used for internal operations
fast_llm = "azure/gpt-4.1-mini"
quality_llm = "openai/gpt-5-2025-08-07"
vlm = "ollama/llama3.2-vision"
audio_lm = "openai/whisper-1"
reasoning_llm = "anthropic/claude-3-7-sonnet-20250219"
# planning_llm = "openai/o3-mini"
use_llm = true
llm_timeout = 30
fast_llm_provider = "azure"
default_max_documents_per_user = 10_000

[embedding]
base_model = "azure/text-embedding-3-small"
rerank_model = ""
"""


def test_keys_naming_a_role_by_its_model_kind() -> None:
    found = {(r.model, r.location.line) for r in refs(scan("r2r.toml", R2R_TOML))}
    assert found == {
        ("azure/gpt-4.1-mini", 3),
        ("openai/gpt-5-2025-08-07", 4),
        ("ollama/llama3.2-vision", 5),
        ("openai/whisper-1", 6),
        ("anthropic/claude-3-7-sonnet-20250219", 7),
        ("azure/text-embedding-3-small", 15),
    }


LLMAZ = """\
apiVersion: llmaz.io/v1alpha1
kind: OpenModel
metadata:
  name: qwen2-0--5b
spec:
  familyName: qwen2
  source:
    modelHub:
      modelID: Qwen/Qwen2-0.5B-Instruct
---
apiVersion: inference.llmaz.io/v1alpha1
kind: Playground
metadata:
  name: qwen2-0--5b
spec:
  modelClaim:
    modelName: qwen2-0--5b
---
kind: Service
spec:
  modelClaims:
    models:
      - name: llama3-405b-instruct
  template:
    modelRef:
      name: llama-3.1-8b
---
kind: OpenModel
metadata:
  name: qwen2-7b
spec:
  source:
    uri: oss://llmaz.oss-ap-southeast-1-internal.aliyuncs.com/models/Qwen2-7B
---
kind: OpenModel
spec:
  source:
    uri: host:///workspace/Qwen2-0.5B-Instruct
---
kind: OpenModel
spec:
  source:
    uri: s3://<YOUR_S3_BUCKET>/DeepSeek-R1-Distill-Qwen-1.5B
---
kind: Job
spec:
  output: s3://bucket/results/run-2024-07.jsonl
  dataset: s3://bucket/data/llama-3-8b
"""


def test_object_references_by_name_are_no_models_and_storage_sources_are_local() -> None:
    found = {(r.model, r.location.line, r.kind, r.runtime) for r in refs(scan("m.yaml", LLMAZ))}
    assert found == {
        ("Qwen/Qwen2-0.5B-Instruct", 9, RefKind.CONFIG, Runtime.UNKNOWN),
        (
            "oss://llmaz.oss-ap-southeast-1-internal.aliyuncs.com/models/Qwen2-7B",
            33,
            RefKind.LOCAL_FILE,
            Runtime.LOCAL,
        ),
        ("host:///workspace/Qwen2-0.5B-Instruct", 38, RefKind.LOCAL_FILE, Runtime.LOCAL),
    }


SGLANG = """\
spec:
  containers:
    - name: model-runner
      command:
        - python3
        - -m
        - sglang.launch_server
        - --model-path
        - /workspace/models/models--meta-llama--Meta-Llama-3.1-8B-Instruct
        - --tp
        - "2"
    - name: other
      command: ["python3", "-m", "sglang.launch_server", "--model-path", "/workspace/run"]
"""


def test_a_server_option_naming_a_hub_cache_folder_is_a_local_model() -> None:
    found = [(r.model, r.location.line, r.kind) for r in refs(scan("pod.yaml", SGLANG))]
    assert found == [
        (
            "/workspace/models/models--meta-llama--Meta-Llama-3.1-8B-Instruct",
            9,
            RefKind.LOCAL_FILE,
        )
    ]
