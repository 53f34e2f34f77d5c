"""Retrieval quality of BM25, dense and hybrid search on the BEIR Cranfield collection.

Ingests corpus.jsonl with the project's own loader, chunker, embeddings and
Chroma store (incremental: a second run embeds nothing), then asks every query
through :class:`vectorstore.retriever.HybridRetriever` in ``bm25``, ``dense`` and
``hybrid`` mode (one hybrid run per dense weight and RRF k). Chunk results are
turned into a document ranking by max (first occurrence in rank order) and
scored with graded nDCG@10 (pytrec_eval/BEIR: linear gain = qrel score, log2
discount), recall@100 and MRR@10; qrel scores <= 0 are non-relevant.

Run from the project root:

    .venv/bin/python bench/cranfield.py [--data DIR] [--store DIR]
        [--out bench/results/cranfield.json] [--dense-weights 0.3,0.5,0.7] [--rrf-k 60]
        [--chunks 200] [--fetch-k 200] [--prepend-titles]

``--rrf-k`` takes a comma list too; ``--prepend-titles`` indexes a copy of the
corpus (written into the store folder) whose text starts with the title.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from langchain_core.embeddings import Embeddings  # noqa: E402
from tqdm import tqdm  # noqa: E402

from vectorstore.chroma import ChromaStore, connect  # noqa: E402
from vectorstore.chunking import Chunker  # noqa: E402
from vectorstore.embeddings import SentenceTransformerEmbeddings  # noqa: E402
from vectorstore.ingest import Ingestor  # noqa: E402
from vectorstore.retriever import HybridRetriever, Mode  # noqa: E402

Qrels = dict[str, dict[str, int]]


class ProgressEmbeddings(Embeddings):
    """Forwards to the real model a batch at a time, advancing a tqdm bar."""

    def __init__(self, inner: SentenceTransformerEmbeddings, bar: tqdm) -> None:
        self.inner, self.bar = inner, bar

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.bar.total = (self.bar.total or 0) + len(texts)
        vectors: list[list[float]] = []
        for i in range(0, len(texts), self.inner.batch_size):
            vectors += self.inner.embed_documents(texts[i : i + self.inner.batch_size])
            self.bar.update(min(self.inner.batch_size, len(texts) - i))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def read_qrels(path: Path) -> Qrels:
    qrels: Qrels = {}
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[-1].lstrip("-").isdigit():  # skips a header line
            qrels.setdefault(parts[0], {})[parts[1]] = int(parts[-1])
    return qrels


def titled_copy(corpus: Path, folder: Path) -> Path:
    """A copy of ``corpus`` whose texts start with the title (a line of its own)."""
    out = folder / "corpus-titled.jsonl"
    rows = []
    for row in read_jsonl(corpus):
        title, text = row.get("title", "").strip(), row.get("text", "").strip()
        rows.append({**row, "text": f"{title}\n{text}" if title and text else text})
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return out


def ndcg(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    dcg = sum(max(rels.get(d, 0), 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted((g for g in rels.values() if g > 0), reverse=True)[:k]
    return dcg / sum(g / math.log2(i + 2) for i, g in enumerate(ideal))


def recall(ranked: list[str], rels: dict[str, int], k: int = 100) -> float:
    relevant = {d for d, g in rels.items() if g > 0}
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def mrr(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    return next((1 / (i + 1) for i, d in enumerate(ranked[:k]) if rels.get(d, 0) > 0), 0.0)


def evaluate(
    retriever: HybridRetriever, name: str, queries: dict[str, str], qrels: Qrels, prefix: str
) -> dict[str, float]:
    """Asks every judged query; chunk hits become documents by max (first occurrence)."""
    retriever.invoke(next(iter(queries.values())))  # warm-up: loads the BM25 index
    sums = {"ndcg@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}
    seconds, fewest = 0.0, 10**9
    for qid, text in tqdm(queries.items(), desc=f"{name:>16}", unit="q"):
        start = time.perf_counter()
        chunks = retriever.invoke(text)
        seconds += time.perf_counter() - start
        ranked = list(dict.fromkeys(d.metadata["source"].removeprefix(prefix) for d in chunks))
        fewest = min(fewest, len(ranked))
        for metric, value in zip(sums, (ndcg, recall, mrr), strict=True):
            sums[metric] += value(ranked[:100], qrels[qid])
    n = len(queries)
    out = {m: round(s / n, 4) for m, s in sums.items()}
    return {**out, "latency_ms": round(1000 * seconds / n, 1), "fewest_docs_ranked": fewest}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/cranfield"))
    parser.add_argument("--store", type=Path, default=ROOT / "bench/cache/cranfield")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/cranfield.json")
    parser.add_argument("--dense-weights", default="0.3,0.5,0.7")
    parser.add_argument("--rrf-k", default="60", help="one value or a comma list")
    parser.add_argument("--chunks", type=int, default=200, help="chunks retrieved per query")
    parser.add_argument("--fetch-k", type=int, default=200, help="candidates per search")
    parser.add_argument("--prepend-titles", action="store_true")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    args.store.mkdir(parents=True, exist_ok=True)
    corpus = (args.data / "corpus.jsonl").resolve()
    if args.prepend_titles:
        corpus = titled_copy(corpus, args.store.resolve())
    qrels = {q: r for q, r in read_qrels(args.data / "qrels.tsv").items() if max(r.values()) > 0}
    queries = {q["_id"]: q["text"] for q in read_jsonl(args.data / "queries.jsonl")}
    queries = {q: t for q, t in queries.items() if q in qrels}  # judged queries only

    embeddings = SentenceTransformerEmbeddings()
    name = "cranfield-" + hashlib.sha1(str(corpus).encode()).hexdigest()[:8]
    client = connect(path=args.store)
    store = ChromaStore(client, name, embeddings.model_name, embeddings.dimension, create=True)
    chunker = Chunker.for_embeddings(embeddings)
    with tqdm(desc="embedding chunks", unit="chunk", total=0) as bar:
        ingest_start = time.perf_counter()
        ingestor = Ingestor(store, ProgressEmbeddings(embeddings, bar), chunker)
        report = ingestor.ingest([corpus], prune=True)
    ingest_seconds = time.perf_counter() - ingest_start
    print(f"ingest: {report.summary()} in {ingest_seconds:.1f}s; {store.count()} chunks")

    runs: list[tuple[str, Mode, float, int]] = [("bm25", "bm25", 0.5, 60)]
    runs.append(("dense", "dense", 0.5, 60))
    for rrf_k in (int(x) for x in args.rrf_k.split(",")):
        for w in (float(x) for x in args.dense_weights.split(",")):
            runs.append((f"hybrid w={w:g} k={rrf_k}", "hybrid", w, rrf_k))
    results: dict[str, dict[str, float]] = {}
    for label, mode, weight, rrf_k in runs:
        # A fresh wrapper per run (same loaded model): its query cache must not carry
        # embeddings from one retriever's run into the next one's latency.
        retriever = HybridRetriever(
            store=store, embeddings=SentenceTransformerEmbeddings(), mode=mode, k=args.chunks,
            fetch_k=args.fetch_k, dense_weight=weight, rrf_k=rrf_k, cache_dir=args.store,
        )  # fmt: skip
        results[label] = evaluate(retriever, label, queries, qrels, f"{corpus}#")

    print(f"\n{len(queries)} queries, {store.count()} chunks; graded nDCG (linear gain)")
    print(f"{'retriever':<22}{'nDCG@10':>9}{'R@100':>8}{'MRR@10':>8}{'ms/query':>10}")
    for label, r in results.items():
        row = f"{r['ndcg@10']:>9.3f}{r['recall@100']:>8.3f}{r['mrr@10']:>8.3f}"
        print(f"{label:<22}{row}{r['latency_ms']:>10.1f}")
    settings = {key: str(value) for key, value in vars(args).items()}
    summary = {
        "queries_scored": len(queries),
        "settings": {**settings, "corpus_indexed": str(corpus), "collection": name},
        "model": embeddings.model_name,
        "chunker": chunker.settings_id,
        "aggregation": "max over chunks (first occurrence in rank order)",
        "ndcg_gain": "linear (qrel score), log2 discount, ideal from the query's qrels",
        "ingest": {"summary": report.summary(), "seconds": round(ingest_seconds, 1)},
        "chunks_in_store": store.count(),
        "results": results,
        "reference_ndcg@10_whole_docs": {"bm25s": 0.341, "dense": 0.368, "rrf": 0.393},
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform()},
        "seconds": round(time.perf_counter() - began, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out} ({summary['seconds']}s)")


if __name__ == "__main__":
    main()
