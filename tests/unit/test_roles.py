"""A person asked for by a role is not one the evidence names with another role ("chief
executive Travis Kalanick" for a chief operating officer, "former captain Judy Murray" for
the current captain)."""

from __future__ import annotations

import pytest

from assistant.entities import Entity
from assistant.extractive import ExtractiveAnswerer
from assistant.refusal import bears_another_role
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import one_passage

COO = "Who did Uber hire as its new chief operating officer?"
CAPTAIN = "Who is Britain's current Fed Cup captain?"


def people(text: str) -> list[Entity]:
    name = "Travis Kalanick" if "Kalanick" in text else "Judy Murray"
    start = text.index(name)
    return [Entity(name, "PERSON", start, start + len(name))]


@pytest.mark.parametrize(
    ("question", "text", "another"),
    [
        (
            COO,
            "Uber wants a chief operating officer to help chief executive Travis Kalanick.",
            True,
        ),
        (COO, "Uber hired chief operating officer Travis Kalanick.", False),
        (COO, "Uber hired Travis Kalanick.", False),  # no role before the name: it may be him
        (CAPTAIN, "It frustrated former captain Judy Murray.", True),
        (CAPTAIN, "It pleased captain Judy Murray.", False),
        ("Who was Britain's captain in 2012?", "It frustrated former captain Judy Murray.", False),
    ],
)
def test_bears_another_role(question: str, text: str, another: bool) -> None:
    assert bears_another_role(question, "person", text, people) is another


def test_a_name_with_another_role_does_not_answer_who_holds_the_one_asked() -> None:
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    searching = (
        "Uber began searching for a chief operating officer to help embattled chief executive "
        "Travis Kalanick steady the wheel."
    )
    assert answerer.answer(COO, [one_passage(searching)]).refused
    hired = "Uber hired Jeff Jones as its new chief operating officer on Monday."
    short = answerer.answer(COO, [one_passage(hired)]).short_answer
    assert short is not None and short.text == "Jeff Jones"
    former = "Britain's Fed Cup format hugely frustrated former captain Judy Murray."
    assert answerer.answer(CAPTAIN, [one_passage(former)]).refused
    current = "Britain's Fed Cup team is led by captain Anne Keothavong."
    short = answerer.answer(CAPTAIN, [one_passage(current)]).short_answer
    assert short is not None and short.text == "Anne Keothavong"


def test_who_did_it_is_whose_nominee_the_sentence_names() -> None:
    text = (
        "President Donald Trump's nominee to replace Justice Antonin Scalia on the Supreme "
        "Court, Judge Neil Gorsuch, begins his confirmation hearings today."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    short = answerer.answer("Who nominated Neil Gorsuch?", [one_passage(text)]).short_answer
    assert short is not None and short.text == "Donald Trump"


def test_a_passage_naming_one_word_of_a_longer_name_does_not_name_it() -> None:
    from types import SimpleNamespace

    from assistant.refusal import about_something_else

    def sentence(text: str) -> SimpleNamespace:
        return SimpleNamespace(doc=one_passage(text))

    beatles = sentence("The first session took place at Abbey Road Studios on 6 June 1962.")
    race = sentence("Profits from the Peachtree Road Race fund the Atlanta Track Club.")
    question = "When was the Peachtree Road Race first held?"
    assert about_something_else(question, beatles, [beatles, race])
    assert not about_something_else(question, race, [beatles, race])
    # half the words of a name name it: "Trump" of "Donald Trump"
    trump = sentence("Trump said the deal was close.")
    assert not about_something_else("What did Donald Trump say?", trump, [trump, race])
