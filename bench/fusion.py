"""Hybrid fusion against its parts on six retrieval sets, dev and test halves apart.

Sets (BEIR format): Cranfield (../shared/data/cranfield), news titles -> their
articles and ClapNQ questions -> answer passages (both built by
bench/fusion_sets.py); and the QA sets' questions -> the chunks holding their
support snippets, over news articles, Wikipedia passages and the seed article
(bench/fusion_qa.py: dev and test are the sets' own parts; scored offline only).
Each BEIR set is ingested into one store (bench/cache/fusion/store, incremental),
every query's dense and BM25 lists are fetched once (bench/fusion_lists.py, 100
chunks each, ClapNQ: 800 of its questions) and each ranking is scored offline:
bm25, dense, hybrid-old (RRF, dense weight 0.5, k 60) and hybrid-new
(vectorstore.fusion's adaptive rule, fitted on the dev halves only). Then the
real HybridRetriever is run end to end on ``--e2e`` test queries per BEIR set:
nDCG@10 (a check that the offline figures are the retriever's) and latency
p50/p95 at ``dossier eval``'s 100 chunks, then old and new hybrid side by side,
alternating per query, at the defaults (k 5, fetch_k 40).
Figures: bench/results/fusion.json; plot: docs/fusion.png.

    OMP_NUM_THREADS=1 .venv/bin/python bench/fusion.py [--e2e 100]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fusion_qa  # noqa: E402
import fusion_sets  # noqa: E402
from fusion_lists import collect, open_retriever, score  # noqa: E402

from assistant.cli import main as dossier  # noqa: E402
from assistant.evaluation.beir import BeirSet, evaluate_retriever  # noqa: E402
from assistant.evaluation.command import beir_collection  # noqa: E402
from assistant.evaluation.metrics import percentile  # noqa: E402
from vectorstore.embeddings import SentenceTransformerEmbeddings  # noqa: E402
from vectorstore.fusion import fuse  # noqa: E402
from vectorstore.retriever import HybridRetriever  # noqa: E402

CACHE = ROOT / "bench" / "cache" / "fusion"
DEPTH = 100
RANKINGS = {
    "bm25": lambda d, b, q: b,
    "dense": lambda d, b, q: d,
    "hybrid-old": lambda d, b, q: fuse(d, b, q, "rrf"),
    "hybrid-new": lambda d, b, q: fuse(d, b, q, "adaptive"),
}


def sets() -> dict[str, tuple[Path, int | None]]:
    """Name -> (BEIR folder, query limit)."""
    return {
        "cranfield": (ROOT.parent / "shared" / "data" / "cranfield", None),
        "news-titles": (fusion_sets.news_titles(1000), None),
        "clapnq": (fusion_sets.clapnq(), 800),
    }


def end_to_end(folder: Path, data: dict[str, Any], n: int) -> dict[str, Any]:
    """The real retriever on the first ``n`` test queries of the fetched ones."""
    beir, retriever = open_retriever(folder, CACHE / "store", DEPTH)
    test = [r["qid"] for r in data["queries"] if r["half"] == "test"][:n]
    subset = BeirSet(beir.corpus, {q: beir.queries[q] for q in test},
                     {q: beir.qrels[q] for q in test})  # fmt: skip
    out: dict[str, Any] = {}
    modes = {"bm25": ("bm25", "adaptive"), "dense": ("dense", "adaptive"),
             "hybrid-old": ("hybrid", "rrf"), "hybrid-new": ("hybrid", "adaptive")}  # fmt: skip
    retriever.lexical_index()  # built once; model_copy shares it
    for label, (mode, method) in modes.items():
        fresh = SentenceTransformerEmbeddings()  # no query embedding cached by an earlier run
        chunks = retriever.model_copy(update={"mode": mode, "fusion": method, "embeddings": fresh})
        out[label] = evaluate_retriever(chunks, subset, DEPTH)
        same = {**data, "queries": [r for r in data["queries"] if r["qid"] in subset.queries]}
        out[label]["offline_ndcg@10_same_queries"] = score(same, RANKINGS[label], None)["ndcg@10"]
        print(f"  e2e {label:<11} nDCG@10 {out[label]['ndcg@10']:.3f} "
              f"p50 {out[label]['latency_ms']['p50']:.1f} ms")  # fmt: skip
    out["latency_side_by_side_k5_fetch40"] = side_by_side(retriever, list(subset.queries.values()))
    return out


def side_by_side(retriever: HybridRetriever, queries: list[str]) -> dict[str, Any]:
    """Old and new hybrid at the defaults (k 5, fetch_k 40), alternating per query.

    Each gets its own embeddings object, so neither reuses the other's query
    embedding; alternating (and swapping who goes first) spreads the shared
    machine's noise over both.
    """
    hybrids = {
        label: retriever.model_copy(
            update={
                "mode": "hybrid",
                "fusion": method,
                "k": 5,
                "fetch_k": 40,
                "embeddings": SentenceTransformerEmbeddings(),
            }
        )  # fmt: skip
        for label, method in (("hybrid-old", "rrf"), ("hybrid-new", "adaptive"))
    }
    took: dict[str, list[float]] = {label: [] for label in hybrids}
    for n, query in enumerate(queries):
        order = list(hybrids) if n % 2 == 0 else list(reversed(hybrids))
        for label in order:
            started = time.perf_counter()
            hybrids[label].invoke(query)
            took[label].append((time.perf_counter() - started) * 1000)
    return {
        label: {"p50": round(percentile(ms, 50), 2), "p95": round(percentile(ms, 95), 2)}
        for label, ms in took.items()
    }


def fusion_cost(data: dict[str, Any]) -> dict[str, float]:
    """p50 microseconds of fusing one query's two lists, old rule and new."""
    out = {}
    for label in ("hybrid-old", "hybrid-new"):
        took = []
        for r in data["queries"]:
            dense, bm25 = [tuple(x) for x in r["dense"]], [tuple(x) for x in r["bm25"]]
            started = time.perf_counter()
            RANKINGS[label](dense, bm25, r["query"])
            took.append((time.perf_counter() - started) * 1e6)
        out[label] = round(sorted(took)[len(took) // 2], 1)
    return out


def offline(data: dict[str, Any]) -> dict[str, Any]:
    """Every ranking's metrics on both halves, at 100 and at the app's 40 candidates."""
    out: dict[str, Any] = {
        half: {label: score(data, rank, half) for label, rank in RANKINGS.items()}
        for half in ("dev", "test")
    }
    for half in ("dev", "test"):  # as the app fetches: 40 candidates per search
        out[f"{half}_fetch40"] = {
            label: score(data, lambda d, b, q, f=rank: f(d[:40], b[:40], q), half)
            for label, rank in RANKINGS.items()
        }
    for half in ("dev", "test", "dev_fetch40", "test_fetch40"):
        row = "  ".join(f"{k} {v['ndcg@10']:.4f}" for k, v in out[half].items())
        print(f"  {half:<12} nDCG@10  {row}")
    return out


def plot(results: dict[str, Any], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results)
    fig, axes = plt.subplots(2, (len(names) + 1) // 2, figsize=(4 * ((len(names) + 1) // 2), 6.8))
    axes = axes.ravel()
    for ax, name in zip(axes, names, strict=True):
        test = results[name]["test"]
        values = [test[r]["ndcg@10"] for r in RANKINGS]
        bars = ax.bar(list(RANKINGS), values, color=["#999", "#6a9fd4", "#e0a458", "#3b8a4f"])
        ax.set_ylim(min(values) - 0.05, max(values) + 0.03)
        ax.set_title(f"{name} (test half, {test['dense']['queries']} q)", fontsize=10)
        ax.bar_label(bars, fmt="%.3f", fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
    for ax in axes[:: (len(names) + 1) // 2]:
        ax.set_ylabel("nDCG@10")
    fig.suptitle("Hybrid fusion vs its parts; the rule was fitted on the dev halves", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--e2e", type=int, default=100, help="test queries run end to end")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/fusion.json")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs/fusion.png")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results: dict[str, Any] = {}
    for name, (folder, limit) in sets().items():
        print(f"{name}: ingest (incremental), fetch lists, score")
        code = dossier(["ingest", str(folder / "corpus.jsonl"), "--collection",
                        beir_collection(folder), "--chroma-dir", str(CACHE / "store")])  # fmt: skip
        if code:
            sys.exit(code)
        data = collect(folder, CACHE / "store", DEPTH, CACHE / f"lists-{name}.json", limit)
        results[name] = offline(data)
        ms = [r["ms"] for r in data["queries"]]
        results[name]["search_ms_p50"] = {
            "dense": sorted(m[0] for m in ms)[len(ms) // 2],
            "bm25": sorted(m[1] for m in ms)[len(ms) // 2],
        }
        results[name]["fusion_us_p50"] = fusion_cost(data)
        results[name]["end_to_end_test"] = end_to_end(folder, data, args.e2e)
    for kind in fusion_qa.KINDS:
        print(f"qa-{kind}: ingest (incremental), fetch lists, score")
        results[f"qa-{kind}"] = offline(fusion_qa.collect(kind))
    summary = {
        "sets": {n: {"folder": str(f), "query_limit": q} for n, (f, q) in sets().items()}
        | {f"qa-{k}": {"corpus": c, "parts": parts} for k, (c, parts) in fusion_qa.KINDS.items()},
        "split": "dev/test by SHA-1 of the query id (bench/fusion_sets.split); "
        "qa-*: the sets' own parts",
        "fitted_on": "dev halves of all six sets, pooled, each set weighing the same; "
        "test halves never used for fitting",
        "chunks_per_query": DEPTH,
        "results": results,
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "note": "2 cores shared with other jobs: latency is noisy",
        },  # fmt: skip
    }
    args.out.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    plot(results, args.plot)
    print(f"wrote {args.out} and {args.plot}")


if __name__ == "__main__":
    main()
