"""Fusing one query's dense and BM25 rankings into one.

``adaptive`` (the default) adds the two lists' z-scores (each list's scores
standardised over the list) with a dense weight chosen per query: a logistic
rule over how each list's top hit stands out from the rest of its list, how
far each list's head is confirmed by the other list, and the query's length.
When the lists disagree, the one that looks sure of itself gets more say; the
weight stays within [0.2, 0.98] so neither list is ever ignored. The rule
was fitted once on the dev halves of six retrieval sets (Cranfield, news
titles, ClapNQ questions, and the questions of the QA sets over news articles,
Wikipedia passages and the seed article; see bench/fusion.py and
docs/BENCHMARKS.md) and has no per-collection constant.

``rrf`` is weighted reciprocal-rank fusion with a fixed dense weight, the
retriever's fusion before: it loses to plain dense search when BM25 is much
the weaker of the two (ClapNQ questions).

Example:
    >>> dense = [("a", 0.71), ("b", 0.52), ("c", 0.50)]
    >>> bm25 = [("b", 7.1), ("d", 3.2), ("a", 2.9)]
    >>> [i for i, _ in fuse(dense, bm25, "who said it?")]
    ['b', 'a', 'd', 'c']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np

Method = Literal["adaptive", "rrf"]
Ranked = Sequence[tuple[str, float]]

DEFAULT_RRF_K = 60
# Score statistics use at most this many items of a list, so the rule reads the same
# whether 40 (the app's fetch_k) or 200 (dossier eval) candidates were fetched.
STATS_DEPTH = 40
# Bounds of the per-query dense weight: each list keeps some say.
MIN_DENSE_WEIGHT, MAX_DENSE_WEIGHT = 0.2, 0.98
# Logistic rule for P(dense ranks better than BM25), over features() in order.
# Fitted by bench/fusion_fit.py on the dev halves of bench/fusion.py's six sets, pooled
# (scikit-learn LogisticRegression, samples weighted by the nDCG@10 gap, each set weighing
# the same in all).
_COEF = (
    1.1091, 0.0331, 1.1311,  # dense: top z-score, top-1 z-gap, relative gap top-1 to top-10
    0.1549, -0.5167, -1.8611,  # bm25: the same three
    1.6062, -0.931,  # share of dense's top 5 in the BM25 list, of BM25's top 5 in the dense list
    0.053, -1.7501,  # the same for the top 1
    -0.0028,  # query length in words
)  # fmt: skip
_INTERCEPT = -1.9427


def rrf(dense: Ranked, lexical: Ranked, dense_weight: float = 0.5,
        k: int = DEFAULT_RRF_K) -> list[tuple[str, float]]:  # fmt: skip
    """Weighted reciprocal-rank fusion; a lone list keeps its order (weight 1)."""
    weights = (dense_weight, 1.0 - dense_weight) if dense and lexical else (1.0, 1.0)
    fused: dict[str, float] = {}
    for weight, ranked in zip(weights, (dense, lexical), strict=True):
        for rank, (item, _) in enumerate(ranked):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank + 1)
    return sorted(fused.items(), key=lambda pair: -pair[1])


def zscores(ranked: Ranked) -> tuple[dict[str, float], float]:
    """Each item's score standardised over the list, and the list's lowest z-score."""
    if not ranked:
        return {}, 0.0
    scores = np.array([s for _, s in ranked], dtype=float)
    head = scores[:STATS_DEPTH]
    z = (scores - head.mean()) / (float(head.std()) or 1.0)
    return {item: float(v) for (item, _), v in zip(ranked, z, strict=True)}, float(z.min())


def _standout(ranked: Ranked) -> list[float]:
    """Top z-score, top-1 minus top-2 in z units, (top-1 - top-10) / top-1."""
    if len(ranked) < 3:
        return [0.0, 0.0, 0.0]
    scores = np.array([s for _, s in ranked[:STATS_DEPTH]], dtype=float)
    spread = float(scores.std()) or 1.0
    tenth = scores[min(9, len(scores) - 1)]
    return [
        float((scores[0] - scores.mean()) / spread),
        float((scores[0] - scores[1]) / spread),
        float((scores[0] - tenth) / max(abs(scores[0]), 1e-9)),
    ]


def _support(head_of: Ranked, other: Ranked, top: int) -> float:
    """Share of ``head_of``'s first ``top`` items among ``other``'s first STATS_DEPTH."""
    head = [item for item, _ in head_of[:top]]
    found = {item for item, _ in other[:STATS_DEPTH]}
    return sum(item in found for item in head) / len(head) if head else 0.0


def features(dense: Ranked, lexical: Ranked, query: str) -> list[float]:
    """What the per-query weight is decided from (the order of ``_COEF``)."""
    return [
        *_standout(dense),
        *_standout(lexical),
        _support(dense, lexical, 5),
        _support(lexical, dense, 5),
        _support(dense, lexical, 1),
        _support(lexical, dense, 1),
        float(len(query.split())),
    ]


def adaptive_weight(dense: Ranked, lexical: Ranked, query: str, prior: float = 0.5) -> float:
    """The dense list's weight for this query, in [MIN_DENSE_WEIGHT, MAX_DENSE_WEIGHT].

    ``prior`` shifts the rule: 0.5 leaves it as fitted, more leans on dense
    search, less on BM25 (it adds logit(prior) to the rule's log-odds).
    """
    logit = _INTERCEPT + sum(c * f for c, f in zip(_COEF, features(dense, lexical, query),
                                                   strict=True))  # fmt: skip
    prior = min(max(prior, 1e-3), 1 - 1e-3)
    logit += math.log(prior / (1 - prior))
    p = 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))
    return MIN_DENSE_WEIGHT + (MAX_DENSE_WEIGHT - MIN_DENSE_WEIGHT) * p


def combine(dense: Ranked, lexical: Ranked, dense_weight: float) -> list[tuple[str, float]]:
    """CombSUM of z-scores; an item missing from a list gets that list's lowest z-score."""
    zd, floor_d = zscores(dense)
    zb, floor_b = zscores(lexical)
    fused = {
        item: dense_weight * zd.get(item, floor_d) + (1 - dense_weight) * zb.get(item, floor_b)
        for item in {**zd, **zb}
    }
    return sorted(fused.items(), key=lambda pair: -pair[1])


def fuse(
    dense: Ranked,
    lexical: Ranked,
    query: str,
    method: Method = "adaptive",
    dense_weight: float = 0.5,
    rrf_k: int = DEFAULT_RRF_K,
) -> list[tuple[str, float]]:
    """One ranking of ``(id, fused score)``, best first, from both searches' results.

    Args:
        dense: ``(id, cosine similarity)`` best first.
        lexical: ``(id, BM25 score)`` best first.
        query: The query (its length is one signal).
        method: ``adaptive`` or ``rrf``.
        dense_weight: ``rrf``: the dense ranking's weight (BM25 gets 1 - w);
            ``adaptive``: the prior the per-query weight leans to (0.5 neutral).
            0 or 1 uses one list alone.
        rrf_k: The RRF constant.
    """
    if method == "rrf":
        return rrf(dense, lexical, dense_weight, rrf_k)
    if not dense or not lexical or dense_weight in (0.0, 1.0):
        alone = lexical if (not dense or dense_weight == 0.0) and lexical else dense
        return [(item, float(score)) for item, score in alone]
    return combine(dense, lexical, adaptive_weight(dense, lexical, query, dense_weight))
