"""Each evaluation metric on hand-made cases, including the edges that bite."""

from __future__ import annotations

import pytest

from assistant.evaluation import metrics

pytestmark = pytest.mark.unit


def test_answer_found_after_normalisation() -> None:
    answer = "The deal was signed at the White House. [1]"
    assert metrics.contains_answer(answer, ["white house"])
    assert metrics.contains_answer(answer, ["nowhere", "The White  House!"])
    assert not metrics.contains_answer(answer, ["Whitehouse"])


def test_answer_match_is_by_whole_words_and_ignores_citation_markers() -> None:
    assert not metrics.contains_answer("He is a Munich-born analyst.", ["nich"])
    assert not metrics.contains_answer("Nothing about it. [1]", ["1"])
    assert metrics.contains_answer("It was in 2018. [2]", ["2018"])


def test_short_answer_right_when_it_holds_a_gold_answer_or_is_a_whole_word_part_of_one() -> None:
    assert metrics.short_answer_right("President George W. Bush", ["George W. Bush"])
    assert metrics.short_answer_right("Oxford", ["Oxford University"])
    assert metrics.short_answer_right("the 10th", ["10th"])
    assert not metrics.short_answer_right("Antonin Scalia", ["George W. Bush", "Bush"])
    assert not metrics.short_answer_right("Ox", ["Oxford University"])
    assert not metrics.short_answer_right("the", ["the White House"])


def test_token_f1_takes_the_best_gold_answer() -> None:
    assert metrics.token_f1("Munich", ["Munich"]) == 1.0
    # precision 1/3, recall 1 -> F1 = 2 * (1/3) / (4/3)
    assert metrics.token_f1("in Munich Germany", ["Berlin", "Munich"]) == pytest.approx(0.5)
    assert metrics.token_f1("nothing alike", ["Munich"]) == 0.0


def test_citation_markers_belong_to_the_sentence_before_them() -> None:
    answer = "Hardie said so. [1] “It is predatory,” he said. [2] [3]"
    assert metrics.answer_sentences(answer) == [
        "Hardie said so. [1]",
        "“It is predatory,” he said. [2] [3]",
    ]
    assert all(map(metrics.is_cited, metrics.answer_sentences(answer)))
    uncited = metrics.answer_sentences("First claim. [1] Second claim with no source.")
    assert [metrics.is_cited(s) for s in uncited] == [True, False]


def test_support_is_verbatim_modulo_whitespace() -> None:
    passage = "Officials said the deal,\n  in Munich, was close."
    assert metrics.supports(passage, ["deal, in Munich"])
    assert not metrics.supports(passage, ["deal in Munich"])
    assert not metrics.supports(passage, ["   "])


def test_first_hit_is_one_based_rank() -> None:
    passages = ["nothing", "still nothing", "the snippet is here"]
    assert metrics.first_hit(passages, ["snippet is"]) == 3
    assert metrics.first_hit(passages, ["absent"]) is None


def test_percentile_interpolates_like_numpy() -> None:
    numpy = pytest.importorskip("numpy", reason="numpy is a dependency; compared against it")
    values = [5.0, 1.0, 9.0, 3.0, 7.0, 2.0]
    for q in (0, 50, 95, 100):
        assert metrics.percentile(values, q) == pytest.approx(float(numpy.percentile(values, q)))
    assert metrics.percentile([], 50) != metrics.percentile([], 50)  # NaN
