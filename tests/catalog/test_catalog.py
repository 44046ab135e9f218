"""The model catalog: id styles of REFERENCE.md 6-7, pin rules, lineage, alternatives, the data."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.catalog import Catalog
from llmdeps.catalog.lookup import load_data
from llmdeps.inventory import artifact_vendor
from llmdeps.model import (
    BaseModelRef,
    GgufInfo,
    Install,
    InstallLocation,
    LocationKind,
    PinStatus,
    Runtime,
    Vendor,
)

CAT = Catalog.load()
R = Runtime
P = PinStatus
SHA = "0123456789abcdef0123456789abcdef01234567"

# The exact vendor spellings of the contracts; vendors.yaml may add a few makers of fine-tunes.
CONTRACT_VENDORS = {
    "Meta", "OpenAI", "Anthropic", "Google", "Mistral AI", "Alibaba", "DeepSeek", "Microsoft",
    "Cohere", "xAI", "Nomic AI", "IBM", "NVIDIA", "Amazon", "TII", "01.AI", "Zhipu AI",
    "Moonshot AI", "Mixedbread", "BAAI", "Snowflake", "Nous Research", "Hugging Face",
    "Sentence Transformers (UKP)", "AI21 Labs", "Perplexity",
}  # fmt: skip
EXTRA_VENDORS = {
    "Ai2", "Answer.AI", "Arcee AI", "Cognitive Computations", "Upstage", "EleutherAI", "BigScience",
}  # fmt: skip

# (id, runtime hint, revision) -> vendor, lineage vendor, runtime, canonical id, pin, open weights
# fmt: off
CASES: list[tuple[str, Runtime, str | None, str, str, Runtime, str, PinStatus, bool | None]] = [
    # Ollama library tags: every tag floats (the inventory upgrades to DIGEST when locked)
    ("llama3.1:8b", R.UNKNOWN, None, "Meta", "Meta", R.OLLAMA, "ollama/llama3.1:8b", P.FLOATING, True),
    ("llama3", R.UNKNOWN, None, "Meta", "Meta", R.OLLAMA, "ollama/llama3:latest", P.FLOATING, True),
    ("llama3.2", R.OLLAMA, None, "Meta", "Meta", R.OLLAMA, "ollama/llama3.2:latest", P.FLOATING, True),
    ("Llama3.1:8B", R.UNKNOWN, None, "Meta", "Meta", R.OLLAMA, "ollama/llama3.1:8b", P.FLOATING, True),
    ("zai-org/GLM-5.2", R.UNKNOWN, None, "Zhipu AI", "Zhipu AI", R.HUGGINGFACE, "huggingface/zai-org/GLM-5.2", P.FLOATING, True),
    ("qwen2.5-coder:7b", R.UNKNOWN, None, "Alibaba", "Alibaba", R.OLLAMA, "ollama/qwen2.5-coder:7b", P.FLOATING, True),
    ("deepseek-r1:8b", R.UNKNOWN, None, "DeepSeek", "Alibaba", R.OLLAMA, "ollama/deepseek-r1:8b", P.FLOATING, True),
    ("deepseek-r1:7b", R.UNKNOWN, None, "DeepSeek", "Alibaba", R.OLLAMA, "ollama/deepseek-r1:7b", P.FLOATING, True),
    ("deepseek-r1:1.5b", R.UNKNOWN, None, "DeepSeek", "Alibaba", R.OLLAMA, "ollama/deepseek-r1:1.5b", P.FLOATING, True),
    ("deepseek-r1:14b", R.UNKNOWN, None, "DeepSeek", "Alibaba", R.OLLAMA, "ollama/deepseek-r1:14b", P.FLOATING, True),
    ("deepseek-r1:32b", R.UNKNOWN, None, "DeepSeek", "Alibaba", R.OLLAMA, "ollama/deepseek-r1:32b", P.FLOATING, True),
    ("deepseek-r1:70b", R.UNKNOWN, None, "DeepSeek", "Meta", R.OLLAMA, "ollama/deepseek-r1:70b", P.FLOATING, True),
    ("deepseek-r1:671b", R.UNKNOWN, None, "DeepSeek", "DeepSeek", R.OLLAMA, "ollama/deepseek-r1:671b", P.FLOATING, True),
    # families seen unplaced in a real LiteLLM gateway config (Abbiirr/unified-llm-api)
    ("qwen3.5:9b", R.UNKNOWN, None, "Alibaba", "Alibaba", R.OLLAMA, "ollama/qwen3.5:9b", P.FLOATING, True),
    ("ollama_chat/qwen3.6:27b", R.UNKNOWN, None, "Alibaba", "Alibaba", R.OLLAMA, "ollama/qwen3.6:27b", P.FLOATING, True),
    ("deepseek-ocr", R.UNKNOWN, None, "DeepSeek", "DeepSeek", R.OLLAMA, "ollama/deepseek-ocr:latest", P.FLOATING, True),
    ("cohere/c4ai-aya-expanse-32b", R.UNKNOWN, None, "Cohere", "Cohere", R.COHERE, "cohere/c4ai-aya-expanse-32b", P.FLOATING, True),
    ("nomic-embed-text", R.UNKNOWN, None, "Nomic AI", "Nomic AI", R.OLLAMA, "ollama/nomic-embed-text:latest", P.FLOATING, True),
    ("mxbai-embed-large", R.UNKNOWN, None, "Mixedbread", "Mixedbread", R.OLLAMA, "ollama/mxbai-embed-large:latest", P.FLOATING, True),
    ("gemma2:9b", R.UNKNOWN, None, "Google", "Google", R.OLLAMA, "ollama/gemma2:9b", P.FLOATING, True),
    ("phi3:mini", R.UNKNOWN, None, "Microsoft", "Microsoft", R.OLLAMA, "ollama/phi3:mini", P.FLOATING, True),
    ("mistral:7b", R.UNKNOWN, None, "Mistral AI", "Mistral AI", R.OLLAMA, "ollama/mistral:7b", P.FLOATING, True),
    ("hermes3", R.UNKNOWN, None, "Nous Research", "Meta", R.OLLAMA, "ollama/hermes3:latest", P.FLOATING, True),
    ("nous-hermes2:34b", R.UNKNOWN, None, "Nous Research", "01.AI", R.OLLAMA, "ollama/nous-hermes2:34b", P.FLOATING, True),
    ("dolphin-mistral", R.UNKNOWN, None, "Cognitive Computations", "Mistral AI", R.OLLAMA, "ollama/dolphin-mistral:latest", P.FLOATING, True),
    ("dolphin-llama3:8b", R.UNKNOWN, None, "Cognitive Computations", "Meta", R.OLLAMA, "ollama/dolphin-llama3:8b", P.FLOATING, True),
    ("dolphin-phi", R.UNKNOWN, None, "Cognitive Computations", "Microsoft", R.OLLAMA, "ollama/dolphin-phi:latest", P.FLOATING, True),
    ("llava:13b", R.UNKNOWN, None, "unknown", "Meta", R.OLLAMA, "ollama/llava:13b", P.FLOATING, True),
    ("llava", R.UNKNOWN, None, "unknown", "Mistral AI", R.OLLAMA, "ollama/llava:latest", P.FLOATING, True),
    ("llava:7b-v1.6-vicuna-q4_0", R.UNKNOWN, None, "unknown", "Meta", R.OLLAMA, "ollama/llava:7b-v1.6-vicuna-q4_0", P.FLOATING, True),
    ("codellama:13b", R.UNKNOWN, None, "Meta", "Meta", R.OLLAMA, "ollama/codellama:13b", P.FLOATING, True),
    ("granite3.3:8b", R.UNKNOWN, None, "IBM", "IBM", R.OLLAMA, "ollama/granite3.3:8b", P.FLOATING, True),
    ("granite3.1-dense:2b", R.UNKNOWN, None, "IBM", "IBM", R.OLLAMA, "ollama/granite3.1-dense:2b", P.FLOATING, True),
    ("gpt-oss:20b", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OLLAMA, "ollama/gpt-oss:20b", P.FLOATING, True),
    ("gpt-oss", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OLLAMA, "ollama/gpt-oss:latest", P.FLOATING, True),
    ("registry.ollama.ai/library/llama3.1:70b", R.UNKNOWN, None, "Meta", "Meta", R.OLLAMA, "ollama/llama3.1:70b", P.FLOATING, True),
    ("someone/mymodel:v2", R.UNKNOWN, None, "unknown", "unknown", R.OLLAMA, "ollama/someone/mymodel:v2", P.FLOATING, True),
    ("someone/llama3.1-tuned:v1", R.UNKNOWN, None, "unknown", "Meta", R.OLLAMA, "ollama/someone/llama3.1-tuned:v1", P.FLOATING, True),
    ("grant-writer:latest", R.UNKNOWN, None, "unknown", "unknown", R.OLLAMA, "ollama/grant-writer:latest", P.FLOATING, True),
    ("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", R.UNKNOWN, None, "Meta", "Meta", R.OLLAMA, "ollama/hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", P.FLOATING, True),
    ("hf.co/Qwen/Qwen2.5-7B-Instruct-GGUF:Q4_K_M", R.UNKNOWN, None, "Alibaba", "Alibaba", R.OLLAMA, "ollama/hf.co/Qwen/Qwen2.5-7B-Instruct-GGUF:Q4_K_M", P.FLOATING, True),
    ("hf.co/unsloth/DeepSeek-R1-Distill-Qwen-7B-GGUF", R.UNKNOWN, None, "DeepSeek", "Alibaba", R.OLLAMA, "ollama/hf.co/unsloth/DeepSeek-R1-Distill-Qwen-7B-GGUF:latest", P.FLOATING, True),
    ("hf.co/TheBloke/Mistral-7B-Instruct-v0.2-GGUF:Q5_K_M", R.UNKNOWN, None, "Mistral AI", "Mistral AI", R.OLLAMA, "ollama/hf.co/TheBloke/Mistral-7B-Instruct-v0.2-GGUF:Q5_K_M", P.FLOATING, True),
    ("hf.co/NousResearch/Hermes-3-Llama-3.1-8B-GGUF:Q4_K_M", R.UNKNOWN, None, "Nous Research", "Meta", R.OLLAMA, "ollama/hf.co/NousResearch/Hermes-3-Llama-3.1-8B-GGUF:Q4_K_M", P.FLOATING, True),
    # OpenAI: dated snapshots pin; aliases and *-latest float (REFERENCE 7)
    ("gpt-4o", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-4o", P.FLOATING, False),
    ("gpt-4o-2024-08-06", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-4o-2024-08-06", P.PINNED, False),
    ("gpt-4o-mini-2024-07-18", R.OPENAI, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-4o-mini-2024-07-18", P.PINNED, False),
    ("gpt-4-0613", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-4-0613", P.PINNED, False),
    ("gpt-3.5-turbo-0125", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-3.5-turbo-0125", P.PINNED, False),
    ("gpt-4-1106-preview", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-4-1106-preview", P.PINNED, False),
    ("o1", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/o1", P.FLOATING, False),
    ("o3-mini", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/o3-mini", P.FLOATING, False),
    ("o3-mini-2025-01-31", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/o3-mini-2025-01-31", P.PINNED, False),
    ("chatgpt-4o-latest", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/chatgpt-4o-latest", P.FLOATING, False),
    ("gpt-5-chat-latest", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-5-chat-latest", P.FLOATING, False),
    ("text-embedding-3-small", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/text-embedding-3-small", P.PINNED, False),
    ("gpt-5", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-5", P.FLOATING, False),
    ("gpt-5-2025-08-07", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-5-2025-08-07", P.PINNED, False),
    ("gpt-4.1-2025-04-14", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-4.1-2025-04-14", P.PINNED, False),
    # Anthropic: dated ids pin, -latest and pre-4.6 aliases float, 4.6+ dateless ids pin
    ("claude-3-5-haiku-20241022", R.UNKNOWN, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-3-5-haiku-20241022", P.PINNED, False),
    ("claude-3-5-sonnet-latest", R.UNKNOWN, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-3-5-sonnet-latest", P.FLOATING, False),
    ("claude-sonnet-4-5", R.UNKNOWN, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-sonnet-4-5", P.FLOATING, False),
    ("claude-sonnet-4-5-20250929", R.ANTHROPIC, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-sonnet-4-5-20250929", P.PINNED, False),
    ("claude-opus-4-20250514", R.UNKNOWN, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-opus-4-20250514", P.PINNED, False),
    ("claude-sonnet-4-6", R.UNKNOWN, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-sonnet-4-6", P.PINNED, False),
    ("claude-opus-4-7", R.UNKNOWN, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-opus-4-7", P.PINNED, False),
    ("claude-sonnet-5", R.UNKNOWN, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-sonnet-5", P.PINNED, False),
    # Google Gemini (REFERENCE 7): -NNN pins; 1.x/2.0 bare aliases float; 2.5 GA ids are stable
    ("gemini-1.5-pro-002", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-1.5-pro-002", P.PINNED, False),
    ("gemini-1.5-pro", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-1.5-pro", P.FLOATING, False),
    ("gemini-2.0-flash", R.GOOGLE, None, "Google", "Google", R.GOOGLE, "google/gemini-2.0-flash", P.FLOATING, False),
    ("gemini-2.0-flash-001", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-2.0-flash-001", P.PINNED, False),
    ("gemini-2.5-pro", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-2.5-pro", P.PINNED, False),
    ("gemini-2.5-flash-preview-05-20", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-2.5-flash-preview-05-20", P.FLOATING, False),
    ("gemini-1.5-flash-latest", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-1.5-flash-latest", P.FLOATING, False),
    ("gemini-flash-latest", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-flash-latest", P.FLOATING, False),
    ("gemini-2.0-flash-exp", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-2.0-flash-exp", P.FLOATING, False),
    ("models/gemini-1.5-flash-002", R.GOOGLE, None, "Google", "Google", R.GOOGLE, "google/gemini-1.5-flash-002", P.PINNED, False),
    # Mistral -YYMM, Cohere -MM-YYYY, xAI, DeepSeek API aliases
    ("mistral-large-2411", R.UNKNOWN, None, "Mistral AI", "Mistral AI", R.MISTRAL, "mistral/mistral-large-2411", P.PINNED, True),
    ("mistral-large-latest", R.UNKNOWN, None, "Mistral AI", "Mistral AI", R.MISTRAL, "mistral/mistral-large-latest", P.FLOATING, True),
    ("codestral-2508", R.UNKNOWN, None, "Mistral AI", "Mistral AI", R.MISTRAL, "mistral/codestral-2508", P.PINNED, True),
    ("mistral-medium-2508", R.UNKNOWN, None, "Mistral AI", "Mistral AI", R.MISTRAL, "mistral/mistral-medium-2508", P.PINNED, False),
    ("command-r-08-2024", R.UNKNOWN, None, "Cohere", "Cohere", R.COHERE, "cohere/command-r-08-2024", P.PINNED, True),
    ("command-a-03-2025", R.UNKNOWN, None, "Cohere", "Cohere", R.COHERE, "cohere/command-a-03-2025", P.PINNED, True),
    ("command-r-plus", R.COHERE, None, "Cohere", "Cohere", R.COHERE, "cohere/command-r-plus", P.FLOATING, True),
    ("embed-v4.0", R.UNKNOWN, None, "Cohere", "Cohere", R.COHERE, "cohere/embed-v4.0", P.PINNED, False),
    ("grok-2-1212", R.UNKNOWN, None, "xAI", "xAI", R.XAI, "xai/grok-2-1212", P.PINNED, False),
    ("grok-beta", R.UNKNOWN, None, "xAI", "xAI", R.XAI, "xai/grok-beta", P.FLOATING, False),
    ("deepseek-chat", R.UNKNOWN, None, "DeepSeek", "DeepSeek", R.DEEPSEEK, "deepseek/deepseek-chat", P.FLOATING, True),
    ("deepseek-reasoner", R.DEEPSEEK, None, "DeepSeek", "DeepSeek", R.DEEPSEEK, "deepseek/deepseek-reasoner", P.FLOATING, True),
    # Bedrock: every id is a fixed version; geo prefixes and ARNs
    ("anthropic.claude-3-5-sonnet-20241022-v2:0", R.UNKNOWN, None, "Anthropic", "Anthropic", R.BEDROCK, "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0", P.PINNED, False),
    ("us.anthropic.claude-3-5-sonnet-20241022-v2:0", R.UNKNOWN, None, "Anthropic", "Anthropic", R.BEDROCK, "bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0", P.PINNED, False),
    ("anthropic.claude-sonnet-4-6", R.BEDROCK, None, "Anthropic", "Anthropic", R.BEDROCK, "bedrock/anthropic.claude-sonnet-4-6", P.PINNED, False),
    ("meta.llama3-1-70b-instruct-v1:0", R.UNKNOWN, None, "Meta", "Meta", R.BEDROCK, "bedrock/meta.llama3-1-70b-instruct-v1:0", P.PINNED, True),
    ("us.meta.llama3-1-70b-instruct-v1:0", R.UNKNOWN, None, "Meta", "Meta", R.BEDROCK, "bedrock/us.meta.llama3-1-70b-instruct-v1:0", P.PINNED, True),
    ("amazon.titan-embed-text-v2:0", R.UNKNOWN, None, "Amazon", "Amazon", R.BEDROCK, "bedrock/amazon.titan-embed-text-v2:0", P.PINNED, False),
    ("mistral.mistral-large-2407-v1:0", R.UNKNOWN, None, "Mistral AI", "Mistral AI", R.BEDROCK, "bedrock/mistral.mistral-large-2407-v1:0", P.PINNED, True),
    ("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", R.UNKNOWN, None, "Anthropic", "Anthropic", R.BEDROCK, "bedrock/anthropic.claude-3-haiku-20240307-v1:0", P.PINNED, False),
    # Vertex
    ("claude-sonnet-4-5@20250929", R.UNKNOWN, None, "Anthropic", "Anthropic", R.VERTEX, "vertex/claude-sonnet-4-5@20250929", P.PINNED, False),
    ("claude-3-5-sonnet-v2@20241022", R.VERTEX, None, "Anthropic", "Anthropic", R.VERTEX, "vertex/claude-3-5-sonnet-v2@20241022", P.PINNED, False),
    ("publishers/google/models/gemini-1.5-pro-002", R.UNKNOWN, None, "Google", "Google", R.VERTEX, "vertex/gemini-1.5-pro-002", P.PINNED, False),
    ("projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash", R.UNKNOWN, None, "Google", "Google", R.VERTEX, "vertex/gemini-2.0-flash", P.FLOATING, False),
    ("gemini-2.0-flash-001", R.VERTEX, None, "Google", "Google", R.VERTEX, "vertex/gemini-2.0-flash-001", P.PINNED, False),
    # Azure: the deployment name is user-defined
    ("my-deploy", R.AZURE, None, "unknown", "unknown", R.AZURE, "azure/my-deploy", P.DEPLOYMENT, None),
    ("gpt-4o", R.AZURE, None, "OpenAI", "OpenAI", R.AZURE, "azure/gpt-4o", P.DEPLOYMENT, False),
    ("azure/my-deploy", R.UNKNOWN, None, "unknown", "unknown", R.AZURE, "azure/my-deploy", P.DEPLOYMENT, None),
    ("azure_openai:prod-chat", R.UNKNOWN, None, "unknown", "unknown", R.AZURE, "azure/prod-chat", P.DEPLOYMENT, None),
    # LiteLLM provider prefixes (REFERENCE 5.3)
    ("groq/llama-3.3-70b-versatile", R.UNKNOWN, None, "Meta", "Meta", R.GROQ, "groq/llama-3.3-70b-versatile", P.FLOATING, True),
    ("openrouter/anthropic/claude-3.5-sonnet", R.UNKNOWN, None, "Anthropic", "Anthropic", R.OPENROUTER, "openrouter/anthropic/claude-3.5-sonnet", P.FLOATING, False),
    ("openrouter/meta-llama/llama-3.1-8b-instruct", R.UNKNOWN, None, "Meta", "Meta", R.OPENROUTER, "openrouter/meta-llama/llama-3.1-8b-instruct", P.FLOATING, True),
    ("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", R.UNKNOWN, None, "Meta", "Meta", R.TOGETHER, "together/meta-llama/Llama-3.3-70B-Instruct-Turbo", P.FLOATING, True),
    ("ollama_chat/llama3.1:8b", R.LITELLM, None, "Meta", "Meta", R.OLLAMA, "ollama/llama3.1:8b", P.FLOATING, True),
    ("ollama/llama3", R.UNKNOWN, None, "Meta", "Meta", R.OLLAMA, "ollama/llama3:latest", P.FLOATING, True),
    ("bedrock/converse/anthropic.claude-3-5-sonnet-20241022-v2:0", R.UNKNOWN, None, "Anthropic", "Anthropic", R.BEDROCK, "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0", P.PINNED, False),
    ("vertex_ai/gemini-1.5-pro-002", R.UNKNOWN, None, "Google", "Google", R.VERTEX, "vertex/gemini-1.5-pro-002", P.PINNED, False),
    ("gemini/gemini-2.0-flash", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-2.0-flash", P.FLOATING, False),
    ("hosted_vllm/meta-llama/Llama-3.1-8B-Instruct", R.UNKNOWN, None, "Meta", "Meta", R.VLLM, "vllm/meta-llama/Llama-3.1-8B-Instruct", P.FLOATING, True),
    ("anthropic/claude-3-5-haiku-20241022", R.LITELLM, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-3-5-haiku-20241022", P.PINNED, False),
    ("openai/llama3.1:8b", R.OLLAMA, None, "Meta", "Meta", R.OLLAMA, "ollama/llama3.1:8b", P.FLOATING, True),
    ("fireworks_ai/accounts/fireworks/models/mystery", R.UNKNOWN, None, "unknown", "unknown", R.UNKNOWN, "unknown/fireworks_ai/accounts/fireworks/models/mystery", P.UNKNOWN, None),
    # LangChain provider:model, split on the first colon only for a known provider
    ("openai:gpt-4o", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/gpt-4o", P.FLOATING, False),
    ("ollama:llama3:8b", R.UNKNOWN, None, "Meta", "Meta", R.OLLAMA, "ollama/llama3:8b", P.FLOATING, True),
    ("anthropic:claude-3-5-sonnet-latest", R.UNKNOWN, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-3-5-sonnet-latest", P.FLOATING, False),
    ("google_genai:gemini-2.0-flash-001", R.UNKNOWN, None, "Google", "Google", R.GOOGLE, "google/gemini-2.0-flash-001", P.PINNED, False),
    ("mistralai:mistral-large-2411", R.UNKNOWN, None, "Mistral AI", "Mistral AI", R.MISTRAL, "mistral/mistral-large-2411", P.PINNED, True),
    # Hugging Face ids: pinned only by a 40-hex commit revision
    ("meta-llama/Llama-3.1-8B-Instruct", R.UNKNOWN, None, "Meta", "Meta", R.HUGGINGFACE, "huggingface/meta-llama/Llama-3.1-8B-Instruct", P.FLOATING, True),
    ("meta-llama/Llama-3.1-8B-Instruct", R.HUGGINGFACE, SHA, "Meta", "Meta", R.HUGGINGFACE, "huggingface/meta-llama/Llama-3.1-8B-Instruct", P.PINNED, True),
    ("meta-llama/Llama-3.1-8B-Instruct", R.HUGGINGFACE, "main", "Meta", "Meta", R.HUGGINGFACE, "huggingface/meta-llama/Llama-3.1-8B-Instruct", P.FLOATING, True),
    ("sentence-transformers/all-MiniLM-L6-v2", R.UNKNOWN, None, "Sentence Transformers (UKP)", "Microsoft", R.HUGGINGFACE, "huggingface/sentence-transformers/all-MiniLM-L6-v2", P.FLOATING, True),
    ("BAAI/bge-small-en-v1.5", R.UNKNOWN, None, "BAAI", "BAAI", R.HUGGINGFACE, "huggingface/BAAI/bge-small-en-v1.5", P.FLOATING, True),
    ("Qwen/Qwen2.5-7B-Instruct", R.UNKNOWN, None, "Alibaba", "Alibaba", R.HUGGINGFACE, "huggingface/Qwen/Qwen2.5-7B-Instruct", P.FLOATING, True),
    ("NousResearch/Hermes-3-Llama-3.1-8B", R.UNKNOWN, None, "Nous Research", "Meta", R.HUGGINGFACE, "huggingface/NousResearch/Hermes-3-Llama-3.1-8B", P.FLOATING, True),
    ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", R.UNKNOWN, None, "DeepSeek", "Alibaba", R.HUGGINGFACE, "huggingface/deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", P.FLOATING, True),
    ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", R.UNKNOWN, None, "DeepSeek", "Meta", R.HUGGINGFACE, "huggingface/deepseek-ai/DeepSeek-R1-Distill-Llama-8B", P.FLOATING, True),
    ("mistralai/Mistral-7B-Instruct-v0.3", R.UNKNOWN, None, "Mistral AI", "Mistral AI", R.HUGGINGFACE, "huggingface/mistralai/Mistral-7B-Instruct-v0.3", P.FLOATING, True),
    ("google/gemma-2-9b-it", R.UNKNOWN, None, "Google", "Google", R.HUGGINGFACE, "huggingface/google/gemma-2-9b-it", P.FLOATING, True),
    # a closed-weight family under its own vendor's org is a gateway id, not a hub repo
    ("google/gemini-2.5-flash-lite", R.UNKNOWN, None, "Google", "Google", R.GATEWAY, "gateway/google/gemini-2.5-flash-lite", P.PINNED, False),
    ("microsoft/Phi-3-mini-4k-instruct", R.UNKNOWN, None, "Microsoft", "Microsoft", R.HUGGINGFACE, "huggingface/microsoft/Phi-3-mini-4k-instruct", P.FLOATING, True),
    ("nvidia/Llama-3.1-Nemotron-70B-Instruct-HF", R.UNKNOWN, None, "NVIDIA", "Meta", R.HUGGINGFACE, "huggingface/nvidia/Llama-3.1-Nemotron-70B-Instruct-HF", P.FLOATING, True),
    ("HuggingFaceH4/zephyr-7b-beta", R.UNKNOWN, None, "Hugging Face", "Mistral AI", R.HUGGINGFACE, "huggingface/HuggingFaceH4/zephyr-7b-beta", P.FLOATING, True),
    ("openai/gpt-oss-20b", R.HUGGINGFACE, None, "OpenAI", "OpenAI", R.HUGGINGFACE, "huggingface/openai/gpt-oss-20b", P.FLOATING, True),
    ("someuser/llama-3.1-8b-finetune", R.UNKNOWN, None, "unknown", "Meta", R.HUGGINGFACE, "huggingface/someuser/llama-3.1-8b-finetune", P.FLOATING, True),
    ("someuser/gpt-4o-clone", R.UNKNOWN, None, "unknown", "unknown", R.HUGGINGFACE, "huggingface/someuser/gpt-4o-clone", P.FLOATING, True),
    # more styles: OpenAI fine-tunes, old Ollama distill tags, provider slugs under a hint
    ("ft:gpt-4o-mini-2024-07-18:my-org:custom:abc123", R.UNKNOWN, None, "OpenAI", "OpenAI", R.OPENAI, "openai/ft:gpt-4o-mini-2024-07-18:my-org:custom:abc123", P.PINNED, False),
    ("deepseek-r1:8b-llama-distill-q4_K_M", R.UNKNOWN, None, "DeepSeek", "Meta", R.OLLAMA, "ollama/deepseek-r1:8b-llama-distill-q4_k_m", P.FLOATING, True),
    ("claude-opus-4-0", R.UNKNOWN, None, "Anthropic", "Anthropic", R.ANTHROPIC, "anthropic/claude-opus-4-0", P.FLOATING, False),
    ("meta/llama-3.1-405b-instruct-maas", R.VERTEX, None, "Meta", "Meta", R.VERTEX, "vertex/meta/llama-3.1-405b-instruct-maas", P.FLOATING, True),
    ("watsonx/ibm/granite-13b-chat-v2", R.UNKNOWN, None, "unknown", "unknown", R.UNKNOWN, "unknown/watsonx/ibm/granite-13b-chat-v2", P.UNKNOWN, None),  # no catalog family: an org alone is no model (issue 10)
    ("perplexity/sonar-pro", R.UNKNOWN, None, "Perplexity", "Perplexity", R.UNKNOWN, "unknown/perplexity/sonar-pro", P.FLOATING, False),
    ("CohereForAI/c4ai-command-r-plus", R.UNKNOWN, None, "Cohere", "Cohere", R.HUGGINGFACE, "huggingface/CohereForAI/c4ai-command-r-plus", P.FLOATING, True),
    ("cross-encoder/ms-marco-MiniLM-L-6-v2", R.UNKNOWN, None, "Sentence Transformers (UKP)", "Microsoft", R.HUGGINGFACE, "huggingface/cross-encoder/ms-marco-MiniLM-L-6-v2", P.FLOATING, True),
    ("distilbert/distilbert-base-uncased", R.UNKNOWN, None, "Hugging Face", "Google", R.HUGGINGFACE, "huggingface/distilbert/distilbert-base-uncased", P.FLOATING, True),
    ("bert-base-uncased", R.HUGGINGFACE, None, "Google", "Google", R.HUGGINGFACE, "huggingface/bert-base-uncased", P.FLOATING, True),
    # Vercel AI Gateway `provider/model` strings
    ("openai/gpt-4o", R.GATEWAY, None, "OpenAI", "OpenAI", R.GATEWAY, "gateway/openai/gpt-4o", P.FLOATING, False),
]
# fmt: on


@pytest.mark.parametrize(
    (
        "model",
        "hint",
        "revision",
        "vendor",
        "lineage",
        "runtime",
        "canonical",
        "pin",
        "open_weights",
    ),
    CASES,
    ids=[f"{c[0]}|{c[1].value}|{c[2] or ''}" for c in CASES],
)
def test_identify(
    model: str,
    hint: Runtime,
    revision: str | None,
    vendor: str,
    lineage: str,
    runtime: Runtime,
    canonical: str,
    pin: PinStatus,
    open_weights: bool | None,
) -> None:
    ident = CAT.identify(model, hint, revision)
    got = (ident.vendor, ident.lineage_vendor, ident.runtime, ident.canonical_id, ident.pin)
    assert got == (vendor, lineage, runtime, canonical, pin)
    assert ident.open_weights is open_weights
    assert ident.known is (vendor != "unknown" or lineage != "unknown" or ident.family != "unknown")


def test_enough_cases() -> None:
    assert len(CASES) >= 80


# family, license, task, parameters_b, name, version
# fmt: off
DETAILS = [
    ("llama3.1:8b", "llama3.1", "llama3.1", "chat", 8.0, "llama3.1", "8b"),
    ("llama3", "llama3", "llama3", "chat", 8.0, "llama3", "latest"),
    ("deepseek-r1:1.5b", "deepseek-r1-distill-qwen", "mit", "reasoning", 1.5, "deepseek-r1", "1.5b"),
    ("deepseek-r1:70b", "deepseek-r1-distill-llama", "llama3.3", "reasoning", 70.0, "deepseek-r1", "70b"),
    ("phi3:mini", "phi3", "mit", "chat", 3.8, "phi3", "mini"),
    ("mxbai-embed-large:335m", "mxbai-embed-large", "apache-2.0", "embedding", 0.335, "mxbai-embed-large", "335m"),
    ("mixtral:8x22b", "mixtral", "apache-2.0", "chat", 141.0, "mixtral", "8x22b"),
    ("gemma2:9b", "gemma2", "gemma", "chat", 9.0, "gemma2", "9b"),
    ("qwen2.5:7b", "qwen2.5", "apache-2.0", "chat", 7.0, "qwen2.5", "7b"),
    ("llama3.2:11b", "llama3.2-vision", "llama3.2", "vision", 11.0, "llama3.2", "11b"),
    ("gpt-4o-2024-08-06", "gpt-4o", "proprietary", "chat", None, "gpt-4o", "2024-08-06"),
    ("o1-2024-12-17", "o1", "proprietary", "reasoning", None, "o1", "2024-12-17"),
    ("claude-3-5-sonnet-20241022", "claude-3.5-sonnet", "proprietary", "chat", None, "claude-3-5-sonnet", "20241022"),
    ("claude-sonnet-4-5", "claude-sonnet-4.5", "proprietary", "chat", None, "claude-sonnet-4-5", None),
    ("claude-opus-4-7", "claude-opus-4.7", "proprietary", "chat", None, "claude-opus-4-7", None),
    ("gemini-1.5-pro-002", "gemini-1.5-pro", "proprietary", "chat", None, "gemini-1.5-pro", "002"),
    ("mistral-large-2411", "mistral-large", "mrl", "chat", 123.0, "mistral-large", "2411"),
    ("command-r-08-2024", "command-r", "cc-by-nc-4.0", "chat", 35.0, "command-r", "08-2024"),
    ("text-embedding-3-small", "text-embedding-3-small", "proprietary", "embedding", None, "text-embedding-3-small", None),
    ("rerank-v3.5", "cohere-rerank", "proprietary", "rerank", None, "rerank", "v3.5"),
    ("meta.llama3-1-70b-instruct-v1:0", "llama3.1", "llama3.1", "chat", 70.0, "meta.llama3-1-70b-instruct-v1:0", "v1:0"),
    ("BAAI/bge-small-en-v1.5", "bge", "mit", "embedding", 0.033, "BAAI/bge-small-en-v1.5", None),
    ("sentence-transformers/all-MiniLM-L6-v2", "all-minilm", "apache-2.0", "embedding", 0.023, "sentence-transformers/all-MiniLM-L6-v2", None),
    ("Qwen/Qwen2.5-Coder-32B-Instruct", "qwen2.5-coder", "apache-2.0", "code", 32.0, "Qwen/Qwen2.5-Coder-32B-Instruct", None),
    ("codestral:22b", "codestral", "mnpl", "code", 22.0, "codestral", "22b"),
    ("hermes3:70b", "hermes3", "llama3", "chat", 70.0, "hermes3", "70b"),
    ("qwen2.5:72b", "qwen2.5", "qwen", "chat", 72.0, "qwen2.5", "72b"),
    ("qwen2.5:3b", "qwen2.5", "qwen-research", "chat", 3.0, "qwen2.5", "3b"),
    ("deepseek-r1:8b", "deepseek-r1-0528-qwen3", "mit", "reasoning", 8.0, "deepseek-r1", "8b"),
    ("magistral-medium-2506", "magistral-medium", "proprietary", "chat", None, "magistral-medium", "2506"),
]
# fmt: on


@pytest.mark.parametrize(
    ("model", "family", "license", "task", "params", "name", "version"), DETAILS
)
def test_identity_details(
    model: str,
    family: str,
    license: str,
    task: str,
    params: float | None,
    name: str,
    version: str | None,
) -> None:
    ident = CAT.identify(model)
    assert (ident.family, ident.license, ident.task) == (family, license, task)
    assert ident.parameters_b == (pytest.approx(params) if params is not None else None)
    assert (ident.name, ident.version) == (name, version)
    assert ident.source and ident.source.startswith("https://")


@pytest.mark.parametrize(
    "model",
    [
        "my-llama-wrapper",
        "gpt-researcher",
        "llama-wrapper",
        "claude",
        "gpt",
        "commander",
        "yield",
        "mistralrs",
        "the-llama3.1-app",
        "notgemma2:9b",
        "triage",
        "super-o1",
        "xgpt-4o",
    ],
)
def test_unknown_ids_are_not_guessed_from_substrings(model: str) -> None:
    ident = CAT.identify(model)
    assert (ident.vendor, ident.lineage_vendor, ident.family, ident.license) == ("unknown",) * 4
    assert ident.known is False
    assert ident.parameters_b is None


def test_unknown_id_keeps_its_runtime_and_pin_rules() -> None:
    assert CAT.identify("triage", Runtime.LITELLM).canonical_id == "litellm/triage"
    assert CAT.identify("triage", Runtime.LITELLM).pin is PinStatus.UNKNOWN
    custom = CAT.identify("my-house-model", Runtime.OLLAMA)
    assert (custom.canonical_id, custom.pin, custom.known) == (
        "ollama/my-house-model:latest", PinStatus.FLOATING, False
    )  # fmt: skip


def test_local_ollama_name_only_inherits_an_open_weight_lineage() -> None:
    """`ollama create llama3.1-finetune` is someone's model on Llama; `gpt-4o` served by Ollama is
    not OpenAI's weights. `llama3.1-house` names no variant word, so nothing is guessed (issue 10:
    the 2025 catalog gave it Meta lineage from the family word)."""
    tuned = CAT.identify("llama3.1-finetune", Runtime.OLLAMA)
    assert (tuned.vendor, tuned.lineage_vendor) == ("unknown", "Meta")
    house = CAT.identify("llama3.1-house", Runtime.OLLAMA)
    assert (house.vendor, house.lineage_vendor, house.known) == ("unknown", "unknown", False)
    assert CAT.identify("gpt-4o", Runtime.OLLAMA).lineage_vendor == "unknown"


def test_langchain_split_needs_a_known_provider() -> None:
    # `mistral` is not a LangChain provider (that is `mistralai`): an Ollama name:tag
    assert CAT.identify("mistral:7b").canonical_id == "ollama/mistral:7b"
    assert CAT.identify("ollama:llama3:8b").version == "8b"
    # references keep the prefix as written; LangChain.js spells some providers with a hyphen
    assert CAT.identify("google-vertexai:gemini-1.5-pro").canonical_id == "vertex/gemini-1.5-pro"
    assert CAT.identify("openai:gpt-4o").canonical_id == CAT.identify("gpt-4o").canonical_id


def test_adapter_namespace_is_split_and_names_the_provider() -> None:
    # rust-genai style `namespace::id`: the id after it is identified, the namespace routes it
    groq = CAT.identify("groq::openai/gpt-oss-20b")
    assert (groq.runtime, groq.family, groq.vendor) == (R.GROQ, "gpt-oss", "OpenAI")
    cloud = CAT.identify("ollama_cloud::gemma3:4b")  # an unknown namespace: the id's own shape
    assert (cloud.runtime, cloud.family, cloud.version) == (R.OLLAMA, "gemma3", "4b")
    bedrock = CAT.identify("bedrock_api::us.anthropic.claude-sonnet-4-6")
    assert (bedrock.runtime, bedrock.vendor) == (R.BEDROCK, "Anthropic")
    assert not CAT.identify("acme::house-model").known


def test_openai_client_sending_an_ollama_tag_is_ollama() -> None:
    ident = CAT.identify("qwen2.5:7b", Runtime.OPENAI)
    assert ident.runtime is Runtime.OLLAMA and ident.vendor == "Alibaba"


@pytest.mark.parametrize(
    ("org", "vendor"),
    [
        ("Meta Llama", "Meta"),
        ("meta-llama", "Meta"),
        ("Meta", "Meta"),
        ("Qwen", "Alibaba"),
        ("Alibaba Cloud", "Alibaba"),
        ("mistralai", "Mistral AI"),
        ("Mistral AI", "Mistral AI"),
        ("Mistralai", "Mistral AI"),
        ("google", "Google"),
        ("Google", "Google"),
        ("microsoft", "Microsoft"),
        ("nomic-ai", "Nomic AI"),
        ("Nomic AI", "Nomic AI"),
        ("NousResearch", "Nous Research"),
        ("Nous Research", "Nous Research"),
        ("deepseek-ai", "DeepSeek"),
        ("ibm-granite", "IBM"),
        ("BAAI", "BAAI"),
        ("mixedbread-ai", "Mixedbread"),
        ("sentence-transformers", "Sentence Transformers (UKP)"),
        ("Snowflake", "Snowflake"),
        ("01-ai", "01.AI"),
        ("THUDM", "Zhipu AI"),
        ("zai-org", "Zhipu AI"),
        ("tiiuae", "TII"),
        ("  META_LLAMA ", "Meta"),
        # GGUF `general.organization` as llama.cpp's converter title-cases HF orgs
        ("Deepseek Ai", "DeepSeek"),
        ("Nomic Ai", "Nomic AI"),
        ("Ibm Granite", "IBM"),
        ("Mixedbread Ai", "Mixedbread"),
        ("Cognitivecomputations", "Cognitive Computations"),
    ],
)
def test_vendor_for_organization(org: str, vendor: str) -> None:
    assert CAT.vendor_for_organization(org) == vendor


@pytest.mark.parametrize(
    "org", ["bartowski", "TheBloke", "unsloth", "Llama 3.1 8B", "", "someuser"]
)
def test_vendor_for_organization_unknown(org: str) -> None:
    assert CAT.vendor_for_organization(org) is None


def test_artifact_vendor_reads_gguf_organisations_through_the_catalog() -> None:
    """The inventory asks the catalog for GGUF `general.*` organisation spellings."""
    store = InstallLocation(LocationKind.STORE, "s")

    def of(gguf: GgufInfo) -> str | None:
        return artifact_vendor(Install("x:latest", Runtime.OLLAMA, store, "0" * 64, gguf=gguf), CAT)

    base = BaseModelRef(name="Qwen2.5 7B", repo_url="https://huggingface.co/Qwen/Qwen2.5-7B")
    assert of(GgufInfo(organization="Meta Llama")) == "Meta"
    assert of(GgufInfo(organization="Deepseek Ai", base_models=(base,))) == "Alibaba"
    assert of(GgufInfo(organization="Unsloth")) is None


def test_alternatives_for_a_meta_8b_chat_model() -> None:
    """Today's open models (issue 10; the 2025 catalog answered gemma2 / qwen2.5 / mistral)."""
    alts = CAT.alternatives(exclude_vendor=Vendor("Meta"), task="chat", parameters_b=8.0)
    assert [(a.ollama_tag, a.vendor, a.license) for a in alts] == [
        ("qwen3:8b", "Alibaba", "apache-2.0"),
        ("olmo-3:7b", "Ai2", "apache-2.0"),
        ("phi4:14b", "Microsoft", "mit"),
    ]
    assert all(a.source and a.source.startswith("https://ollama.com/library/") for a in alts)
    assert [a.family for a in alts] == ["qwen3", "olmo3", "phi4"]


