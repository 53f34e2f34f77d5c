"""Chroma, embedded or as a server: the only module that imports chromadb.

A collection records the embedding model, its dimension and the chunker
settings it was built with. Opening it with another model fails with a message
that says how to rebuild, instead of a dimension error from inside Chroma. It
also records a ``revision`` that changes with every write, so caches built
from the collection (the BM25 index) know when they are stale.

A Chroma server that stops answering midway (killed, restarting, network gone)
raises :class:`StoreUnavailableError` from any method, never a bare transport
error; the next call after the server is back simply works.

Each chunk carries a ``state``: an ingest writes an article's new chunks as
``pending``, then in one ``update`` (one transaction) marks them ``live`` and
the article's previous chunks ``retired``, then deletes the retired ones. Only
live chunks (and chunks from before states existed, which have none) are ever
returned by queries, so a kill at any moment never shows two versions of an
article; the next ingest finishes or discards what was left.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import chromadb
import chromadb.errors
import httpx
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from vectorstore.errors import (
    ConfigurationError,
    EmbeddingMismatchError,
    StoreNotFoundError,
    StoreUnavailableError,
)

MODEL_KEY = "dossier:embedding_model"
DIMENSION_KEY = "dossier:dimension"
CHUNKER_KEY = "dossier:chunker"
REVISION_KEY = "dossier:revision"
PRECISION_KEY = "dossier:precision"
DEFAULT_PAGE = 2000

_Method = TypeVar("_Method", bound=Callable[..., Any])


def _server_answers(method: _Method) -> _Method:
    """Turns a Chroma server that stops answering into :class:`StoreUnavailableError`."""

    @functools.wraps(method)
    def wrapper(self: ChromaStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except httpx.TransportError as error:  # refused, reset, timed out
            raise StoreUnavailableError(
                f"the {self.location or 'Chroma server'} stopped answering ({error}); "
                f"start it again (`chroma run`), then retry"
            ) from error

    return wrapper  # type: ignore[return-value]


STATE_KEY = "state"
PENDING, LIVE, RETIRED = "pending", "live", "retired"
WRITTEN_KEY = "written_at"  # when a pending chunk was written (unix seconds)


def visible(metadata: dict[str, Any] | None) -> bool:
    """True for a chunk queries may return: live, or written before chunks had a state."""
    return (metadata or {}).get(STATE_KEY, LIVE) == LIVE


def connect(path: str | Path | None = None, host: str | None = None, port: int = 8000) -> ClientAPI:
    """Opens an embedded store at ``path`` or a Chroma server at ``host:port``.

    Raises:
        ConfigurationError: both or neither of ``path`` and ``host`` are given.
        StoreUnavailableError: the server does not answer.
    """
    if (path is None) == (host is None):
        raise ConfigurationError("give either a Chroma folder (path) or a server (host), not both")
    settings = ChromaSettings(anonymized_telemetry=False)
    if host is not None:
        try:
            client = chromadb.HttpClient(host=host, port=port, settings=settings)
            client.heartbeat()
        except Exception as error:  # chromadb raises several kinds for "no server"
            raise StoreUnavailableError(
                f"no Chroma server answers at {host}:{port}; start one with "
                f"`chroma run --path DIR --port {port}` or unset DOSSIER_CHROMA_HOST"
            ) from error
        return client
    Path(path).mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
    return chromadb.PersistentClient(path=str(path), settings=settings)


class ChromaStore:
    """One Chroma collection of chunks, with our embeddings and bookkeeping.

    Args:
        client: From :func:`connect`.
        name: Collection name.
        model_name: Embedding model that produces this collection's vectors.
        dimension: That model's dimension; needed to create a collection, and
            checked when given (opening by name alone avoids loading the model).
        create: Create the collection when missing (ingest) instead of failing
            with :class:`StoreNotFoundError` (ask).
        location: Where the store is, for messages.
    """

    def __init__(
        self,
        client: ClientAPI,
        name: str,
        model_name: str,
        dimension: int | None = None,
        create: bool = False,
        location: str = "",
    ) -> None:
        self.client = client
        self.name = name
        self.location = location
        self.model_name = model_name
        self.dimension = dimension
        if create and dimension is None:
            raise ConfigurationError("the embedding dimension is needed to create a collection")
        self.collection = self._open(create)
        self._check_model()

    @_server_answers
    def _open(self, create: bool) -> Collection:
        try:
            if create:
                return self.client.get_or_create_collection(
                    self.name,
                    embedding_function=None,  # we always pass vectors: never Chroma's default
                    metadata={
                        MODEL_KEY: self.model_name,
                        DIMENSION_KEY: self.dimension,
                        REVISION_KEY: "new",
                    },
                    configuration={"hnsw": {"space": "cosine"}},
                )
            return self.client.get_collection(self.name, embedding_function=None)
        except chromadb.errors.NotFoundError as error:
            raise StoreNotFoundError(
                f"no collection {self.name!r} in {self.location or 'the Chroma store'}; "
                f"create it with: dossier ingest PATH --collection {self.name}"
            ) from error
        except (ValueError, chromadb.errors.InvalidArgumentError) as error:
            if "name" in str(error).lower():
                raise ConfigurationError(
                    f"collection name must be 3-512 characters of [a-zA-Z0-9._-], got {self.name!r}"
                ) from error
            raise

    def _check_model(self) -> None:
        meta = self.metadata
        model, dimension = meta.get(MODEL_KEY), meta.get(DIMENSION_KEY)
        if model is None:
            return  # not made by Dossier: nothing recorded to check
        if model != self.model_name or dimension != (self.dimension or dimension):
            raise EmbeddingMismatchError(
                f"collection {self.name!r} was built with {model} ({dimension} dims) but this "
                f"run uses {self.model_name} ({self.dimension or '?'} dims); rebuild it with "
                f"`dossier ingest PATH --collection {self.name} --rebuild`, or choose "
                f"another collection"
            )

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self.collection.metadata or {})

    @property
    @_server_answers
    def revision(self) -> str:
        """Changes with every write to the collection."""
        self.collection = self.client.get_collection(self.name, embedding_function=None)
        return str(self.metadata.get(REVISION_KEY, ""))

    @_server_answers
    def mark_written(self, chunker_id: str | None = None, precision: str | None = None) -> None:
        """Records a new revision (and the chunker settings, the embedding precision) after a
        write."""
        meta = self.metadata
        meta.pop("hnsw:space", None)
        meta[REVISION_KEY] = uuid.uuid4().hex
        if chunker_id:
            meta[CHUNKER_KEY] = chunker_id
        if precision:
            meta[PRECISION_KEY] = precision
        self.collection.modify(metadata=meta)

    @_server_answers
    def count(self) -> int:
        return self.collection.count()

    @_server_answers
    def add(
        self,
        ids: Sequence[str],
        embeddings: Any,
        documents: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        """Adds (or overwrites) chunks with their vectors, in slices Chroma accepts."""
        step = self.client.get_max_batch_size()
        for i in range(0, len(ids), step):
            self.collection.upsert(
                ids=list(ids[i : i + step]),
                embeddings=embeddings[i : i + step],
                documents=list(documents[i : i + step]),
                metadatas=list(metadatas[i : i + step]),
            )

    @property
    def max_batch(self) -> int:
        """The most records one write may carry."""
        return int(self.client.get_max_batch_size())

    @_server_answers
    def switch(self, live: Sequence[str], retired: Sequence[str]) -> None:
        """Marks ``live`` chunks live and ``retired`` ones retired in one atomic write.

        Raises:
            ConfigurationError: more ids than one write may carry (:attr:`max_batch`).
        """
        ids = [*live, *retired]
        if not ids:
            return
        if len(ids) > self.max_batch:
            raise ConfigurationError(
                f"one switch takes at most {self.max_batch} ids, got {len(ids)}"
            )
        states = [{STATE_KEY: LIVE}] * len(live) + [{STATE_KEY: RETIRED}] * len(retired)
        self.collection.update(ids=ids, metadatas=states)  # type: ignore[arg-type]

    @_server_answers
    def delete(self, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), DEFAULT_PAGE):
            self.collection.delete(ids=list(ids[i : i + DEFAULT_PAGE]))

    @_server_answers
    def query(
        self, vector: Sequence[float], n: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, str, dict[str, Any], float]]:
        """Nearest chunks as ``(id, text, metadata, cosine similarity)``, best first."""
        if n <= 0:  # n over the count is fine: Chroma returns what there is (no count call)
            return []
        result = self.collection.query(
            query_embeddings=[list(vector)],  # type: ignore[arg-type]
            n_results=n,
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        return [
            (i, d or "", dict(m or {}), 1.0 - float(dist))
            for i, d, m, dist in zip(
                result["ids"][0],
                result["documents"][0],  # type: ignore[index]
                result["metadatas"][0],  # type: ignore[index]
                result["distances"][0],  # type: ignore[index]
                strict=True,
            )
        ]

    @_server_answers
    def get(
        self,
        ids: Sequence[str] | None = None,
        include: Sequence[str] = ("metadatas",),
        where: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Chunks by id (all when ``ids`` is None) matching ``where``, with ``include`` fields."""
        got = self.collection.get(
            ids=list(ids) if ids is not None else None,
            where=where or None,
            include=list(include),  # type: ignore[arg-type]
        )
        return dict(got)

    def scan(self, include: Sequence[str] = ("metadatas",)) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every chunk as ``(id, {field: value})``, a page at a time."""
        offset = 0
        while True:
            page = self._page(offset, include)
            ids = page["ids"]
            if not ids:
                return
            for k, chunk_id in enumerate(ids):
                yield chunk_id, {field: page[field][k] for field in include}  # type: ignore[literal-required]
            offset += len(ids)

    @_server_answers
    def _page(self, offset: int, include: Sequence[str]) -> dict[str, Any]:
        page = self.collection.get(limit=DEFAULT_PAGE, offset=offset, include=list(include))  # type: ignore[arg-type]
        return dict(page)


def delete_collection(client: ClientAPI, name: str) -> bool:
    """Deletes a collection; returns False when there was none."""
    try:
        client.delete_collection(name)
    except (chromadb.errors.NotFoundError, ValueError):
        return False
    return True
