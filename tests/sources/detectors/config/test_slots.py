"""Structured config slots (issue 9, classes 2 and 6, Spring, precision): container command
lines in Kubernetes manifests and Helm values, keys that carry Hugging Face repo ids, lists of
mappings under a model key, catalogs keyed by id with their fallbacks, Modelfiles in strings."""

from __future__ import annotations

import json
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.catalog import Catalog
from llmdeps.model import (
    Detection,
    Fallback,
    FallbackStyle,
    Reference,
    RefKind,
    Runtime,
    ScanWarning,
)
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.config import ConfigDetector

DETECTOR = ConfigDetector()
Row = tuple[str, int, int, RefKind]


def scan(path: str, text: str) -> list[Detection]:
    text = textwrap.dedent(text)
    found = list(DETECTOR.scan(SourceFile(path=path, text=text, name=path.rsplit("/", 1)[-1])))
    lines = text.split("\n")
    for item in found:  # every reference points at its model as written (or its opening quote)
        if isinstance(item, Reference):
            at = lines[item.location.line - 1][item.location.column - 1 :]
            assert at.lstrip("\"'").startswith(item.model), (item, at)
    return found


def rows(path: str, text: str) -> list[Row]:
    return [
        (r.model, r.location.line, r.location.column, r.kind)
        for r in scan(path, text)
        if isinstance(r, Reference)
    ]


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-llama
  labels:
    model: llama-3-8b
    app.kubernetes.io/name: vllm
spec:
  template:
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]
          args:
            - --model
            - meta-llama/Meta-Llama-3-8B-Instruct
            - --served-model-name
            - llama3
            - "--tokenizer=hf-internal-testing/llama-tokenizer"
            - --max-model-len
            - "4096"
          env:
            - name: HF_TOKEN
              valueFrom: {secretKeyRef: {name: hf, key: token}}
            - name: LLM_MODEL
              value: "mistralai/Mistral-7B-Instruct-v0.3"
        - name: sglang
          image: lmsysorg/sglang:latest
          command:
            - python3
            - -m
            - sglang.launch_server
            - --model-path
            - Qwen/Qwen2.5-7B-Instruct
        - name: tgi
          image: ghcr.io/huggingface/text-generation-inference:2.4
          args: ["--model-id", "HuggingFaceH4/zephyr-7b-beta", "--port", "80"]
        - name: wrapped
          image: alpine
          command: ["/bin/sh", "-c"]
          args: ["vllm serve Qwen/Qwen2.5-1.5B-Instruct --port 8000 && echo ready"]
        - name: ollama
          image: ollama/ollama
          command: ["sh", "-c", "ollama serve & sleep 5; ollama pull llama3.2:3b; wait"]
        - name: llamacpp
          image: ghcr.io/ggml-org/llama.cpp:server
          args: ["-hf", "ggml-org/gemma-3-1b-it-GGUF", "--port", "8080"]
        - name: web
          image: nginx
          command: ["nginx", "-g", "daemon off;"]
          args: ["--model-cache", "/data"]