def test_alternatives_for_embeddings_and_limits() -> None:
    alts = CAT.alternatives(
        exclude_vendor=Vendor("OpenAI"), task="embedding", parameters_b=None, limit=4
    )
    assert [a.ollama_tag for a in alts] == [
        "qwen3-embedding:0.6b",
        "nomic-embed-text",
        "mxbai-embed-large",
        "bge-m3",
    ]
    nomic = CAT.alternatives(
        exclude_vendor=Vendor("Nomic AI"), task="embedding", parameters_b=0.137
    )
    assert "Nomic AI" not in {a.vendor for a in nomic} and len(nomic) == 3
    assert (
        CAT.alternatives(exclude_vendor=Vendor("Meta"), task="chat", parameters_b=8, limit=0) == ()
    )
    assert CAT.alternatives(exclude_vendor=Vendor("Meta"), task="telepathy", parameters_b=8) == ()


def test_alternatives_one_per_vendor_and_deterministic() -> None:
    big = CAT.alternatives(
        exclude_vendor=Vendor("Alibaba"), task="chat", parameters_b=70.0, limit=10
    )
    vendors = [a.vendor for a in big]
    assert len(vendors) == len(set(vendors)) and "Alibaba" not in vendors
    # an Apache-2.0 model before Llama's community licence
    assert big[0].ollama_tag == "gpt-oss:120b"
    assert big[-1].ollama_tag == "llama3.3:70b"
    again = CAT.alternatives(
        exclude_vendor=Vendor("Alibaba"), task="chat", parameters_b=70.0, limit=10
    )
    assert big == again
    code = CAT.alternatives(exclude_vendor=Vendor("Meta"), task="code", parameters_b=7.0, limit=5)
    assert code[0].ollama_tag == "qwen2.5-coder:7b"
    assert {a.license for a in code} >= {"apache-2.0"}


