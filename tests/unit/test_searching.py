"""Searching again for a person the passages at hand name only by surname."""

from __future__ import annotations

from assistant.entities import EntityTagger
from assistant.extractive import ExtractiveAnswerer
from assistant.searching import surname_only
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import one_passage

SURNAME = "But Hardie argued that security guarantees should be isolated from any deal."
FULL = (
    "“I think this is pressuring the Ukrainians,” said John Hardie, the deputy director of "
    "the Foundation for Defense of Democracies."
)


def test_surname_only_is_a_persons_name_never_given_in_full() -> None:
    tagger = EntityTagger()
    asked = "Where does Hardie work?"
    assert surname_only(tagger, asked, [one_passage(SURNAME)]) == "Hardie"
    assert surname_only(tagger, asked, [one_passage(f"{FULL} {SURNAME}")]) == ""  # given
    assert surname_only(tagger, "Where is Ukraine?", [one_passage("Ukraine is at war.")]) == ""


def test_where_someone_named_by_surname_works_is_searched_for_by_the_name() -> None:
    searched: list[str] = []
    full = one_passage(f"{SURNAME} {FULL}")
    full.id = "c1"

    def search(query: str) -> list:
        searched.append(query)
        return [full]

    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    asked = "Where does Hardie work?"
    assert answerer.answer(asked, [one_passage(SURNAME)]).short_answer is None
    answer = answerer.answer(asked, [one_passage(SURNAME)], search=search)
    assert searched == ["Hardie"]
    assert answer.short_answer is not None
    assert answer.short_answer.text == "the Foundation for Defense of Democracies"


def test_who_someone_is_prefers_a_description_to_a_bare_title() -> None:
    text = (
        "President Donald Trump's nominee to replace Justice Antonin Scalia, Judge Neil "
        "Gorsuch, begins his confirmation hearings today. Gorsuch, 49, is a judge on the "
        "10th Circuit Court of Appeals in Denver."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    short = answerer.answer("Who is Neil Gorsuch?", [one_passage(text)]).short_answer
    assert short is not None
    assert short.text == "a judge on the 10th Circuit Court of Appeals in Denver"
