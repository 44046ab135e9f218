"""Find past cases similar to a new one with a local sentence-embedding model."""

from sentence_transformers import SentenceTransformer

MODEL = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")


def similar(query: str, cases: list[str]) -> list[float]:
    """Cosine similarity of the query to each case."""
    vectors = MODEL.encode([query, *cases], normalize_embeddings=True)
    return [float(vectors[0] @ v) for v in vectors[1:]]
