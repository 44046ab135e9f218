"""Plugin hooks registering model objects by a positional id (simonw/llm's `register_models`)."""

from __future__ import annotations

from llmdeps.model import RefKind
from tests.sources.detectors.python.helpers import refs

HOOK = """\
from llm import hookimpl

@hookimpl
def register_models(register):
    register(
        Chat("gpt-4o", vision=True),
        AsyncChat("gpt-4o", vision=True),
        aliases=("4o", "gpt4o-latest"),
    )
    register(Completion("gpt-3.5-turbo-instruct", default_max_tokens=256))

@hookimpl
def register_embedding_models(register):
    register(
        OpenAIEmbeddingModel("text-embedding-3-small-512", "text-embedding-3-small", 512),
        aliases=("3-small-512",),
    )
"""


def test_positional_ids_of_registered_model_classes_are_catalogue_entries() -> None:
    found = refs(HOOK, path="plugins/openai_models.py")
    assert [(r.model, r.location.line) for r in found] == [
        ("gpt-4o", 6),
        ("gpt-4o", 7),
        ("gpt-3.5-turbo-instruct", 10),
        ("text-embedding-3-small", 15),
    ]
    assert {r.kind for r in found} == {RefKind.CATALOG}


def test_aliases_local_variant_ids_and_non_model_hooks_are_not_models() -> None:
    found = {r.model for r in refs(HOOK, path="plugins/openai_models.py")}
    # aliases name the entry beside them; the `-512` variant is llm's local name
    assert not found & {"4o", "gpt4o-latest", "3-small-512", "text-embedding-3-small-512"}
    other = refs(
        """\
        @hookimpl
        def register_commands(cli):
            register(Command("serve-gpt-4o"), Tool("llama-3-8b-helper"))

        def register_tools(register):
            register(Toolbox("gpt-4o-mini-search"))

        def register_models(register):
            register(make_chat("gpt-4o"))
        """,
        path="plugins/other.py",
    )
    assert [r.model for r in other] == []
