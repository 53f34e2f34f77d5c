from __future__ import annotations

import json

import pytest
from langchain_core.documents import Document

from assistant.answer import REFUSAL
from assistant.extractive import ExtractiveAnswerer
from assistant.mentions import missing_share
from tests.conftest import SEEDS, FakeEmbeddings
from vectorstore.sentences import split_sentences

pytestmark = pytest.mark.unit


def passages(fake_chunker) -> tuple[str, list[Document]]:
    from vectorstore.articles import Article

    path = next(SEEDS.glob("*.txt"))
    text = path.read_text(encoding="utf-8")
    docs = []
    for chunk in fake_chunker(chunk_tokens=120).split(Article(str(path), text, path.name)):
        meta = {"source": str(path), "title": path.name, "spans": chunk.spans_json()}
        docs.append(Document(id=f"c{chunk.index}", page_content=chunk.text, metadata=meta))
    return text, docs


def one_passage(text: str) -> Document:
    """``text`` as one retrieved passage, with its sentence table."""
    spans = json.dumps([[start, start, end] for start, end in split_sentences(text)])
    return Document(id="c0", page_content=text, metadata={"source": "a.txt", "spans": spans})


def refused_unless_named(asked: str, unnamed: str, named: str, name: str) -> None:
    """Asserts that ``asked`` is refused from a passage that leaves the one it asks for
    unnamed (``unnamed``) and answered with ``name`` from one that names it (``named``)."""
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    assert answerer.answer(asked, [one_passage(unnamed)]).refused
    answer = answerer.answer(asked, [one_passage(named)])
    assert not answer.refused and name in answer.answer, answer.answer


def test_answer_cites_exact_spans_and_names_the_speaker(fake_chunker) -> None:
    text, docs = passages(fake_chunker)
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.1).answer(
        "Who called the terms of the minerals deal predatory?", docs
    )
    assert not answer.refused
    assert "predatory" in answer.answer and "Hardie" in answer.answer
    for c in answer.citations:
        assert text[c.start : c.end] == c.quote
        assert c.quote in c.text and f"[{c.n}]" in answer.answer


def test_refuses_when_the_question_names_what_no_passage_mentions(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "Who won the 2022 World Cup?", docs
    )
    assert answer.refused and answer.answer == REFUSAL and answer.citations == []


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("what is the meaning of the 4 horsemen of the apocalypse", 0.0),  # "Four Horsemen"
        ("is there such a thing as a 1000 dollar bill", 0.0),  # "$1,000 notes"
        ("who won the 2022 world cup", 1.0),
    ],
)
def test_a_number_the_passages_spell_out_is_not_missing(question: str, missing: float) -> None:
    doc = one_passage("The Four Horsemen of the Apocalypse ride. Virginia printed $1,000 notes.")
    assert missing_share(question, [doc]) == missing


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("Which British player beat Latvia?", 0.0),  # "Britain"
        ("Which Norwegian charity did he work for?", 0.0),  # "Norway"
        ("Which French player beat Latvia?", 0.5),  # France is not named
    ],
)
def test_a_nationality_is_named_by_its_country(question: str, missing: float) -> None:
    doc = one_passage("Britain beat Latvia 3-0. He once worked in Norway.")
    assert missing_share(question, [doc]) == missing


def test_who_is_someone_reads_what_the_article_says_he_is() -> None:
    text = (
        "Williams, who turns 85 on February 8, 2017, is one of the most heard composers of our "
        "time. Khaire is a dual Norwegian citizen who once worked as a teacher."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    for question, described in (
        ("Who is John Williams?", "one of the most heard composers of our time"),
        ("Who is Khaire?", "a dual Norwegian citizen"),  # not the clause after "who"
    ):
        short = answerer.answer(question, [one_passage(text)]).short_answer
        assert short is not None and short.text == described
        assert text[short.start : short.end] == described


def test_refuses_when_no_sentence_has_the_kind_of_answer_asked(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "How old is Volodymyr Zelenskyy?", docs
    )
    assert answer.refused


def test_a_fact_told_over_two_sentences_is_answered_from_the_one_with_the_name() -> None:
    text = (
        "A man was electrocuted as he charged his phone in the bath, an inquest heard. "
        "Richard Bull died when the charger touched the water at his home. "
        "Safety manager Steve Curtler said charging a phone in the bath is electrocution risk."
    )
    doc = one_passage(text)
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "What was the name of the man electrocuted charging his phone in the bath?", [doc]
    )
    assert not answer.refused
    assert answer.short_answer is not None and answer.short_answer.text == "Richard Bull"


