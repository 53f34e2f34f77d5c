"""Hybrid retrieval: dense search in Chroma fused with BM25, as a LangChain retriever.

Example:
    >>> retriever = HybridRetriever(store=store, embeddings=embeddings, k=5)  # doctest: +SKIP
    >>> docs = retriever.invoke("Who called the minerals deal predatory?")   # doctest: +SKIP
    >>> docs = retriever.invoke("minerals", k=3, filters=Filters(date_from="2025-02-01"))
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.vectorstores.utils import maximal_marginal_relevance
from pydantic import BaseModel, ConfigDict, PrivateAttr, field_validator, model_validator

from vectorstore.articles import date_to_int
from vectorstore.chroma import STATE_KEY, WRITTEN_KEY, ChromaStore, visible
from vectorstore.errors import ConfigurationError
from vectorstore.fusion import DEFAULT_RRF_K, Method, fuse
from vectorstore.lexical import LexicalIndex
from vectorstore.lexical_cache import LexicalCache
from vectorstore.unicode import check_unicode, valid_unicode

Mode = Literal["hybrid", "dense", "bm25"]
DEFAULT_K = 5
DEFAULT_FETCH_K = 40


class Filters(BaseModel):
    """Metadata filters; every given field must match.

    Attributes:
        sources: Article sources (full source string or file name).
        outlets: Outlets, case-insensitive.
        date_from: Earliest publication date, ``YYYY-MM-DD`` (inclusive).
        date_to: Latest publication date, ``YYYY-MM-DD`` (inclusive).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[str] | None = None
    outlets: list[str] | None = None
    date_from: str | None = None
    date_to: str | None = None

    @field_validator("sources", "outlets")
    @classmethod
    def _unicode(cls, values: list[str] | None) -> list[str] | None:
        return [valid_unicode(v) for v in values] if values else values

    @field_validator("date_from", "date_to")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"dates must be YYYY-MM-DD, got {value!r}") from None

    def where(self) -> dict[str, Any] | None:
        """The Chroma ``where`` clause for these filters."""
        clauses: list[dict[str, Any]] = []
        if self.sources:
            clauses.append(
                {"$or": [{"source": {"$in": self.sources}}, {"name": {"$in": self.sources}}]}
            )
        if self.outlets:
            clauses.append({"outlet_key": {"$in": [o.lower() for o in self.outlets]}})
        if self.date_from:
            clauses.append({"date_int": {"$gte": date_to_int(self.date_from)}})
        if self.date_to:
            clauses.append({"date_int": {"$lte": date_to_int(self.date_to)}})
            clauses.append({"date_int": {"$gt": 0}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval over a :class:`ChromaStore`, fused per query (see fusion).

    Each returned ``Document`` has ``id`` = chunk id and metadata with the
    chunk's article fields plus ``score`` (fused), ``dense_score`` and
    ``bm25_score`` when the chunk was found that way.

    Args:
        store: The collection to search.
        embeddings: Embeds the query; must be the collection's model.
        k: Passages to return.
        mode: ``hybrid`` (default), ``dense`` or ``bm25``.
        fetch_k: Candidates taken from each search before fusing.
        dense_weight: ``rrf`` fusion: weight of the dense ranking (BM25 gets
            1 - w); ``adaptive``: the prior its per-query weight leans to (0.5
            neutral). See :mod:`vectorstore.fusion`.
        fusion: ``adaptive`` (z-scores with a per-query weight) or ``rrf``.
        rrf_k: The RRF constant (``rrf`` fusion).
        mmr: Re-rank the fused candidates for diversity (maximal marginal relevance).
        mmr_lambda: 1 = relevance only, 0 = diversity only.
        filters: Default filters; ``invoke(..., filters=...)`` overrides them.
        cache_dir: Where the BM25 index is cached; None keeps it in memory only.
        background_rebuild: After a write, keep searching the previous BM25 index
            (hits on removed chunks dropped) while the new one is built in a
            background thread; False waits for the rebuild (e.g. one-shot CLI runs).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: ChromaStore
    embeddings: Embeddings
    k: int = DEFAULT_K
    mode: Mode = "hybrid"
    fetch_k: int = DEFAULT_FETCH_K
    dense_weight: float = 0.5
    fusion: Method = "adaptive"
    rrf_k: int = DEFAULT_RRF_K
    mmr: bool = False
    mmr_lambda: float = 0.7
    filters: Filters | None = None
    cache_dir: Path | None = None
    background_rebuild: bool = True

    _lexical: LexicalCache | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check(self) -> HybridRetriever:
        if self.k <= 0:
            raise ConfigurationError(f"k must be > 0, got {self.k}")
        if self.fetch_k < self.k:
            raise ConfigurationError(f"fetch_k must be >= k ({self.k}), got {self.fetch_k}")
        if not 0.0 <= self.dense_weight <= 1.0:
            raise ConfigurationError(f"dense_weight must be in [0, 1], got {self.dense_weight}")
        if not 0.0 <= self.mmr_lambda <= 1.0:
            raise ConfigurationError(f"mmr_lambda must be in [0, 1], got {self.mmr_lambda}")
        return self

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun | None = None,
        k: int | None = None,
        filters: Filters | dict[str, Any] | None = None,
        mode: Mode | None = None,
        **kwargs: Any,
    ) -> list[Document]:
        k = self.k if k is None else k
        if k <= 0:
            raise ConfigurationError(f"k must be > 0, got {k}")
        check_unicode(query, "the query")
        if isinstance(filters, dict):
            filters = Filters(**filters)
        filters = filters or self.filters
        mode = mode or self.mode
        fetch_k = max(self.fetch_k, k)
        vector: list[float] | None = None
        dense: list[tuple[str, str, dict[str, Any], float]] = []
        lexical: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            vector = self.embeddings.embed_query(query)
            dense = self.store.query(vector, fetch_k, filters.where() if filters else None)
        if mode in ("hybrid", "bm25"):
            lexical = self._search_lexical(query, fetch_k, filters, {d[0] for d in dense})
        ranked = fuse(
            [(d[0], d[3]) for d in dense], lexical, query,
            self.fusion, self.dense_weight, self.rrf_k,
        )  # fmt: skip
        docs = self._documents(ranked[: fetch_k if self.mmr else k], dense, lexical)
        if self.mmr and docs:
            docs = self._diversify(docs, vector or self.embeddings.embed_query(query), k)
        return docs[:k]

    def _documents(
        self,
        ranked: list[tuple[str, float]],
        dense: list[tuple[str, str, dict[str, Any], float]],
        lexical: list[tuple[str, float]],
    ) -> list[Document]:
        found = {d[0]: (d[1], d[2]) for d in dense}
        missing = [i for i, _ in ranked if i not in found]
        if missing:
            got = self.store.get(missing, include=("documents", "metadatas"))
            for i, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                found[i] = (text or "", dict(meta or {}))
        dense_scores = {d[0]: d[3] for d in dense}
        bm25_scores = dict(lexical)
        docs = []
        for chunk_id, score in ranked:
            if chunk_id not in found or not visible(found[chunk_id][1]):
                continue  # deleted since the BM25 index was built, or not live (an ingest's)
            text, meta = found[chunk_id]
            meta = {k: v for k, v in meta.items() if k not in (STATE_KEY, WRITTEN_KEY)}
            meta.update(chunk_id=chunk_id, score=score)
            if chunk_id in dense_scores:
                meta["dense_score"] = dense_scores[chunk_id]
            if chunk_id in bm25_scores:
                meta["bm25_score"] = bm25_scores[chunk_id]
            docs.append(Document(id=chunk_id, page_content=text, metadata=meta))
        return docs

    def _diversify(self, docs: list[Document], vector: list[float], k: int) -> list[Document]:
        got = self.store.get([d.id for d in docs if d.id], include=("embeddings",))
        by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
        vectors = [list(by_id[d.id]) for d in docs]
        order = maximal_marginal_relevance(
            np.array(vector), vectors, lambda_mult=self.mmr_lambda, k=min(k, len(docs))
        )
        return [docs[i] for i in order]

    def _search_lexical(
        self, query: str, k: int, filters: Filters | None, known: set[str]
    ) -> list[tuple[str, float]]:
        index, stale = self.lexical_cache().index()
        mask = None
        if filters:
            mask = index.mask(
                filters.sources,
                filters.outlets,
                date_to_int(filters.date_from) or None,
                date_to_int(filters.date_to) or None,
            )
        hits = index.search(query, k, mask)
        if stale and hits:
            # The index predates a write: drop chunks removed since, before they take a rank.
            unknown = [i for i, _ in hits if i not in known]
            present = set(self.store.get(unknown, include=())["ids"]) if unknown else set()
            hits = [(i, s) for i, s in hits if i in known or i in present]
        return hits

    def model_post_init(self, context: Any) -> None:
        super().model_post_init(context)
        self._lexical = LexicalCache(self.store, self._cache_folder(), self.background_rebuild)

    def lexical_cache(self) -> LexicalCache:
        """Keeps the BM25 index in step with the collection (one build per revision)."""
        if self._lexical is None:  # pragma: no cover - set in model_post_init
            raise AssertionError("HybridRetriever was not initialised")
        return self._lexical

    def lexical_index(self) -> LexicalIndex:
        """The BM25 index for the collection's current revision (built, or waited for)."""
        cache = self.lexical_cache()
        index, stale = cache.index()
        if stale:
            cache.wait()
            index, _ = cache.index()
        return index

    def _cache_folder(self) -> Path | None:
        if self.cache_dir is None:
            return None
        where = hashlib.sha1(self.store.location.encode()).hexdigest()[:10]
        return Path(self.cache_dir) / "bm25" / f"{self.store.name}-{where}"
