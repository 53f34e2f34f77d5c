"""Embeddings of sentences, kept per process: the same sentences recur across questions."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from langchain_core.embeddings import Embeddings

SENTENCE_CACHE_SIZE = 50_000


class SentenceVectors:
    """Embeds texts once each and keeps the most recently used ``size`` vectors.

    Example:
        >>> vectors = SentenceVectors(embeddings)         # doctest: +SKIP
        >>> vectors.embed(["A sentence.", "Another."]).shape  # doctest: +SKIP
        (2, 384)
    """

    def __init__(self, embeddings: Embeddings, size: int = SENTENCE_CACHE_SIZE) -> None:
        self.embeddings = embeddings
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        """One row per text, in order (normalised as the model gives them)."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            fresh = self.embeddings.embed_documents(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._vectors[text] = np.asarray(vector, dtype=np.float32)
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        with self._lock:
            for text in texts:
                self._vectors.move_to_end(text)
            return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 1))

    def query(self, text: str) -> np.ndarray:
        """The query embedding of ``text`` (not cached: questions rarely repeat)."""
        return np.asarray(self.embeddings.embed_query(text), dtype=np.float32)

    def clear(self) -> None:
        """Forgets every kept vector."""
        with self._lock:
            self._vectors.clear()
