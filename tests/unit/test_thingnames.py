"""The name of a thing asked for where no kind of entity answers: a title, a name before the
noun asked, a nickname."""

from __future__ import annotations

import pytest

from assistant.extractive import ExtractiveAnswerer
from assistant.thingnames import asked_noun
from tests.conftest import FakeEmbeddings

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Which film brought Williams his first Oscar nomination?", "film"),
        ("What is the name of the book Gorsuch wrote?", "book"),
        ("What is the name of the Turkmen president's favourite horse?", "horse"),
        ("By what nickname is President Mohamed known?", "nickname"),
        ("what native american tribe inhabited what is now chicago", "tribe"),  # qualifiers
        ("Which clan is he a member of?", "clan"),
        ("In the wake of which report were the skiers suspended?", "report"),  # a phrase first
        # no thing's noun: a verb, a kind, a figure
        ("What did Trump say about the deal?", None),
        ("What kind of talks does Trump want?", None),
        ("What percentage of the vote did he get?", None),
    ],
)
def test_the_noun_of_the_thing_asked_for(question: str, noun: str | None) -> None:
    assert asked_noun(question) == noun


@pytest.mark.parametrize(
    ("text", "question", "short"),
    [
        (
            'His music set the mood in "Lost in Space," and later the theme for 1967\'s '
            '"Valley of the Dolls," for which he received his first Oscar nomination.',
            "Which film brought Williams his first Oscar nomination?",
            "Valley of the Dolls",
        ),
        (
            'Gorsuch\'s book, "The Future of Assisted Suicide and Euthanasia," examines it.',
            "What is the name of the book Gorsuch wrote?",
            "The Future of Assisted Suicide and Euthanasia",
        ),
        (
            "In 1928, the Conservative government passed the Representation of the People "
            "(Equal Franchise) Act giving the vote to all women over the age of 21.",
            "Which act gave women the vote?",
            "Representation of the People (Equal Franchise) Act",
        ),
        (
            "Khaire is a member of the Hawiye clan, as is the former president.",
            "Which clan is Khaire a member of?",
            "Hawiye clan",
        ),
        (
            "President Mohamed, also known as Farmajo, appoints Hassan Ali Khaire.",
            "By what nickname is President Mohamed Abdullahi Mohamed known?",
            "Farmajo",
        ),
    ],
)
def test_a_things_name_leads_the_answer(text: str, question: str, short: str) -> None:
    from tests.unit.test_extractive import one_passage

    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        question, [one_passage(text)]
    )
    assert answer.short_answer is not None and answer.short_answer.text == short, answer.answer
    assert answer.answer.startswith(f"{short}. [1]")


def test_no_name_is_made_of_a_pronoun_or_the_question_own() -> None:
    from tests.unit.test_extractive import one_passage

    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    text = "His book examines the legal and ethical issues of the Gorsuch era."
    answer = answerer.answer("What is the name of the book Gorsuch wrote?", [one_passage(text)])
    assert answer.short_answer is None, answer.answer


def test_a_title_in_the_sentence_shown_second_still_leads() -> None:
    from tests.unit.test_extractive import one_passage

    text = (
        'His music created the mood in "Lost in Space," and later the theme for 1967\'s '
        '"Valley of the Dolls," for which he received his first Oscar nomination. Inspired '
        "by Richard Wagner, Williams has won numerous awards throughout his career, becoming "
        "the second-most-nominated person in Academy Award history with 50 Oscar nominations "
        "for film music, his first in 1967."
    )
    question = "Which film brought Williams his first Oscar nomination?"
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        question, [one_passage(text)]
    )
    assert answer.short_answer is not None, answer.answer
    assert answer.short_answer.text == "Valley of the Dolls"


def test_the_questions_own_words_at_a_sentence_start_name_nothing() -> None:
    from assistant.shortanswer import Evidence
    from assistant.thingnames import thing_named

    said = [Evidence("Cruise ships themselves are a source of dangerous pollutants.", 0, "c")]
    question = "What is the name of the cruise ship that hit the reef in Indonesia?"
    assert thing_named(question, said) is None
    # a name of the question's words is a name where it does not open the sentence
    said = [Evidence("Kenya became independent under the Kenya Independence Act 1963.", 0, "c")]
    short = thing_named("Under which act did Kenya become independent?", said)
    assert short is not None and short.text == "Kenya Independence Act"


def test_a_question_for_a_name_is_led_by_a_sentence_that_gives_one() -> None:
    from tests.unit.test_extractive import one_passage

    text = (
        "In the book, Gorsuch concludes that euthanasia should not be legalized. "
        "He clerked for two justices on the Supreme Court. "
        'His book, "The Future of Assisted Suicide and Euthanasia," examines the issues.'
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("What is the name of the book Gorsuch wrote?", [one_passage(text)])
    assert answer.short_answer is not None
    assert answer.short_answer.text == "The Future of Assisted Suicide and Euthanasia"


def test_the_name_of_the_thing_may_be_in_the_sentence_after_the_best() -> None:
    from tests.unit.test_extractive import one_passage

    text = (
        "On December 23, the FIS provisionally suspended six Russian cross-country skiers over "
        "alleged violations of anti-doping rules. "
        "The six Russian skiers provisionally suspended are four male and two female skiers. "
        "The decision, announced by the federation's council after a long meeting in Oberhofen, "
        "was made in the wake of the infamous McLaren Report."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    question = "In the wake of which report were the six Russian skiers provisionally suspended?"
    answer = answerer.answer(question, [one_passage(text)])
    assert answer.short_answer is not None and answer.short_answer.text == "McLaren Report"
    # a neighbour that shares nothing with the question but the noun does not lead
    other = "Which report were the six Russian cross-country skiers provisionally suspended over?"
    answer = answerer.answer(other, [one_passage(text)])
    assert answer.short_answer is None or answer.short_answer.text != "McLaren Report"
