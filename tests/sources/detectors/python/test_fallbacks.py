"""Fallbacks: LiteLLM Router deployments and fallbacks, call fallbacks, LangChain with_fallbacks."""

from __future__ import annotations

from llmdeps.model import FallbackStyle, RefKind, Runtime
from tests.sources.detectors.python.helpers import by_model, fallbacks, refs

ROUTER = """\
    from litellm import Router

    MODEL_LIST = [
        {
            "model_name": "gpt-4o",
            "litellm_params": {
                "model": "azure/gpt-4o-eu",
                "api_base": "https://eu.example.com",
                "api_key": "PLANTEDSECRET-router",
            },
        },
        {"model_name": "local", "litellm_params": {"model": "ollama_chat/llama3.1:8b"}},
        {"model_name": "claude", "litellm_params": dict(model="anthropic/claude-3-5-sonnet-20241022")},
    ]

    router = Router(
        model_list=MODEL_LIST,
        fallbacks=[{"gpt-4o": ["claude", "local"]}],
        context_window_fallbacks=[{"local": ["gpt-4o"]}],
        content_policy_fallbacks=[{"gpt-4o": ["claude"]}],
        default_fallbacks=["local"],
    )

    def answer(q):
        return router.completion(model="gpt-4o", messages=[], fallbacks=["local"])
    """


def test_router_model_list_references_carry_their_group() -> None:
    found = refs(ROUTER)
    deployments = {r.model: r for r in found if r.group is not None}
    assert {m: r.group for m, r in deployments.items()} == {
        "azure/gpt-4o-eu": "gpt-4o",
        "ollama_chat/llama3.1:8b": "local",
        "anthropic/claude-3-5-sonnet-20241022": "claude",
    }
    assert all(r.runtime is Runtime.LITELLM for r in deployments.values())
    assert deployments["azure/gpt-4o-eu"].base_url == "https://eu.example.com"
    assert deployments["azure/gpt-4o-eu"].location.context == "app.llm:Router"
    # model_name values are groups, not references of their own
    assert [r.model for r in found if r.group is None] == ["gpt-4o"]
    assert next(r for r in found if r.group is None).location.context == "app.llm.answer:completion"


def test_router_fallbacks_in_each_style() -> None:
    found = sorted(fallbacks(ROUTER), key=lambda f: (f.location.line, f.location.column))
    assert [(f.primary, f.targets, f.style) for f in found] == [
        ("gpt-4o", ("claude", "local"), FallbackStyle.LITELLM_ROUTER),
        ("local", ("gpt-4o",), FallbackStyle.LITELLM_ROUTER),
        ("gpt-4o", ("claude",), FallbackStyle.LITELLM_ROUTER),
        ("*", ("local",), FallbackStyle.DEFAULT),
        ("gpt-4o", ("local",), FallbackStyle.LITELLM_CALL),
    ]
    assert found[0].location.line == 18 and found[0].location.context == "app.llm:Router"


def test_litellm_call_fallbacks_are_fallbacks_and_references() -> None:
    source = """\
        import litellm

        MODEL = "ollama/llama3.1:8b"

        def ask(q):
            return litellm.completion(
                model=MODEL,
                messages=[],
                fallbacks=["gpt-4o-mini", {"model": "claude-3-haiku-20240307"}],
            )
        """
    (fb,) = fallbacks(source)
    assert fb.primary == "ollama/llama3.1:8b"
    assert fb.targets == ("gpt-4o-mini", "claude-3-haiku-20240307")
    assert fb.style is FallbackStyle.LITELLM_CALL
    assert fb.location.context == "app.llm.ask:completion"
    found = by_model(source)
    assert found["ollama/llama3.1:8b"].kind is RefKind.CALL
    assert found["gpt-4o-mini"].kind is RefKind.FALLBACK
    assert found["claude-3-haiku-20240307"].kind is RefKind.FALLBACK


def test_langchain_with_fallbacks() -> None:
    source = """\
        from langchain_anthropic import ChatAnthropic
        from langchain_ollama import ChatOllama
        from langchain_openai import ChatOpenAI

        LOCAL = "llama3.1:8b"
        local = ChatOllama(model=LOCAL)
        claude = ChatAnthropic(model="claude-3-5-haiku-20241022")
        chain = local.with_fallbacks([claude, ChatOpenAI(model="gpt-4o-2024-08-06")])
        inline = ChatOpenAI(model="gpt-4o-mini").with_fallbacks([local])
        """
    found = fallbacks(source)
    assert [(f.primary, f.targets, f.style) for f in found] == [
        (
            "llama3.1:8b",
            ("claude-3-5-haiku-20241022", "gpt-4o-2024-08-06"),
            FallbackStyle.LANGCHAIN,
        ),
        ("gpt-4o-mini", ("llama3.1:8b",), FallbackStyle.LANGCHAIN),
    ]
    assert found[0].location.context == "app.llm:with_fallbacks"
    assert by_model(source)["llama3.1:8b"].runtime is Runtime.OLLAMA


def test_with_fallbacks_on_unknown_objects_is_nothing() -> None:
    assert fallbacks("chain = make().with_fallbacks([other])\n") == []
