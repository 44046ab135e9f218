"""Each fallback style, from source files to the lock: does the workflow survive a vendor's exit?"""

from __future__ import annotations

import pytest

from llmdeps.config import Config
from llmdeps.lockfile.model import WorkflowInfo
from llmdeps.pipeline import ScanOptions, scan
from llmdeps.sources.base import InstallOptions
from tests.conftest import MakeRepo

LITELLM_GROUPS = (
    "model_list:\n"
    "  - model_name: triage\n"
    "    litellm_params: {model: ollama_chat/llama3.1:8b}\n"
    "  - model_name: backup\n"
    "    litellm_params: {model: anthropic/claude-3-5-haiku-20241022}\n"
)
REPOS: dict[str, dict[str, str | bytes]] = {
    "litellm-config": {
        "app/config.yaml": LITELLM_GROUPS + "router_settings:\n  fallbacks: [{triage: [backup]}]\n",
    },
    "litellm-default": {
        "app/config.yaml": LITELLM_GROUPS + "litellm_settings:\n  default_fallbacks: [backup]\n",
    },
    "model-group": {
        "app/config.yaml": (
            "model_list:\n"
            "  - model_name: triage\n"
            "    litellm_params: {model: ollama_chat/llama3.1:8b}\n"
            "  - model_name: triage\n"
            "    litellm_params: {model: anthropic/claude-3-5-haiku-20241022}\n"
        ),
    },
    "litellm-router": {
        "app/route.py": (
            "from litellm import Router\n"
            "router = Router(\n"
            "    model_list=[\n"
            "        {'model_name': 'triage', 'litellm_params': {'model': 'ollama/llama3.1:8b'}},\n"
            "        {'model_name': 'backup', 'litellm_params': {'model': 'gpt-4o-2024-08-06'}},\n"
            "    ],\n"
            "    fallbacks=[{'triage': ['backup']}],\n"
            ")\n"
        ),
    },
    "litellm-call": {
        "app/call.py": (
            "import litellm\n"
            "litellm.completion(model='ollama/llama3.1:8b', messages=[],\n"
            "                   fallbacks=['claude-3-5-haiku-20241022'])\n"
        ),
    },
    "langchain": {
        "app/chain.py": (
            "from langchain_ollama import ChatOllama\n"
            "from langchain_anthropic import ChatAnthropic\n"
            "llm = ChatOllama(model='llama3.1:8b').with_fallbacks(\n"
            "    [ChatAnthropic(model='claude-3-5-haiku-20241022')]\n"
            ")\n"
        ),
    },
}


def workflow(files: dict[str, str | bytes], make_repo: MakeRepo) -> WorkflowInfo:
    root = make_repo(files)
    out = scan(ScanOptions(root=root, config=Config(), installs=InstallOptions(enabled=False)))
    lock = out.lock
    assert [w.name for w in lock.workflows] == ["app"]
    return lock.workflows[0]


@pytest.mark.parametrize("style", sorted(REPOS))
def test_each_fallback_style_reaches_another_vendor(style: str, make_repo: MakeRepo) -> None:
    w = workflow(REPOS[style], make_repo)
    assert w.has_fallback, style
    assert w.cross_vendor_fallback, style
    assert "Meta" in w.vendors and set(w.fallback_vendors) - {"Meta"}, style


def test_a_fallback_to_the_same_vendor_is_not_cross_vendor(make_repo: MakeRepo) -> None:
    same = {
        "app/call.py": (
            "import litellm\n"
            "litellm.completion(model='ollama/llama3.1:8b', messages=[],\n"
            "                   fallbacks=['ollama/llama3.2:3b'])\n"
        ),
    }
    w = workflow(same, make_repo)
    assert w.has_fallback and not w.cross_vendor_fallback
