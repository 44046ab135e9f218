"""Config detector: model keys in YAML/JSON/TOML/INI, LiteLLM proxy configs, compose, CI env."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
ROOT = Path(__file__).resolve().parents[4]


def scan(name: str, text: str, path: str | None = None) -> list[Detection]:
    source = SourceFile(path=path or name, text=textwrap.dedent(text), name=name.rsplit("/")[-1])
    return list(DETECTOR.scan(source))


def refs(found: list[Detection]) -> list[Reference]:
    return [d for d in found if isinstance(d, Reference)]


def fallbacks(found: list[Detection]) -> list[Fallback]:
    return [d for d in found if isinstance(d, Fallback)]


def warnings(found: list[Detection]) -> list[ScanWarning]:
    return [d for d in found if isinstance(d, ScanWarning)]


def by_context(found: list[Detection]) -> dict[str, Reference]:
    return {r.location.context: r for r in refs(found)}


def models(found: list[Detection]) -> set[str]:
    return {r.model for r in refs(found)}


# ---------------------------------------------------------------------------------------------
# wants


@pytest.mark.parametrize(
    "path",
    [
        "config.yaml",
        "litellm/config.yml",
        "settings.json",
        ".devcontainer/devcontainer.json",
        ".vscode/settings.jsonc",
        "pyproject.toml",
        "setup.cfg",
        "app.ini",
        "svc.conf",
        "docker-compose.yml",
        "compose.yaml",
        ".github/workflows/ci.yml",
        "package.json",
    ],
)
def test_wants_config_files(path: str) -> None:
    assert DETECTOR.wants(path, path.rsplit("/", 1)[-1])


@pytest.mark.parametrize(
    "path",
    [
        "package-lock.json",
        "yarn.lock",
        "poetry.lock",
        "Cargo.lock",
        "uv.lock",
        "pnpm-lock.yaml",
        "llmdeps.lock",
        ".llmdeps.yaml",
        "tsconfig.json",
        "tsconfig.build.json",
        ".eslintrc.json",
        "notebooks/a.ipynb",
        "README.md",
        "app.py",
        ".env",
    ],
)
def test_does_not_want_locks_notebooks_tool_configs(path: str) -> None:
    assert not DETECTOR.wants(path, path.rsplit("/", 1)[-1])


# ---------------------------------------------------------------------------------------------
# LiteLLM proxy config (REFERENCE.md 5.1)

LITELLM = """\
model_list:
  - model_name: gpt-4o                 # public name / "model group"; repeat it to load-balance
    litellm_params:
      model: azure/gpt-4o-eu           # "<provider>/<provider-model-id>"; for azure = deployment name
      api_base: https://example-eu.openai.azure.com/
      api_key: os.environ/AZURE_API_KEY_EU   # indirection; literal keys also occur
      api_version: "2024-06-01"
      rpm: 6
    model_info:
      base_model: azure/gpt-4o-2024-08-06    # tells LiteLLM which real model the deployment runs
  - model_name: local-llama
    litellm_params:
      model: ollama_chat/llama3.1:8b
      api_base: http://localhost:11434
  - model_name: claude
    litellm_params:
      model: anthropic/claude-3-5-sonnet-20241022
    model_info:
      id: claude-primary               # deployment id; a fallback target may name it
  - model_name: "*"                    # wildcard passthrough
    litellm_params:
      model: "*"
router_settings:
  routing_strategy: simple-shuffle
  model_group_alias: {"gpt-4": "gpt-4o"}
  fallbacks: [{"gpt-4o": ["claude", "local-llama"]}]
litellm_settings:
  num_retries: 3
  context_window_fallbacks: [{"local-llama": ["gpt-4o"]}]
  content_policy_fallbacks: [{"gpt-4o": ["claude"]}]
  default_fallbacks: ["claude"]