def test_which_year_wants_a_year_not_a_duration() -> None:
    text = "In a career spanning 10 years, she won five world titles. She retired in March."
    doc = one_passage(text)
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    assert answerer.answer("In which year did her career begin?", [doc]).refused
    assert not answerer.answer("How long was her career?", [doc]).refused
    assert answerer.answer("On what date did she retire?", [doc]).refused  # "March" alone


def test_a_measurement_is_answered_only_in_its_units() -> None:
    doc = one_passage(
        "In Svalbard there is no sunset from about 19 April to 23 August. Summer there is short."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    assert answerer.answer("How warm does it get in Svalbard in summer?", [doc]).refused


def test_a_person_or_a_nationality_is_no_place() -> None:
    doc = one_passage("Prime Minister Theresa May thanked her fellow Conservatives warmly.")
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    assert answerer.answer("In which city did the Prime Minister thank them?", [doc]).refused


def test_the_short_answer_to_which_year_is_a_year() -> None:
    doc = one_passage("Uber dropped the tool two weeks later, in a review it began in 2017.")
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "In which year did Uber drop the tool?", [doc]
    )
    assert (
        answer.short_answer is not None and answer.short_answer.text == "2017"
    )  # not "two weeks later"


def test_a_place_is_not_taken_for_the_person_asked_for() -> None:
    text = "Smokey and the Bandit was filmed in Georgia, in Jonesboro and Atlanta."
    doc = one_passage(text)
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    assert answerer.answer("Who directed the film Smokey and the Bandit?", [doc]).refused
    doc = one_passage("Savannah was named for the Savannah River.")  # spaCy: "the Savannah River"
    assert answerer.answer("Who founded the city of Savannah?", [doc]).refused


def test_refuses_below_the_threshold(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=5.0)
    assert answerer.answer("Who called the minerals deal predatory?", docs).refused


def test_no_passages_means_refusal() -> None:
    assert ExtractiveAnswerer(FakeEmbeddings()).answer("Anything?", []).refused


def test_overlapping_chunks_do_not_repeat_sentences(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    scored = ExtractiveAnswerer(FakeEmbeddings()).scores("minerals deal", docs)
    starts = [(s.doc.metadata["source"], s.start) for s in scored]
    assert len(starts) == len(set(starts))


def test_spans_table_is_what_the_store_keeps(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    table = json.loads(docs[0].metadata["spans"])
    assert all(len(row) == 3 for row in table)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dense_weight": -0.1}, r"dense_weight must be in \[0, 1\], got -0.1"),
        ({"max_sentences": 0}, "max_sentences must be > 0, got 0"),
    ],
)
def test_bad_arguments(kwargs, message) -> None:
    from vectorstore.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match=message):
        ExtractiveAnswerer(FakeEmbeddings(), **kwargs)


