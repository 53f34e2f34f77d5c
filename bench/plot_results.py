"""Plots of the benchmark results for docs/BENCHMARKS.md (reads bench/results/*.json).

.venv/bin/python bench/plot_results.py   # writes docs/bench-ingest.png, docs/bench-queries.png
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def ingest_plot(data: dict, out: Path) -> None:
    labels = {
        "raw_encode": "raw encode\n(floor)",
        "dossier": "Dossier",
        "langchain": "LangChain\nrecipe",
    }
    keys = [k for k in labels if data["seconds"].get(k)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    bars = left.bar([labels[k] for k in keys], [data["seconds"][k] / 60 for k in keys],
                    color=["#999999", "#4c72b0", "#dd8452"][: len(keys)])  # fmt: skip
    left.bar_label(bars, fmt="%.2f min")
    left.margins(y=0.15)
    left.set_ylabel("wall time, minutes")
    left.set_title(f"Ingest {data['articles_ingested']:,} news articles")
    bars = right.bar([labels[k] for k in keys], [data["chunks_per_second"][k] for k in keys],
                     color=["#999999", "#4c72b0", "#dd8452"][: len(keys)])  # fmt: skip
    right.bar_label(bars, fmt="%.1f")
    right.margins(y=0.15)
    right.set_ylabel("chunks embedded per second")
    right.set_title(f"Throughput (Dossier: {data['chunks']['dossier']:,} chunks)")
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def queries_plot(data: dict, out: Path) -> None:
    rows = []
    stages = ("retrieve", "answer", "answer_when_answered", "total")
    for runtime in data.get("runtimes", [None]):
        # Older results have one runtime (torch) and no per-runtime level.
        retrieval = data["retrieval_only_ms"].get(runtime, data["retrieval_only_ms"])
        asks = data["ask_ms"].get(runtime, data["ask_ms"])
        tag = f"{runtime}: " if runtime else ""
        rows.append((f"{tag}retrieval only", retrieval))
        for stage in stages:
            if stage in asks["cold"]:
                label = stage.replace("_when_answered", " (answered)")
                rows.append((f"{tag}ask {label} (cold)", asks["cold"][stage]))
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.3 * len(rows)))
    names = [r[0] for r in rows]
    ax.barh(names, [r[1]["p95"] for r in rows], color="#c6d4e8", label="p95")
    ax.barh(names, [r[1]["p50"] for r in rows], color="#4c72b0", label="p50")
    for i, (_, r) in enumerate(rows):
        ax.text(
            r["p95"] + 3, i, f"p50 {r['p50']:.0f} / p95 {r['p95']:.0f} ms", va="center", fontsize=8
        )
    ax.axvline(15, color="#55a868", ls="--", lw=1)
    ax.axvline(60, color="#c44e52", ls="--", lw=1)
    ax.text(15, len(rows) - 0.4, " retrieval p50 target", color="#55a868", fontsize=7)
    ax.text(60, len(rows) - 0.4, " answer p50 target", color="#c44e52", fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("milliseconds per question")
    ax.set_title(
        f"Query latency, {data['chunks_in_store']:,} chunks, "
        f"{data['questions_per_run']} questions a run"
    )
    ax.set_xlim(0, max(r[1]["p95"] for r in rows) * 1.45)
    ax.legend(loc="upper right")
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main() -> None:
    docs = ROOT / "docs"
    if (RESULTS / "news_ingest.json").exists():
        ingest_plot(
            json.loads((RESULTS / "news_ingest.json").read_text()), docs / "bench-ingest.png"
        )
    if (RESULTS / "news_queries.json").exists():
        queries_plot(
            json.loads((RESULTS / "news_queries.json").read_text()), docs / "bench-queries.png"
        )
    print("wrote docs/bench-*.png")


if __name__ == "__main__":
    main()
