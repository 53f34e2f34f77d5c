"""LangChain's standard retriever contract, on the real model and an embedded Chroma."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_tests.integration_tests import RetrieversIntegrationTests

from tests.conftest import SEEDS
from vectorstore.chroma import ChromaStore, connect
from vectorstore.chunking import Chunker
from vectorstore.embeddings import SentenceTransformerEmbeddings
from vectorstore.ingest import Ingestor
from vectorstore.retriever import HybridRetriever

_STATE: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def _store(tmp_path_factory: pytest.TempPathFactory) -> None:
    embeddings = SentenceTransformerEmbeddings()
    root = tmp_path_factory.mktemp("standard")
    store = ChromaStore(
        connect(path=root / "chroma"),
        "standard",
        embeddings.model_name,
        embeddings.dimension,
        create=True,
    )
    Ingestor(store, embeddings, Chunker.for_embeddings(embeddings)).ingest([SEEDS])
    _STATE.update(store=store, embeddings=embeddings, cache_dir=root / "cache")


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[HybridRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return dict(_STATE)

    @property
    def retriever_query_example(self) -> str:
        return "Who called the minerals deal predatory?"