"""


def test_kubernetes_container_command_lines() -> None:
    found = [r for r in scan("deploy/vllm.yaml", DEPLOYMENT) if isinstance(r, Reference)]
    got = {(r.model, r.location.line, r.kind, r.runtime) for r in found}
    assert got == {
        ("meta-llama/Meta-Llama-3-8B-Instruct", 17, RefKind.PULL, Runtime.VLLM),
        ("hf-internal-testing/llama-tokenizer", 20, RefKind.PULL, Runtime.VLLM),
        ("mistralai/Mistral-7B-Instruct-v0.3", 27, RefKind.CONFIG, Runtime.MISTRAL),
        ("Qwen/Qwen2.5-7B-Instruct", 35, RefKind.PULL, Runtime.HUGGINGFACE),
        ("HuggingFaceH4/zephyr-7b-beta", 38, RefKind.PULL, Runtime.HUGGINGFACE),
        ("Qwen/Qwen2.5-1.5B-Instruct", 42, RefKind.PULL, Runtime.VLLM),
        ("llama3.2:3b", 45, RefKind.PULL, Runtime.OLLAMA),
        ("ggml-org/gemma-3-1b-it-GGUF", 48, RefKind.PULL, Runtime.HUGGINGFACE),
    }
    vllm = next(r for r in found if r.model.startswith("meta-llama"))
    assert vllm.group == "llama3"  # the served name is an alias, never a model
    assert "llama3" not in {r.model for r in found}
    assert "llama-3-8b" not in {r.model for r in found}  # a label names, it loads nothing
    assert "4096" not in {r.model for r in found}
    assert vllm.location.context.startswith("spec.template.spec.containers[0]")


def test_env_list_value_in_a_manifest() -> None:
    found = rows(
        "k8s/app.yaml",
        """\
        spec:
          containers:
            - env:
                - name: LLM_MODEL
                  value: "mistralai/Mistral-7B-Instruct-v0.3"
                - name: MODEL_CACHE_DIR
                  value: /models/llama3
        """,
    )
    assert [(m, line) for m, line, _c, _k in found] == [("mistralai/Mistral-7B-Instruct-v0.3", 5)]


def test_compose_command_lines_are_left_to_the_shell_detector() -> None:
    text = """\
    services:
      vllm:
        image: vllm/vllm-openai
        command: ["--model", "Qwen/Qwen2.5-0.5B-Instruct"]
    """
    assert rows("docker-compose.yml", text) == []  # read once, by the shell detector
    assert [m for m, *_ in rows("deploy/pod.yaml", text)] == ["Qwen/Qwen2.5-0.5B-Instruct"]


HELM_VALUES = """\
servingEngineSpec:
  modelSpec:
    - name: "llama3"
      repository: "vllm/vllm-openai"
      tag: "latest"
      modelURL: "meta-llama/Llama-3.1-8B-Instruct"
      vllmConfig:
        extraArgs: ["--disable-log-requests", "--tokenizer", "meta-llama/Llama-3.1-8B"]
      env:
        - name: HF_TOKEN
          value: hf_abcdefghijklmnopqrstuvwxyz0123456789
    - name: "remote"
      modelURL: "https://huggingface.co/TheBloke/x/resolve/main/model.gguf"
embedding:
  embedding_hf_model_name: BAAI/bge-small-en-v1.5
  hf_repo_id: TheBloke/Mistral-7B-Instruct-v0.2-GGUF
  tokenizer: mistralai/Mistral-7B-Instruct-v0.2
  tokenizer_mode: auto
  dataset_repo_id: HuggingFaceH4/ultrachat_200k
"""


def test_helm_values_model_url_and_hf_repo_keys() -> None:
    found = rows("charts/stack/values.yaml", HELM_VALUES)
    assert [(m, line) for m, line, _c, _k in found] == [
        ("meta-llama/Llama-3.1-8B-Instruct", 6),
        ("meta-llama/Llama-3.1-8B", 8),
        # a file downloaded from a Hub model repository names it (batch 6 of the corpus)
        ("https://huggingface.co/TheBloke/x/resolve/main/model.gguf", 13),
        ("BAAI/bge-small-en-v1.5", 15),
        ("TheBloke/Mistral-7B-Instruct-v0.2-GGUF", 16),
        ("mistralai/Mistral-7B-Instruct-v0.2", 17),
    ]
    # modelSpec names are served aliases, the data set is no model, and the token is never read
    assert not {m for m, *_ in found} & {"llama3", "remote", "HuggingFaceH4/ultrachat_200k"}


def test_ci_matrix_of_mappings_under_a_model_key() -> None:
    found = rows(
        "ci/eval.yaml",
        """\
        matrix:
          model:
            - {name: Qwen/Qwen2.5-0.5B-Instruct, tag: small}
            - name: meta-llama/Llama-3.2-1B-Instruct
              tag: tiny
            - name: "Llama 3.2 (display)"
              id: llama3.2:1b
        models:
          - {id: gpt-4o, owned_by: openai, name: GPT-4o}
          - {title: Fast, value: gpt-4o-mini}
        """,
    )
    assert [(m, line) for m, line, _c, _k in found] == [
        ("Qwen/Qwen2.5-0.5B-Instruct", 3),
        ("meta-llama/Llama-3.2-1B-Instruct", 4),
        ("llama3.2:1b", 7),
        ("gpt-4o", 9),
        ("gpt-4o-mini", 10),
    ]


MODS = """\
default-model: gpt-4o
apis:
  openai:
    base-url: https://api.openai.com/v1
    api-key-env: OPENAI_API_KEY
    models:
      gpt-4o-mini:
        aliases: ["4o-mini"]
        max-input-chars: 392000
        fallback: gpt-4o
      gpt-4o:
        aliases: ["4o"]
        fallback:
  localai:
    base-url: http://localhost:8080
    models:
      ggml-gpt4all-j:
        aliases: ["local", "4all"]
  github-models:
    base-url: https://models.github.ai/inference
    api-key-env: GITHUB_PERSONAL_ACCESS_TOKEN
    models:
      openai/gpt-4.1:
        max-input-chars: 392000
      meta/Llama-3.3-70B-Instruct:
        max-input-chars: 392000
