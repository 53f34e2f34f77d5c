"""PNG plots of a run (matplotlib, headless)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.evaluation.runner import CaseResult
from assistant.evaluation.summary import STAGES


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    return plt


def answer_plots(out: Path, metrics: dict[str, Any], results: Sequence[CaseResult]) -> list[Path]:
    """by_category.png (share handled per category) and latency.png (per-stage spread)."""
    plt = _pyplot()
    categories = metrics["by_category"]
    names = list(categories)
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(names) + 1.5))
    shares = [categories[n]["handled"] for n in names]
    bars = ax.barh(names, shares, color="#4c72b0")
    for bar, name in zip(bars, names, strict=True):
        label = f"{categories[name]['handled']:.0%} of {categories[name]['cases']}"
        ax.text(bar.get_width() + 0.01, bar.get_y() + bar.get_height() / 2, label, va="center")
    ax.set_xlim(0, 1.18)
    ax.invert_yaxis()
    ax.set_xlabel("share handled right (correct answer, or refusal when unanswerable)")
    ax.set_title(f"Answers by category ({metrics['run']['questions']})")
    fig.tight_layout()
    fig.savefig(out / "by_category.png", dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.5))
    data = [[r.timings_ms[s] for r in results if s in r.timings_ms] for s in STAGES]
    if any(data):
        ax.boxplot(data, tick_labels=list(STAGES), orientation="horizontal", showfliers=True)
    for i, stage in enumerate(STAGES, 1):
        p50 = metrics["latency_ms"][stage]["p50"]
        if p50 is not None:
            ax.annotate(f"p50 {p50:.0f} ms", (p50, i + 0.3), ha="center", fontsize=8)
    ax.set_xlabel("milliseconds per question")
    ax.set_title("Latency per stage")
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    plt.close(fig)
    return [out / "by_category.png", out / "latency.png"]


def beir_plots(out: Path, metrics: dict[str, Any]) -> list[Path]:
    """retrievers.png: each metric, one bar per retriever."""
    plt = _pyplot()
    retrievers = metrics["retrievers"]
    keys = ["ndcg@10", "recall@10", "recall@100", "mrr@10"]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    width = 0.8 / max(len(retrievers), 1)
    for i, (name, values) in enumerate(retrievers.items()):
        xs = [j + i * width for j in range(len(keys))]
        bars = ax.bar(xs, [values[k] for k in keys], width, label=name)
        ax.bar_label(bars, fmt="%.2f", fontsize=7)
    ax.set_xticks([j + width * (len(retrievers) - 1) / 2 for j in range(len(keys))], keys)
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper left")
    ax.set_title(f"Retrieval quality ({metrics['queries']} queries)")
    fig.tight_layout()
    fig.savefig(out / "retrievers.png", dpi=110)
    plt.close(fig)
    return [out / "retrievers.png"]
