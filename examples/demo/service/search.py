"""Semantic search over past reports with local embeddings."""

import os

import ollama

EMBED_MODEL = os.getenv("EMBEDDING_MODEL", "nomic-embed-text")


def embed(texts: list[str]) -> list[list[float]]:
    """One vector per text."""
    return ollama.embed(model=EMBED_MODEL, input=texts)["embeddings"]
