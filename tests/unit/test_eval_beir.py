"""BEIR reading and ranking metrics, checked on small hand-computed cases."""

from __future__ import annotations

import json
import math

import pytest

from assistant.evaluation.beir import load_beir, mrr, ndcg, read_qrels, recall, score_ranking
from vectorstore.errors import InputError

pytestmark = pytest.mark.unit


def test_graded_ndcg_matches_a_hand_computation() -> None:
    rels = {"a": 2, "b": 1, "c": 0}
    ideal = 2 + 1 / math.log2(3)
    assert ndcg(["a", "b"], rels) == pytest.approx(1.0)
    assert ndcg(["b", "a"], rels) == pytest.approx((1 + 2 / math.log2(3)) / ideal)
    assert ndcg(["x", "c"], rels) == 0.0


def test_recall_and_mrr_cut_at_k() -> None:
    rels = {"a": 1, "b": 1, "z": -1}
    ranked = ["z", "x", "a"] + [f"n{i}" for i in range(20)] + ["b"]
    assert recall(ranked, rels, 10) == 0.5 and recall(ranked, rels, 100) == 1.0
    assert mrr(ranked, rels, 10) == pytest.approx(1 / 3)
    assert mrr(["n"] * 10 + ["a"], rels, 10) == 0.0
    assert set(score_ranking(ranked, rels)) == {"ndcg@10", "recall@10", "recall@100", "mrr@10"}


def test_qrels_with_or_without_header_and_trec_columns(tmp_path) -> None:
    (tmp_path / "a.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n")
    (tmp_path / "b.tsv").write_text("q2 0 d3 1\n")
    assert read_qrels([tmp_path / "a.tsv", tmp_path / "b.tsv"]) == {
        "q1": {"d1": 2, "d2": 0},
        "q2": {"d3": 1},
    }


def make_beir(folder, qrels_at="qrels/test.tsv") -> None:
    folder.mkdir()
    rows = [{"_id": "d1", "title": "T", "text": "x"}, {"_id": "d2", "title": "U", "text": "y"}]
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    queries = [
        {"_id": "q1", "text": "x?"},
        {"_id": "q2", "text": "unjudged"},
        {"_id": 3, "text": "z"},
    ]
    (folder / "queries.jsonl").write_text("".join(json.dumps(r) + "\n" for r in queries))
    (folder / qrels_at).parent.mkdir(exist_ok=True)
    (folder / qrels_at).write_text("q1\td1\t1\n3\td2\t0\n")


def test_only_judged_queries_are_kept(tmp_path) -> None:
    make_beir(tmp_path / "set")
    beir = load_beir(tmp_path / "set")
    assert beir.queries == {"q1": "x?"} and beir.qrels == {"q1": {"d1": 1}}
    make_beir(tmp_path / "flat", qrels_at="qrels.tsv")
    assert load_beir(tmp_path / "flat").queries == {"q1": "x?"}


def test_bad_folders_say_what_is_missing(tmp_path) -> None:
    with pytest.raises(InputError, match="no corpus.jsonl"):
        load_beir(tmp_path)
    make_beir(tmp_path / "set")
    (tmp_path / "set" / "qrels" / "test.tsv").unlink()
    with pytest.raises(InputError, match="no qrels.tsv"):
        load_beir(tmp_path / "set")
    (tmp_path / "set" / "qrels.tsv").write_text("q9\td1\t1\n")
    with pytest.raises(InputError, match="no query in queries.jsonl has a relevant"):
        load_beir(tmp_path / "set")
    (tmp_path / "set" / "queries.jsonl").write_text('{"_id": "q9"}\n')
    with pytest.raises(InputError, match=r"queries.jsonl:1: needs"):
        load_beir(tmp_path / "set")
