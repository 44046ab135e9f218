"""Escalation notes for urgent cases go straight to a hosted model (no local fallback)."""

import anthropic

ESCALATION_MODEL = "claude-haiku-4-5-20251001"

client = anthropic.Anthropic()


def escalation_note(case_note: str) -> str:
    """Three sentences for the protection lead on call."""
    message = client.messages.create(
        model=ESCALATION_MODEL,
        max_tokens=300,
        messages=[{"role": "user", "content": f"Write an escalation note:\n\n{case_note}"}],
    )
    return message.content[0].text
