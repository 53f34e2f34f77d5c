"""Incremental, idempotent ingestion of articles into a :class:`ChromaStore`.

Chunk ids are derived from the article's identity and a hash of its content and
the chunker settings, so re-ingesting an unchanged article embeds nothing, and
a changed one gets new chunks. New chunks are written before the old ones are
deleted: an interrupted ingest leaves old or new chunks, never a hole, and the
next run finishes the job. A file that cannot be read is reported and skipped.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from vectorstore.articles import Article, Rejected, source_file
from vectorstore.chroma import ChromaStore
from vectorstore.chunking import Chunk, Chunker, content_hash
from vectorstore.errors import ConfigurationError
from vectorstore.loading import (
    DEFAULT_MAX_ARTICLE_CHARS,
    DEFAULT_MAX_FILE_BYTES,
    discover,
    load_file,
)
from vectorstore.retriever import date_to_int

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
            progress: Called as files are processed.
        """
        report = IngestReport()
        files, rejected = discover(paths)
        report.rejected.extend(rejected)
        existing = self._existing()
        seen: set[str] = set()
        pending: list[tuple[Article, str, str, list[Chunk]]] = []
        pending_chunks = 0
        wrote = False
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
                if old and old["hashes"] == {digest} and old["count"] == old["n_chunks"]:
                    report.unchanged.append(article.source)
                    continue
                chunks = self.chunker.split(article)
                if not chunks:
                    report.rejected.append(Rejected(article.source, "no text to index"))
                    continue
                pending.append((article, doc_id, digest, chunks))
                pending_chunks += len(chunks)
                # Within the file: one JSONL/CSV dump can hold thousands of articles.
                if pending_chunks >= self.batch_chunks:
                    self._write(pending, existing, report)
                    wrote = True
                    pending, pending_chunks = [], 0
                    if progress:  # a single large dump still shows it is moving
                        progress(number - 1, len(files), report.chunks_embedded)
            if progress:
                progress(number, len(files), report.chunks_embedded + pending_chunks)
        if pending:
            self._write(pending, existing, report)
            wrote = True
        if prune:
            wrote |= self._prune(paths, existing, seen, report)
        if wrote:
            self.store.mark_written(self.chunker.settings_id)
        return report

    def _existing(self) -> dict[str, dict[str, Any]]:
        # One pass over the collection's metadata: what is there, per article.
        docs: dict[str, dict[str, Any]] = defaultdict(
            lambda: {"ids": [], "hashes": set(), "count": 0, "n_chunks": 0, "source": ""}
        )
        for chunk_id, fields in self.store.scan(include=("metadatas",)):
            meta = fields["metadatas"] or {}
            entry = docs[str(meta.get("doc_id", chunk_id))]
            entry["ids"].append(chunk_id)
            entry["hashes"].add(meta.get("content_hash"))
            entry["count"] += 1
            entry["n_chunks"] = int(meta.get("n_chunks", 0) or 0)
            entry["source"] = meta.get("source", "")
        return dict(docs)

    def _write(
        self,
        pending: list[tuple[Article, str, str, list[Chunk]]],
        existing: dict[str, dict[str, Any]],
        report: IngestReport,
    ) -> None:
        ids, texts, embed_texts, metas = [], [], [], []
        for article, doc_id, digest, chunks in pending:
            for chunk in chunks:
                ids.append(f"{doc_id}-{digest[:12]}-{chunk.index}")
                texts.append(chunk.text)
                embed_texts.append(chunk.embed_text)
                meta = chunk_metadata(article, chunk, doc_id, digest)
                meta["n_chunks"] = len(chunks)
                metas.append(meta)
        vectors = self.embeddings.embed_documents(embed_texts)
        self.store.add(ids, vectors, texts, metas)
        report.chunks_embedded += len(ids)
        new_ids = set(ids)
        stale: list[str] = []
        for article, doc_id, _, _ in pending:
            old = existing.get(doc_id)
            if old:
                stale.extend(i for i in old["ids"] if i not in new_ids)
                report.updated.append(article.source)
            else:
                report.added.append(article.source)
        self.store.delete(stale)

    def _prune(
        self,
        paths: Iterable[str | Path],
        existing: dict[str, dict[str, Any]],
        seen: set[str],
        report: IngestReport,
    ) -> bool:
        roots = [str(Path(p).resolve()) for p in paths]
        stale: list[str] = []
        for doc_id, entry in existing.items():
            source = source_file(str(entry["source"]))
            under = any(source == r or source.startswith(r.rstrip("/") + "/") for r in roots)
            if doc_id not in seen and under and not self._rejected_here(entry["source"], report):
                stale.extend(entry["ids"])
                report.removed.append(entry["source"])
        self.store.delete(stale)
        return bool(stale)

    @staticmethod
    def _rejected_here(source: str, report: IngestReport) -> bool:
        # A file that exists but failed to load this time is not "gone": keep its chunks.
        base = source_file(source)
        return any(source_file(r.source) == base for r in report.rejected)
