"""Who took a photo: answered from the credit line under its caption, and a credit line is
never the answer to anything else."""

from __future__ import annotations

import json

import pytest
from langchain_core.documents import Document

from assistant.extractive import ExtractiveAnswerer
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import strict_off_topic

pytestmark = pytest.mark.unit


CAPTIONED = (
    "The talks ended on Friday without a deal.\n\n"
    "Ukraine's President Volodymyr Zelenskyy gives a press conference in Kyiv, Feb. 19, 2025.\n"
    "Tetiana Dzhafarova/via Reuters\n"
    "Officials said the talks would resume next week in Riyadh."
)


def captioned_passage() -> Document:
    from vectorstore.sentences import split_with_credits

    sentences, credits = split_with_credits(CAPTIONED)
    table = sorted([*sentences, *credits])
    spans = json.dumps([[s, s, e] for s, e in table])
    positions = json.dumps([table.index(c) for c in credits])
    meta = {"source": "a.txt", "spans": spans, "credits": positions}
    return Document(id="c0", page_content=CAPTIONED, metadata=meta)


def test_who_took_the_photo_is_answered_from_the_credit_under_its_caption() -> None:
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "Who took the photo of Zelenskyy's press conference in Kyiv?", [captioned_passage()]
    )
    assert not answer.refused
    short = answer.short_answer
    assert short is not None and short.text == "Tetiana Dzhafarova"
    assert CAPTIONED[short.start : short.end] == short.text
    assert answer.answer.startswith("Tetiana Dzhafarova. [2]")
    quotes = [c.quote for c in answer.citations]
    assert quotes[1] == "Tetiana Dzhafarova/via Reuters" and "press conference" in quotes[0]


def test_which_agency_supplied_the_photo_is_the_agency_of_its_credit() -> None:
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "Which news agency supplied the picture of Zelenskyy's press conference in Kyiv?",
        [captioned_passage()],
    )
    short = answer.short_answer
    assert short is not None and short.text == "Reuters"
    assert CAPTIONED[short.start : short.end] == "Reuters"


def test_a_photo_credit_answer_is_refused_when_the_off_topic_model_says_so() -> None:
    strict = strict_off_topic()
    question = "Who took the photo of Zelenskyy's press conference in Kyiv?"
    refusing = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.01, model=strict)
    assert refusing.answer(question, [captioned_passage()]).refused
    forced = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0, model=strict)
    assert not forced.answer(question, [captioned_passage()]).refused


def test_a_credit_line_is_never_an_answer_to_other_questions() -> None:
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("Who gave a press conference in Kyiv?", [captioned_passage()])
    assert not answer.refused
    assert answer.short_answer is not None and "Zelenskyy" in answer.short_answer.text
    assert "Dzhafarova" not in answer.answer
