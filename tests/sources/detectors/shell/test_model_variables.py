"""Issue 9, round 2: a script's model-named variables and any command's model option
(`az cognitiveservices account deployment create --model-name x`)."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from tests.sources.detectors.shell.test_commands import rows, scan

DEPLOY = """\
#!/usr/bin/env bash
PROJECT="langchain4j-samples"
RESOURCE_GROUP="rg-$PROJECT"
AZURE_OPENAI_DEPLOYMENT_NAME="gpt-35-turbo"
export AZURE_OPENAI_EMBEDDING_DEPLOYMENT_NAME="text-embedding-ada-002"
MODEL_VERSION="1106"
MODEL_DIR="./models"

echo "Deploying a gpt-35-turbo model with --model gpt-4o ..."
az cognitiveservices account deployment create \\
  --name "ai-$PROJECT" \\
  --resource-group "$RESOURCE_GROUP" \\
  --deployment-name "$AZURE_OPENAI_DEPLOYMENT_NAME" \\
  --model-name "gpt-35-turbo" \\
  --model-version "1106" \\
  --model-format "OpenAI" \\
  --sku-name "Standard"
"""


def test_model_named_variables_and_model_options() -> None:
    assert rows(DEPLOY, "scripts/deploy.sh") == [
        ("gpt-35-turbo", 14, RefKind.PULL, Runtime.UNKNOWN),
        ("gpt-35-turbo", 4, RefKind.CONSTANT, Runtime.UNKNOWN),
        ("text-embedding-ada-002", 5, RefKind.CONSTANT, Runtime.UNKNOWN),
    ]


def test_variable_a_known_command_reads_is_reported_once_with_its_runtime() -> None:
    text = """\
#!/bin/sh
MODEL="${LLM_MODEL:-llama3.1:8b}"
ollama pull "$MODEL"
"""
    assert rows(text, "docker/entrypoint.sh") == [
        ("llama3.1:8b", 2, RefKind.ENV_DEFAULT, Runtime.OLLAMA),
    ]


def test_variables_and_options_that_hold_no_model() -> None:
    text = """\
#!/usr/bin/env bash
MODEL_VERSION="2024-08-06"
DEPLOYMENT_REGION="swedencentral"
MODEL_FORMAT="OpenAI"
LLM_ENDPOINT="http://localhost:11434"
DEPLOYMENT="prod-chat"
printf '%s\\n' --model gpt-4o
az cognitiveservices account deployment create --model-version "0613" --model-name "$NAME"
"""
    assert rows(text, "scripts/deploy.sh") == []


def test_defaults_without_colon_and_default_assignments() -> None:
    text = """\
#!/bin/sh
MODEL="${LLM-llama2}"
: "${CHAT_MODEL=qwen2.5:7b}"
: "${LLM_TIMEOUT=30}"
OLLAMA_HOST="${OLLAMA_HOST-http://localhost:11434}"
"""
    found = {r.model: r for r in scan(text, "bin/start.sh")}
    assert set(found) == {"llama2", "qwen2.5:7b"}
    assert found["llama2"].env_var == "LLM"
    assert found["qwen2.5:7b"].kind is RefKind.ENV_DEFAULT


def test_make_and_just_variables_named_for_models() -> None:
    makefile = """\
MODEL ?= llama3.1:8b
EMBED_MODEL := nomic-embed-text
MODEL_DIR = ./models
MODEL_VERSION = 3

run:
\tpython app.py --model $(MODEL)
\tollama pull $(EMBED_MODEL)
"""
    assert rows(makefile, "Makefile") == [
        ("nomic-embed-text", 2, RefKind.PULL, Runtime.OLLAMA),
        ("llama3.1:8b", 1, RefKind.ENV_DEFAULT, Runtime.UNKNOWN),
    ]
    justfile = """\
model := env_var_or_default("LLM_MODEL", "qwen2.5:7b")
image := "ollama/ollama:0.5.7"

serve:
    echo {{model}} {{image}}
"""
    assert rows(justfile, "justfile") == [("qwen2.5:7b", 1, RefKind.ENV_DEFAULT, Runtime.UNKNOWN)]
