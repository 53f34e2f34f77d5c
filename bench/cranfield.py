"""Retrieval quality on the BEIR Cranfield collection: the three retrievers, and a sweep.

First exactly what a user runs,

    dossier eval --beir DATA --retriever bm25 --retriever dense --retriever hybrid

(into the store ``--store``, report in bench/results/cranfield/), then a sweep of
the RRF hybrid's dense weight and RRF k through the same evaluation code
(:mod:`assistant.evaluation.beir`), so the defaults can be seen not to be tuned
to this set. Figures go to bench/results/cranfield.json.

    .venv/bin/python bench/cranfield.py [--data DIR] [--store DIR]
        [--dense-weights 0.3,0.5,0.7] [--rrf-k 60] [--chunks 200]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.cli import main as dossier  # noqa: E402
from assistant.evaluation.beir import evaluate_retriever, load_beir  # noqa: E402
from assistant.evaluation.command import beir_collection  # noqa: E402
from vectorstore.chroma import ChromaStore, connect  # noqa: E402
from vectorstore.embeddings import SentenceTransformerEmbeddings  # noqa: E402
from vectorstore.retriever import HybridRetriever  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/cranfield")
    parser.add_argument("--store", type=Path, default=ROOT / "bench/cache/cranfield")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/cranfield.json")
    parser.add_argument("--dense-weights", default="0.3,0.7")
    parser.add_argument("--rrf-k", default="20,60")
    parser.add_argument("--chunks", type=int, default=200, help="chunks retrieved per query")
    args = parser.parse_args(argv)
    report_dir = args.out.with_suffix("")
    code = dossier(["eval", "--beir", str(args.data), "--chroma-dir", str(args.store),
                    "--retriever", "bm25", "--retriever", "dense", "--retriever", "hybrid",
                    "-k", str(args.chunks), "--out", str(report_dir)])  # fmt: skip
    if code:
        sys.exit(code)
    metrics = json.loads((report_dir / "metrics.json").read_text())

    beir = load_beir(args.data)
    embeddings = SentenceTransformerEmbeddings()
    client = connect(path=args.store)
    store = ChromaStore(client, beir_collection(args.data), embeddings.model_name)
    sweep = {}
    for rrf_k in (int(x) for x in args.rrf_k.split(",")):
        for weight in (float(x) for x in args.dense_weights.split(",")):
            retriever = HybridRetriever(
                store=store, embeddings=SentenceTransformerEmbeddings(), mode="hybrid",
                k=args.chunks, fetch_k=args.chunks, dense_weight=weight, rrf_k=rrf_k, fusion="rrf",
                cache_dir=args.store,
            )  # fmt: skip
            label = f"hybrid w={weight:g} k={rrf_k}"
            sweep[label] = evaluate_retriever(retriever, beir, args.chunks)
            print(f"{label:<22} nDCG@10 {sweep[label]['ndcg@10']:.3f}")
    summary = {
        "command": "dossier eval --beir (bm25, dense, hybrid), report in " + str(report_dir),
        "queries_scored": metrics["queries"],
        "chunks_in_store": metrics["chunks_in_store"],
        "ingest_seconds": metrics["run"]["ingest_seconds"],
        "results": metrics["retrievers"],
        "hybrid_sweep": sweep,
        "reference_ndcg@10_whole_docs": {"bm25s": 0.341, "dense": 0.368, "rrf": 0.393},
        "aggregation": "max over chunks (first occurrence in rank order)",
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform()},
    }
    args.out.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