"""


def test_catalog_keyed_by_id_under_provider_settings_with_fallbacks() -> None:
    found = scan("config_template.yml", MODS)
    got = [
        (r.model, r.location.line, r.kind) for r in found if isinstance(r, Reference)
    ]
    assert got == [
        ("gpt-4o", 1, RefKind.CONFIG),
        ("gpt-4o-mini", 7, RefKind.CATALOG),
        ("gpt-4o", 10, RefKind.FALLBACK),
        ("gpt-4o", 11, RefKind.CATALOG),
        ("ggml-gpt4all-j", 17, RefKind.CATALOG),  # its entry of model settings says so
        ("openai/gpt-4.1", 23, RefKind.CATALOG),
        ("meta/Llama-3.3-70B-Instruct", 25, RefKind.CATALOG),
    ]
    (fallback,) = [f for f in found if isinstance(f, Fallback)]
    assert (fallback.primary, fallback.targets, fallback.style) == (
        "gpt-4o-mini",
        ("gpt-4o",),
        FallbackStyle.CONFIG_CATALOG,
    )
    # aliases are names users type, not models; settings keys are no ids
    models = {r.model for r in found if isinstance(r, Reference)}
    assert not models & {"4o-mini", "4o", "local", "base-url", "models"}


def test_a_mapping_keyed_by_settings_words_is_no_catalog() -> None:
    found = rows(
        "conf/models.yaml",
        """\
        models:
          alias-table:
            fast: gpt-4o-mini
          llama3.1:8b: {}
        """,
    )
    assert [m for m, *_ in found] == ["llama3.1:8b"]


def test_modelfile_in_a_string_value() -> None:
    text = """\
    ollama:
      models:
        create:
          - name: support-bot
            template: |
              FROM llama3.1:8b
              PARAMETER temperature 0.2
              SYSTEM \"\"\"FROM here on, be brief\"\"\"
          - name: local
            template: "FROM ./weights/tiny.gguf\\nPARAMETER num_ctx 2048"
    reports:
      query: |
        SELECT name
        FROM llama_models
    """
    found = [r for r in scan("values.yaml", text) if isinstance(r, Reference)]
    got = [(r.model, r.location.line, r.kind, r.runtime) for r in found]
    assert got == [
        ("llama3.1:8b", 6, RefKind.MODELFILE, Runtime.OLLAMA),
        ("./weights/tiny.gguf", 10, RefKind.LOCAL_FILE, Runtime.LOCAL),
    ]
    assert "support-bot" not in {r.model for r in found}  # the created model's own name


def test_precision_provider_lists_headers_prefix_and_price_tables() -> None:
    found = rows(
        "conf/app.yaml",
        """\
        enabled_models: [openai, gemini, minimax]
        models: [gpt-4o, mistral, minimax-m1]
        headers:
          X-Model: App-Agent/1.0
          model: App-Agent/2.0
        pricing:
          models:
            gpt-4o: {input: 2.5, output: 10}
        model_prefixes:
          models:
            gpt-: openai
            claude-*: anthropic
        """,
    )
    assert [(m, line) for m, line, _c, _k in found] == [("gpt-4o", 2), ("minimax-m1", 2)]


def test_spring_ai_properties_and_yaml() -> None:
    props = (
        "spring.application.name=demo\n"
        "spring.ai.openai.api-key=${OPENAI_API_KEY}\n"
        "spring.ai.openai.chat.options.model=gpt-4o-mini\n"
        "spring.ai.ollama.chat.options.model = llama3.1:8b\n"
        "spring.ai.ollama.embedding.options.model: nomic-embed-text\n"
        "spring.ai.openai.chat.options.temperature=0.7\n"
        "# spring.ai.openai.chat.options.model=gpt-4\n"
        "spring.ai.anthropic.chat.options.model=${ANTHROPIC_MODEL:claude-3-5-sonnet-latest}\n"
    )
    found = [
        r
        for r in scan("src/main/resources/application.properties", props)
        if isinstance(r, Reference)
    ]
    got = [(r.model, r.location.line, r.runtime, r.env_var) for r in found]
    assert got == [
        ("gpt-4o-mini", 3, Runtime.OPENAI, None),
        ("llama3.1:8b", 4, Runtime.OLLAMA, None),
        ("nomic-embed-text", 5, Runtime.OLLAMA, None),
        ("claude-3-5-sonnet-latest", 8, Runtime.ANTHROPIC, "ANTHROPIC_MODEL"),
    ]
    assert found[0].location.context == "spring.ai.openai.chat.options.model"
    yml = """\
    spring:
      ai:
        ollama:
          chat:
            options:
              model: mistral:7b
    """
    (ref,) = [r for r in scan("application.yml", yml) if isinstance(r, Reference)]
    assert (ref.model, ref.runtime, ref.location.line) == ("mistral:7b", Runtime.OLLAMA, 6)


def test_local_model_folders_and_weights_are_local_files_not_hub_ids() -> None:
    found = [
        r
        for r in scan(
            "conf/serve.yaml",
            """\
            model: ./models/llama-3.gguf
            embedding_model: models/bge-m3
            reranker:
              model: /srv/weights/qwen2.5-7b-instruct/
            llm_model: BAAI/bge-m3
            cache_model: models/README
            output_model: ./out
            """,
        )
        if isinstance(r, Reference)
    ]
    got = [(r.model, r.location.line, r.kind, r.runtime) for r in found]
    assert got == [
        ("./models/llama-3.gguf", 1, RefKind.LOCAL_FILE, Runtime.LOCAL),
        ("models/bge-m3", 2, RefKind.LOCAL_FILE, Runtime.LOCAL),
        ("/srv/weights/qwen2.5-7b-instruct/", 4, RefKind.LOCAL_FILE, Runtime.LOCAL),
        ("BAAI/bge-m3", 5, RefKind.CONFIG, Runtime.UNKNOWN),
    ]


def test_lists_to_match_against_are_no_catalog() -> None:
    found = rows(
        "conf/llm.yaml",
        """\
        allowed_models: [gpt-4o-mini, llama3.1:8b]
        blocked_models: [gpt-3.5-turbo]
        no_temperature_models: [o1, o3-mini]
        deprecated_models:
          - text-davinci-003
        """,
    )
    assert [(m, line) for m, line, _c, _k in found] == [("gpt-4o-mini", 1), ("llama3.1:8b", 1)]


def test_scripts_of_other_ci_systems_and_task_runners() -> None:
    found = rows(
        "azure-pipelines.yml",
        """\
        steps:
          - script: |
              ollama pull llama3.2:1b
              echo "ollama pull is done"
            displayName: pull llama3
          - bash: huggingface-cli download BAAI/bge-small-en-v1.5
        jobs:
          build:
            steps:
              - run:
                  name: serve
                  command: vllm serve facebook/opt-125m
        tasks:
          pull:
            cmds: ["ollama pull qwen2.5:0.5b"]
            commands:
              - ollama run phi3 "hi"
              - pytest -k model
        """,
    )
    assert [(m, line, k) for m, line, _c, k in found] == [
        ("llama3.2:1b", 3, RefKind.PULL),
        ("BAAI/bge-small-en-v1.5", 6, RefKind.PULL),
        ("facebook/opt-125m", 12, RefKind.PULL),
        ("qwen2.5:0.5b", 15, RefKind.PULL),
        ("phi3", 17, RefKind.PULL),
    ]


def test_provider_beside_the_model_decides_runtime_and_bare_ollama_names() -> None:
    found = [
        r
        for r in scan(
            "config.yaml",
            """\
            embedder:
              provider: huggingface
              model: all-MiniLM-L6-v2
            llm:
              provider: xai
              model: grok-3-beta
            chat:
              provider: ollama
              model: mistral
            other:
              provider: ollama
              model: ollama
            third:
              provider: openai
              model: mistral
            """,
        )
        if isinstance(r, Reference)
    ]
    assert [(r.model, r.location.line, r.runtime) for r in found] == [
        ("all-MiniLM-L6-v2", 3, Runtime.HUGGINGFACE),
        ("grok-3-beta", 6, Runtime.XAI),
        ("mistral", 9, Runtime.OLLAMA),  # the slot decides: an Ollama model named mistral
    ]


@settings(max_examples=150, deadline=2000)
@given(
    key=st.sampled_from(["command", "args", "script", "extraArgs", "template", "commands"]),
    words=st.lists(
        st.sampled_from(
            ["--model", "-hf", "vllm", "serve", "ollama", "pull", "sh", "-c", "'", '"', "\\\\",
             "$(", ")", "<<EOF", "EOF", "FROM", "llama3", "org/name", "${M:-x}", "|", "&&", "\\n"]
        ),
        max_size=25,
    ),
    as_list=st.booleans(),
)  # fmt: skip
def test_any_command_text_scans_without_error(key: str, words: list[str], as_list: bool) -> None:
    if as_list:
        body = "\n".join(f"  - {json.dumps(w)}" for w in words) or "  []"
        text = f"{key}:\n{body}\n"
    else:
        text = f"{key}: {json.dumps(' '.join(words))}\n"
    found = scan("deploy/x.yaml", text)
    assert all(isinstance(d, Reference | ScanWarning | Fallback) for d in found)


def test_model_source_urls_with_a_hub_scheme() -> None:
    found = [
        r
        for r in scan(
            "charts/models/values.yaml",
            """\
            catalog:
              llama-3.1-8b-instruct-fp8-l4:
                enabled: false
                url: hf://neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8
                adapters:
                  - name: colorist
                    url: "hf://jashing/tinyllama-colorist-lora"
              gemma2-2b-cpu:
                url: "ollama://gemma2:2b"
              gallery:
                uri: huggingface://TheBloke/phi-2-GGUF/phi-2.Q8_0.gguf
              cached:
                url: s3://bucket/models/llama
                homepage: https://huggingface.co/meta-llama/Llama-3.1-8B
            """,
        )
        if isinstance(r, Reference)
    ]
    # as written, scheme and file included; identification reads the hub id after the scheme
    assert [(r.model, r.location.line, r.runtime) for r in found] == [
        ("hf://neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8", 4, Runtime.HUGGINGFACE),
        ("hf://jashing/tinyllama-colorist-lora", 7, Runtime.HUGGINGFACE),
        ("ollama://gemma2:2b", 9, Runtime.OLLAMA),
        ("huggingface://TheBloke/phi-2-GGUF/phi-2.Q8_0.gguf", 11, Runtime.HUGGINGFACE),
    ]
    identified = [Catalog.load().identify(r.model, r.runtime) for r in found]
    assert [(i.canonical_id, i.family) for i in identified] == [
        ("huggingface/neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8", "llama3.1"),
        ("huggingface/jashing/tinyllama-colorist-lora", "unknown"),
        ("ollama/gemma2:2b", "gemma2"),
        ("huggingface/TheBloke/phi-2-GGUF", "phi"),
    ]
    assert identified[2].vendor == "Google" and identified[3].vendor == "Microsoft"


def test_server_argument_mappings_are_walked_as_keys() -> None:
    found = rows(
        "bench/run.yaml",
        """        vllmArgs:
          base-url: http://127.0.0.1:8000
          model: qwen3-8b
          tokenizer: /data01/models/Qwen3-8B
        extraArgs: ["--tokenizer", "Qwen/Qwen3-8B"]
        """,
    )
    assert [(m, line, k) for m, line, _c, k in found] == [
        ("qwen3-8b", 3, RefKind.CONFIG),
        ("/data01/models/Qwen3-8B", 4, RefKind.LOCAL_FILE),
        ("Qwen/Qwen3-8B", 5, RefKind.PULL),
    ]


def test_dash_m_in_an_option_list_is_a_weights_path_only() -> None:
    found = rows(
        "k8s/llamacpp.yaml",
        """\
        containers:
          - image: ghcr.io/ggml-org/llama.cpp:server
            args: ["-m", "/models/qwen2.5-0.5b-instruct-q4_k_m.gguf", "--port", "8080"]
          - image: python:3.12
            args: ["-m", "vllm.entrypoints.openai.api_server", "--model", "facebook/opt-125m"]
        """,
    )
    assert [(m, line, k) for m, line, _c, k in found] == [
        ("/models/qwen2.5-0.5b-instruct-q4_k_m.gguf", 3, RefKind.LOCAL_FILE),
        ("facebook/opt-125m", 5, RefKind.PULL),
    ]


LORA_ADAPTER = """\
apiVersion: production-stack.vllm.ai/v1alpha1
kind: LoraAdapter
metadata:
  name: loraadapter-sample
