"""Dates a question asks for: a span of time for "how long", a calendar date for "on what
date", the month a question says, and not a time past for "when will"."""

from __future__ import annotations

import pytest

from assistant.dates import date_wanted
from assistant.extractive import ExtractiveAnswerer
from assistant.language import answer_type
from tests.conftest import FakeEmbeddings

pytestmark = pytest.mark.unit


def test_how_long_asks_for_a_span_of_time_or_when_it_began() -> None:
    wanted = date_wanted("How long has he been in power?")
    assert wanted is not None
    text = "He won on Monday, the 59-year old, ruling since 2006, for 11 years."
    assert wanted.findall(text) == ["2006", "11 years"]
    assert date_wanted("When did he come to power?") is None
    from tests.unit.test_extractive import one_passage

    text = "The reform, passed on Monday, extended the presidential term from five to seven years."
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    term = answerer.answer("How long is a presidential term?", [one_passage(text)])
    assert term.short_answer is not None and "seven years" in term.short_answer.text, term.answer


def test_how_long_after_asks_for_a_span_of_time_not_a_year() -> None:
    from tests.unit.test_extractive import one_passage

    question = "How long after Putin gave Xi a YotaPhone 2 did Yota bring it to China?"
    assert answer_type(question) == "date"
    wanted = date_wanted(question)
    assert wanted is not None and wanted.findall("In November 2014, six months later") == [
        "six months"
    ]
    text = "In November 2014, Putin gave Xi a YotaPhone 2. Six months later, Yota brought it."
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        question, [one_passage(text)]
    )
    assert answer.short_answer is not None and answer.short_answer.text == "Six months later"


def test_when_is_not_answered_by_a_span_of_time() -> None:
    from tests.unit.test_extractive import one_passage

    text = "Uber said it had begun a review just days after being forced to admit it."
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    assert (
        answerer.answer("When did Uber begin a review?", [one_passage(text)]).short_answer is None
    )
    dated = "Uber said on Friday it had begun a review just days after admitting it."
    short = answerer.answer("When did Uber begin a review?", [one_passage(dated)]).short_answer
    assert short is not None and short.text == "Friday"


def test_an_exact_date_is_not_answered_by_a_month() -> None:
    from tests.unit.test_extractive import one_passage

    wanted = date_wanted("On what exact date did parliament vote to impeach President Park?")
    assert wanted is not None and not wanted.search("in December")
    text = "Parliament voted in December to impeach President Park Geun-hye."
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    exact = answerer.answer(
        "On what exact date did parliament vote to impeach President Park?", [one_passage(text)]
    )
    assert exact.refused, exact.answer
    month = answerer.answer("When did parliament vote to impeach Park?", [one_passage(text)])
    assert month.short_answer is not None and month.short_answer.text == "December", month.answer


@pytest.mark.parametrize(
    ("date", "agrees"),
    [("26.04.2016", False), ("April 26", False), ("Jan. 4, 2017", True), ("04.01.2017", True),
     ("2016", True)],
)  # fmt: skip
def test_a_date_in_another_month_is_not_the_one_asked_in_january(date: str, agrees: bool) -> None:
    from assistant.dates import month_agrees

    question = "On what exact date in January did Mobileye announce the partnership?"
    assert month_agrees(question, date) is agrees
    assert month_agrees("On what date did Mobileye announce it?", date)


def test_a_question_that_says_the_month_is_refused_a_date_of_another() -> None:
    from tests.unit.test_extractive import one_passage

    text = "In January Mobileye announced the fleet. It was founded on 26.04.1999 in Jerusalem."
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    asked = "On what exact date in January did Mobileye announce the fleet?"
    assert answerer.answer(asked, [one_passage(text)]).refused
    founded = answerer.answer("On what date was Mobileye founded?", [one_passage(text)])
    assert founded.short_answer is not None and founded.short_answer.text == "26.04.1999"


def test_when_it_will_happen_is_not_a_time_past() -> None:
    from assistant.dates import fits_when

    assert not fits_when("When will Beifa start making pens?", "five years ago")
    assert fits_when("When did Beifa start making pens?", "five years ago")
    assert fits_when("When will Beifa start making pens?", "next year")
    assert not fits_when("On what day is next week's party meeting?", "today")
    assert fits_when("On what day is the party meeting?", "today")
    assert fits_when("When was the deal expected to be signed?", "last week")
    assert not fits_when("When did it start?", "just days")  # a span alone tells no time
