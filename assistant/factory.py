"""Builds the parts from :class:`Settings`: the one place that wires them together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.settings import Settings
from vectorstore.chroma import ChromaStore, connect
from vectorstore.embeddings import SentenceTransformerEmbeddings
from vectorstore.errors import ConfigurationError, StoreNotFoundError

if TYPE_CHECKING:  # imported where used: `dossier ingest` needs none of the answering parts
    from langchain_core.retrievers import BaseRetriever

    from assistant.extractive import ExtractiveAnswerer
    from assistant.llm.answerer import LLMAnswerer
    from assistant.pipeline import Assistant
    from assistant.vectors import SentenceVectors
    from assistant.verify import Verifier
    from vectorstore.ingest import Ingestor
    from vectorstore.retriever import HybridRetriever


def make_embeddings(settings: Settings) -> SentenceTransformerEmbeddings:
    """The embedding model (loaded lazily)."""
    return SentenceTransformerEmbeddings(
        settings.embedding_model,
        settings.embedding_batch_size,
        device=settings.device,
        precision=settings.embedding_precision,
        runtime=settings.embedding_runtime,
        cache_dir=settings.cache_dir,
    )


def store_location(settings: Settings) -> str:
    """Where the store is, for messages and cache keys."""
    return settings.store_location()


def make_store(
    settings: Settings, embeddings: SentenceTransformerEmbeddings, create: bool = False
) -> ChromaStore:
    """Opens the configured collection; ``create`` makes it when missing."""
    if settings.chroma_host:
        client = connect(host=settings.chroma_host, port=settings.chroma_port)
    else:
        if not create and not settings.chroma_dir.exists():
            raise StoreNotFoundError(
                f"no Dossier store at {settings.chroma_dir}; create it with: dossier ingest PATH "
                f"(or set DOSSIER_CHROMA_DIR to an existing store)"
            )
        client = connect(path=settings.chroma_dir)
    return ChromaStore(
        client,
        settings.collection,
        embeddings.model_name,
        embeddings.dimension if create else None,  # opening needs no model load
        create=create,
        location=store_location(settings),
    )


def make_retriever(
    settings: Settings, store: ChromaStore, embeddings: SentenceTransformerEmbeddings
) -> HybridRetriever:
    """The hybrid retriever over ``store``."""
    from vectorstore.retriever import HybridRetriever

    return HybridRetriever(
        store=store,
        embeddings=embeddings,
        k=settings.top_k,
        fetch_k=max(settings.fetch_k, settings.top_k),
        mode=settings.retriever,
        dense_weight=settings.dense_weight,
        fusion=settings.fusion,
        mmr=settings.mmr,
        cache_dir=settings.cache_dir,
    )


def make_ingestor(
    settings: Settings,
    embeddings: SentenceTransformerEmbeddings | None = None,
    store: ChromaStore | None = None,
) -> Ingestor:
    """An ingestor into the configured collection (created when missing).

    Args:
        settings: What to build.
        embeddings: Share an already built model instead of making another.
        store: Share an already opened collection.
    """
    from vectorstore.chunking import Chunker
    from vectorstore.ingest import Ingestor

    embeddings = embeddings or make_embeddings(settings)
    store = store or make_store(settings, embeddings, create=True)
    chunker = Chunker.for_embeddings(
        embeddings, chunk_tokens=settings.chunk_tokens, overlap_tokens=settings.chunk_overlap
    )
    return Ingestor(
        store,
        embeddings,
        chunker,
        max_file_bytes=int(settings.max_file_mb * 1024 * 1024),
        max_article_chars=settings.max_article_chars,
    )


def answerer_names(settings: Settings) -> list[str]:
    """The answerers one may choose: ``extractive``, and ``llm`` when an LLM is configured."""
    return ["extractive", "llm"] if settings.llm else ["extractive"]


def make_answerer(
    settings: Settings,
    embeddings: SentenceTransformerEmbeddings,
    name: str | None = None,
    vectors: SentenceVectors | None = None,
) -> ExtractiveAnswerer | LLMAnswerer:
    """The answerer ``name`` (default: ``settings.answerer_name()``).

    Raises:
        ConfigurationError: ``name`` is unknown, or ``llm`` with no LLM configured.
    """
    from assistant.extractive import ExtractiveAnswerer
    from assistant.llm.answerer import LLMAnswerer
    from assistant.llm.prompts import Prompts

    name = name or settings.answerer_name()
    if name not in ("extractive", "llm"):
        raise ConfigurationError(f"unknown answerer {name!r}; choose extractive or llm")
    kwargs: dict[str, Any] = {"vectors": vectors, "typing": settings.answer_typing}
    if settings.min_answer_score is not None:
        kwargs["min_score"] = settings.min_answer_score
    extractive = ExtractiveAnswerer(embeddings, **kwargs)
    if name == "extractive":
        return extractive
    if not settings.llm:
        raise ConfigurationError("answerer 'llm' needs DOSSIER_LLM=openai or DOSSIER_LLM=llamacpp")
    from assistant.llm.models import make_chat_model

    return LLMAnswerer(
        make_chat_model(settings),
        Prompts.load(),
        settings.llm_label(),
        context_tokens=settings.llm_context_tokens,
        answer_tokens=settings.llm_max_tokens,
        timeout=settings.llm_timeout,
        fallback=extractive if settings.llm_fallback == "extractive" else None,
        backend=settings.llm,
    )


def make_verifier(settings: Settings, vectors: SentenceVectors) -> Verifier:
    """The citation verifier the settings ask for."""
    from assistant.verify import Verifier

    kwargs: dict[str, Any] = {}
    if settings.verify_threshold is not None:
        kwargs["threshold"] = settings.verify_threshold
    return Verifier(vectors, policy=settings.verify, **kwargs)


def make_assistant(
    settings: Settings,
    embeddings: SentenceTransformerEmbeddings,
    retriever: BaseRetriever,
    name: str | None = None,
) -> Assistant:
    """The whole assistant: answerer ``name``, its verifier and its follow-up condenser."""
    from assistant.llm.answerer import LLMAnswerer
    from assistant.pipeline import Assistant
    from assistant.vectors import SentenceVectors

    vectors = SentenceVectors(embeddings)
    answerer = make_answerer(settings, embeddings, name, vectors)
    use_llm = isinstance(answerer, LLMAnswerer) and settings.condense != "rules"
    if settings.condense == "llm" and not isinstance(answerer, LLMAnswerer):
        raise ConfigurationError("DOSSIER_CONDENSE=llm needs the llm answerer (DOSSIER_LLM)")
    return Assistant(
        retriever,
        answerer,
        top_k=settings.top_k,
        max_question_chars=settings.max_question_chars,
        verifier=make_verifier(settings, vectors),
        condenser=answerer.condense if use_llm else None,  # type: ignore[union-attr]
    )