@pytest.mark.parametrize(
    ("text", "question", "short"),
    [
        pytest.param(
            "Ansel Adams took the famous photo of Half Dome in 1927. It hangs in a museum.",
            "Who took the famous photo of Half Dome?",
            "Ansel Adams",
            id="a photo question with no credit at hand is answered like any other",
        ),
        pytest.param(
            "She pointed to a comment made by Sen. Lindsey Graham, a staunch Trump ally, in June "
            "2024: “If we help Ukraine now, they can become the best business partner we ever "
            "dreamed of.”",
            "Which senator said Ukraine could become the best business partner we ever dreamed of?",
            "Lindsey Graham",
            id="which senator: the name the evidence titles Sen.",
        ),
        pytest.param(
            "In Diary of a Wimpy Kid: The Long Haul, she is portrayed by Alicia Silverstone.",
            "who plays the mother in diary of a wimpy kid",
            "Alicia Silverstone",
            id="who plays: the one the passive names with by",
        ),
        pytest.param(
            "Somalia's new President Mohamed Abdullahi Mohamed has picked political newcomer "
            "Hassan Ali Khaire as the country's prime minister.",
            "Whom did Somalia's new president appoint as prime minister?",
            "Hassan Ali Khaire",
            id="whom did the president appoint: not the one titled President",
        ),
        pytest.param(
            "Heidi Crebo-Rediker is a senior fellow at the Council on Foreign Relations. "
            "“Even if President Trump takes a purely transactional approach, protecting Ukraine’s "
            "democracy is entirely consistent with that position,” Crebo-Rediker said.",
            "Which senior fellow argued that protecting Ukraine's democracy is consistent with a "
            "transactional approach?",
            "Heidi Crebo-Rediker",
            id="who argued a quote: its speaker, not a name inside it",
        ),
        pytest.param(
            "Daimler chief executive (CEO) Dieter Zetsche said the company would supply the cars.",
            "Who is the chief executive of Daimler?",
            "Dieter Zetsche",
            id="the speaker when the evidence names no one else",
        ),
        pytest.param(
            "Leaders signed the climate accord in the UK on Friday. "
            "The summit was held in Manchester.",
            "In which city did the leaders sign the climate accord?",
            "Manchester",
            id="which city: not a country",
        ),
        pytest.param(
            "“We knew that Latvia was going to be a strong team,” said Konta.",
            "Which British player said they knew Latvia would be a strong team?",
            "Konta",
            id="a name after said is the speaker whatever spaCy tags it",
        ),
        pytest.param(
            "Photographer Ansel Adams took the famous photo of Half Dome in 1927.",
            "Who took the famous photo of Half Dome?",
            "Ansel Adams",
            id="a role before a name is no part of it (spaCy: ORG 'Photographer Ansel Adams')",
        ),
        pytest.param(
            "President Volodymyr Zelenskiy meets with Secretary of the Treasury Scott Bessent "
            "in Kyiv, Ukraine, Feb. 12, 2025.",
            "Who met Zelenskyy in Kyiv?",
            "Scott Bessent",
            id="a post's holder after its department (spaCy: ORG 'the Treasury Scott Bessent'); "
            "the one asked about, spelt another way, is not the answer",
        ),
        pytest.param(
            "A pastor made the find in Kono. Excelsior Diamond, found in South Africa in 1893, "
            "weighed 995 carats. The pastor's diamond, weighing 709 carats, is now locked up.",
            "How much does the diamond found in Kono weigh?",
            "709 carats",
            id="not of a thing the same verb places elsewhere ('found in South Africa')",
        ),
        pytest.param(
            "Tiger Woods won the Dubai Desert Classic in 2008; after he withdrew this year, the "
            "title went to Sergio Garcia.",
            "Who won the Dubai Desert Classic after Woods withdrew?",
            "Sergio Garcia",
            id="the one the question names by surname alone is not the answer",
        ),
        pytest.param(
            "Neil Gorsuch was nominated by Donald Trump, after the president met Antonin "
            "Scalia's family.",
            "Which president nominated Neil Gorsuch?",
            "Donald Trump",
            id="a title governs the name right after it, not one further on",
        ),
        pytest.param(
            "Vice-President JD Vance, on his first trip abroad, sat down with President "
            "Emmanuel Macron and met Zelenskyy in Munich.",
            "Which vice president met Zelenskyy in Munich?",
            "JD Vance",
            id="which vice president: not the president",
        ),
        pytest.param(
            "The officers were identified as Igor Sushchin, 43, and Dmitry Dokuchaev, 33.",
            "How old is Dmitry Dokuchaev?",
            "33",
            id="an age belongs to the name right before it",
        ),
        pytest.param(
            "He likewise holds 22 Grammys, four Golden Globes and seven British Academy Film "
            "Awards to his name.",
            "How many Grammy awards does Williams hold?",
            "22",
            id="how many: the number the counted thing follows",
        ),
        pytest.param(
            "It's three back surgeries, four knee operations, Woods told a magazine.",
            "How many back operations has Woods had?",
            "three",
            id="how many: the first counted word decides",
        ),
        pytest.param(
            "Like Scalia, who died at the age of 79 in February 2016, Gorsuch is a textualist.",
            "When did Scalia die?",
            "February 2016",
            id="'the age of 79' is no date",
        ),
        pytest.param(
            "General Motors announced a $500-million (460-million-euro) investment in Lyft.",
            "How much did General Motors invest in Lyft?",
            "$500-million",
            id="a conversion in brackets is not the figure",
        ),
        pytest.param(
            "Gorsuch clerked for Judge David Sentelle on the federal appeals court. "
            "He was put on the appeals court by President George W. Bush in 2006.",
            "Which president put Gorsuch on the federal appeals court?",
            "George W. Bush",
            id="of close sentences, the one whose name bears the title asked for leads",
        ),
        pytest.param(
            "J. Wellington Wimpy's catchphrase started in 1931 as, \"Cook me up a hamburger, "
            "I'll pay you Thursday.\"",
            "Who said I'll gladly pay you Tuesday for a hamburger?",
            "J. Wellington Wimpy",
            id="a name a quotation opens with is inside it ('Cook me up')",
        ),
        pytest.param(
            "Benjamin Jensen, a senior fellow at the Center for Strategic and International "
            "Studies, argued that “the Trump team is charting a bold course.”",
            "Which think tank is Benjamin Jensen a senior fellow at?",
            "the Center for Strategic and International Studies",
            id="an organisation, not one named inside a quotation (spaCy: FAC for the Center)",
        ),
    ],
)
def test_short_answer(text: str, question: str, short: str) -> None:
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        question, [one_passage(text)]
    )
    assert answer.short_answer is not None and answer.short_answer.text == short


