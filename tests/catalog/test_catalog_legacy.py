"""Issue 9, batch 4 catalog gaps: OpenAI's retired GPT-3 era ids, media models, Gemini's newer ids.

Real ids a test or a constant block names must be known, or the placeholder rule drops them;
their patterns need the whole shape, so a word that only starts like one stays unknown.
"""

from __future__ import annotations

import pytest

from llmdeps.catalog import Catalog

CAT = Catalog.load()


@pytest.mark.parametrize(
    ("model", "family", "vendor", "task"),
    [
        ("ada", "ada", "OpenAI", "chat"),  # go-openai's tests send `Model: "ada"`
        ("text-davinci-003", "text-davinci-003", "OpenAI", "chat"),
        ("code-davinci-002", "code-davinci-002", "OpenAI", "chat"),
        ("text-similarity-ada-001", "text-similarity-ada-001", "OpenAI", "embedding"),
        ("text-search-curie-query-001", "text-search-curie-query-001", "OpenAI", "embedding"),
        ("code-search-babbage-code-001", "code-search-babbage-code-001", "OpenAI", "embedding"),
        ("text-moderation-stable", "text-moderation-stable", "OpenAI", "moderation"),
        ("gpt-4o-transcribe-diarize", "gpt-4o-transcribe-diarize", "OpenAI", "audio"),
        ("gpt-4o-mini-transcribe", "gpt-4o-mini-transcribe", "OpenAI", "audio"),
        ("sora-2", "sora-2", "OpenAI", "video"),
        ("imagen-3.0-generate-002", "imagen-3.0-generate-002", "Google", "image"),
        ("imagen-4.0-fast-generate-001", "imagen-4.0-fast-generate-001", "Google", "image"),
        ("veo-3.0-generate-001", "veo-3.0-generate-001", "Google", "video"),
        ("veo-3.1-generate-preview", "veo-3.1-generate-preview", "Google", "video"),
        ("nano-banana-pro-preview", "nano-banana-pro", "Google", "image"),
        ("deep-research-pro-preview-12-2025", "deep-research-pro-preview", "Google", "reasoning"),
        ("gemini-live-2.5-flash-preview", "gemini-live-2.5-flash", "Google", "chat"),
        ("gemini-2.5-computer-use-preview-10-2025", "gemini-2.5-computer-use", "Google", "chat"),
        ("text-davinci-edit-001", "text-davinci-edit-001", "OpenAI", "chat"),
        ("mistral-moderation-latest", "mistral-moderation", "Mistral AI", "moderation"),
    ],
)
def test_legacy_openai_and_media_families_are_known(
    model: str, family: str, vendor: str, task: str
) -> None:
    """Real ids a test or a constant block names: unknown, the placeholder rule would drop them."""
    ident = CAT.identify(model)
    assert (ident.family, ident.vendor, ident.task, ident.known) == (family, vendor, task, True)


@pytest.mark.parametrize(
    "model",
    ["ada-lovelace", "davinci-resolve", "curie-point", "deep-research", "deep-research-agent",
     "sora", "imagen", "veo", "veo-3.1-generate", "imagen-4.0-generate", "nano-banana",
     "text-search", "babbage-engine"],
)  # fmt: skip
def test_legacy_and_media_patterns_need_their_whole_shape(model: str) -> None:
    assert CAT.identify(model).known is False
