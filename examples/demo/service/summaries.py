"""Summarise grant applications with the local grant-writer model."""

import ollama

from service.settings import settings

client = ollama.Client(host=settings.ollama_host)


def summarise(application_text: str) -> str:
    """A five-sentence summary for the programme committee."""
    response = client.chat(
        model=settings.summary_model,
        messages=[{"role": "user", "content": application_text}],
    )
    return response["message"]["content"]


def draft_feedback(application_text: str) -> str:
    # The house-style model is overkill for feedback drafts: use the base chat model.
    response = client.generate(model="llama3.1:8b", prompt=f"Feedback on: {application_text}")
    return response["response"]
