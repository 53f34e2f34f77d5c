"""Incremental, idempotent, crash-safe ingestion of articles into a :class:`ChromaStore`.

Chunk ids are derived from the article's identity and a hash of its content and
the chunker settings, so re-ingesting an unchanged article embeds nothing (and
does not even load the model), and a changed one gets new chunks.

Writes are made so that a kill at any moment never shows two versions of an
article, nor none: new chunks are written ``pending`` (invisible), then one
atomic write makes them live and retires the old ones, then the old ones are
deleted (see :mod:`vectorstore.chroma`). The next ingest deletes whatever a
killed one left, without re-embedding articles that did not change.

The work is pipelined: while one batch is embedded, the next is loaded and
chunked in a thread, and the previous one is written to Chroma in another
(torch, the tokenizers and Chroma release the GIL). A file that cannot be read
is reported and skipped.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from vectorstore.articles import Article, Rejected, date_to_int, source_file
from vectorstore.chroma import PENDING, STATE_KEY, WRITTEN_KEY, ChromaStore
from vectorstore.chunking import Chunk, Chunker, content_hash
from vectorstore.errors import ConfigurationError
from vectorstore.loading import (
    DEFAULT_MAX_ARTICLE_CHARS,
    DEFAULT_MAX_FILE_BYTES,
    discover,
    load_file,
)
from vectorstore.stored import StoredArticle, stored_articles

# Chunks embedded together: sentence-transformers sorts each call by length, so a larger
# call pads less (1,024 vs 256: about 4% faster on news articles, bench/news_ingest.py).
DEFAULT_BATCH_CHUNKS = 1024

# Progress callback: (files done, files total, chunks embedded so far).
Progress = Callable[[int, int, int], None]


@dataclass
class IngestReport:
    """What an ingest did, article by article (``source`` strings)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    chunks_embedded: int = 0

    def summary(self) -> str:
        """One line: ``added 3, updated 0, …, rejected 1 (12 chunks embedded)``."""
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, removed {len(self.removed)}, "
            f"rejected {len(self.rejected)} ({self.chunks_embedded} chunks embedded)"
        )


