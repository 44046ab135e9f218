"""Issue 9, batch 5's classes in Python: ORM field defaults, imported chat-client classes of any
library, model fallback lists, and the model column of a loop over (key, model) pairs."""

from __future__ import annotations

from llmdeps.model import RefKind
from tests.sources.detectors.python.helpers import by_model, refs

DJANGO = """
from django.db import models

class ChatModel(models.Model):
    name = models.CharField(max_length=200, default="gemini-2.5-flash")
    friendly_name = models.CharField(max_length=200, default=None, null=True)

class Agent(models.Model):
    name = models.CharField(max_length=200, default="Khoj")
    style = models.CharField(max_length=200, default="gpt-like")

class SearchModelConfig(models.Model):
    name = models.CharField(max_length=200, default="default")
    bi_encoder = models.CharField(max_length=200, default="thenlper/gte-small")
    cross_encoder = models.CharField(max_length=200, default="mixedbread-ai/mxbai-rerank-xsmall-v1")

class TextToImageModelConfig(models.Model):
    model_name = models.CharField(max_length=200, default="dall-e-3")
    model_type = models.CharField(max_length=200, default="openai")
"""


def test_orm_field_defaults() -> None:
    found = {m: r.location.line for m, r in by_model(DJANGO, "app/database/models.py").items()}
    assert found == {
        "gemini-2.5-flash": 5,
        "thenlper/gte-small": 14,
        "mixedbread-ai/mxbai-rerank-xsmall-v1": 15,
        "dall-e-3": 18,
    }


ENCODERS = """
config = {"image": {"encoder": "sentence-transformers/clip-ViT-B-32", "model_directory": "~/.x/"}}
enc = tiktoken.get_encoding("cl100k_base")
json_encoder = "utf-8"
"""


def test_an_encoder_key_names_a_model() -> None:
    assert set(by_model(ENCODERS)) == {"sentence-transformers/clip-ViT-B-32"}


CHAT_CLIENTS = """
from browser_use import ChatBrowserUse, ChatVercel

llm = ChatBrowserUse(model="bu-2-0-mini-preview")
gateway = ChatVercel(
    model="anthropic/claude-sonnet-4.5",
    model_fallbacks=["openai/gpt-5.2", "google/gemini-2.5-flash"],
)
session = ChatSession(model="user")
history = ChatHistory(model="assistant")
"""


def test_imported_chat_clients_and_their_fallback_lists() -> None:
    found = {m: (r.location.line, r.kind) for m, r in by_model(CHAT_CLIENTS).items()}
    assert found == {
        "bu-2-0-mini-preview": (4, RefKind.CALL),
        "anthropic/claude-sonnet-4.5": (6, RefKind.CALL),
        "openai/gpt-5.2": (7, RefKind.FALLBACK),
        "google/gemini-2.5-flash": (7, RefKind.FALLBACK),
    }


PAIRS = """
import os

def try_to_select_default_model():
    model_key_pairs = [
        ("ANTHROPIC_API_KEY", "sonnet"),
        ("OPENAI_API_KEY", "gpt-4o"),
        ("GEMINI_API_KEY", "gemini/gemini-2.5-pro-exp-03-25"),
    ]
    for env_key, model_name in model_key_pairs:
        if os.environ.get(env_key):
            return model_name

for key, label in [("OPENAI_API_KEY", "gpt-4o-mini")]:
    print(key, label)
"""


def test_the_model_column_of_a_loop_over_pairs() -> None:
    found = sorted((r.model, r.location.line) for r in refs(PAIRS))
    assert found == [("gemini/gemini-2.5-pro-exp-03-25", 8), ("gpt-4o", 7)]
