"""Short answers, whole quotations, compound questions, follow-ups and the refusal model."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from assistant.answer import Answer, Citation, ShortAnswer, lead_text
from assistant.entities import Entity, EntityTagger, names_a_person, of_kind
from assistant.extractive import ExtractiveAnswerer
from assistant.language import answer_type
from assistant.quotes import complete_quotes, open_quotes
from assistant.refusal import FEATURES, RefusalModel, default_model, tells_of_someone_else
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import passages

pytestmark = pytest.mark.unit


def test_the_answer_leads_with_the_full_name_at_its_exact_span(fake_chunker) -> None:
    text, docs = passages(fake_chunker)
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "Who called the terms of the minerals deal predatory?", docs
    )
    short = answer.short_answer
    assert short is not None and short.text == "John Hardie"
    assert text[short.start : short.end] == "John Hardie"
    assert answer.answer.startswith(f"John Hardie. [{short.n}]")
    assert any(c.n == short.n for c in answer.citations)
    assert answer.to_dict()["short_answer"] == {
        "text": "John Hardie",
        "start": short.start,
        "end": short.end,
        "n": short.n,
    }


def test_a_date_question_leads_with_the_date(fake_chunker) -> None:
    text, docs = passages(fake_chunker)
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "When did Trump meet Zelenskyy at Trump Tower?", docs
    )
    assert answer.short_answer is not None
    assert text[answer.short_answer.start : answer.short_answer.end] == answer.short_answer.text
    assert "2024" in answer.short_answer.text


def test_no_answer_sentence_starts_or_ends_inside_a_quotation(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    for question in (
        "Who has no cards?",
        "What did Trump say you get sick of?",
        "Who did the article say was negotiating with no cards?",
    ):
        answer = answerer.answer(question, docs)
        # read as the verifier reads it, every answer sentence holds whole quotations
        from assistant.verify import cited_sentences

        for sentence, _ in cited_sentences(answer.answer):
            assert open_quotes(sentence) == 0, sentence


def test_open_quotes_counts_curly_and_straight_marks() -> None:
    assert open_quotes("“I’ve been watching for years.") == 1
    assert open_quotes("You just get sick of it,” Trump said.") == -1
    assert open_quotes("“Whole,” he said.") == 0
    assert open_quotes('"We will not sign it.') == 1
    assert open_quotes('It is predatory," he said.') == -1


class _S:
    def __init__(self, text: str, start: int) -> None:
        self.text, self.start, self.end = text, start, start + len(text)


def test_complete_quotes_adds_neighbours_until_the_marks_balance() -> None:
    texts = [
        "Trump spoke.",
        "“I’ve been watching for years.",
        "He has no cards.",
        "You just get sick of it,” Trump said.",
    ]
    sentences, at = [], 0
    for t in texts:
        sentences.append(_S(t, at))
        at += len(t) + 1

    def starts(found: list[_S]) -> list[int]:
        return [sentences.index(s) for s in found]

    assert starts(complete_quotes(sentences[2], sentences)) == [2]
    assert starts(complete_quotes(sentences[1], sentences)) == [1, 2, 3]
    assert starts(complete_quotes(sentences[3], sentences)) == [1, 2, 3]
    # a quotation that runs past the sentences at hand cannot be completed: the sentence alone
    assert starts(complete_quotes(sentences[1], sentences[:3])) == [1]
    # nor across a gap (a sentence of the article that is not at hand)
    assert starts(complete_quotes(sentences[3], [sentences[1], sentences[3]])) == [3]


def test_an_answer_quotation_split_by_the_splitter_is_one_checked_sentence() -> None:
    from assistant.verify import cited_sentences

    text = "Trump. [1] “I’ve been watching. [2] He has no cards,” Trump said. [3] Next one. [4]"
    assert cited_sentences(text) == [
        ("Trump.", [1]),
        ("“I’ve been watching. He has no cards,” Trump said.", [2, 3]),
        ("Next one.", [4]),
    ]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What did Hardie say the US gets from the deal?", "quote"),
        ("How did Trump describe Zelenskyy?", "quote"),
        ("What is the deal about?", ""),
    ],
)
def test_answer_type_quote(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_a_lead_telling_of_someone_not_asked_about_goes_after_one_that_does() -> None:
    other = "Mohamed is with the Darod clan."
    tagged: list[str] = []

    def people(text: str) -> list[Entity]:
        tagged.append(text)
        return [Entity("Mohamed", "PERSON", text.find("Mohamed"), text.find("Mohamed") + 7)]

    asked = "Where did Hassan Ali Khaire work before?"
    assert tells_of_someone_else(asked, other, people)
    assert not tells_of_someone_else(asked, "Khaire is with the Hawiye clan.", people)
    assert not tells_of_someone_else("Where did he work?", other, people)  # names nobody
    # A sentence that opens on a place, not a person, is left where it is.
    assert not tells_of_someone_else(asked, "In Norway, Mohamed worked.", people)
    # The tagger runs only on a sentence that opens on a capital and names nobody asked about.
    assert not tells_of_someone_else(asked, "the clan of Mohamed is Darod.", people)
    assert tagged == [other, "In Norway, Mohamed worked."]


def test_the_tagger_types_speakers_as_people() -> None:
    tagger = EntityTagger()
    found = tagger.tag(["But Hardie argued that the deal was bad, said Jensen in Munich."])[0]
    people = {e.text for e in of_kind(found, "person")}
    assert "Hardie" in people
    assert {e.text for e in of_kind(found, "place")} == {"Munich"}
    sentence = "But Hardie argued that the deal was bad, said Jensen in Munich."
    assert all(sentence[e.start : e.end] == e.text for e in found)


def test_the_tagger_corrects_countries_companies_and_bare_names() -> None:
    tagger = EntityTagger()
    # spaCy tags "Soma Oil" a person here: a company's last word makes it an organisation.
    said = "The new prime minister had resigned from his job, Soma Oil said."
    assert [e.text for e in of_kind(tagger.tag([said])[0], "organization")] == ["Soma Oil"]
    assert not of_kind(tagger.tag([said])[0], "person")
    # A country is a place whatever spaCy tags it: no answer to "which company".
    found = tagger.tag(["Britain's Konta beat Latvia, Britain said on Friday."])[0]
    assert not {"Britain", "Latvia"} & {e.text for e in of_kind(found, "organization")}
    # "Mohamed" alone is tagged ORG; the article names him in full.
    bare = "The appointment came shortly before Mohamed, also known as Farmajo, departed."
    article = [bare, "Somalia's new President Mohamed Abdullahi Mohamed has picked him."]
    assert [e.text for e in of_kind(tagger.tag([bare])[0], "organization")] == ["Mohamed"]
    assert names_a_person(tagger, "Mohamed", article)
    assert not names_a_person(tagger, "Mohamed", article[:1])
    assert not names_a_person(tagger, "Soma Oil", [said])
    # No one is "in" a person: spaCy's "Hill" of "Copacetic Comics in Polish Hill".
    filmed = "It was filmed at Copacetic Comics in Polish Hill, and a street corner."
    assert not of_kind(tagger.tag([filmed])[0], "person")
    reign = "She was born in Queen Victoria's reign."  # an owner stays a person
    assert [e.text for e in of_kind(tagger.tag([reign])[0], "person")] == ["Queen Victoria"]
    # a country's someone is a person ("Latvia's Diana Marcinkevica", tagged a place)
    beat = "World number 72 Watson beat Latvia's Diana Marcinkevica 6-3 6-0, before Konta won."
    assert "Diana Marcinkevica" in [e.text for e in of_kind(tagger.tag([beat])[0], "person")]
    bank = "Germany's Deutsche Bank fell."  # not a company
    assert not of_kind(tagger.tag([bank])[0], "person")
    # two places side by side are one ("DR" and "Congo")
    found = tagger.tag(["Incomparable Diamond, found in DR Congo in 1984, weighed 890 carats."])[0]
    assert "DR Congo" in [e.text for e in of_kind(found, "place")]


def test_a_quoted_lead_that_ends_its_sentence_gets_no_second_stop() -> None:
    assert lead_text(ShortAnswer("“wasted trip.”", 0, 14, 1), "") == "“wasted trip.” [1]"
    assert lead_text(ShortAnswer("wasted trip", 0, 11, 1), "quote") == "“wasted trip”. [1]"
    assert lead_text(ShortAnswer("John Hardie", 0, 11, 2), "person") == "John Hardie. [2]"


def test_refusal_model_reads_its_file_and_rises_with_the_evidence() -> None:
    model = default_model()
    weak = dict.fromkeys(FEATURES, 0.0)
    strong = {**weak, "score": 0.9, "coverage": 1.0, "dense": 0.8, "typed": 1.0, "focus": 1.0}
    assert model.probability(strong) > model.probability(weak)
    assert 0.0 < model.threshold < 1.0


def test_the_off_topic_model_ships_and_survives_its_json_form() -> None:
    model = default_model()
    assert model.off_topic is not None and 0.0 < model.off_topic.threshold < 1.0
    again = RefusalModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again == model
    # A question nothing in the collection is about: no term held, nothing close in meaning.
    nothing = dict.fromkeys(FEATURES, 0.0) | {"needs_type": 1.0, "typed": 1.0, "absent": 3.0,
                                             "unmatched": 3.0}  # fmt: skip
    held = nothing | {"score": 0.8, "coverage": 0.9, "dense": 0.7, "agree": 1.0,
                      "passage_rank": 1.0, "focus": 1.0, "specific_held": 1.0,
                      "absent": 0.0, "unmatched": 0.0}  # fmt: skip
    assert model.off_topic_refuses(nothing) and not model.off_topic_refuses(held)
    assert not replace(model, off_topic=None).off_topic_refuses(nothing)


def test_refusal_model_refuses_a_file_with_other_features() -> None:
    data = json.loads(json.dumps(default_model().to_dict()))
    data["features"] = ["score"]
    with pytest.raises(ValueError, match="do not match"):
        RefusalModel.from_dict(data)


def test_short_answer_json_has_the_contract_keys() -> None:
    citation = Citation(1, "a.txt", "A", "c1", "Hardie said.", "Hardie said.", 0, 12)
    answer = Answer("Hardie. [1]", False, [citation], short_answer=ShortAnswer("Hardie", 0, 6, 1))
    assert answer.to_dict()["short_answer"] == {"text": "Hardie", "start": 0, "end": 6, "n": 1}
    assert Answer("x", True).to_dict()["short_answer"] is None


def test_the_eval_counts_a_whole_quotation_as_one_cited_sentence() -> None:
    from assistant.evaluation.metrics import answer_sentences, is_cited

    answer = (
        'Peter Dawson. [1] "I feel good, not great. I will never feel great," Woods told him. [2]'
    )
    sentences = answer_sentences(answer)
    assert len(sentences) == 2 and all(is_cited(s) for s in sentences)


def test_who_did_it_is_the_agent_of_the_questions_own_verb() -> None:
    from tests.unit.test_extractive import one_passage

    text = (
        '"The Bare Necessities" is a song, written by Terry Gilkyson, from the 1967 film The '
        "Jungle Book, sung by Phil Harris as Baloo."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    for question, agent in (
        ("who sang the bare necessities", "Phil Harris"),
        ("who wrote the bare necessities", "Terry Gilkyson"),
    ):
        short = answerer.answer(question, [one_passage(text)]).short_answer
        assert short is not None and short.text == agent


def test_a_tables_source_credit_did_nothing_the_question_asks() -> None:
    from tests.unit.test_extractive import one_passage

    row = (
        "Incomparable Diamond, found in DR Congo in 1984, weighed 890 carats Source: Mathew "
        "Nyaungwa, Rough and Polished."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    found = answerer.answer("Who found the Incomparable Diamond?", [one_passage(row)])
    assert found.short_answer is None
    source = answerer.answer("Who is credited as the source?", [one_passage(row)])
    assert source.short_answer is not None and source.short_answer.text == "Mathew Nyaungwa"


def test_who_did_it_is_the_group_the_sentence_opens_on_where_it_names_nobody() -> None:
    from tests.unit.test_extractive import one_passage

    text = (
        "Doctors in Newcastle have been given the first UK licence to create babies from two "
        "women and one man. The advanced form of IVF will be used to prevent genetic diseases."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    asked = "Who got the first UK licence to create babies?"
    short = answerer.answer(asked, [one_passage(text)]).short_answer
    assert short is not None and short.text == "Doctors in Newcastle"
    # an acronym is nobody's name: "IVF" does not answer who
    assert answerer.answer("Who will use it?", [one_passage(text[text.index("The adv") :])]).refused
    # which holder of a post is asked for by name: a group does not answer it
    assert (
        answerer.answer("Which doctor got the licence?", [one_passage(text)]).short_answer is None
    )


def test_a_later_part_is_answered_from_passages_searched_for_it() -> None:
    from tests.unit.test_extractive import one_passage

    first = one_passage("John Hardie called the deal predatory in a hearing on Tuesday.")
    own = one_passage("John Hardie works for the Foundation for Defense of Democracies.")
    own.id = "c1"
    searched: list[str] = []

    def search(part: str) -> list:
        searched.append(part)
        return [own]

    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    question = "Who called the deal predatory, and which organisation does he work for?"
    without = answerer.answer(question, [first])
    assert "Foundation" not in without.answer
    answer = answerer.answer(question, [first], search=search)
    assert searched == ["which organisation does John Hardie work for?"]
    assert "Foundation for Defense of Democracies" in answer.answer
    assert any(c.chunk_id == "c1" for c in answer.citations)


def test_a_later_part_answered_with_the_first_parts_span_is_not_answered() -> None:
    from tests.unit.test_extractive import one_passage

    doc = one_passage("John Hardie called the deal predatory in a hearing on Tuesday.")
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "Who called the deal predatory, and who defended the deal?", [doc]
    )
    assert answer.short_answer is not None and answer.short_answer.text == "John Hardie"
    assert answer.answer.count("John Hardie.") == 1
    assert "who defended the deal" in answer.notice


def test_where_someone_works_asks_for_the_employer(fake_chunker) -> None:
    assert answer_type("Where does John Hardie work?") == "organization"
    assert answer_type("where is catalonia") == "place"
    _, docs = passages(fake_chunker)
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "Where does John Hardie work?", docs
    )
    assert answer.short_answer is not None
    assert "Foundation for Defense of Democracies" in answer.short_answer.text


def test_a_surname_is_given_in_full_without_the_title_before_it() -> None:
    from assistant.personnames import full_name
    from assistant.shortanswer import Evidence

    caption = "President Donald Trump speaks in the Oval Office."
    said = [Evidence(caption, 100, "c1")]
    full = full_name(ShortAnswer("Trump", 0, 5, 0, "c0"), said)
    assert full is not None and full.text == "Donald Trump"
    assert caption[full.start - 100 : full.end - 100] == "Donald Trump"
    only_titled = [Evidence("Mr Bull was found.", 0, "c1")]
    assert full_name(ShortAnswer("Bull", 0, 4, 0, "c0"), only_titled) is None
    # a place before the surname is no first name: "Ambassador to Switzerland Geng Wenbing"
    placed = [Evidence("according to Chinese Ambassador to Switzerland Geng Wenbing.", 0, "c1")]
    assert full_name(ShortAnswer("Geng", 0, 4, 0, "c0"), placed) is None


def test_what_nationality_is_answered_by_a_nationality() -> None:
    from tests.unit.test_extractive import one_passage

    assert answer_type("What nationality was he?") == "nationality"
    assert answer_type("Which language do they speak?") == "nationality"
    text = "The tune is by English composer Frederic Austin, who wrote it in 1909."
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    short = answerer.answer("What nationality was Frederic Austin?", [one_passage(text)])
    assert short.short_answer is not None and short.short_answer.text == "English"


def test_a_lead_only_of_someone_the_question_does_not_ask_about_is_refused() -> None:
    from tests.unit.test_extractive import one_passage

    opening = "The parliament of Morocco met on Monday. "
    text = opening + "Othmani served as foreign minister between 2011-2013."
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    asked = "In what year did Mohammed VI become king of Morocco?"
    assert answerer.answer(asked, [one_passage(text)]).refused
    # a pronoun may stand for the one asked about
    told = opening + "Othmani said he became king in 1999."
    short = answerer.answer(asked, [one_passage(told)]).short_answer
    assert short is not None and short.text == "1999"


def test_who_came_second_is_not_answered_by_who_won() -> None:
    from tests.unit.test_extractive import one_passage

    won = "Gurbanguly Berdymukhamedov won the presidential election with 97 percent of votes."
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    assert answerer.answer(
        "Who came second in the presidential election?", [one_passage(won)]
    ).refused
    second = won + " Rejepbay Gurbanov finished second in the presidential election."
    short = answerer.answer("Who came second in the presidential election?", [one_passage(second)])
    assert short.short_answer is not None and short.short_answer.text == "Rejepbay Gurbanov"
    follow = "Who won it? (following up on: Who came second in the presidential election?)"
    assert not answerer.answer(follow, [one_passage(won)]).refused


def test_a_name_after_the_cities_of_is_a_place() -> None:
    tagged = EntityTagger().tag(
        ["The film was shot in Georgia in the cities of McDonough, Jonesboro and Lithonia."]
    )[0]
    labels = {e.text: e.label for e in tagged}
    assert labels.get("McDonough") == "GPE" and labels.get("Jonesboro") == "GPE", tagged


def test_a_persons_name_ends_at_a_spaced_dash() -> None:
    text = (
        "He faced opposition from Aziz Akhannouch - leader of the National Rally of Independents."
    )
    people = [e.text for e in EntityTagger().tag([text])[0] if e.label == "PERSON"]
    assert people == ["Aziz Akhannouch"], people


def test_a_pronoun_names_nobody() -> None:
    texts = ['"I\'ll help her,"?I said as we walked away.', '"No," said I.', "He met Ian."]
    people = [e.text for found in EntityTagger().tag(texts) for e in found if e.label == "PERSON"]
    assert people == ["Ian"], people
    assert [e.text for e in EntityTagger().tag(["He flew to the US."])[0]] == ["US"]


def test_a_place_in_a_quoted_title_is_no_place() -> None:
    tagger = EntityTagger()
    text = 'The clip won on "America\'s Funniest Home Videos." A few years later, it was re-aired.'
    assert not of_kind(tagger.tag([text])[0], "place")
    said = '"We will go to Paris," he said.'  # a quotation, no title
    assert [e.text for e in of_kind(tagger.tag([said])[0], "place")] == ["Paris"]


def test_a_web_platform_is_no_person() -> None:
    tagger = EntityTagger()
    text = "President Donald Trump, complaining on Twitter that SNL is unwatchable."
    assert [e.text for e in of_kind(tagger.tag([text])[0], "person")] == ["Donald Trump"]
    assert not of_kind(tagger.tag(["Twitter said it would act."])[0], "person")


def test_a_speaker_spacy_misses_is_a_person() -> None:
    tagger = EntityTagger()
    text = (
        "The talks proved successful, Deputy Chairman of Turkey's ruling Justice and "
        "Development Party Mehmet Mehdi Eker said in an interview on Wednesday."
    )
    assert "Mehmet Mehdi Eker" in [e.text for e in of_kind(tagger.tag([text])[0], "person")]
    also = 'Eker also said that "the sides came together in Astana."'
    assert [e.text for e in of_kind(tagger.tag([also])[0], "person")] == ["Eker"]
    for no_one in ("Officials said it was over.", "Police said so.", "He said it was fine."):
        assert not of_kind(tagger.tag([no_one])[0], "person"), no_one
