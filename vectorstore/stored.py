"""What a collection holds, article by article: its live version and any leftovers.

An ingest compares each article with this before embedding anything: an article
whose live chunks are complete and carry the same content hash is unchanged. A
kill during an earlier ingest can leave *leftovers* (chunks ``pending`` a switch
that never came, or ``retired`` ones not yet deleted, see :mod:`vectorstore.chroma`);
queries never see them, and the next ingest that meets the article deletes them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from vectorstore.chroma import LIVE, PENDING, STATE_KEY, WRITTEN_KEY, ChromaStore

# A pending chunk older than this belongs to no ingest still running: it is a leftover
# even of an article no later ingest mentions.
ABANDONED_AFTER_SECONDS = 6 * 3600


@dataclass
class StoredArticle:
    """One article's chunks in the collection.

    Attributes:
        source: The article's source.
        live: Ids of the chunks queries see.
        hashes: Content hashes of the live chunks (one when consistent).
        n_chunks: How many chunks the live version declares.
        leftovers: Ids of pending or retired chunks.
        abandoned: The leftovers old enough to delete even if the article is not re-ingested.
    """

    source: str = ""
    live: list[str] = field(default_factory=list)
    hashes: set[str] = field(default_factory=set)
    n_chunks: int = 0
    leftovers: list[str] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)

    def is_current(self, digest: str) -> bool:
        """True when the live chunks are exactly one complete version with ``digest``."""
        return self.hashes == {digest} and len(self.live) == self.n_chunks

    @property
    def ids(self) -> list[str]:
        """Every chunk of the article, live or not."""
        return self.live + self.leftovers


def stored_articles(store: ChromaStore, now: float | None = None) -> dict[str, StoredArticle]:
    """Every article in ``store`` by ``doc_id``, from one pass over the metadata."""
    now = time.time() if now is None else now
    docs: dict[str, StoredArticle] = {}
    for chunk_id, fields in store.scan(include=("metadatas",)):
        meta = fields["metadatas"] or {}
        entry = docs.setdefault(str(meta.get("doc_id", chunk_id)), StoredArticle())
        state = meta.get(STATE_KEY, LIVE)
        if state == LIVE:
            entry.live.append(chunk_id)
            entry.hashes.add(str(meta.get("content_hash")))
            entry.n_chunks = int(meta.get("n_chunks", 0) or 0)
            entry.source = str(meta.get("source", ""))
        else:
            entry.leftovers.append(chunk_id)
            entry.source = entry.source or str(meta.get("source", ""))
            written = float(meta.get(WRITTEN_KEY, 0) or 0)
            if state != PENDING or now - written > ABANDONED_AFTER_SECONDS:
                entry.abandoned.append(chunk_id)
    return docs
