"""BM25 over a collection's chunks (bm25s), cached on disk per revision.

Chroma has no lexical search, so the index is built from the collection's own
texts and saved under a cache folder, one sub-folder per collection revision
(see :class:`vectorstore.lexical_cache.LexicalCache` for when it is rebuilt).

Saves are atomic and safe between processes that share the cache folder: an
index is written to a temporary folder with a unique name and renamed to its
revision's folder; a revision folder, once there, is never written again, so a
folder another process has just saved for the same revision is simply used.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import Stemmer

from vectorstore.passages import searchable_text

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "english"
_META_FILE = "dossier.json"
_TMP_PREFIX = ".tmp-"
# A temporary folder this old was left by a killed process (a save takes seconds).
_STALE_TMP_SECONDS = 3600


@dataclass
class _Columns:
    """Per-chunk fields the filters need, aligned with the BM25 corpus order."""

    ids: list[str]
    sources: list[str]
    names: list[str]
    outlets: list[str]
    dates: np.ndarray  # YYYYMMDD as int, 0 when unknown


class LexicalIndex:
    """A BM25 index of chunk texts with filterable columns.

    Args:
        language: Stemmer and stop-word language.
    """

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.stemmer = Stemmer.Stemmer(language)
        self.language = language
        self.bm25: bm25s.BM25 | None = None
        self.revision: str | None = None  # the collection revision it was built from
        self.columns = _Columns([], [], [], [], np.zeros(0, dtype=np.int64))

    def _tokenize(self, texts: list[str]) -> Any:
        return bm25s.tokenize(texts, stopwords="en", stemmer=self.stemmer, show_progress=False)

    def build(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> None:
        """Indexes the chunks (replacing what was there)."""
        self.columns = _Columns(
            ids=list(ids),
            sources=[str(m.get("source", "")) for m in metadatas],
            names=[str(m.get("name", "")) for m in metadatas],
            outlets=[str(m.get("outlet", "")) for m in metadatas],
            dates=np.array([int(m.get("date_int", 0) or 0) for m in metadatas], dtype=np.int64),
        )
        self.bm25 = None
        if ids:
            self.bm25 = bm25s.BM25()
            # What Chunk.embed_text embeds: the headline too, photo credits not.
            texts = [searchable_text(t, m) for t, m in zip(texts, metadatas, strict=True)]
            self.bm25.index(self._tokenize(texts), show_progress=False)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Top ``k`` chunks as ``(id, BM25 score)``, best first; zero scores dropped."""
        if self.bm25 is None or k <= 0:
            return []
        tokens = self._tokenize([query])
        if not tokens.vocab or not any(tokens.ids):
            return []
        k = min(k, len(self.columns.ids))
        docs, scores = self.bm25.retrieve(
            tokens, k=k, show_progress=False, weight_mask=mask, n_threads=1
        )
        return [
            (self.columns.ids[int(d)], float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]

    def mask(
        self,
        sources: list[str] | None = None,
        outlets: list[str] | None = None,
        date_from: int | None = None,
        date_to: int | None = None,
    ) -> np.ndarray | None:
        """A 0/1 weight per chunk for the given filters (None when unfiltered)."""
        if not (sources or outlets or date_from or date_to):
            return None
        cols = self.columns
        keep = np.ones(len(cols.ids), dtype=bool)
        if sources:
            wanted = set(sources)
            keep &= np.array(
                [s in wanted or n in wanted for s, n in zip(cols.sources, cols.names, strict=True)]
            )
        if outlets:
            wanted = {o.lower() for o in outlets}
            keep &= np.array([o.lower() in wanted for o in cols.outlets])
        if date_from:
            keep &= cols.dates >= date_from
        if date_to:
            keep &= (cols.dates <= date_to) & (cols.dates > 0)
        return keep.astype(np.float32)

    def save(self, folder: Path, revision: str) -> Path:
        """Writes the index for ``revision`` under ``folder``; returns its sub-folder.

        Safe against other processes saving or loading at the same time: the
        files go to a uniquely named temporary folder that is then renamed to
        ``folder/<revision>``. If that folder already exists, another process
        saved the same revision first, and its copy is kept. Other revisions'
        folders are removed afterwards.
        """
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / _safe_name(revision)
        tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=folder))
        try:
            if self.bm25 is not None:
                self.bm25.save(str(tmp), show_progress=False)
            cols = self.columns
            meta = {
                "revision": revision,
                "language": self.language,
                "ids": cols.ids,
                "sources": cols.sources,
                "names": cols.names,
                "outlets": cols.outlets,
                "dates": cols.dates.tolist(),
            }
            # Written last: a folder with this file in it is complete.
            (tmp / _META_FILE).write_text(json.dumps(meta), encoding="utf-8")
            try:
                tmp.rename(target)
            except OSError:
                if not (target / _META_FILE).exists():
                    raise
                log.debug("BM25 index for %s was saved by another process; keeping it", revision)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.revision = revision
        _remove_others(folder, keep=target.name)
        return target

    @classmethod
    def load(cls, folder: Path, revision: str) -> LexicalIndex | None:
        """The index saved under ``folder`` for ``revision``, or None if there is none."""
        where = folder / _safe_name(revision)
        try:
            meta = json.loads((where / _META_FILE).read_text(encoding="utf-8"))
            if meta["revision"] != revision:
                return None
            index = cls(meta["language"])
            index.columns = _Columns(
                meta["ids"],
                meta["sources"],
                meta["names"],
                meta["outlets"],
                np.array(meta["dates"], dtype=np.int64),
            )
            if meta["ids"]:
                index.bm25 = bm25s.BM25.load(str(where), show_progress=False)
            index.revision = revision
            return index
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as error:
            # e.g. removed by another process that saved a newer revision meanwhile
            log.info("BM25 cache in %s not usable (%s); rebuilding", where, error)
            return None


def _safe_name(revision: str) -> str:
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in revision)
    return name or "empty"


def _remove_others(folder: Path, keep: str) -> None:
    """Removes other revisions' folders and temporary folders abandoned by killed processes."""
    now = time.time()
    for entry in folder.iterdir():
        if entry.name == keep or not entry.is_dir():
            continue
        try:
            young = now - entry.stat().st_mtime < _STALE_TMP_SECONDS
        except OSError:
            continue  # removed by another process meanwhile
        if entry.name.startswith(_TMP_PREFIX) and young:
            continue  # another process is saving into it
        shutil.rmtree(entry, ignore_errors=True)
