"""The person a sentence speaks of when its subject is a pronoun ("He admitted ..."), across
passages; names spaCy mistags or mangles; counts that are no shares; datelines."""

from __future__ import annotations

import json

import pytest
from langchain_core.documents import Document

from assistant.entities import EntityTagger
from assistant.extractive import ExtractiveAnswerer
from assistant.language import answer_type
from assistant.numbers import counted_units, number_fits
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import one_passage
from vectorstore.sentences import split_sentences

pytestmark = pytest.mark.unit

GAMBIA = (
    "Adama Barrow is going to be sworn in as The Gambia's new president on Saturday. "
    "Barrow is attaching high priority to good relations with western donors. "
    'He admitted last week that Gambia\'s economy was "essentially bankrupt."'
)


def chunks(text: str, cut: int) -> list[Document]:
    """``text`` as two passages of one article, cut at character ``cut`` (the second is
    retrieved first)."""
    docs = []
    for i, (start, end) in enumerate([(0, cut), (cut, len(text))]):
        part = text[start:end]
        spans = json.dumps([[a, start + a, start + b] for a, b in split_sentences(part)])
        meta = {"source": "a.txt", "spans": spans}
        docs.append(Document(id=f"c{i}", page_content=part, metadata=meta))
    return docs[::-1]


def test_a_sentence_opening_on_he_answers_with_whom_the_sentence_before_names() -> None:
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer(
        "Who acknowledged that The Gambia's economy was effectively bankrupt?",
        [one_passage(GAMBIA)],
    )
    assert not answer.refused
    assert answer.short_answer is not None and answer.short_answer.text == "Adama Barrow"


def test_the_sentence_before_may_end_the_passage_before() -> None:
    text = (
        "We all know his boss, President Donald Trump, has not taken kindly to the spoofs "
        "on Twitter. "
        "He's also said that Alec Baldwin's impersonation \"just can't get any worse.\""
    )
    docs = chunks(text, text.index("He's"))
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer(
        "Who complained that Alec Baldwin's impersonation of him could not get any worse?", docs
    )
    assert not answer.refused
    # the first named, the subject; not "Twitter", which spaCy reads as a person
    assert answer.short_answer is not None and answer.short_answer.text == "Donald Trump"


def test_a_surname_spacy_tags_an_organisation_is_a_person_the_article_names_in_full() -> None:
    from assistant.kinds import holds_kind

    tagger = EntityTagger()
    texts = GAMBIA.split(". ")[1:]
    question = "Who acknowledged that the economy was bankrupt?"
    assert any(e.label == "ORG" and e.text == "Barrow" for e in tagger.tag(texts)[0])
    assert holds_kind(tagger, "both", texts, texts[1], "person", question, lambda n: True)
    assert not holds_kind(tagger, "both", texts, texts[1], "person", question, lambda n: False)


def test_a_name_ends_before_a_common_word_or_a_mangled_quotation_mark() -> None:
    tagger = EntityTagger()
    found = tagger.tag(
        [
            "Fillon paid his wife Penelope hundreds of thousands of euros of public money.",
            'It is pretty new knowledge,"?Caspi added.',
            "German expert Ferdinand Dudenh?ffer met the Bank of America.",
        ]
    )
    names = [{e.text for e in sentence} for sentence in found]
    assert "Penelope" in names[0] and not any("hundreds" in n for n in names[0])
    assert "Caspi" in names[1]
    assert {"Ferdinand Dudenh?ffer", "the Bank of America"} <= names[2]  # "?" is a lost letter


def test_how_many_is_not_answered_by_a_share_nor_by_a_day() -> None:
    question = "How many UK films did the institute analyse?"
    assert not number_fits("research found that 59% of UK films had no black actors", question)
    assert not number_fits("59 per cent of UK films", question)
    assert number_fits("it analysed 1,200 UK films", question)
    panel = "How many members of the FIS Doping Panel voted against?"
    assert "the" not in counted_units(panel.lower())
    assert not number_fits("In 2016 the panel met.", panel)  # no "2016 the[s]" counted
    assert not number_fits("On January 25, the FIS Anti-Doping Panel ruled.", panel)
    assert number_fits("Three members of the panel voted against.", panel)
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    text = "Research found that 59% of UK films had no black actors, in a study of 1,200 UK films."
    answer = answerer.answer(question, [one_passage(text)])
    assert answer.short_answer is not None and answer.short_answer.text == "1,200"