def test_a_non_production_licence_never_ranks_first() -> None:
    """Codestral (Mistral AI Non-Production License) comes after every freer licence, whatever
    the size; with Mistral's own Devstral (Apache-2.0) on offer it is not suggested at all."""
    for size in (None, 7.0, 22.0, 70.0):
        code = CAT.alternatives(exclude_vendor="Alibaba", task="code", parameters_b=size, limit=20)
        ranks = [load_data().license_rank.get(a.license, 1) for a in code]
        assert ranks == sorted(ranks) and code[0].license != "mnpl"
        assert "codestral:22b" not in {a.ollama_tag for a in code}
    assert load_data().license_rank["mnpl"] == 2


def test_every_catalog_entry_has_a_source_and_the_review_date_is_known() -> None:
    models, vendors, licences = _raw("models.yaml"), _raw("vendors.yaml"), _raw("licenses.yaml")
    assert CAT.reviewed == str(models["reviewed"]) == "2026-12-03"
    assert all(str(f.get("source", "")).strip() for f in models["families"])
    assert set(vendors["vendor_sources"]) == set(vendors["vendors"])
    assert all(str(v).strip() for v in vendors["vendor_sources"].values())
    assert all(str(a.get("source", "")).strip() for a in _raw("alternatives.yaml")["alternatives"])
    assert set(licences["sources"]) == set(licences["labels"])
    assert all(str(v).strip() for v in licences["sources"].values())
    used = {str(f["license"]).lower() for f in models["families"]}
    # every licence a family names is labelled and sourced (`unknown`: not confirmed at review)
    assert used - {"unknown"} <= set(licences["labels"])


