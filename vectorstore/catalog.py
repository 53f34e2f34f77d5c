"""The articles of a collection, one entry each, and removing one of them.

Chunks carry their article's ``doc_id`` (see :func:`vectorstore.ingest.doc_id_for`);
this module groups them back into articles. Removing an article deletes all its
chunks and records a new collection revision, so the cached BM25 index is
rebuilt and never returns a removed passage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from vectorstore.chroma import ChromaStore, visible
from vectorstore.errors import DocumentNotFoundError


@dataclass
class DocumentInfo:
    """One article in the collection.

    Attributes:
        doc_id: Stable id of the article (from its source).
        source: The article's source (file path, or path#row).
        name: The file the article came from.
        title: Headline, or the file name when there is none.
        date: Publication date (``YYYY-MM-DD``) or "".
        outlet: Publishing outlet or "".
        url: The article's URL or "".
        chunks: Passages of the article in the collection.
    """

    doc_id: str
    source: str
    name: str
    title: str
    date: str
    outlet: str
    url: str
    chunks: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_documents(store: ChromaStore) -> list[DocumentInfo]:
    """Every article in ``store``, newest first, then by title."""
    docs: dict[str, DocumentInfo] = {}
    for chunk_id, fields in store.scan(include=("metadatas",)):
        meta = fields["metadatas"] or {}
        if not visible(meta):
            continue  # an ingest's pending chunks, or retired ones not deleted yet
        doc_id = str(meta.get("doc_id") or chunk_id)
        info = docs.get(doc_id)
        if info is None:
            info = docs[doc_id] = _info(doc_id, meta, chunks=0)
        info.chunks += 1
    by_title = sorted(docs.values(), key=lambda d: d.title.lower())
    return sorted(by_title, key=lambda d: d.date, reverse=True)


def remove_document(store: ChromaStore, doc_id: str) -> DocumentInfo:
    """Deletes every chunk of the article ``doc_id``.

    Returns:
        What was removed.

    Raises:
        DocumentNotFoundError: no article has that id.
    """
    got = store.get(where={"doc_id": doc_id}, include=("metadatas",))
    ids = list(got["ids"])
    if not ids:
        raise DocumentNotFoundError(f"no article with id {doc_id!r} in collection {store.name!r}")
    meta = dict((got["metadatas"] or [{}])[0] or {})
    store.delete(ids)
    store.mark_written()
    return _info(doc_id, meta, chunks=len(ids))


def _info(doc_id: str, meta: Mapping[str, Any], chunks: int) -> DocumentInfo:
    """An article's entry from one of its chunks' metadata."""
    fields = ("source", "name", "title", "date", "outlet", "url")
    return DocumentInfo(doc_id=doc_id, chunks=chunks, **{f: str(meta.get(f, "")) for f in fields})
