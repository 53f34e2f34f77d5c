from __future__ import annotations

import pytest

from vectorstore.fusion import (
    MAX_DENSE_WEIGHT,
    MIN_DENSE_WEIGHT,
    adaptive_weight,
    combine,
    features,
    fuse,
    rrf,
    zscores,
)

pytestmark = pytest.mark.unit

# Dense is sure (its top hit stands far out); BM25 is flat and disagrees at the top.
SURE_DENSE = [("a", 0.80), ("b", 0.41), ("c", 0.40), ("d", 0.39), ("e", 0.38)]
FLAT_BM25 = [("x", 4.1), ("y", 4.0), ("z", 3.9), ("w", 3.9), ("a", 3.8)]
# The mirror image: BM25 is sure, dense is flat.
FLAT_DENSE = [("x", 0.52), ("y", 0.51), ("z", 0.51), ("w", 0.50), ("a", 0.50)]
SURE_BM25 = [("a", 12.0), ("b", 3.0), ("c", 2.9), ("d", 2.8), ("e", 2.7)]


def ids(ranked: list[tuple[str, float]]) -> list[str]:
    return [i for i, _ in ranked]


def test_rrf_matches_the_formula() -> None:
    fused = dict(rrf([("a", 0.9), ("b", 0.8)], [("b", 5.0), ("c", 1.0)], dense_weight=0.25, k=60))
    assert fused["b"] == pytest.approx(0.25 / 62 + 0.75 / 61)
    assert fused["a"] == pytest.approx(0.25 / 61)
    assert fused["c"] == pytest.approx(0.75 / 62)


def test_rrf_with_one_list_keeps_its_order() -> None:
    assert ids(rrf([], [("b", 5.0), ("c", 1.0)], dense_weight=1.0)) == ["b", "c"]


def test_zscores_are_standardised_and_report_the_floor() -> None:
    z, floor = zscores([("a", 3.0), ("b", 2.0), ("c", 1.0)])
    assert z["a"] == pytest.approx(-z["c"]) and z["b"] == pytest.approx(0.0)
    assert floor == pytest.approx(z["c"])
    flat, _ = zscores([("a", 1.0), ("b", 1.0)])
    assert flat == {"a": 0.0, "b": 0.0}


def test_an_item_missing_from_a_list_gets_its_lowest_score() -> None:
    fused = dict(combine([("a", 0.9), ("b", 0.5)], [("c", 9.0), ("b", 1.0)], dense_weight=0.5))
    # b is in both lists, last in both; a and c are each first in one and missing in the other.
    assert fused["a"] == pytest.approx(fused["c"])
    assert fused["a"] > fused["b"]


def test_the_sure_list_gets_the_larger_weight() -> None:
    dense_sure = adaptive_weight(SURE_DENSE, FLAT_BM25, "a short question")
    bm25_sure = adaptive_weight(FLAT_DENSE, SURE_BM25, "a short question")
    assert MIN_DENSE_WEIGHT <= bm25_sure < dense_sure <= MAX_DENSE_WEIGHT
    assert dense_sure > 0.5


def test_the_prior_shifts_the_weight_within_bounds() -> None:
    neutral = adaptive_weight(FLAT_DENSE, FLAT_BM25, "q")
    leaning = adaptive_weight(FLAT_DENSE, FLAT_BM25, "q", prior=0.9)
    assert neutral < leaning <= MAX_DENSE_WEIGHT
    assert adaptive_weight(FLAT_DENSE, FLAT_BM25, "q", prior=0.0) >= MIN_DENSE_WEIGHT


def test_a_sure_top_hit_stays_on_top() -> None:
    assert ids(fuse(SURE_DENSE, FLAT_BM25, "q"))[0] == "a"
    assert ids(fuse(FLAT_DENSE, SURE_BM25, "q"))[0] == "a"


def test_fused_ranking_holds_every_item_once() -> None:
    fused = ids(fuse(SURE_DENSE, FLAT_BM25, "q"))
    assert sorted(fused) == sorted({*ids(SURE_DENSE), *ids(FLAT_BM25)})


@pytest.mark.parametrize(
    ("dense", "bm25", "weight", "expected"),
    [
        ([], [("b", 2.0), ("c", 1.0)], 0.5, ["b", "c"]),
        ([("a", 0.9), ("d", 0.1)], [], 0.5, ["a", "d"]),
        ([("a", 0.9), ("d", 0.1)], [("b", 2.0)], 1.0, ["a", "d"]),
        ([("a", 0.9), ("d", 0.1)], [("b", 2.0)], 0.0, ["b"]),
        ([], [], 0.5, []),
    ],
)
def test_one_list_alone(dense, bm25, weight, expected) -> None:
    assert ids(fuse(dense, bm25, "q", dense_weight=weight)) == expected


def test_method_rrf_is_the_old_fusion() -> None:
    assert fuse(SURE_DENSE, FLAT_BM25, "q", "rrf", 0.3, 20) == rrf(SURE_DENSE, FLAT_BM25, 0.3, 20)


def test_features_are_defined_for_short_lists() -> None:
    values = features([("a", 0.5)], [], "")
    assert len(values) == 11 and all(v == v for v in values)  # no NaN