# ----------------------------------------------------------------------------------- the data


def _raw(name: str) -> Any:
    return yaml.safe_load(resources.files("llmdeps.catalog").joinpath(name).read_text("utf-8"))


def test_vendor_list_contains_the_contract_spellings() -> None:
    names = set(_raw("vendors.yaml")["vendors"])
    assert names >= CONTRACT_VENDORS
    assert names - CONTRACT_VENDORS == EXTRA_VENDORS


def test_every_organisation_spelling_names_one_vendor() -> None:
    seen: dict[str, str] = {}
    for vendor, orgs in _raw("vendors.yaml")["vendors"].items():
        for org in orgs:
            key = re.sub(r"[^a-z0-9]", "", org.lower())
            assert seen.setdefault(key, vendor) == vendor, org


def test_every_family_entry_is_complete() -> None:
    vendors = set(_raw("vendors.yaml")["vendors"])
    models = _raw("models.yaml")
    tasks = {
        "chat",
        "code",
        "embedding",
        "vision",
        "reasoning",
        "rerank",
        "moderation",
        "audio",
        "image",
        "video",
    }
    for fam in models["families"]:
        where = fam["family"] + " " + str(fam.get("patterns") or fam.get("ollama"))
        assert fam["vendor"] in vendors | {"unknown"}, where
        assert fam.get("lineage", fam["vendor"]) in vendors, where
        assert fam["license"] and fam["source"].startswith("https://"), where
        assert isinstance(fam["open_weights"], bool), where
        assert fam.get("task", "chat") in tasks, where
        assert fam.get("pin", "floating") in models["pin_rules"], where
        assert fam.get("patterns") or fam.get("ollama"), where
        if not fam["open_weights"]:
            assert fam["license"] == "proprietary", where
        for variant in fam.get("variants", ()):
            assert variant.get("lineage", fam["vendor"]) in vendors, where
        for pattern in fam.get("patterns", ()):
            re.compile(pattern)


