"""Variants of the adaptive fusion against its parts, on the dev halves of the six fusion sets.

Reads the dense and BM25 lists bench/fusion.py cached (run it first: the lists are
fetched once, every variant is then scored offline in seconds) and prints, for each
set, nDCG@10 of BM25, dense, the current rule and each variant, with each fused
ranking's gap to the better of the two parts. The aim (issue 10): no set below
its better part. Only the dev halves are read, so a variant may be chosen on them.

Variants:
- ``sharper xT``: the rule's log-odds times T (closer to picking one list);
- ``low bound L``: the dense weight may fall to L instead of 0.2;
- ``weighted RRF k``: reciprocal-rank fusion with the rule's per-query weight;
- ``both-lists bonus B``: B z-units more for an item in both lists' first 40.

Figures: bench/results/fusion_variants.json.

    .venv/bin/python bench/fusion_variants.py
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fusion_lists import score  # noqa: E402

from vectorstore import fusion as F  # noqa: E402

CACHE = ROOT / "bench" / "cache" / "fusion"
SETS = {
    "cranfield": "lists-cranfield.json",
    "news-titles": "lists-news-titles.json",
    "clapnq": "lists-clapnq.json",
    "qa-news": "lists-qa-news.json",
    "qa-wiki": "lists-qa-wiki.json",
    "qa-seed": "lists-qa-seed.json",
}
Ranked = list[tuple[str, float]]
Fuse = Callable[[Ranked, Ranked, str], Ranked]


def _logit(d: Ranked, b: Ranked, q: str) -> float:
    return F._INTERCEPT + sum(c * x for c, x in zip(F._COEF, F.features(d, b, q), strict=True))


def sharper(t: float, low: float = F.MIN_DENSE_WEIGHT) -> Fuse:
    def fuse(d: Ranked, b: Ranked, q: str) -> Ranked:
        p = 1 / (1 + math.exp(-max(min(t * _logit(d, b, q), 50.0), -50.0)))
        return F.combine(d, b, low + (F.MAX_DENSE_WEIGHT - low) * p)

    return fuse


def weighted_rrf(k: int) -> Fuse:
    return lambda d, b, q: F.rrf(d, b, F.adaptive_weight(d, b, q), k)


def both_lists_bonus(bonus: float) -> Fuse:
    def fuse(d: Ranked, b: Ranked, q: str) -> Ranked:
        w = F.adaptive_weight(d, b, q)
        zd, floor_d = F.zscores(d)
        zb, floor_b = F.zscores(b)
        both = {i for i, _ in d[:40]} & {i for i, _ in b[:40]}
        fused = {
            i: w * zd.get(i, floor_d) + (1 - w) * zb.get(i, floor_b) + bonus * (i in both)
            for i in {**zd, **zb}
        }
        return sorted(fused.items(), key=lambda pair: -pair[1])

    return fuse


VARIANTS: dict[str, Fuse] = {
    "bm25": lambda d, b, q: b,
    "dense": lambda d, b, q: d,
    "current": lambda d, b, q: F.fuse(d, b, q, "adaptive"),
    "sharper x2": sharper(2.0),
    "sharper x4": sharper(4.0),
    "low bound 0.05": sharper(1.0, 0.05),
    "weighted RRF 60": weighted_rrf(60),
    "weighted RRF 10": weighted_rrf(10),
    "both-lists bonus 0.3": both_lists_bonus(0.3),
    "both-lists bonus 1.0": both_lists_bonus(1.0),
}


def main() -> None:
    results: dict[str, dict[str, float]] = {}
    for name, file in SETS.items():
        path = CACHE / file
        if not path.exists():
            sys.exit(f"{path} is missing: run bench/fusion.py first (it caches the lists)")
        data = json.loads(path.read_text("utf-8"))
        row = {label: score(data, f, "dev")["ndcg@10"] for label, f in VARIANTS.items()}
        results[name] = row
        best = max(row["bm25"], row["dense"])
        fused = {k: v for k, v in row.items() if k not in ("bm25", "dense")}
        gaps = "  ".join(f"{k} {v - best:+.4f}" for k, v in fused.items())
        print(f"{name:12} bm25 {row['bm25']:.4f} dense {row['dense']:.4f} | {gaps}")
    never_below = [
        label
        for label in VARIANTS
        if label not in ("bm25", "dense")
        and all(r[label] >= max(r["bm25"], r["dense"]) for r in results.values())
    ]
    print("never below the better part on any dev half:", never_below or "none")
    out = ROOT / "bench" / "results" / "fusion_variants.json"
    out.write_text(
        json.dumps({"half": "dev", "ndcg@10": results, "never_below": never_below}, indent=1) + "\n"
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
