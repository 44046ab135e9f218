"""First drafts of grant proposals from the self-hosted vLLM in the compose stack."""

import os

from openai import OpenAI

client = OpenAI(base_url=os.environ.get("VLLM_URL", "http://vllm:8000/v1"), api_key="none")


def first_draft(outline: str) -> str:
    """A first draft a programme officer then edits."""
    reply = client.chat.completions.create(
        model="meta-llama/Llama-3.1-8B-Instruct",
        messages=[{"role": "user", "content": f"Draft a grant proposal from:\n\n{outline}"}],
    )
    return reply.choices[0].message.content or ""
