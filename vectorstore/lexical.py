"""BM25 over a collection's chunks (bm25s), cached on disk per revision.

Chroma has no lexical search, so the index is built from the collection's own
texts and saved under a cache folder, keyed by the collection's revision: any
write to the collection makes the next query rebuild it, once.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import Stemmer

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "english"
_META_FILE = "dossier.json"


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
            # The headline indexed with a chunk (see Chunk.embed_text) is searchable too.
            texts = [
                f"{m.get('headline')}\n{t}" if m.get("headline") else t
                for t, m in zip(texts, metadatas, strict=True)
            ]
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

    def save(self, folder: Path, revision: str) -> None:
        """Writes the index to ``folder`` (atomically replaced)."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
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
        (tmp / _META_FILE).write_text(json.dumps(meta), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @classmethod
    def load(cls, folder: Path, revision: str) -> LexicalIndex | None:
        """The index saved in ``folder`` if it is for ``revision``, else None."""
        try:
            meta = json.loads((folder / _META_FILE).read_text(encoding="utf-8"))
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
                index.bm25 = bm25s.BM25.load(str(folder), show_progress=False)
            return index
        except (OSError, ValueError, KeyError) as error:
            log.info("BM25 cache in %s not usable (%s); rebuilding", folder, error)
            return None