spec:
  baseModel: "Llama-3.1-8B-Instruct" # the model label in vllmruntime
  adapterSource:
    type: "huggingface"
    adapterName: "llama-3.1-nemoguard-8b-topic-control"
    repository: "nvidia/llama-3.1-nemoguard-8b-topic-control"
---
spec:
  baseModel: "llama3"
  adapterSource:
    type: "local"
    adapterName: "my-adapter"
    adapterPath: "/data/lora/my-adapter"
    repository: "acme/local-copy"
"""


def test_lora_adapter_repository_counts_and_its_base_model_label_does_not() -> None:
    found = rows("operator/config/samples/loraadapter.yaml", LORA_ADAPTER)
    assert [(m, line, k) for m, line, _c, k in found] == [
        ("nvidia/llama-3.1-nemoguard-8b-topic-control", 10, RefKind.CONFIG)
    ]
    refs = [r for r in scan("lora.yaml", LORA_ADAPTER) if isinstance(r, Reference)]
    assert refs[0].runtime is Runtime.HUGGINGFACE


def test_base_model_outside_a_lora_adapter_still_counts() -> None:
    found = rows("train.yaml", "base_model: meta-llama/Llama-3.1-8B\nadapter: lora\n")
    assert [m for m, *_ in found] == ["meta-llama/Llama-3.1-8B"]


def test_labels_and_selectors_under_any_prefix_name_nothing() -> None:
    text = """\
    servingEngineSpec:
      modelSpec:
        - name: "llama3"
          modelURL: "meta-llama/Llama-3.1-8B-Instruct"
          pvcMatchLabels:
            model: "llama3-pv"
          podSelector:
            model: "llama3"
          extraLabels:
            model: "qwen2.5:7b"
    """
    assert [m for m, *_ in rows("values.yaml", text)] == ["meta-llama/Llama-3.1-8B-Instruct"]


def test_container_args_as_a_plain_string_of_server_options() -> None:
    text = """\
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template:
        spec:
          containers:
            - name: tei
              image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.5
              args: "--model-id BAAI/bge-small-en-v1.5 --port 80"
            - name: web
              image: nginx
              args: "--port 8080 --name frontend"
    """
    assert [(m, line) for m, line, *_ in rows("k8s/tei.yaml", text)] == [
        ("BAAI/bge-small-en-v1.5", 9)
    ]
