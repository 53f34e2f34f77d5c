"""BM25 after a write: the rebuild at 21k and 100k chunks, and the first query after an upload.

Builds an embedded store from the news corpus (bench/news_corpus.py: 3,824 articles,
chunked by Dossier's real chunker, about 21-23k chunks). The chunks get *random* unit
vectors instead of embeddings: this bench times BM25 and the query path, not retrieval
quality, and embedding 21k chunks would take minutes for nothing here. The 100k store
replicates those chunks with distinct ids (``-r1``, ``-r2``, ... on chunk and article ids),
so its vocabulary is the real one and only the size grows.

For each size, in one run:

- ``rebuild``: scan the collection, tokenize, index, save (what a stale index costs),
  and ``load``: a fresh process reading the saved index;
- after an upload (5 articles added, 1 removed):
  - ``first_query_blocking``: the first hybrid query when it waits for the rebuild
    (what every request did before, minus the concurrent duplicate builds);
  - ``first_query_background``: the first query when the previous index serves (removed
    chunks dropped) while the rebuild runs in a background thread;
  - ``removed_returned``: passages of the removed article returned when its own words are
    the query, asked while the index is still the stale one (must be 0).

    .venv/bin/python bench/bm25_rebuild.py [--sizes 21000 100000] [--queries 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from news_corpus import CACHE, news_csv, parts  # noqa: E402

from vectorstore.chroma import ChromaStore, connect  # noqa: E402
from vectorstore.chunking import Chunker  # noqa: E402
from vectorstore.embeddings import SentenceTransformerEmbeddings  # noqa: E402
from vectorstore.ingest import Ingestor  # noqa: E402
from vectorstore.retriever import HybridRetriever  # noqa: E402

OUT = ROOT / "bench" / "results" / "bm25_rebuild.json"
WORK = CACHE / "bm25-bench"
QUESTIONS = [
    "What did the president say about trade with China?",
    "Which team won the championship game?",
    "How many people died in the earthquake?",
    "What happened to the price of oil?",
    "Who was elected mayor?",
]


class RandomEmbeddings(Embeddings):
    """Random unit vectors under the real model's name and dimension (see the docstring)."""

    def __init__(self, real: SentenceTransformerEmbeddings) -> None:
        self.real = real
        self.model_name = real.model_name
        self.dimension = real.dimension
        self.rng = np.random.default_rng(0)

    def embed_documents(self, texts: list[str]) -> np.ndarray:  # type: ignore[override]
        vectors = self.rng.standard_normal((len(texts), self.dimension)).astype("float32")
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def embed_query(self, text: str) -> list[float]:
        return self.real.embed_query(text)


def build_news_store(real: SentenceTransformerEmbeddings) -> Path:
    """The news corpus chunked into an embedded store with random vectors (cached)."""
    folder = WORK / "news-21k"
    if (folder / "done").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    files = parts(news_csv(), WORK / "csv", 8)
    fake = RandomEmbeddings(real)
    store = ChromaStore(
        connect(path=folder / "chroma"), "news", fake.model_name, fake.dimension, create=True
    )
    chunker = Chunker.for_embeddings(real)
    started = time.perf_counter()
    report = Ingestor(store, fake, chunker).ingest(files)  # type: ignore[arg-type]
    print(f"  news store: {store.count()} chunks ({time.perf_counter() - started:.0f} s)")
    assert report.added, report.summary()
    (folder / "done").touch()
    return folder


def replicate(source: Path, target_chunks: int, model_name: str) -> Path:
    """A copy of the news store grown to ``target_chunks`` with distinct ids (cached)."""
    folder = WORK / f"news-{target_chunks // 1000}k"
    if (folder / "done").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source / "chroma", folder / "chroma")
    store = ChromaStore(connect(path=folder / "chroma"), "news", model_name, None)
    base = list(store.scan(include=("documents", "metadatas", "embeddings")))
    copy = 1
    while store.count() < target_chunks:
        batch = base[: target_chunks - store.count()]
        ids = [f"{i}-r{copy}" for i, _ in batch]
        metas = [
            {**f["metadatas"], "doc_id": f"{f['metadatas']['doc_id']}-r{copy}",
             "source": f"{f['metadatas']['source']}-r{copy}"}
            for _, f in batch
        ]  # fmt: skip
        vectors = np.array([f["embeddings"] for _, f in batch], dtype="float32")
        store.add(ids, vectors, [f["documents"] for _, f in batch], metas)
        copy += 1
        print(f"  replicated: {store.count()} chunks", flush=True)
    store.mark_written()
    (folder / "done").touch()
    return folder