def doc_id_for(source: str) -> str:
    """Stable id of an article from its source."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def chunk_metadata(article: Article, chunk: Chunk, doc_id: str, digest: str) -> dict[str, Any]:
    """The metadata stored with a chunk (Chroma takes str/int/float/bool only)."""
    return {
        "doc_id": doc_id,
        "source": article.source,
        "name": article.file_name,
        "title": article.title,
        "date": article.date or "",
        "date_int": date_to_int(article.date),
        "outlet": article.outlet or "",
        "outlet_key": (article.outlet or "").lower(),
        "url": article.url or "",
        "chunk_index": chunk.index,
        "start": chunk.start,
        "end": chunk.end,
        "spans": chunk.spans_json(),
        "credits": chunk.credits_json(),
        "headline": chunk.headline,
        "content_hash": digest,
    }


class Ingestor:
    """Loads files, chunks and embeds their articles, and syncs the store.

    Args:
        store: Target collection.
        embeddings: The collection's embedding model.
        chunker: Splits articles into chunks.
        batch_chunks: Chunks embedded per batch.
        max_file_bytes: Larger files are rejected.
        max_article_chars: Longer articles (a row, a cell, a file) are rejected.
    """

    def __init__(
        self,
        store: ChromaStore,
        embeddings: Embeddings,
        chunker: Chunker,
        batch_chunks: int = DEFAULT_BATCH_CHUNKS,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
    ) -> None:
        if batch_chunks <= 0:
            raise ConfigurationError(f"batch_chunks must be > 0, got {batch_chunks}")
        self.store = store
        self.embeddings = embeddings
        self.chunker = chunker
        self.batch_chunks = batch_chunks
        self.max_file_bytes = max_file_bytes
        self.max_article_chars = max_article_chars

    def ingest(
        self,
        paths: Iterable[str | Path],
        prune: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Brings the store in line with the articles under ``paths``.

        Args:
            paths: Files and folders.
            prune: Also remove articles whose source is no longer found under
                ``paths`` (only for sources under the given folders/files).
            progress: Called as batches are embedded.
        """
        report = IngestReport()
        files, rejected = discover(paths)
        report.rejected.extend(rejected)
        existing = stored_articles(self.store)
        seen: set[str] = set()
        batches = self._batches(files, existing, seen, report)
        wrote = False
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="ingest") as pool:
            upcoming: Future[_Batch | None] = pool.submit(next, batches, None)
            writing: Future[None] | None = None
            while (batch := upcoming.result()) is not None:
                upcoming = pool.submit(next, batches, None)  # load and chunk the next one
                vectors = self._embed(batch.embed_texts)
                if writing is not None:
                    writing.result()  # one write at a time, in order
                writing = pool.submit(self._write, batch, vectors, existing, report)
                wrote = True
                if progress:
                    embedded = report.chunks_embedded + len(batch.ids)
                    progress(batch.files_done, len(files), embedded)
            if writing is not None:
                writing.result()
        if progress:
            progress(len(files), len(files), report.chunks_embedded)
        wrote |= self._repair(existing, seen)
        if prune:
            wrote |= self._prune(paths, existing, seen, report)
        if wrote:
            self.store.mark_written(self.chunker.settings_id, self._precision())
        return report

    def _precision(self) -> str | None:
        """``fp32 (onnxruntime)``, ``bf16 (torch)``: how the vectors just written were made."""
        if not getattr(self.embeddings, "loaded", False):
            return None  # nothing embedded: the recorded precision still holds
        embeddings: Any = self.embeddings
        runtime = getattr(embeddings, "passage_runtime_name", embeddings.runtime_name)
        return f"{embeddings.precision_name} ({runtime})"

    def _batches(
        self,
        files: list[Path],
        existing: dict[str, StoredArticle],
        seen: set[str],
        report: IngestReport,
    ) -> Iterator[_Batch]:
        """Loads and chunks the articles that changed, ``batch_chunks`` chunks at a time."""
        batch = _Batch()
        for number, path in enumerate(files, 1):
            articles, bad = load_file(path, self.max_file_bytes, self.max_article_chars)
            report.rejected.extend(bad)
            for article in articles:
                doc_id = doc_id_for(article.source)
                if doc_id in seen:
                    report.rejected.append(
                        Rejected(
                            article.source,
                            "duplicate article id in the same ingest; kept the first",
                        )
                    )
                    continue
                seen.add(doc_id)
                digest = content_hash(article, self.chunker.settings_id)
                old = existing.get(doc_id)
                if old and old.is_current(digest):
                    report.unchanged.append(article.source)
                    continue
                chunks = self.chunker.split(article)
                if not chunks:
                    report.rejected.append(Rejected(article.source, "no text to index"))
                    continue
                batch.add(article, doc_id, digest, chunks)
                # Within the file: one JSONL/CSV dump can hold thousands of articles.
                if len(batch.ids) >= self.batch_chunks:
                    batch.files_done = number - 1
                    yield batch
                    batch = _Batch()
        if batch.ids:
            batch.files_done = len(files)
            yield batch

    def _embed(self, texts: list[str]) -> Any:
        # numpy straight to Chroma; passages in bulk where the embeddings have a way for that
        encode = getattr(self.embeddings, "encode_passages", None)
        encode = encode or getattr(self.embeddings, "encode", None)
        vectors = encode(texts) if encode else self.embeddings.embed_documents(texts)
        return np.asarray(vectors, dtype=np.float32)

    def _write(
        self,
        batch: _Batch,
        vectors: Any,
        existing: dict[str, StoredArticle],
        report: IngestReport,
    ) -> None:
        """Adds the batch pending, switches each article to it, deletes what it replaced."""
        self.store.add(batch.ids, vectors, batch.texts, batch.metas)
        report.chunks_embedded += len(batch.ids)
        stale: list[str] = []
        live: list[str] = []
        retired: list[str] = []
        for article, doc_id, new_ids in batch.articles:
            old = existing.get(doc_id)
            fresh = set(new_ids)
            replaced = [i for i in old.live if i not in fresh] if old else []
            if len(live) + len(retired) + len(new_ids) + len(replaced) > self.store.max_batch:
                self.store.switch(live, retired)  # a switch never splits an article
                live, retired = [], []
            live += new_ids
            retired += replaced
            if old:
                stale += replaced + [i for i in old.leftovers if i not in fresh]
                old.leftovers, old.abandoned = [], []  # handled: _repair must not see them
            (report.updated if old and old.live else report.added).append(article.source)
        self.store.switch(live, retired)
        self.store.delete(stale)

    def _repair(self, existing: dict[str, StoredArticle], seen: set[str]) -> bool:
        """Deletes what killed ingests left: of the articles met here, and abandoned ones."""
        leftovers: list[str] = []
        for doc_id, entry in existing.items():
            leftovers += entry.leftovers if doc_id in seen else entry.abandoned
        self.store.delete(leftovers)
        return bool(leftovers)

    def _prune(
        self,
        paths: Iterable[str | Path],
        existing: dict[str, StoredArticle],
        seen: set[str],
        report: IngestReport,
    ) -> bool:
        roots = [str(Path(p).resolve()) for p in paths]
        stale: list[str] = []
        for doc_id, entry in existing.items():
            source = source_file(entry.source)
            under = any(source == r or source.startswith(r.rstrip("/") + "/") for r in roots)
            if doc_id not in seen and under and not self._rejected_here(entry.source, report):
                stale.extend(entry.ids)
                report.removed.append(entry.source)
        self.store.delete(stale)
        return bool(stale)

    @staticmethod
    def _rejected_here(source: str, report: IngestReport) -> bool:
        # A file that exists but failed to load this time is not "gone": keep its chunks.
        base = source_file(source)
        return any(source_file(r.source) == base for r in report.rejected)


@dataclass
class _Batch:
    """Chunks of whole articles, ready to embed and write."""

    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    embed_texts: list[str] = field(default_factory=list)
    metas: list[dict[str, Any]] = field(default_factory=list)
    articles: list[tuple[Article, str, list[str]]] = field(default_factory=list)
    files_done: int = 0

    def add(self, article: Article, doc_id: str, digest: str, chunks: list[Chunk]) -> None:
        written = int(time.time())
        ids = [f"{doc_id}-{digest[:12]}-{chunk.index}" for chunk in chunks]
        for chunk in chunks:
            meta = chunk_metadata(article, chunk, doc_id, digest)
            meta.update({"n_chunks": len(chunks), STATE_KEY: PENDING, WRITTEN_KEY: written})
            self.metas.append(meta)
            self.texts.append(chunk.text)
            self.embed_texts.append(chunk.embed_text)
        self.ids += ids
        self.articles.append((article, doc_id, ids))