def test_ollama_library_names_are_unique_and_resolve_to_their_family() -> None:
    names = [n for fam in _raw("models.yaml")["families"] for n in fam.get("ollama", ())]
    assert len(names) == len(set(names))
    for fam in _raw("models.yaml")["families"]:
        for name in fam.get("ollama", ()):
            ident = CAT.identify(name)
            assert ident.runtime is Runtime.OLLAMA and ident.vendor == fam["vendor"], name
            assert ident.source == fam["source"] or ident.source, name


def test_every_alternative_is_sourced_and_agrees_with_the_catalog() -> None:
    vendors = set(_raw("vendors.yaml")["vendors"])
    for alt in load_data().alternatives:
        assert alt.vendor in vendors and alt.license and alt.family and alt.id, alt
        if alt.runtime == "ollama":
            library = alt.ollama_tag.split(":")[0]
            assert alt.source == f"https://ollama.com/library/{library}", alt
            ident = CAT.identify(alt.ollama_tag)
            assert ident.family == alt.family, alt
        elif alt.runtime == "huggingface":
            assert alt.source == f"https://huggingface.co/{alt.id}" and not alt.ollama_tag, alt
            ident = CAT.identify(alt.id, Runtime.HUGGINGFACE)
        else:
            assert alt.runtime == "hosted" and alt.source and alt.source.startswith("https://")
            ident = CAT.identify(alt.id)
            assert ident.known and ident.open_weights is False, alt
            assert ident.lineage_vendor == alt.vendor and ident.task in (alt.task, "chat"), alt
            continue
        assert ident.known and ident.lineage_vendor == alt.vendor, alt
        assert ident.open_weights is True, alt
        assert ident.license == alt.license, alt


