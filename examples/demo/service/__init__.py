"""Grant Desk service: summaries, triage and search over a self-hosted Ollama."""
