"""Triage incoming case notes through the LiteLLM proxy (local model, hosted fallback)."""

import os

from openai import OpenAI

TRIAGE_MODEL = os.getenv("TRIAGE_MODEL", "triage")

proxy = OpenAI(
    base_url=os.environ.get("LITELLM_URL", "http://localhost:4000"),
    api_key=os.environ.get("LITELLM_MASTER_KEY", ""),
)


def triage(case_note: str) -> str:
    """Urgency label for a case note: urgent, soon or routine."""
    completion = proxy.chat.completions.create(
        model=TRIAGE_MODEL,
        messages=[
            {"role": "system", "content": "Label the urgency: urgent, soon or routine."},
            {"role": "user", "content": case_note},
        ],
    )
    return completion.choices[0].message.content or "routine"
