"""Shared fixtures: per-test state in tmp_path, deterministic fake embeddings."""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "eval" / "seeds.jsonl"


class FakeEmbeddings(Embeddings):
    """Hashes words into a fixed-size unit vector: texts sharing words are similar."""

    model_name = "fake-hash-embeddings"

    def __init__(self, dimension: int = 64) -> None:
        self.dimension = dimension
        self.calls = 0
        self.texts_embedded = 0

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimension
        for word in re.findall(r"\w+", text.lower()):
            digest = hashlib.md5(word.encode()).digest()
            vector[digest[0] % self.dimension] += 1.0 if digest[1] % 2 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own store and cache; no stray DOSSIER_* setting leaks in."""
    import os

    for name in list(os.environ):
        if name.startswith("DOSSIER_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DOSSIER_CHROMA_DIR", str(tmp_path / "chroma"))
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def fake_embeddings() -> FakeEmbeddings:
    return FakeEmbeddings()


_PIECE = re.compile(r"\w+|[^\w\s]")


def fake_count(texts: list[str]) -> list[int]:
    """Word pieces as a BERT basic tokenizer would split words and punctuation."""
    return [len(_PIECE.findall(t)) for t in texts]


def fake_cut(text: str, limit: int) -> list[tuple[int, int]]:
    pieces = [m.span() for m in _PIECE.finditer(text)]
    return [
        (w[0][0], w[-1][1]) for w in (pieces[i : i + limit] for i in range(0, len(pieces), limit))
    ]


@pytest.fixture
def fake_chunker():
    from vectorstore.chunking import Chunker

    def make(max_word_pieces: int = 254, chunk_tokens: int = 160, overlap_tokens: int = 32):
        return Chunker(fake_count, fake_cut, max_word_pieces, chunk_tokens, overlap_tokens)

    return make
