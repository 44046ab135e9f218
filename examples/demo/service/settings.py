"""Settings read from the environment (see .env.example)."""

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    """Every model can be switched with an environment variable."""

    ollama_host: str = "http://localhost:11434"
    llm_model: str = Field("llama3.1:8b", description="Chat model, e.g. a Llama or Mistral tag")
    embedding_model: str = "nomic-embed-text"
    summary_model: str = "grant-writer:latest"


settings = Settings()
