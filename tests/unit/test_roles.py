"""Roles and the names a question asks about: a person asked for by a role is not one the
evidence names with another role ("chief executive Travis Kalanick" for a chief operating
officer, "former captain Judy Murray" for the current captain); evidence about something else
is refused."""

from __future__ import annotations

import pytest

from assistant.answer import REFUSAL
from assistant.entities import Entity, EntityTagger
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
        (  # the role asked, then another, both his: "its chairman, ... professor <name>"
            "Who chaired the commission that wrote the report?",
            "It was written by the commission and its chairman, Canadian law professor Judy Murray.",
            False,
        ),
        (
            "Who chaired the commission that wrote the report?",
            "It was written by the commission and Canadian law professor Judy Murray.",
            True,
        ),
        (  # the role asked set after the name, between commas: hers too
            "Who heads the activist group NextGen Climate?",
            "It is an assault, said activist Judy Murray, the head of activist group NextGen.",
            False,
        ),
        (
            "Who heads the activist group NextGen Climate?",
            "It is an assault, said activist Judy Murray, who backs NextGen.",
            True,
        ),
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
    # but not the first name alone of a two-word name: "Emmanuel" of "Emmanuel Macron"
    macron = sentence("Candidate Emmanuel Macron called for calm.")
    momoh = sentence("Pastor Emmanuel Momoh's discovery is the biggest since 1972.")
    asked = "Who did Emmanuel Momoh give the diamond to?"
    assert about_something_else(asked, macron, [macron, momoh])
    assert not about_something_else(asked, momoh, [macron, momoh])
    # but the first word of a name that the passage uses alone: "Faraday" of "Faraday Future"
    faraday = sentence("Faraday unveiled its first production vehicle, the FF91, in January.")
    future = sentence("Faraday Future is building a factory in Nevada.")
    car = "What is the name of Faraday Future's first production vehicle?"
    assert not about_something_else(car, faraday, [faraday, future])


def test_evidence_from_a_passage_that_names_none_of_the_questions_names_is_refused() -> None:
    from types import SimpleNamespace

    from assistant.refusal import about_something_else
    from tests.unit.test_extractive import one_passage

    def sentence(text: str, title: str = "") -> SimpleNamespace:
        doc = one_passage(text)
        doc.metadata["title"] = title
        return SimpleNamespace(doc=doc)

    gorsuch = sentence("Judge Neil Gorsuch begins his confirmation hearings today.")
    yahoo = sentence("Two FSB officers were charged over the Yahoo breach.")
    question = "Which judge will hear the case against the Yahoo hackers?"
    assert about_something_else(question, gorsuch, [gorsuch, yahoo])
    assert not about_something_else(question, yahoo, [gorsuch, yahoo])
    # Nothing better to go by: no candidate names Yahoo either.
    assert not about_something_else(question, gorsuch, [gorsuch])
    # The article's title counts, and a name by its first five letters.
    union = sentence(
        "The contracts were approved by the GMB union.", "Asda offers staff a pay rise"
    )
    asda = sentence("Asda is offering staff a higher wage.")
    assert not about_something_else("Which union backed Asda's contracts?", union, [asda])
    assert about_something_else("Which union backed Asda's contracts?", yahoo, [asda])
    # "his company" resolved to "Travis Kalanick’s company": the company is asked about, and
    # a passage on Uber that never names Kalanick may answer.
    uber = sentence("Uber said it had begun a review of its Greyball software.")
    kalanick = sentence("Uber is searching for a COO to help chief executive Travis Kalanick.")
    owned = "What software did Travis Kalanick’s company use to evade regulators?"
    assert not about_something_else(owned, uber, [uber, kalanick])
    assert about_something_else("What software did Travis Kalanick use?", uber, [uber, kalanick])
    morocco = sentence("The king named Saad-Eddine El Othmani.", "Morocco's king names new PM")
    rabat = sentence("Moroccan voters went to the polls in October.")
    assert not about_something_else("Whom did the Moroccan king name?", morocco, [rabat])
    assert not about_something_else("Which judge will hear the case?", gorsuch, [yahoo])