def test_a_where_answer_need_not_be_a_named_place() -> None:
    doc = one_passage(
        "In many synapses, the presynaptic part is located on an axon and the postsynaptic "
        "part is located on a dendrite or soma. Neurons are cells. "
        "The first neuron study was published in Boston in 1898."
    )
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "Where can a synapse be located on a neuron?", [doc]
    )
    assert "dendrite or soma" in answer.answer and "Boston" not in answer.answer


def test_of_close_sentences_the_one_with_the_question_beside_its_answer_leads() -> None:
    doc = one_passage(
        "Rowsell Shand, an MBE, retired this week, years after winning Commonwealth Gold in "
        "2014. "
        "She was made an MBE in the 2013 New Year Honours."
    )
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "In which year was Rowsell Shand made an MBE?", [doc]
    )
    assert answer.short_answer is not None and answer.short_answer.text == "2013"
    assert answer.citations[answer.short_answer.n - 1].quote.startswith("She was made an MBE")


def test_an_answer_without_a_kind_takes_a_second_close_sentence(monkeypatch) -> None:
    """ "What was he accused of?" asks for no name or date: the evidence is the answer, and
    a second sentence nearly as good joins it (UNTYPED_SECOND_RATIO), as it would not under
    a short answer (DEFAULT_SECOND_RATIO)."""
    import assistant.extractive as extractive

    text = (
        "The FSB officers were named as Igor Sushchin and Dmitry Dokuchaev on Wednesday. "
        "Dokuchaev was arrested in a Russian sweep in December and accused of spying for the "
        "US, a lawyer said."
    )
    question = "What was Dokuchaev, the FSB officer, accused of?"
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    scores = sorted((s.score for s in answerer.scores(question, [one_passage(text)])), reverse=True)
    assert (
        extractive.UNTYPED_SECOND_RATIO <= scores[1] / scores[0] < extractive.DEFAULT_SECOND_RATIO
    )
    assert len(answerer.answer(question, [one_passage(text)]).citations) == 2
    monkeypatch.setattr(extractive, "UNTYPED_SECOND_RATIO", extractive.DEFAULT_SECOND_RATIO)
    assert len(answerer.answer(question, [one_passage(text)]).citations) == 1


def test_a_where_question_with_no_named_place_at_hand_is_answered_by_its_evidence() -> None:
    text = (
        "The spinal cord is a long bundle of nervous tissue. It runs inside the vertebral "
        "column, from the brainstem down to the lower back."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("where is the spinal cord located in the body", [one_passage(text)])
    assert not answer.refused and answer.short_answer is None  # no place name to lead with
    assert answer.citations and answer.citations[0].quote in text


def test_an_answer_the_model_doubts_comes_with_the_caution_notice(fake_chunker) -> None:
    from dataclasses import replace

    from assistant.refusal import CAUTION_NOTICE, default_model

    _, docs = passages(fake_chunker)
    question = "Who called the terms of the minerals deal predatory?"
    sure = replace(default_model(), caution=0.0)
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0, model=sure).answer(question, docs)
    assert not answer.refused and answer.score is not None
    assert CAUTION_NOTICE not in answer.notice
    doubting = replace(default_model(), caution=answer.score + 0.01)
    cautioned = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0, model=doubting)
    again = cautioned.answer(question, docs)
    assert again.answer == answer.answer and again.notice == CAUTION_NOTICE


def strict_off_topic():  # type: ignore[no-untyped-def]
    """The shipped refusal model with an off-topic model that refuses everything."""
    from dataclasses import replace

    from assistant.refusal import default_model

    shipped = default_model()
    assert shipped.off_topic is not None
    return replace(shipped, off_topic=replace(shipped.off_topic, threshold=1.01))


def test_the_off_topic_model_refuses_unless_an_answer_is_forced(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    question = "Who called the terms of the minerals deal predatory?"
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.01)
    assert not answerer.answer(question, docs).refused
    # An off-topic model that refuses everything refuses here too, unless an answer is forced.
    strict = strict_off_topic()
    assert (
        ExtractiveAnswerer(FakeEmbeddings(), min_score=0.01, model=strict)
        .answer(question, docs)
        .refused
    )
    forced = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0, model=strict)
    assert not forced.answer(question, docs).refused
