from service.settings import Settings


def test_default_models_are_local():
    settings = Settings()
    assert settings.llm_model == "llama3.1:8b"
    assert settings.embedding_model == "nomic-embed-text"