def test_the_answerer_refuses_evidence_about_something_else() -> None:
    from tests.unit.test_extractive import one_passage

    gorsuch = one_passage("Judge Neil Gorsuch begins his confirmation hearings in Washington.")
    yahoo = one_passage("Two FSB officers were charged over the Yahoo breach on Wednesday.")
    yahoo.id, yahoo.metadata["source"] = "c1", "b.txt"
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer(
        "Which judge will hear the case against the Yahoo hackers?", [gorsuch, yahoo]
    )
    assert answer.refused
    assert not answerer.answer("Which judge begins his confirmation hearings?", [gorsuch]).refused


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Who chairs the Senate Judiciary Committee?", ["chair"]),
        ("Which surgeon performed Tiger Woods's back operations?", ["surgeon"]),
        ("Whom did Morocco's king appoint as the new prime minister?", ["prime", "minist"]),
        ("Who did Uber hire as its new chief operating officer?", ["chief", "oper", "offic"]),
        ("Which senator did she quote?", ["senat"]),
        # a kin the article must call so ("the family of Beth Thomas" names no parent)
        ("What are the names of Elizabeth Thomas's parents?", ["parent"]),
        ("What is the name of Derek's mother?", ["mother"]),
        # No post asked: a verb of doing, finding, or a place.
        ("Who won the Dubai Desert Classic?", []),
        ("Who found the huge diamond in Sierra Leone?", []),
        ("Who called the minerals deal predatory?", []),
        ("In which city was Russian President Vladimir Putin on Feb. 19?", []),
    ],
)
def test_the_role_a_question_asks_for(question: str, role: list[str]) -> None:
    from assistant.refusal import asked_role

    assert asked_role(question) == role


def test_evidence_that_never_names_the_role_asked_for_lacks_it() -> None:
    from types import SimpleNamespace

    from assistant.refusal import lacks_role

    question = "Who chairs Turkmenistan's election commission?"
    president = SimpleNamespace(
        text="Turkmenistan's sitting president Gurbanguly Berdymukhamedov won 97.69 percent."
    )
    chairman = SimpleNamespace(
        text="Election commission chairman Gulmurat Muradov told reporters the vote was fair."
    )
    assert lacks_role(question, "person", [president, None])
    assert not lacks_role(question, "person", [president, chairman])
    # "Sen." is the senator asked for; a question for a place asks for no role.
    graham = SimpleNamespace(text="Sen. Lindsey Graham spoke.")
    assert not lacks_role("Which senator spoke?", "person", [graham])
    assert not lacks_role("Which city did the president visit?", "place", [president])


