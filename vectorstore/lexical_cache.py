"""Keeps a collection's BM25 index current: one build per revision per process.

Many requests run at once in a server. When the collection changes, exactly one
thread builds the new index (or loads it, if another process sharing the cache
folder has saved it already); the others do not build it again:

- while an older index is in memory, requests keep using it and the new one is
  built in the background (the caller is told the index is stale, and must drop
  hits on chunks that no longer exist: see ``HybridRetriever``);
- a process with no index yet (the CLI, a server starting) waits for the build.

Example:
    >>> cache = LexicalCache(store, Path(".dossier/cache/bm25/news"))  # doctest: +SKIP
    >>> index, stale = cache.index()                                    # doctest: +SKIP
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from vectorstore.chroma import ChromaStore, visible
from vectorstore.lexical import LexicalIndex

log = logging.getLogger(__name__)


class LexicalCache:
    """The BM25 index of one store, rebuilt once per revision.

    Args:
        store: The collection indexed.
        folder: Where indexes are saved and shared with other processes; None
            keeps them in memory only.
        background: Rebuild in a background thread while the previous index
            serves (a server); False waits for every rebuild.
    """

    def __init__(self, store: ChromaStore, folder: Path | None, background: bool = True) -> None:
        self.store = store
        self.folder = folder
        self.background = background
        self._index: LexicalIndex | None = None
        self._build_lock = threading.Lock()  # one build at a time in this process
        self._state_lock = threading.Lock()
        self._refresher: threading.Thread | None = None
        self.builds = 0  # indexes built (not loaded) by this process, for tests and benches

    def index(self) -> tuple[LexicalIndex, bool]:
        """The index to search, and whether it is older than the collection.

        Raises:
            StoreUnavailableError: the store does not answer (and nothing is in memory).
        """
        revision = self.store.revision
        current = self._index
        if current is not None and current.revision == revision:
            return current, False
        if current is not None and self.background:
            self.refresh()
            return current, True
        return self._build_once(revision), False

    def refresh(self) -> None:
        """Starts bringing the index up to date in the background (no-op if running)."""
        with self._state_lock:
            if self._refresher is not None and self._refresher.is_alive():
                return
            self._refresher = threading.Thread(
                target=self._refresh, name="dossier-bm25-refresh", daemon=True
            )
            self._refresher.start()

    def wait(self, timeout: float | None = None) -> None:
        """Waits for a background refresh to finish (tests, benchmarks, shutdown)."""
        refresher = self._refresher
        if refresher is not None:
            refresher.join(timeout)

    def _refresh(self) -> None:
        try:
            for _ in range(3):  # the collection may change again while we build
                revision = self.store.revision
                if self._index is not None and self._index.revision == revision:
                    return
                self._build_once(revision)
        except Exception as error:  # the previous index keeps serving; the next query retries
            log.warning("BM25 index refresh failed (%s); serving the previous index", error)

    def _build_once(self, revision: str) -> LexicalIndex:
        with self._build_lock:
            current = self._index
            if current is not None and current.revision == revision:
                return current  # built by another thread while this one waited
            index = LexicalIndex.load(self.folder, revision) if self.folder else None
            if index is None:
                index = self._build(revision)
            self._index = index
            return index

    def _build(self, revision: str) -> LexicalIndex:
        # The revision was read before the scan: a write during it makes the index look
        # older than it is, so it is rebuilt next time, never the reverse.
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        for chunk_id, fields in self.store.scan(include=("documents", "metadatas")):
            if not visible(fields["metadatas"]):
                continue  # a pending or retired version of an article (see vectorstore.chroma)
            ids.append(chunk_id)
            texts.append(fields["documents"] or "")
            metas.append(fields["metadatas"] or {})
        index = LexicalIndex()
        index.build(ids, texts, metas)
        index.revision = revision
        self.builds += 1
        if self.folder is not None:
            try:
                index.save(self.folder, revision)
            except OSError as error:  # a read-only or full disk costs speed, not answers
                log.warning("could not save the BM25 index in %s (%s)", self.folder, error)
        log.info("BM25 index built: %d chunks, revision %s", len(ids), revision)
        return index
