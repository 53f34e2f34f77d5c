"""Builds the parts from :class:`Settings`: the one place that wires them together."""

from __future__ import annotations

from typing import Any, get_args

from assistant.extractive import ExtractiveAnswerer
from assistant.settings import Settings
from vectorstore.chroma import ChromaStore, connect
from vectorstore.chunking import Chunker
from vectorstore.embeddings import SentenceTransformerEmbeddings
from vectorstore.errors import ConfigurationError, StoreNotFoundError
from vectorstore.ingest import Ingestor
from vectorstore.retriever import HybridRetriever


def make_embeddings(settings: Settings) -> SentenceTransformerEmbeddings:
    """The embedding model (loaded lazily)."""
    return SentenceTransformerEmbeddings(settings.embedding_model, settings.embedding_batch_size)


def store_location(settings: Settings) -> str:
    """Where the store is, for messages and cache keys."""
    if settings.chroma_host:
        return f"Chroma server {settings.chroma_host}:{settings.chroma_port}"
    return str(settings.chroma_dir.resolve())


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
    return HybridRetriever(
        store=store,
        embeddings=embeddings,
        k=settings.top_k,
        fetch_k=max(settings.fetch_k, settings.top_k),
        mode=settings.retriever,
        dense_weight=settings.dense_weight,
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
    embeddings = embeddings or make_embeddings(settings)
    store = store or make_store(settings, embeddings, create=True)
    chunker = Chunker.for_embeddings(
        embeddings, chunk_tokens=settings.chunk_tokens, overlap_tokens=settings.chunk_overlap
    )
    return Ingestor(
        store, embeddings, chunker, max_file_bytes=int(settings.max_file_mb * 1024 * 1024)
    )


def answerer_names() -> list[str]:
    """The answerers a setting (or the chat's dropdown) may choose."""
    return list(get_args(Settings.model_fields["answerer"].annotation))


def make_answerer(
    settings: Settings, embeddings: SentenceTransformerEmbeddings, name: str | None = None
) -> ExtractiveAnswerer:
    """The answerer ``name`` (default: ``settings.answerer``)."""
    name = name or settings.answerer
    if name not in answerer_names():
        raise ConfigurationError(
            f"unknown answerer {name!r}; choose one of {', '.join(answerer_names())}"
        )
    kwargs: dict[str, Any] = {}
    if settings.min_answer_score is not None:
        kwargs["min_score"] = settings.min_answer_score
    return ExtractiveAnswerer(embeddings, **kwargs)
