"""Ollama installs: the HTTP API (`api.py`), the on-disk store (`store.py`), names (`names.py`)."""