"""


def test_litellm_deployments_are_config_references_with_their_group() -> None:
    found = by_context(scan("litellm/config.yaml", LITELLM))
    azure = found["model_list[0].litellm_params.model"]
    assert (azure.model, azure.group, azure.kind, azure.runtime) == (
        "azure/gpt-4o-eu",
        "gpt-4o",
        RefKind.CONFIG,
        Runtime.LITELLM,
    )
    assert (azure.location.line, azure.location.column) == (4, 14)
    base = found["model_list[0].model_info.base_model"]
    assert (base.model, base.group, base.location.line) == ("azure/gpt-4o-2024-08-06", "gpt-4o", 10)
    llama = found["model_list[1].litellm_params.model"]
    assert (llama.model, llama.group) == ("ollama_chat/llama3.1:8b", "local-llama")
    assert llama.base_url == "http://localhost:11434"
    assert found["model_list[2].litellm_params.model"].model == (
        "anthropic/claude-3-5-sonnet-20241022"
    )


def test_litellm_wildcard_deployment_ids_and_env_indirection_are_not_models() -> None:
    found = scan("config.yaml", LITELLM)
    names = models(found)
    assert "*" not in names
    assert "claude-primary" not in names
    assert not any("os.environ" in repr(d) or "AZURE_API_KEY" in repr(d) for d in found)
    assert not any(r.model == "2024-06-01" for r in refs(found))


def test_litellm_fallbacks_of_every_kind() -> None:
    found = {(f.location.context, f.primary): f for f in fallbacks(scan("config.yaml", LITELLM))}
    plain = found["router_settings.fallbacks[0]", "gpt-4o"]
    assert plain.targets == ("claude", "local-llama")
    assert plain.style is FallbackStyle.LITELLM_CONFIG
    assert plain.location.line == 26
    window = found["litellm_settings.context_window_fallbacks[0]", "local-llama"]
    assert (window.targets, window.style) == (("gpt-4o",), FallbackStyle.LITELLM_CONFIG)
    policy = found["litellm_settings.content_policy_fallbacks[0]", "gpt-4o"]
    assert policy.targets == ("claude",)
    default = found["litellm_settings.default_fallbacks", "*"]
    assert (default.targets, default.style) == (("claude",), FallbackStyle.DEFAULT)
    # one deployment per group here: no model-group fallback
    assert not [f for f in found.values() if f.style is FallbackStyle.MODEL_GROUP]


def test_litellm_model_group_with_several_deployments_is_a_fallback() -> None:
    text = """\
    model_list:
      - model_name: triage
        litellm_params:
          model: ollama_chat/llama3.1:8b
      - model_name: triage
        litellm_params:
          model: anthropic/claude-3-5-haiku-20241022
      - model_name: triage
        litellm_params:
          model: anthropic/claude-3-5-haiku-20241022
          api_base: https://eu.example.com
    """
    found = scan("config.yaml", text)
    (group,) = fallbacks(found)
    assert group.style is FallbackStyle.MODEL_GROUP
    assert group.primary == "triage"
    assert group.targets == ("ollama_chat/llama3.1:8b", "anthropic/claude-3-5-haiku-20241022")
    assert group.location.context == "model_list.triage"
    assert (group.location.line, group.location.column) == (2, 17)
    assert {r.group for r in refs(found)} == {"triage"}


def test_litellm_model_group_alias_serves_the_group_deployments() -> None:
    found = refs(scan("config.yaml", LITELLM))
    aliased = [r for r in found if r.group == "gpt-4"]
    assert {r.model for r in aliased} == {"azure/gpt-4o-eu", "azure/gpt-4o-2024-08-06"}
    assert {r.location.context for r in aliased} == {"router_settings.model_group_alias.gpt-4"}
    assert all(r.location.line == 25 for r in aliased)


def test_litellm_fallbacks_in_router_settings_and_litellm_settings_alike() -> None:
    text = """\
    model_list:
      - model_name: a
        litellm_params: {model: openai/gpt-4o-mini}
    litellm_settings:
      fallbacks:
        - a: [b]
        - c: [d, e]
    router_settings:
      context_window_fallbacks: [{"a": "b"}]
      default_fallbacks: b
    """
    found = fallbacks(scan("proxy.yaml", text))
    assert {(f.location.context, f.primary, f.targets, f.style) for f in found} == {
        ("litellm_settings.fallbacks[0]", "a", ("b",), FallbackStyle.LITELLM_CONFIG),
        ("litellm_settings.fallbacks[1]", "c", ("d", "e"), FallbackStyle.LITELLM_CONFIG),
        ("router_settings.context_window_fallbacks[0]", "a", ("b",), FallbackStyle.LITELLM_CONFIG),
        ("router_settings.default_fallbacks", "*", ("b",), FallbackStyle.DEFAULT),
    }


def test_litellm_env_indirection_in_a_model_is_never_recorded() -> None:
    text = """\
    model_list:
      - model_name: x
        litellm_params:
          model: os.environ/MODEL_NAME
          api_key: sk-PLANTEDSECRET
    general_settings:
      master_key: sk-PLANTEDSECRET2
    """
    found = scan("config.yaml", text)
    assert refs(found) == []
    assert "PLANTED" not in repr(found)


def test_litellm_strong_path_accepts_unfamiliar_ids_weak_keys_do_not() -> None:
    text = """\
    model_list:
      - model_name: house
        litellm_params:
          model: hosted_vllm/acme-internal-13b
    settings:
      model: acme-internal-13b
    """
    found = by_context(scan("config.yaml", text))
    assert found["model_list[0].litellm_params.model"].model == "hosted_vllm/acme-internal-13b"
    assert "settings.model" not in found


def test_litellm_yaml_anchors_and_merge_keys() -> None:
    text = """\
    x-base: &base
      api_base: http://ollama:11434
      model: ollama/llama3.1:8b
    model_list:
      - model_name: local
        litellm_params:
          <<: *base
      - model_name: local
        litellm_params:
          <<: *base
          model: ollama/qwen2.5:7b
    """
    found = refs(scan("config.yaml", text))
    deployments = {(r.location.context, r.model) for r in found if r.group == "local"}
    assert deployments == {
        ("model_list[0].litellm_params.model", "ollama/llama3.1:8b"),
        ("model_list[1].litellm_params.model", "ollama/qwen2.5:7b"),
    }


def test_litellm_config_inside_a_kubernetes_configmap() -> None:
    text = """\
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: litellm-config
    data:
      config.yaml: |
        model_list:
          - model_name: chat
            litellm_params:
              model: ollama_chat/qwen2.5:7b
              api_key: PLANTEDSECRET

          - model_name: chat
            litellm_params:
              model: groq/llama-3.3-70b-versatile
        router_settings:
          fallbacks: [{"chat": ["backup"]}]
    """
    found = scan("configmap.yaml", text, "deploy/configmap.yaml")
    ctx = by_context(found)
    first = ctx["data.config.yaml:model_list[0].litellm_params.model"]
    assert (first.model, first.group, first.location.line, first.location.column) == (
        "ollama_chat/qwen2.5:7b",
        "chat",
        10,
        18,
    )
    assert textwrap.dedent(text).splitlines()[9][17:].startswith("ollama_chat/qwen2.5:7b")
    second = ctx["data.config.yaml:model_list[1].litellm_params.model"]
    assert second.location.line == 15
    styles = {(f.style, f.location.line) for f in fallbacks(found)}
    assert styles == {(FallbackStyle.MODEL_GROUP, 8), (FallbackStyle.LITELLM_CONFIG, 17)}
    assert "PLANTEDSECRET" not in repr(found)


def test_app_config_pointing_at_a_litellm_proxy_may_name_a_group() -> None:
    text = """\
    triage:
      base_url: http://litellm:4000
      model: triage
    search:
      base_url: https://api.example.com
      model: triage
    """
    (ref,) = refs(scan("app.yaml", text))
    assert (ref.model, ref.runtime, ref.location.context, ref.group) == (
        "triage",
        Runtime.LITELLM,
        "triage.model",
        None,
    )


def test_demo_litellm_config() -> None:
    text = (ROOT / "examples/demo/litellm/config.yaml").read_text(encoding="utf-8")
    found = scan("config.yaml", text, "litellm/config.yaml")
    assert {(r.model, r.group) for r in refs(found)} == {
        ("ollama_chat/llama3.1:8b", "triage"),
        ("anthropic/claude-3-5-haiku-20241022", "triage-backup"),
    }
    (fb,) = fallbacks(found)
    assert (fb.primary, fb.targets) == ("triage", ("triage-backup",))
    assert "sk-demo" not in repr(found)


# ---------------------------------------------------------------------------------------------
# Generic YAML


def test_yaml_model_keys_positions_and_runtime_hints() -> None:
    text = """\
    llm:
      provider: ollama
      model: llama3.1:8b
    embeddings:
      embedding_model: "nomic-embed-text:v1.5"
    chat:
      chatModel: gpt-4o-2024-08-06
    agent:
      base_url: http://localhost:11434/v1
      default_model: qwen2.5-coder:7b
    """
    found = by_context(scan("app.yaml", text))
    llm = found["llm.model"]
    assert (llm.model, llm.kind, llm.runtime) == ("llama3.1:8b", RefKind.CONFIG, Runtime.OLLAMA)
    assert (llm.location.line, llm.location.column) == (3, 10)
    emb = found["embeddings.embedding_model"]
    assert (emb.location.line, emb.location.column) == (5, 20)  # the quote
    assert found["chat.chatModel"].model == "gpt-4o-2024-08-06"
    agent = found["agent.default_model"]
    assert agent.runtime is Runtime.OLLAMA
    assert agent.base_url == "http://localhost:11434"


def test_yaml_env_defaults_in_any_model_value() -> None:
    text = """\
    llm:
      model: ${LLM_MODEL:-llama3.2:3b}
      fast_model: "${FAST_MODEL:gpt-4o-mini}"
      slow_model: ${SLOW_MODEL-claude-3-5-sonnet-20241022}
      other_model: ${OTHER_MODEL}
    """
    found = by_context(scan("app.yaml", text))
    model = found["llm.model"]
    assert (model.model, model.kind, model.env_var) == (
        "llama3.2:3b",
        RefKind.ENV_DEFAULT,
        "LLM_MODEL",
    )
    assert (model.location.line, model.location.column) == (2, 23)
    assert found["llm.fast_model"].env_var == "FAST_MODEL"
    assert found["llm.fast_model"].model == "gpt-4o-mini"
    assert found["llm.slow_model"].model == "claude-3-5-sonnet-20241022"
    assert "llm.other_model" not in found


def test_yaml_list_under_a_model_key_is_a_catalog() -> None:
    text = """\
    ui:
      available_models:
        - gpt-4o
        - claude-3-5-haiku-20241022
        - not a model
      model: [llama3.1:8b, mistral:7b]
    """
    found = refs(scan("ui.yaml", text))
    assert {(r.location.context, r.model, r.kind) for r in found} == {
        ("ui.available_models[0]", "gpt-4o", RefKind.CATALOG),
        ("ui.available_models[1]", "claude-3-5-haiku-20241022", RefKind.CATALOG),
        ("ui.model[0]", "llama3.1:8b", RefKind.CATALOG),
        ("ui.model[1]", "mistral:7b", RefKind.CATALOG),
    }


def test_yaml_multi_document_files() -> None:
    text = """\
    model: gpt-4o
    ---
    service:
      model: mistral:7b
    """
    found = by_context(scan("multi.yaml", text))
    assert found["model"].location.line == 1
    assert found["doc1.service.model"].location.line == 4


@pytest.mark.parametrize(
    "text",
    [
        "image: ollama/ollama:latest\n",
        "services:\n  ollama:\n    image: ollama/ollama:0.5.1\n",
        'models:\n  - name: "Claude Haiku 4.5"\n    description: A fast model from Anthropic\n',
        "description: uses gpt-4o for summaries\n",
        "dependencies:\n  openai: ^1.40.0\n  llama-index: 0.10.0\n",
        "components:\n  schemas:\n    Req:\n      properties:\n        model: {type: string}\n",
        "dataset: openai/gsm8k\ntrain:\n  dataset_name: HuggingFaceH4/ultrachat_200k\n",
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  containers:\n    - name: ollama\n"
        "      image: ollama/ollama:latest\n",
        "model: ollama\n",
        "model: default\n",
        "response_model: UserSchema\n",
        "model: auth.user\n",
        "model_path: meta-llama/Llama-3.1-8B\n",
        "version: 3.8\n",
    ],
)
def test_yaml_hard_negatives(text: str) -> None:
    assert refs(scan("x.yaml", text)) == []


def test_broken_yaml_warns_and_falls_back_to_model_lines() -> None:
    found = scan("broken.yaml", "model: [unclosed\n  llm_model: qwen2.5:7b\n")
    (warning,) = warnings(found)
    assert re.fullmatch(r"YAML parse error at line \d+", warning.reason)
    (ref,) = refs(found)
    assert (ref.model, ref.location.line, ref.location.column) == ("qwen2.5:7b", 2, 14)
    assert ref.location.context == "llm_model"


def test_broken_yaml_keeps_complete_documents_before_the_error() -> None:
    text = "model: gpt-4o\n---\nllm:\n  model: mistral:7b\n  bad: [\n"
    found = scan("x.yaml", text)
    assert warnings(found)
    contexts = {(r.location.context, r.model) for r in refs(found)}
    assert ("model", "gpt-4o") in contexts
    assert any(m == "mistral:7b" for _c, m in contexts)
    assert len([r for r in refs(found) if r.model == "gpt-4o"]) == 1


def test_yaml_with_an_unacceptable_character_names_its_line() -> None:
    found = scan("x.yaml", "model: gpt-4o\nb: 1\n\x07\n")
    assert [w.reason for w in warnings(found)] == ["YAML parse error at line 3"]
    assert models(found) == {"gpt-4o"}


def test_helm_templates_are_read_line_by_line_without_a_warning() -> None:
    text = """\
    {{- if .Values.enabled }}
    apiVersion: v1
    kind: ConfigMap
    data:
      CHAT_MODEL: {{ .Values.chatModel | quote }}
      default_model: llama3.1:8b
    {{- end }}
    """
    found = scan("configmap.yaml", text, "chart/templates/configmap.yaml")
    assert warnings(found) == []
    assert {(r.model, r.location.line) for r in refs(found)} == {("llama3.1:8b", 6)}


def test_billion_laughs_finishes() -> None:
    lines = ["a0: &a0 [model, llama3, lol]"]
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    lines.append("model: *a11")
    found = scan("bomb.yaml", "\n".join(lines) + "\n")
    assert any("too large" in w.reason for w in warnings(found))


def test_deep_nesting_is_bounded() -> None:
    deep = "[" * 5000 + "]" * 5000
    found = scan("deep.yaml", f"x: {deep}\nmodel: gpt-4o\n")
    assert "gpt-4o" in models(found)
    found = scan("deep.json", '{"x": ' + deep + ', "model": "gpt-4o"}')
    assert "gpt-4o" in models(found)
    assert [w.reason for w in warnings(found)] == ["JSON nesting too deep to analyse fully"]
    found = scan("deep.toml", "x = " + deep + '\nmodel = "gpt-4o"\n')
    assert all(isinstance(d, ScanWarning | Reference) for d in found)


def test_recursive_alias_terminates() -> None:
    found = scan("loop.yaml", "a: &x\n  - *x\n  - model: gpt-4o\n")
    assert "gpt-4o" in models(found)


def test_configs_under_test_directories_are_test_fixtures() -> None:
    found = refs(
        scan(
            "cfg.yaml",
            "model: gpt-4o\nlitellm:\n  fast_model: [o3-mini]\n",
            "tests/fixtures/cfg.yaml",
        )
    )
    assert {(r.model, r.kind) for r in found} == {
        ("gpt-4o", RefKind.TEST),
        ("o3-mini", RefKind.TEST),
    }
    (ref,) = refs(scan("cfg.yaml", "model: gpt-4o\n", "src/fixtures_loader/cfg.yaml"))
    assert ref.kind is RefKind.CONFIG
    (ref,) = refs(scan("b.yaml", "model: [\nllm_model: phi3:mini\n", "test/b.yaml"))
    assert ref.kind is RefKind.TEST


def test_hugging_face_training_and_adapter_configs() -> None:
    adapter = '{"base_model_name_or_path": "meta-llama/Llama-3.1-8B-Instruct", "r": 16}'
    (ref,) = refs(scan("adapter_config.json", adapter))
    assert ref.model == "meta-llama/Llama-3.1-8B-Instruct"
    axolotl = (
        "base_model: mistralai/Mistral-7B-v0.1\ndatasets:\n  - path: mhenrichsen/alpaca_2k_test\n"
    )
    assert models(scan("axolotl.yml", axolotl)) == {"mistralai/Mistral-7B-v0.1"}
    tokenizer = '{"model_max_length": 8192, "model_type": "llama", "_name_or_path": "x"}'
    assert refs(scan("tokenizer_config.json", tokenizer)) == []


def test_django_fixture_rows_are_not_models() -> None:
    text = '[{"model": "llama.recipe", "pk": 1, "fields": {"name": "x"}}]'
    assert refs(scan("fixture.json", text)) == []


# ---------------------------------------------------------------------------------------------
# docker compose, GitHub Actions, GitLab, Kubernetes


def test_compose_environment_list_and_map() -> None:
    text = """\
    services:
      api:
        image: ghcr.io/acme/api:1.2
        environment:
          - LLM_MODEL=llama3.1:8b
          - "EMBED_MODEL=nomic-embed-text"
          - SECRET_KEY=PLANTEDSECRET0010
          - OLLAMA_MODELS=/data/models
          - SUMMARY_MODEL=${SUMMARY_MODEL:-gemma2:9b}
      worker:
        environment:
          OLLAMA_MODEL: qwen2.5:7b
          OPENAI_API_KEY: sk-PLANTEDSECRET
          MODEL_TIMEOUT: 30
        command: ollama pull llama3.1:8b
    """
    found = by_context(scan("docker-compose.yml", text))
    api = found["services.api.environment.LLM_MODEL"]
    assert (api.model, api.kind, api.env_var) == ("llama3.1:8b", RefKind.CONFIG, "LLM_MODEL")
    assert (api.location.line, api.location.column) == (5, 19)
    embed = found["services.api.environment.EMBED_MODEL"]
    assert (embed.model, embed.location.column) == ("nomic-embed-text", 22)
    summary = found["services.api.environment.SUMMARY_MODEL"]
    assert (summary.model, summary.kind, summary.env_var) == (
        "gemma2:9b",
        RefKind.ENV_DEFAULT,
        "SUMMARY_MODEL",
    )
    assert summary.location.column == 40
    worker = found["services.worker.environment.OLLAMA_MODEL"]
    assert (worker.model, worker.runtime, worker.env_var) == (
        "qwen2.5:7b",
        Runtime.OLLAMA,
        "OLLAMA_MODEL",
    )
    assert len(found) == 4  # `command:` is the shell detector's
    everything = repr(scan("docker-compose.yml", text))
    assert "PLANTEDSECRET" not in everything and "/data/models" not in everything


def test_github_actions_env_and_with_inputs() -> None:
    text = """\
    name: eval
    on: [push]
    env:
      EVAL_MODEL: gpt-4o-mini
      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}
    jobs:
      eval:
        runs-on: ubuntu-latest
        env:
          JUDGE_MODEL: ${{ vars.JUDGE_MODEL }}
        steps:
          - uses: acme/llm-review@v1
            with:
              model: claude-3-5-haiku-20241022
              api-key: ${{ secrets.KEY }}
          - run: ollama pull llama3.2
    """
    found = by_context(scan("ci.yml", text, ".github/workflows/ci.yml"))
    assert set(found) == {"env.EVAL_MODEL", "jobs.eval.steps[0].with.model"}
    assert found["env.EVAL_MODEL"].env_var == "EVAL_MODEL"
    assert found["jobs.eval.steps[0].with.model"].location.line == 14


def test_action_inputs_default_model_but_not_schema_defaults() -> None:
    action = """\
    name: review
    inputs:
      model:
        description: Model to review with
        required: false
        default: gpt-4o-mini
    """
    (ref,) = refs(scan("action.yml", action))
    assert (ref.model, ref.location.context, ref.location.line) == (
        "gpt-4o-mini",
        "inputs.model.default",
        6,
    )
    schema = (
        '{"properties": {"model": {"type": "string", "default": "gpt-4o", "enum": ["gpt-4o"]}}}'
    )
    assert refs(scan("openapi.json", schema)) == []


def test_gitlab_variables_and_kubernetes_env() -> None:
    text = """\
    variables:
      LLM_MODEL: mistral-small-latest
    ---
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template:
        spec:
          containers:
            - name: app
              image: ollama/ollama:latest
              env:
                - name: CHAT_MODEL
                  value: "llama3.1:70b"
                - name: DB_PASSWORD
                  value: PLANTEDSECRET
    """
    found = scan("deploy.yaml", text)
    ctx = by_context(found)
    assert ctx["variables.LLM_MODEL"].model == "mistral-small-latest"
    k8s = ctx["doc1.spec.template.spec.containers[0].env.CHAT_MODEL"]
    assert (k8s.model, k8s.location.line, k8s.location.column) == ("llama3.1:70b", 14, 22)
    assert "PLANTEDSECRET" not in repr(found)


def test_crewai_agents_llm_key_and_helm_ollama_pulls_and_gitlab_value_maps() -> None:
    agents = """\
    researcher:
      role: Senior researcher
      goal: Find the facts
      llm: ollama/llama3.1:8b
    writer:
      llm:
        model: gpt-4o-mini
        temperature: 0.2
    """
    found = by_context(scan("config/agents.yaml", agents))
    assert found["researcher.llm"].model == "ollama/llama3.1:8b"
    assert found["researcher.llm"].runtime is Runtime.OLLAMA
    assert found["writer.llm.model"].model == "gpt-4o-mini"
    assert len(found) == 2
    helm = """\
    ollama:
      gpu: {enabled: false}
      models:
        pull:
          - llama3.2
          - nomic-embed-text
    """
    pulls = refs(scan("values.yaml", helm))
    assert {(r.model, r.kind, r.runtime, r.location.context) for r in pulls} == {
        ("llama3.2", RefKind.PULL, Runtime.OLLAMA, "ollama.models.pull[0]"),
        ("nomic-embed-text", RefKind.PULL, Runtime.OLLAMA, "ollama.models.pull[1]"),
    }
    gitlab = """\
    variables:
      REVIEW_MODEL:
        value: "claude-3-5-haiku-20241022"
        description: "the model the review bot uses"
    """
    (ref,) = refs(scan(".gitlab-ci.yml", gitlab))
    assert (ref.model, ref.env_var, ref.location.line) == (
        "claude-3-5-haiku-20241022",
        "REVIEW_MODEL",
        3,
    )


def test_librechat_mlflow_gateway_and_docker_model_runner_shapes() -> None:
    librechat = """\
    endpoints:
      custom:
        - name: "Ollama"
          apiKey: "ollama"
          baseURL: "http://host.docker.internal:11434/v1/"
          models:
            default: ["llama3.1:8b", "mistral:7b"]
            fetch: false
    """
    found = refs(scan("librechat.yaml", librechat))
    assert {(r.model, r.kind, r.runtime) for r in found} == {
        ("llama3.1:8b", RefKind.CATALOG, Runtime.OLLAMA),
        ("mistral:7b", RefKind.CATALOG, Runtime.OLLAMA),
    }
    mlflow = """\
    endpoints:
      - name: chat
        endpoint_type: llm/v1/chat
        model:
          provider: anthropic
          name: claude-3-5-sonnet-20241022
          config:
            anthropic_api_key: $ANTHROPIC_API_KEY
      - name: embeddings
        model: {provider: openai, name: "Text Embedding"}
    """
    (ref,) = refs(scan("gateway.yaml", mlflow))
    assert (ref.model, ref.runtime, ref.location.context) == (
        "claude-3-5-sonnet-20241022",
        Runtime.ANTHROPIC,
        "endpoints[0].model.name",
    )
    continue_cfg = (
        "tabAutocompleteModel:\n  name: Starcoder 3B\n  provider: ollama\n  model: starcoder2:3b\n"
    )
    (ref,) = refs(scan("config.yaml", continue_cfg))
    assert (ref.model, ref.runtime, ref.location.context) == (
        "starcoder2:3b",
        Runtime.OLLAMA,
        "tabAutocompleteModel.model",
    )
    compose = "services:\n  app:\n    models: [llm]\nmodels:\n  llm:\n    model: ai/smollm2\n"
    assert {(r.location.context, r.model) for r in refs(scan("compose.yaml", compose))} == {
        ("models.llm.model", "ai/smollm2")
    }


# ---------------------------------------------------------------------------------------------
# JSON


def test_json_positions_are_exact() -> None:
    text = '{\n  "name": "app",\n  "llm": {"provider": "openai", "model": "gpt-4o-2024-08-06"},\n  "embeddingModel":\n    "text-embedding-3-small"\n}\n'
    found = by_context(scan("settings.json", text))
    llm = found["llm.model"]
    assert (llm.location.line, llm.location.column) == (3, 42)
    assert text.splitlines()[2][41:].startswith('"gpt-4o-2024-08-06"')
    assert llm.runtime is Runtime.OPENAI
    emb = found["embeddingModel"]
    assert (emb.model, emb.location.line, emb.location.column) == ("text-embedding-3-small", 5, 5)


def test_json_escapes_and_unicode_keep_columns_in_characters() -> None:
    text = '{"title": "caf\\u00e9 \u00e9\u00e9", "m": 1, "model": "gpt\\u002d4o"}\n'
    (ref,) = refs(scan("a.json", text))
    assert ref.model == "gpt-4o"
    assert text[ref.location.column - 1 :].startswith('"gpt\\u002d4o"')
    text = '{"\u00fcber": "\u00e9", "chat_model": "llama3.1:8b"}'
    (ref,) = refs(scan("b.json", text))
    assert text[ref.location.column - 1 :].startswith('"llama3.1:8b"')


def test_jsonc_comments_and_trailing_commas() -> None:
    text = """\
    // devcontainer
    {
      /* the model the assistant uses */
      "customizations": {
        "vscode": {"settings": {"continue.model": "qwen2.5-coder:7b",},},
      },
      "remoteEnv": {"OLLAMA_MODEL": "llama3.2"},
    }
    """
    found = scan("devcontainer.json", text)
    assert warnings(found) == []
    assert models(found) == {"qwen2.5-coder:7b", "llama3.2"}


def test_json_catalog_keys_and_lists() -> None:
    text = '{"provider": {"ollama": {"models": {"llama3.1:8b": {"name": "Llama"}, "qwen3:8b": {}}}}, "models": ["gpt-4o", "o3-mini"]}'
    found = refs(scan("opencode.json", text))
    assert {(r.model, r.kind) for r in found} == {
        ("llama3.1:8b", RefKind.CATALOG),
        ("qwen3:8b", RefKind.CATALOG),
        ("gpt-4o", RefKind.CATALOG),
        ("o3-mini", RefKind.CATALOG),
    }
    assert {r.runtime for r in found if ":" in r.model} == {Runtime.OLLAMA}


def test_package_json_dependency_sections_are_not_read() -> None:
    text = '{"name": "web", "dependencies": {"ollama": "^0.5.0", "@ai-sdk/openai": "1.0.0"}, "config": {"model": "gpt-4o-mini"}}'
    assert {(r.location.context, r.model) for r in refs(scan("package.json", text))} == {
        ("config.model", "gpt-4o-mini")
    }


def test_large_json_takes_the_fast_path_and_keeps_positions() -> None:
    vocab = ", ".join(f'"tok{i}": {i}' for i in range(20000))
    data = '{"model": {"type": "BPE", "vocab": {' + vocab + "}}}"
    assert len(data) > 65536
    assert scan("tokenizer.json", data) == []
    text = '{"pad": [' + ", ".join(["1"] * 40000) + '],\n "chat_model": "llama3.1:8b"}'
    (ref,) = refs(scan("big.json", text))
    assert (ref.model, ref.location.line, ref.location.column) == ("llama3.1:8b", 2, 16)


def test_broken_json_warns_and_falls_back() -> None:
    found = scan("x.json", '{"model": "gpt-4o",\n "x": [1, 2\n')
    assert [w.reason for w in warnings(found)] == ["JSON parse error at line 3"]
    (ref,) = refs(found)
    assert (ref.model, ref.location.line, ref.location.column) == ("gpt-4o", 1, 11)


# ---------------------------------------------------------------------------------------------
# TOML and INI


def test_toml_tables_positions_and_context() -> None:
    text = """\
    [project]
    name = "app"
    dependencies = ["openai>=1.40", "llama-index"]

    [tool.app]
    model = "mistral-large-2411"
    password = "PLANTEDSECRET0006"
    fallback_models = [
      "gpt-4o-mini",  # cheap
      'claude-3-5-haiku-20241022',
    ]
    llm = { provider = "ollama", model = "llama3.1:8b" }
    embed.model = "nomic-embed-text"

    [[tool.app.agents]]
    chat_model = "qwen2.5:7b"
    [[tool.app.agents]]
    chat_model = "gemma2:9b"

    [tool.llmdeps]
    workflows = {}
    """
    found = scan("pyproject.toml", text)
    ctx = by_context(found)
    model = ctx["[tool.app].model"]
    assert (model.model, model.location.line, model.location.column) == (
        "mistral-large-2411",
        6,
        9,
    )
    assert ctx["[tool.app].fallback_models[0]"].kind is RefKind.CATALOG
    haiku = ctx["[tool.app].fallback_models[1]"]
    assert (haiku.location.line, haiku.location.column) == (10, 3)
    llm = ctx["[tool.app].llm.model"]
    assert (llm.runtime, llm.location.line, llm.location.column) == (Runtime.OLLAMA, 12, 38)
    assert ctx["[tool.app].embed.model"].model == "nomic-embed-text"
    assert ctx["[tool.app.agents][0].chat_model"].model == "qwen2.5:7b"
    assert ctx["[tool.app.agents][1].chat_model"].location.line == 18
    assert "PLANTEDSECRET" not in repr(found)
    assert len(ctx) == 7


def test_toml_escapes_and_multiline_strings() -> None:
    text = 'title = """\nmodel = "not-a-key"\n"""\nmodel = "gpt\\u002D4o"\n'
    (ref,) = refs(scan("a.toml", text))
    assert (ref.model, ref.location.line, ref.location.column) == ("gpt-4o", 4, 9)


def test_broken_toml_warns_and_falls_back() -> None:
    found = scan("a.toml", 'model = "gpt-4o"\nbroken = \n')
    assert [w.reason for w in warnings(found)] == ["TOML parse error at line 2"]
    assert models(found) == {"gpt-4o"}


def test_ini_and_cfg() -> None:
    text = """\
    ; settings
    default_model = gpt-4o-mini
    [llm]
    provider = ollama
    model: llama3.1:8b   ; inline comment
    api_key = PLANTEDSECRET
    [embeddings]
    embedding_model = "nomic-embed-text"
    description = uses claude-3-opus-20240229
    """
    found = scan("setup.cfg", text)
    ctx = by_context(found)
    assert ctx["default_model"].model == "gpt-4o-mini"
    llm = ctx["[llm].model"]
    assert (llm.model, llm.runtime, llm.location.line, llm.location.column) == (
        "llama3.1:8b",
        Runtime.OLLAMA,
        5,
        8,
    )
    emb = ctx["[embeddings].embedding_model"]
    assert (emb.model, emb.location.column) == ("nomic-embed-text", 19)
    assert len(ctx) == 3
    assert "PLANTEDSECRET" not in repr(found)


# ---------------------------------------------------------------------------------------------
# Secrets

SECRET_FILES = {
    "config.yaml": """\
        llm:
          model: gpt-4o-2024-08-06
          api_key: PLANTEDSECRET0003
          token: ${TOKEN:-PLANTEDSECRET0004}
          model_api_key: PLANTEDSECRET0011
          auth_model: PLANTEDSECRET0012
          secret_model: llama3.1:8b
        credential_list:
          - credential_name: c
            credential_values: {api_key: PLANTEDSECRET0013}
        """,
    "settings.json": '{"model": "claude-3-5-haiku-20241022", "apiKey": "PLANTEDSECRET0005",'
    ' "headers": {"Authorization": "Bearer PLANTEDSECRET0014"}, "model_token": "gpt-4o"}\n',
    "pyproject.toml": '[tool.app]\nmodel = "mistral-large-2411"\npassword = "PLANTEDSECRET0006"\n'
    'openai_key_model = "gpt-4o"\n',
    "app.ini": "[x]\nmodel = llama3.2\nsecret = PLANTEDSECRET0015\n",
    "broken.yaml": "model: [\n  llm_model: phi3:mini\n  api_key: PLANTEDSECRET0016\n",
}


@pytest.mark.parametrize("name", sorted(SECRET_FILES))
def test_planted_secrets_never_appear_in_any_detection(name: str) -> None:
    found = scan(name, SECRET_FILES[name])
    assert refs(found), "the model next to the secret is still found"
    assert "PLANTEDSECRET" not in repr(found)
    assert "Bearer" not in repr(found)
    # keys that name a secret are never models, even with MODEL in them
    assert not any(
        "key" in r.location.context.lower()
        or "token" in r.location.context.lower()
        or "secret" in r.location.context.lower()
        for r in refs(found)
    )


# ---------------------------------------------------------------------------------------------
# Properties

_YAML_BREAKS = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")
_BREAKS = re.compile("\r\n|\r|\n")
_SNIPPETS = st.sampled_from(
    [
        "model: ",
        "llm_model = ",
        '"model": ',
        "- LLM_MODEL=",
        "llama3.1:8b",
        "gpt-4o",
        "${M:-qwen2.5:7b}",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "<<: ",
        '"',
        "'",
        "\\",
        "\n",
        "  ",
        "\t",
        ",",
        "#",
        "é",
        "\u2028",
        "model_list:\n  - model_name: x\n    litellm_params:\n      model: ",
        "fallbacks: [{",
        "---\n",
        "[tool.x]\n",
        "data:\n  config.yaml: |\n    ",
        "\r\n",
    ]
)
_TEXT = st.one_of(st.text(max_size=300), st.lists(_SNIPPETS, max_size=40).map("".join))


@given(text=_TEXT, name=st.sampled_from(["a.yaml", "a.json", "a.toml", "a.ini", "compose.yml"]))
def test_never_raises_and_positions_are_inside_the_file(text: str, name: str) -> None:
    found = list(DETECTOR.scan(SourceFile(path=name, text=text, name=name)))
    lines = (_YAML_BREAKS if name.endswith(("yaml", "yml")) else _BREAKS).split(text)
    for d in found:
        if isinstance(d, Reference | Fallback):
            loc = d.location
            assert 1 <= loc.line <= len(lines)
            assert 1 <= loc.column <= len(lines[loc.line - 1]) + 1
        if isinstance(d, Reference):
            assert d.model.strip() and "\n" not in d.model


def test_template_copies_are_read_as_their_base_type() -> None:
    # GraphRAG / kotaemon keep `settings.yaml.example`; others `.sample`, `.dist`, `.tmpl`, `.tpl`
    for name in ("settings.yaml.example", "app.toml.sample", "config.json.dist", "c.yml.tmpl"):
        assert DETECTOR.wants(name, name), name
    for name in ("README.md.template", "notes.example", "main.py.example", "_helpers.tpl"):
        assert not DETECTOR.wants(name, name), name
    found = refs(
        scan(
            "settings.yaml.example",
            """\
            llm:
              type: openai_chat
              model: qwen2
              api_base: http://localhost:11434/v1
            embeddings:
              llm:
                model: nomic-embed-text
                api_key: ${GRAPHRAG_API_KEY}
            """,
        )
    )
    assert [(r.model, r.location.line) for r in found] == [("qwen2", 3), ("nomic-embed-text", 7)]


def test_comma_separated_catalogue_in_one_value() -> None:
    text = (
        "spring.ai.ollama.init.pull-model-strategy=always\n"
        "spring.ai.ollama.init.chat.additional-models=llama3.2, qwen2.5:7b\n"
        "spring.ai.ollama.init.blocked-models=gpt-4o,gpt-4o-mini\n"
        "spring.ai.ollama.init.chat.extra-models=fast, cheap\n"
    )
    found = refs(scan("application.properties", text, "src/main/resources/application.properties"))
    assert [(r.model, r.location.line, r.location.column, r.kind) for r in found] == [
        ("llama3.2", 2, 46, RefKind.CATALOG),
        ("qwen2.5:7b", 2, 56, RefKind.CATALOG),
    ]
    assert found[0].runtime is Runtime.OLLAMA


def test_azure_deployment_names_are_the_models_called() -> None:
    text = """{
  "AzureOpenAI": {
    "Endpoint": "https://acme.openai.azure.com/",
    "ChatDeploymentName": "gpt-4o",
    "EmbeddingDeploymentName": "text-embedding-3-small"
  },
  "Kubernetes": { "deployment": "llama3-server", "deployment_name": "gpt-4o" }
}
"""
    found = refs(scan("appsettings.json", text))
    assert [(r.model, r.location.line, r.runtime) for r in found] == [
        ("gpt-4o", 4, Runtime.AZURE),
        ("text-embedding-3-small", 5, Runtime.AZURE),
    ]
    props = "spring.ai.azure.openai.chat.options.deployment-name=gpt-4o\n"
    assert [r.model for r in refs(scan("application.properties", props))] == ["gpt-4o"]