def test_load_is_cached() -> None:
    assert Catalog.load() is Catalog.load()
    assert load_data() is load_data()


@given(st.text(max_size=80))
def test_identify_never_raises(text: str) -> None:
    for hint in (Runtime.UNKNOWN, Runtime.OLLAMA, Runtime.LITELLM, Runtime.AZURE):
        ident = CAT.identify(text, hint)
        assert ident.canonical_id.startswith(ident.runtime.value + "/")
        assert isinstance(ident.pin, PinStatus)


# ------------------------------------------------------------------------ never guess (issue 10)


@pytest.mark.parametrize(
    "text",
    [
        "gemma-cookbook",
        "qwen-agent",
        "codellama-tokenizer-utils",
        "gpt-5-turbo-ultra-xyz",
        "meta-llama/llama-recipes",
        "meta-llama/Llama-3.1-8B-Instruct-evals",
        "HuggingFaceH4/ultrachat_200k",
        "Qwen",
        "llama-index",
        "mistral-common",
    ],
)
def test_a_family_word_inside_a_longer_name_is_no_model(text: str) -> None:
    ident = CAT.identify(text)
    assert (ident.vendor, ident.lineage_vendor, ident.known) == ("unknown", "unknown", False)


@pytest.mark.parametrize(
    ("text", "vendor", "family"),
    [
        ("gemma-4-31b-it", "Google", "gemma4"),
        ("google/gemma-4-E2B-it", "Google", "gemma4"),
        ("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "Alibaba", "qwen3"),
        ("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "Meta", "llama3.1"),
        ("openrouter/google/gemma-4-26b-a4b-it:free", "Google", "gemma4"),
        ("llama-3.3-70b-versatile", "Meta", "llama3.3"),
    ],
)
def test_sizes_variants_quantisations_and_tags_may_follow_a_family(
    text: str, vendor: str, family: str
) -> None:
    ident = CAT.identify(text)
    assert (ident.vendor, ident.family, ident.known) == (vendor, family, True)


def test_digest_and_revision_forms_are_pinned_with_the_models_identity() -> None:
    digest = "c5c4bad89ee44b4da0321344964f145dd3023fc1ab0d9c2473e2716b788481ae"
    for text in (f"llama3.1:8b@sha256:{digest}", f"llama3.1@sha256:{digest}"):
        ident = CAT.identify(text, Runtime.OLLAMA)
        assert (ident.vendor, ident.lineage_vendor, ident.license) == ("Meta", "Meta", "llama3.1")
        assert ident.pin is PinStatus.PINNED and ident.canonical_id.endswith(digest)
    rev = "2bbddfe33228b77bc4053a364e421d5e2e8cc165"
    hub = CAT.identify(f"Qwen/Qwen3-8B@{rev}")
    assert (hub.vendor, hub.license, hub.pin, hub.version) == (
        "Alibaba", "apache-2.0", PinStatus.PINNED, rev
    )  # fmt: skip
    assert CAT.identify("Qwen/Qwen3-8B").pin is PinStatus.FLOATING


def test_deepseek_r1_is_its_own_lineage_except_ollamas_distill_tags() -> None:
    for text in ("deepseek-ai/DeepSeek-R1", "openrouter/deepseek/deepseek-r1", "deepseek-r1:671b"):
        assert CAT.identify(text).lineage_vendor == "DeepSeek", text
    assert CAT.identify("deepseek-r1", Runtime.OLLAMA).lineage_vendor == "Alibaba"
    assert CAT.identify("deepseek-r1:70b", Runtime.OLLAMA).lineage_vendor == "Meta"
    assert CAT.identify("deepseek-ai/DeepSeek-R1-Distill-Llama-8B").lineage_vendor == "Meta"
    assert CAT.identify("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B").lineage_vendor == "Alibaba"


def test_todays_closed_and_open_releases() -> None:
    muse = CAT.identify("muse-spark-1.3")
    assert (muse.vendor, muse.open_weights, muse.license, muse.pin) == (
        "Meta", False, "proprietary", PinStatus.PINNED
    )  # fmt: skip
    assert CAT.identify("xai-org/grok-2").license == "xai-community"
    assert CAT.identify("xai-org/grok-1").open_weights is True
    assert CAT.identify("grok-2-1212").open_weights is False
    trinity = CAT.identify("arcee-ai/Trinity-Mini")
    assert (trinity.vendor, trinity.license) == ("Arcee AI", "openmdw-1.1")
    assert CAT.identify("arcee-ai/Arcee-Blitz").lineage_vendor == "Mistral AI"
    assert CAT.identify("allenai/Olmo-3-7B-Instruct").vendor == "Ai2"


@pytest.mark.parametrize(
    ("model", "family", "vendor", "params"),
    [
        ("facebook/opt-125m", "opt", "Meta", 0.125),
        ("facebook/opt-1.3b", "opt", "Meta", 1.3),
        ("facebook/bart-large-cnn", "bart", "Meta", 0.41),
        ("bigscience/bloom-560m", "bloom", "BigScience", 0.56),
        ("EleutherAI/pythia-70m", "pythia", "EleutherAI", 0.07),
        ("EleutherAI/gpt-neo-125m", "gpt-neo", "EleutherAI", 0.125),
        ("EleutherAI/gpt-j-6b", "gpt-j", "EleutherAI", 6),
        ("distilgpt2", "distilgpt2", "Hugging Face", 0.082),
    ],
)
def test_older_open_families_are_known(model: str, family: str, vendor: str, params: float) -> None:
    """Test fixtures name these small real models (facebook/opt-125m in vLLM CI values files):
    the catalog must know them, or the inventory's placeholder rule drops them."""
    ident = CAT.identify(model, Runtime.HUGGINGFACE)
    assert (ident.family, ident.vendor, ident.known) == (family, vendor, True)
    assert ident.parameters_b == pytest.approx(params)


@pytest.mark.parametrize("model", ["opt-out", "opt", "options", "bloomberg", "bart", "gpt-jay"])
def test_older_family_patterns_need_their_size_or_shape(model: str) -> None:
    assert CAT.identify(model).known is False


def test_model_source_urls_are_identified_by_the_hub_id_after_the_scheme() -> None:
    with_scheme = CAT.identify("hf://meta-llama/Llama-3.1-8B-Instruct")
    without = CAT.identify("meta-llama/Llama-3.1-8B-Instruct", Runtime.HUGGINGFACE)
    assert with_scheme.canonical_id == without.canonical_id
    assert with_scheme.vendor == without.vendor == "Meta"
    assert CAT.identify("OLLAMA://qwen2:0.5b").runtime is Runtime.OLLAMA
    # a storage URL names no hub model: it is not routed as one
    assert CAT.identify("s3://bucket/models/llama").runtime is not Runtime.HUGGINGFACE
