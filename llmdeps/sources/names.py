"""What a name in code or config says about the value it holds, shared by every detector."""

from __future__ import annotations

import re

_WORDS = re.compile(r"[^a-z0-9]+")
_TRAIT_WORDS = frozenset(
    {"no", "not", "non", "unsupported", "without", "support", "supports", "compatible"}
    | {"incompatible", "deprecated", "excluded", "exclude", "excludes", "blocked", "blocklist"}
    | {"denied", "skip", "skipped", "needs", "require", "requires", "requiring", "only"}
    | {"prefix", "prefixes", "pattern", "patterns"}
)


def says_trait(name: str) -> bool:
    """`NO_SUPPORT_TEMPERATURE_MODELS`, `compatibleModels`: a list of models sharing a trait."""
    snake = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()
    return any(word in _TRAIT_WORDS for word in _WORDS.split(snake))