def test_the_sentence_naming_the_post_leads_or_the_answerer_refuses() -> None:
    from tests.unit.test_extractive import one_passage

    text = (
        "Turkmenistan's sitting president Gurbanguly Berdymukhamedov received 97 percent of "
        "the votes, the election commission said on Monday. Commission chairman Gulmurat "
        "Muradov said turnout was high."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("Who chairs Turkmenistan's election commission?", [one_passage(text)])
    assert answer.short_answer is not None and answer.short_answer.text == "Gulmurat Muradov"
    refused = answerer.answer("Who coaches the Turkmen election commission?", [one_passage(text)])
    assert refused.refused and refused.answer == REFUSAL


def test_a_name_inside_a_quotation_answers_no_who_question() -> None:
    from assistant.quotes import outside_quotes, unquoted
    from tests.unit.test_extractive import one_passage

    text = "Wimpy's catchphrase started in 1931 as, \"Cook me up a hamburger, I'll pay you.\""
    tagged = EntityTagger().tag([text])
    assert "Cook" not in [e.text for e in outside_quotes([text], tagged)]
    assert "Cook" not in unquoted(text)
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("Which cartoonist created Wimpy?", [one_passage(text)])
    assert answer.refused and answer.short_answer is None


def test_who_is_the_role_is_the_one_the_article_calls_so() -> None:
    from tests.unit.test_extractive import one_passage

    text = (
        "Tad Cummins, 50, is accused of kidnapping teenager Elizabeth Thomas in Tennessee. "
        "Cummins was a teacher at her school until he was fired."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    asked = "Who is the former teacher accused of kidnapping a student in Tennessee?"
    short = answerer.answer(asked, [one_passage(text)]).short_answer
    assert short is not None and short.text == "Tad Cummins"
    # Without the sentence that calls him a teacher, nothing tells them apart by the role.
    from assistant.personnames import called_a

    assert not called_a("Elizabeth Thomas", ["former", "teacher"], [text])
    assert called_a("Tad Cummins", ["former", "teacher"], [text])
    assert called_a("Jill Cummins", ["teacher"], ["She met teacher Jill Cummins."])


def test_a_successor_is_asked_of_evidence_that_speaks_of_one() -> None:
    from assistant.refusal import misses_what_is_asked

    question = "Who will replace Joanna Rowsell Shand in Britain's team pursuit squad?"
    teammates = "Rowsell Shand won gold in the team pursuit in Rio alongside Elinor Barker."
    assert misses_what_is_asked(question, teammates)
    assert not misses_what_is_asked(question, "Elinor Barker will take over her place.")
    assert not misses_what_is_asked("Who did Gorsuch replace?", "Gorsuch replaces Scalia.")
    assert not misses_what_is_asked("Who won gold in Rio?", teammates)
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    assert answerer.answer(question, [one_passage(teammates)]).answer == REFUSAL
    named = "Rowsell Shand will be replaced in the squad by Elinor Barker."
    short = answerer.answer(question, [one_passage(named)]).short_answer
    assert short is not None and short.text == "Elinor Barker"


def test_the_outlet_a_question_names_is_what_the_evidence_is_about() -> None:
    from types import SimpleNamespace

    from assistant.refusal import about_something_else
    from tests.unit.test_extractive import one_passage

    def sentence(text: str, url: str) -> SimpleNamespace:
        doc = one_passage(text)
        doc.metadata["url"] = url
        return SimpleNamespace(doc=doc)

    column = sentence(
        "The government should consider coming up with property tax.",
        "http://europe.chinadaily.com.cn/epaper/2017-01/13/content_27941572.htm",
    )
    other = sentence("China Daily reported on the property market.", "http://www.bbc.co.uk/news/1")
    question = "What tax does the China Daily column suggest the government introduce?"
    assert not about_something_else(question, column, [column, other])
    elsewhere = sentence(column.doc.page_content, "http://www.bbc.co.uk/news/2")
    assert about_something_else(question, elsewhere, [elsewhere, other])


@pytest.mark.parametrize(
    ("question", "role"),
    [
        # "Who is the <post> ...?": all the post's words
        ("Who is the chief executive officer of SDCmaterials?", ["chief", "execut", "offic"]),
        ("What is the name of the lawyer representing Theo?", ["lawyer"]),
        ("Who were the two FSB officers indicted?", ["fsb", "offic"]),  # not the count
        ("Who will chair the Commission of Investigation?", ["chair"]),
        ("who was the founder of the republican party", ["founder"]),
        ("Who is the former teacher accused of kidnapping a student?", []),
        ("Which composers inspired John Williams?", []),  # any composer
    ],
)
def test_who_is_the_post_asks_for_the_post(question: str, role: list[str]) -> None:
    from assistant.refusal import asked_role

    assert asked_role(question) == role


def test_a_founder_is_named_by_founded() -> None:
    from types import SimpleNamespace

    from assistant.refusal import lacks_role

    founded = SimpleNamespace(text="The party was founded by anti-slavery activists in 1854.")
    question = "who was the founder of the republican party"
    assert not lacks_role(question, "person", [founded])
    ceo = SimpleNamespace(
        text='"We are going to market," said Chief Strategy Officer Peter Nitoglia.'
    )
    assert lacks_role("Who is the chief executive officer of CarSound?", "person", [ceo])
