"""Alternatives a team can act on: models of other lineage vendors for the same task, runtime and
size band, ranked by licence class (`alternatives.yaml`, `licenses.yaml` classes)."""

from __future__ import annotations

import math

from llmdeps.catalog.lookup import UNLISTED_RANK, Data
from llmdeps.model import Alternative, Runtime, Vendor

HOSTED = frozenset(
    {
        Runtime.OPENAI,
        Runtime.ANTHROPIC,
        Runtime.GOOGLE,
        Runtime.VERTEX,
        Runtime.BEDROCK,
        Runtime.AZURE,
        Runtime.GROQ,
        Runtime.MISTRAL,
        Runtime.COHERE,
        Runtime.XAI,
        Runtime.DEEPSEEK,
        Runtime.OPENROUTER,
        Runtime.TOGETHER,
        Runtime.GATEWAY,
        Runtime.LITELLM,
    }
)
"""Runtimes that serve a model as a hosted API: alternatives are hosted and open-weight ones."""


def alternatives(
    d: Data,
    *,
    exclude_vendor: Vendor,
    task: str,
    parameters_b: float | None,
    limit: int,
    runtime: Runtime | None = None,
) -> tuple[Alternative, ...]:
    """Alternatives of other lineage vendors for a model of this task, size and runtime.

    Same runtime: a Hugging Face model gets Hugging Face repos; a hosted API model gets up to two
    hosted models, then open-weight Ollama tags; anything else (Ollama, local files, unknown) gets
    Ollama tags. Within each kind at most one per vendor: the freest licence class first (a
    non-production licence never leads), then the closest size, then file order."""
    if runtime is Runtime.HUGGINGFACE:
        return _ranked(d, "huggingface", exclude_vendor, task, parameters_b, limit)
    if runtime in HOSTED:
        hosted = _ranked(d, "hosted", exclude_vendor, task, None, min(limit, 2))
        return hosted + _ranked(d, "ollama", exclude_vendor, task, parameters_b, limit - 1)
    return _ranked(d, "ollama", exclude_vendor, task, parameters_b, limit)


def _ranked(
    d: Data,
    kind: str,
    exclude_vendor: Vendor,
    task: str,
    parameters_b: float | None,
    limit: int,
) -> tuple[Alternative, ...]:

    def distance(a: Alternative) -> float:
        if parameters_b is None or parameters_b <= 0 or not a.parameters_b:
            return 0.0
        return round(abs(math.log(a.parameters_b / parameters_b)), 9)

    def rank(a: Alternative) -> int:
        return d.license_rank.get(a.license.lower(), UNLISTED_RANK)

    pool = [
        (distance(a), i, a)
        for i, a in enumerate(d.alternatives)
        if a.task == task and a.vendor != exclude_vendor and a.runtime == kind
    ]
    chosen: dict[str, tuple[float, int, Alternative]] = {}
    for item in sorted(pool, key=lambda t: (rank(t[2]), t[0], t[1])):
        chosen.setdefault(item[2].vendor, item)
    ranked = sorted(
        chosen.values(),
        key=lambda t: (rank(t[2]), t[0], t[2].vendor, t[1]) if parameters_b else (rank(t[2]), t[1]),
    )
    return tuple(a for _dist, _i, a in ranked[: max(limit, 0)])