def upload(store: ChromaStore, fake: RandomEmbeddings, real: Any, tmp: Path) -> tuple[str, str]:
    """Adds 5 articles and removes 1, as a user's upload would; returns the removed
    article's id and the start of its text (a query its stale BM25 entries match)."""
    docs = tmp / "upload"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    for n in range(5):
        (docs / f"new-{n}-{random.random():.6f}.txt").write_text(
            f"Harbour news {n}\n\nThe harbour bridge reopened on day {n} after repairs.\n"
        )
    Ingestor(store, fake, Chunker.for_embeddings(real)).ingest([docs])  # type: ignore[arg-type]
    offset = random.Random(trial_seed(store)).randrange(store.count())
    some = store.collection.get(limit=1, offset=offset, include=["metadatas"])
    victim = some["metadatas"][0]["doc_id"]  # type: ignore[index]
    gone = store.get(where={"doc_id": victim}, include=("documents",))
    store.delete(gone["ids"])
    store.mark_written()
    return str(victim), " ".join(gone["documents"][0].split()[:30])


def trial_seed(store: ChromaStore) -> int:
    return store.count()


def measure(folder: Path, real: SentenceTransformerEmbeddings, queries: int) -> dict[str, Any]:
    fake = RandomEmbeddings(real)
    work = folder / "run"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(folder / "chroma", work / "chroma")
    store = ChromaStore(connect(path=work / "chroma"), "news", real.model_name, None)
    chunks = store.count()
    out: dict[str, Any] = {"chunks": chunks}
    cache_dir = work / "cache"

    def retriever(background: bool) -> HybridRetriever:
        # Separate cache folders: the waiting one must build, not load what the other saved.
        where = cache_dir if background else work / "cache-waiting"
        return HybridRetriever(
            store=store, embeddings=fake, cache_dir=where, background_rebuild=background
        )  # type: ignore[arg-type]

    r = retriever(True)
    started = time.perf_counter()
    r.lexical_index()
    out["rebuild_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    retriever(True).lexical_index()  # a fresh process: loads the saved index
    out["load_s"] = round(time.perf_counter() - started, 2)
    for q in QUESTIONS:  # warm-up: Chroma loads its vector index on first use
        r.invoke(q)
    out["query_warm_ms"] = round(
        statistics.median(_timed(lambda q=q: r.invoke(q)) for q in QUESTIONS * 3) * 1000, 1
    )
    blocking, background, removed_returned, stale_checks = [], [], 0, 0
    for trial in range(queries):
        # Side by side on the same upload: one retriever waits, the other serves stale.
        waiting, serving = retriever(False), retriever(True)
        waiting.lexical_index(), serving.lexical_index()
        victim, its_text = upload(store, fake, real, work)
        question = QUESTIONS[trial % len(QUESTIONS)]
        seconds = _timed(lambda q=question, r=serving: r.invoke(q, k=10))
        background.append(seconds)
        # The stale index still holds the removed article: ask for its very words.
        stale = serving.lexical_cache().index()[1]
        docs = serving.invoke(its_text, k=10, mode="bm25") + serving.invoke(its_text, k=10)
        removed_returned += sum(d.metadata.get("doc_id") == victim for d in docs)
        stale_checks += stale
        serving.lexical_cache().wait()
        blocking.append(_timed(lambda q=question, r=waiting: r.invoke(q, k=10)))
        print(
            f"  {chunks} chunks, upload {trial + 1}: first query {seconds * 1000:.0f} ms "
            f"(background) vs {blocking[-1] * 1000:.0f} ms (waiting)",
            flush=True,
        )
    out["first_query_background_ms"] = _spread(background)
    out["first_query_blocking_ms"] = _spread(blocking)
    out["removed_returned"] = removed_returned
    out["removed_checked_on_a_stale_index"] = stale_checks
    shutil.rmtree(work, ignore_errors=True)
    return out


def _timed(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _spread(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {"median": round(statistics.median(ms), 1), "max": round(ms[-1], 1), "n": len(ms)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[21000, 100000])
    parser.add_argument("--queries", type=int, default=3, help="uploads (trials) per size")
    args = parser.parse_args()
    real = SentenceTransformerEmbeddings()
    real.warm_up()
    news = build_news_store(real)
    results = []
    for size in args.sizes:
        folder = news if size <= 25000 else replicate(news, size, real.model_name)
        print(f"measuring {folder.name}", flush=True)
        results.append(measure(folder, real, args.queries))
        report = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other jobs)",
            "note": "random vectors; the 100k store replicates the news chunks with distinct ids",
            "results": results,
        }
        OUT.write_text(json.dumps(report, indent=1) + "\n")  # after each size
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
