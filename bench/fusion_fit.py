"""Fits vectorstore.fusion's per-query weight rule on the dev halves.

Run bench/fusion.py and bench/fusion_qa.py first. Reads the cached lists of the
six sets (bench/cache/fusion/lists-*.json: Cranfield, news titles, ClapNQ and the
QA sets' questions over news, wiki and the seed article), keeps the dev-half
queries on which dense and BM25 rank differently (nDCG@10), and fits a logistic
regression of "dense ranks better" on vectorstore.fusion.features, each query
weighted by the nDCG@10 gap, scaled so that every set weighs the same (the small
QA sets count as much as the large ones). Prints the coefficients in the raw
feature scale (to paste into vectorstore/fusion.py), then dev nDCG@10 of the
rule at 100 and at 40 candidates per search. Test halves are never read.

    .venv/bin/python bench/fusion_fit.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fusion_lists import score  # noqa: E402

from assistant.evaluation.beir import ndcg  # noqa: E402
from vectorstore.fusion import features, fuse  # noqa: E402

CACHE = ROOT / "bench" / "cache" / "fusion"
SETS = ("cranfield", "news-titles", "clapnq", "qa-news", "qa-wiki", "qa-seed")


def dev_only(data: dict) -> dict:
    return {**data, "queries": [r for r in data["queries"] if r["half"] == "dev"]}


def main() -> None:
    datas = {n: dev_only(json.loads((CACHE / f"lists-{n}.json").read_text("utf-8"))) for n in SETS}
    rows, labels, weights = [], [], []
    for data in datas.values():
        docs = data["docs"]
        first = len(weights)
        for r in data["queries"]:
            dense, bm25 = [tuple(x) for x in r["dense"]], [tuple(x) for x in r["bm25"]]
            nd = ndcg(list(dict.fromkeys(docs[c] for c, _ in dense)), r["rels"])
            nb = ndcg(list(dict.fromkeys(docs[c] for c, _ in bm25)), r["rels"])
            if abs(nd - nb) > 1e-6:
                rows.append(features(dense, bm25, r["query"]))
                labels.append(int(nd > nb))
                weights.append(abs(nd - nb))
        total = sum(weights[first:]) or 1.0
        weights[first:] = [w / total for w in weights[first:]]  # each set weighs 1
    x = np.array(rows)
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    scale = len(weights) / sum(weights)  # mean weight 1, so C keeps its usual strength
    model = LogisticRegression(C=1.0).fit(
        (x - mu) / sd, labels, sample_weight=[w * scale for w in weights]
    )
    coef = model.coef_[0] / sd
    intercept = model.intercept_[0] - float((model.coef_[0] * mu / sd).sum())
    print(f"{len(labels)} dev queries where the two searches differ")
    print("_COEF =", tuple(round(float(c), 4) for c in coef))
    print("_INTERCEPT =", round(float(intercept), 4))
    for depth in (100, 40):
        rankings = {
            "bm25": lambda d, b, q, n=depth: b[:n],
            "dense": lambda d, b, q, n=depth: d[:n],
            "rrf": lambda d, b, q, n=depth: fuse(d[:n], b[:n], q, "rrf"),
            "adaptive (as in fusion.py)": lambda d, b, q, n=depth: fuse(d[:n], b[:n], q),
        }
        print(f"dev nDCG@10 at {depth} candidates: " + "; ".join(SETS))
        for label, rank in rankings.items():
            values = "  ".join(f"{score(datas[n], rank, None)['ndcg@10']:.4f}" for n in SETS)
            print(f"  {label:<28}{values}")


if __name__ == "__main__":
    main()
