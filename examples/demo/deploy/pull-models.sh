#!/bin/sh
# Pre-pull the models on a fresh field server before the app starts.
set -eu
MODEL="${LLM_MODEL:-llama3.1:8b}"
ollama pull "$MODEL"
ollama pull nomic-embed-text
ollama pull mistral:7b   # used by the evaluation notebook
