"""Sources: the repository walker, one detector module per file kind, Ollama readers.

The detector list lives in `registry.py`.
"""