def test_what_are_the_dates_asks_for_a_date() -> None:
    assert answer_type("What are the dates of Xi Jinping's state visit to Switzerland?") == "date"
    assert answer_type("What was the date of the vote?") == "date"


def test_a_dateline_answers_nothing() -> None:
    text = (
        "MOSCOW, February 7. /TASS/. Four skiers are set to appeal their suspension with the "
        "Court of Arbitration for Sport."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer(
        "On what date will the court hear the skiers' appeals?", [one_passage(text)]
    )
    assert answer.short_answer is None or "February" not in answer.short_answer.text


def test_he_is_the_first_the_sentence_before_names_not_the_one_beside_the_asked_word() -> None:
    from assistant.shortanswer import Evidence, find

    previous = Evidence(
        "We all know his boss, President Donald Trump, has not taken kindly to the spoofs, "
        "complaining on Twitter that the show is not funny.",
        0,
        "c0",
    )
    said = Evidence(
        "He's also said that the impersonation \"just can't get any worse.\"", 120, "c1"
    )
    question = "Who complained that the impersonation could not get any worse?"
    short = find(EntityTagger(), question, "person", [said], previous, [previous, said])
    assert short is not None and short.text == "Donald Trump"  # not "Twitter" (spaCy: PERSON)


def test_a_glued_hyphen_and_an_open_parenthesis_end_no_name_and_no_amount() -> None:
    text = (
        "After a visit to The Gambia, EU commissioner for international cooperation and "
        "development,-Neven Mimica, promised the country a 75 million euro-($80 million) aid "
        "package."
    )
    found = {(e.text, e.label) for e in EntityTagger().tag([text])[0]}
    assert ("Neven Mimica", "PERSON") in found
    assert ("75 million euro", "MONEY") in found
    question = "Which EU commissioner visited The Gambia after Barrow took power?"
    assert answer_type(question) == "person"


def test_what_sum_asks_for_a_number() -> None:
    assert answer_type("What exact sum of public money was his wife paid?") == "number"
    assert answer_type("What was the total sum paid?") == "number"


def test_an_address_is_no_name() -> None:
    text = "Geng says. fujing@chinadaily.com.cn (China Daily European Weekly 01/13/2017 page3)"
    found = EntityTagger().tag([text])[0]
    assert not any("@" in e.text for e in found)


def test_how_many_did_they_arrest_is_counted_after_the_verb() -> None:
    question = "How many people did police arrest in Seine-Saint-Denis on Wednesday?"
    assert number_fits("Police arrested 17 Wednesday in the Seine-Saint-Denis region.", question)
    assert not number_fits("Police met 17 Wednesday in the region.", question)


def test_a_quotation_alone_is_spoken_by_the_surname_before_it_whatever_spacy_calls_it() -> None:
    text = (
        "Refugees were packed into flimsier boats, HRW's Sunderland said. "
        '"Conditions are ripe for more tragedies at sea." '
        "Judith Sunderland is associate director for Europe at Human Rights Watch."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer(
        "Who warned that conditions are ripe for more tragedies at sea?", [one_passage(text)]
    )
    assert answer.short_answer is not None and answer.short_answer.text == "Judith Sunderland"


def test_whoever_says_it_is_a_person_whatever_spacy_calls_the_name() -> None:
    text = (
        '"I will instead serve as an unpaid employee in the White House Office, subject to all '
        'of the same rules as other federal employees," Ivanka Trump said in a statement.'
    )
    found = {(e.text, e.label) for e in EntityTagger().tag([text])[0]}
    assert ("Ivanka Trump", "PERSON") in found  # spaCy: WORK_OF_ART


def test_how_thick_asks_for_a_length() -> None:
    question = "How thick is the feedstock used for ballpoint pen tips?"
    assert answer_type(question) == "number"
    assert number_fits("The feedstock (only 2.3 millimeters thick) needs microelements.", question)
    assert not number_fits("It costs 120,000 yuan per ton.", question)


def test_a_place_that_speaks_is_a_person_the_article_names_in_full() -> None:
    from assistant.kinds import holds_kind

    tagger = EntityTagger()
    texts = [
        "Along with impending border control efforts, refugees were subject to increasingly "
        "cruel treatment by smugglers, including being packed into flimsier boats, "
        "Sunderland said.",
        '"Conditions are ripe for more tragedies at sea."',
    ]
    question = "Who warned that conditions are ripe for more tragedies?"
    assert any(e.label == "GPE" and e.text == "Sunderland" for e in tagger.tag(texts)[0])
    assert holds_kind(tagger, "both", texts, texts[1], "person", question, lambda n: True)
    assert not holds_kind(tagger, "both", texts, texts[1], "person", question, lambda n: False)
    # a place that does not speak stays a place: "... in Sunderland."
    placed = ["Refugees were packed into flimsier boats in Sunderland.", texts[1]]
    assert not holds_kind(tagger, "both", placed, placed[1], "person", question, lambda n: True)


def test_a_place_that_does_not_speak_gives_no_speaker_to_a_quotation_after_it() -> None:
    from assistant.shortanswer import Evidence, find

    article = [Evidence("Judith Sunderland works for Human Rights Watch.", 0, "c0")]
    quote = Evidence('"Conditions are ripe for more tragedies at sea."', 200, "c1")
    question = "Who warned that conditions are ripe for more tragedies?"
    said = Evidence("Refugees were packed into boats, Sunderland said.", 140, "c1")
    short = find(EntityTagger(), question, "person", [quote], said, [*article, said, quote])
    assert short is not None and short.text == "Judith Sunderland"
    placed = Evidence("Refugees were packed into boats bound for Sunderland.", 140, "c1")
    short = find(EntityTagger(), question, "person", [quote], placed, [*article, placed, quote])
    assert short is None


def test_how_many_of_a_named_kind_needs_the_name() -> None:
    question = "How many North Korean athletes are expected to compete at PyeongChang?"
    assert not number_fits("It will welcome nearly 3,000 athletes from 100 countries.", question)
    assert number_fits("Some 20 North Korean athletes are expected.", question)
    assert number_fits("He has won 22 Grammys.", "How many Grammy awards does he hold?")


def test_how_much_ransom_asks_for_a_ransom() -> None:
    question = "How much ransom did the rebels demand for the aid workers?"
    assert not number_fits(
        "The rebels abducted eight staff and are holding them to ransom.", question
    )
    assert not number_fits("The state will charge a levy of $10,000 per aid worker.", question)
    assert number_fits("They demanded a ransom of $2 million.", question)
    assert number_fits("It sold for $5m.", "How much money did it raise?")


def test_the_value_or_revenue_asked_is_a_sum_of_that_name() -> None:
    assert answer_type("What is the dollar value of CarSound's purchase order?") == "number"
    assert answer_type("What was Mobileye's total revenue last year?") == "number"
    assert answer_type("What values does the party hold?") == ""
    question = "What was Mobileye's total revenue last year?"
    assert not number_fits("It had adjusted net income of $173.3 million last year.", question)
    assert number_fits("Its revenue was $358 million last year.", question)


def test_a_number_that_ends_a_name_counts_nothing() -> None:
    from assistant.numbers import in_a_name

    text = "Samsung sold 3.06 million Note 7s and the Galaxy Note 7 burned in Flight 370."
    assert in_a_name(text, text.index("7s")) and in_a_name(text, text.index("370"))
    assert not in_a_name(text, text.index("3.06"))
    assert not in_a_name("Nearly 3,000 came in 2016 on March 7.", 7)
    assert not in_a_name("Setting 30 years after Jedi", 8)  # a sentence's first word
    question = "How many Galaxy Note 7 phones self-combusted before Samsung scrapped it?"
    assert not number_fits("Regarding the Galaxy Note 7 devices, it depends.", question)
    assert number_fits("Some 35 Galaxy Note 7 phones caught fire.", question)


def test_a_length_may_glue_its_unit_to_the_figure() -> None:
    question = "How long is the mountainous border Pakistan shares with Afghanistan?"
    assert number_fits("Pakistan shares a 2,500km-long mountainous border.", question)
    assert not number_fits("The border has 25 crossings.", question)


def test_a_question_typed_in_lower_case_still_names_whom_it_asks_about() -> None:
    caption = (
        "Vice-President JD Vance, second right, meets with Ukraine’s President Volodymyr "
        "Zelenskyy, third left, on the sidelines of the Munich Security Conference."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    for asked in (
        "Who met Zelenskyy on the sidelines of the Munich Security Conference?",
        "who met zelenskyy on the sidelines of the munich security conference",
    ):
        answer = answerer.answer(asked, [one_passage(caption)])
        assert answer.short_answer is not None and answer.short_answer.text == "JD Vance"
