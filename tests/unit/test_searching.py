"""Searching again for a person the passages at hand name too thinly, and who someone is."""

from __future__ import annotations

from langchain_core.documents import Document

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


def test_who_is_someone_is_answered_with_what_the_article_says_they_are() -> None:
    text = (
        "The deal was discussed on Friday. “It is a mistake,” said Benjamin Jensen, a senior "
        "fellow in the Futures Lab at the Center for Strategic and International Studies, on "
        "Feb. 28. Jensen has written two books."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    for question in ("Who is Benjamin Jensen?", "Who is Jensen?"):
        answer = answerer.answer(question, [one_passage(text)])
        short = answer.short_answer
        assert short is not None, answer.answer
        assert short.text == (
            "a senior fellow in the Futures Lab at the Center for Strategic and International "
            "Studies"
        )
        assert text[short.start : short.end] == short.text
        assert answer.answer.startswith(short.text)
    # A question asking for a person still gets one.
    who = answerer.answer("Who said it is a mistake?", [one_passage(text)])
    assert who.short_answer is not None and who.short_answer.text == "Benjamin Jensen"


def test_who_is_someone_takes_the_title_before_the_name_or_the_description_after_a_party() -> None:
    text = (
        "Trump then turned to Treasury Secretary Scott Bessent’s visit to Ukraine. She quoted "
        "Sen. Lindsey Graham, R-S.C., a staunch Trump ally, in June 2024. Trump spoke at the "
        "swearing-in for US Secretary of Commerce Howard Lutnick in the Oval Office."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    for question, described in (
        ("Who is Scott Bessent?", "Treasury Secretary"),
        ("Who is Lindsey Graham?", "a staunch Trump ally"),
        ("Who is Howard Lutnick?", "US Secretary of Commerce"),  # the post's department too
    ):
        short = answerer.answer(question, [one_passage(text)]).short_answer
        assert short is not None and short.text == described
        assert text[short.start : short.end] == described


def test_who_is_someone_searches_the_name_alone_when_no_passage_says_who() -> None:
    said = one_passage("But Hardie argued that the deal should be isolated from any business.")
    first = one_passage(
        "“It is the wrong way,” said John Hardie, the deputy director of the Russia Program."
    )
    first.id, first.metadata["source"] = "c1", "b.txt"  # another passage
    searched: list[str] = []

    def search(query: str) -> list[Document]:
        searched.append(query)
        return [first]

    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("Who is Hardie?", [said], search)
    assert searched == ["Hardie"]
    assert answer.short_answer is not None
    assert answer.short_answer.text == "the deputy director of the Russia Program"


def test_a_person_asked_for_by_title_is_not_one_the_evidence_titles_otherwise() -> None:
    text = (
        "Somalia's new President Mohamed Abdullahi Mohamed has picked Hassan Ali Khaire, a "
        "former oil company executive, as the country's prime minister."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    for question in ("Who is Somalia's new prime minister?", "Who is the new prime minister?"):
        answer = answerer.answer(question, [one_passage(text)])
        assert answer.short_answer is not None, answer.answer
        assert answer.short_answer.text == "Hassan Ali Khaire"
    president = answerer.answer("Who is Somalia's new president?", [one_passage(text)])
    assert president.short_answer is not None
    assert president.short_answer.text == "Mohamed Abdullahi Mohamed"
