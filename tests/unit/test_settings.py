from __future__ import annotations

import pytest

from assistant import ConfigurationError, Settings
from vectorstore.embeddings import SentenceTransformerEmbeddings

pytestmark = pytest.mark.unit


def test_settings_read_dotenv_and_environment(tmp_path, monkeypatch) -> None:
    (tmp_path / ".env").write_text("DOSSIER_COLLECTION=from-dotenv\nDOSSIER_TOP_K=7\n")
    settings = Settings()
    assert settings.collection == "from-dotenv" and settings.top_k == 7
    monkeypatch.setenv("DOSSIER_TOP_K", "3")  # the environment wins over .env
    assert Settings().top_k == 3


def test_settings_refuse_bad_values() -> None:
    with pytest.raises(ValueError, match="top_k"):
        Settings(top_k=0)
    with pytest.raises(ValueError, match="retriever"):
        Settings(retriever="magic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fusion"):
        Settings(fusion="max")  # type: ignore[arg-type]


def test_a_model_that_is_not_on_disk_is_a_clear_error(tmp_path) -> None:
    embeddings = SentenceTransformerEmbeddings(str(tmp_path / "no-such-model"))
    with pytest.raises(ConfigurationError, match="is not a local folder"):
        embeddings.embed_query("hello")


def test_embeddings_batch_size_is_checked() -> None:
    with pytest.raises(ConfigurationError, match="batch_size must be > 0, got 0"):
        SentenceTransformerEmbeddings(batch_size=0)


def test_the_answerer_follows_the_llm_setting_unless_chosen() -> None:
    from assistant.factory import answerer_names

    plain = Settings(_env_file=None)
    assert plain.answerer_name() == "extractive" and answerer_names(plain) == ["extractive"]
    llm = Settings(llm="openai", _env_file=None)
    assert llm.answerer_name() == "llm" and answerer_names(llm) == ["extractive", "llm"]
    assert Settings(llm="openai", answerer="extractive", _env_file=None).answerer_name() == (
        "extractive"
    )
    assert "SmolLM2" in Settings(llm="llamacpp", _env_file=None).llm_label()


def test_settings_defaults_agree_with_the_modules_that_own_them() -> None:
    import assistant.settings as settings_module
    from assistant.pipeline import MAX_QUESTION_CHARS
    from vectorstore.chunking import DEFAULT_CHUNK_TOKENS, DEFAULT_OVERLAP_TOKENS
    from vectorstore.embeddings import DEFAULT_MODEL
    from vectorstore.loading import DEFAULT_MAX_ARTICLE_CHARS
    from vectorstore.retriever import DEFAULT_FETCH_K, DEFAULT_K

    assert (
        settings_module.MAX_QUESTION_CHARS,
        settings_module.DEFAULT_CHUNK_TOKENS,
        settings_module.DEFAULT_OVERLAP_TOKENS,
        settings_module.DEFAULT_MODEL,
        settings_module.DEFAULT_K,
        settings_module.DEFAULT_FETCH_K,
        settings_module.DEFAULT_MAX_ARTICLE_CHARS,
    ) == (
        MAX_QUESTION_CHARS,
        DEFAULT_CHUNK_TOKENS,
        DEFAULT_OVERLAP_TOKENS,
        DEFAULT_MODEL,
        DEFAULT_K,
        DEFAULT_FETCH_K,
        DEFAULT_MAX_ARTICLE_CHARS,
    )


def test_embedding_precision_device_and_runtime_are_settings(monkeypatch) -> None:
    from assistant.factory import make_embeddings
    from assistant.settings import Settings

    monkeypatch.setenv("DOSSIER_EMBEDDING_PRECISION", "bf16")
    monkeypatch.setenv("DOSSIER_DEVICE", "cpu")
    monkeypatch.setenv("DOSSIER_EMBEDDING_RUNTIME", "torch")
    embeddings = make_embeddings(Settings())
    assert embeddings.resolved == ("cpu", "bf16") and embeddings.runtime_name == "torch"
    monkeypatch.setenv("DOSSIER_EMBEDDING_PRECISION", "fp16")
    with pytest.raises(ValueError, match="embedding_precision"):
        Settings()
