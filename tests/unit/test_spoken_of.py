"""A quotation about someone ("..., Trump said of the Ukrainian president."): who it is about
answers who did what it tells, by the name the article gives that description."""

from __future__ import annotations

from assistant.extractive import ExtractiveAnswerer
from assistant.quotes import spoken_of
from assistant.titles import is_description, named_by_title
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import one_passage

QUOTE = (
    "Trump spoke to a radio host on Friday. “I’ve been watching him negotiate with no cards. "
    "He has no cards,” Trump said of the Ukrainian president."
)
NAMED = "Ukrainian President Volodymyr Zelenskyy met the Treasury Secretary in Kyiv."


def test_spoken_of_is_whom_a_quotation_about_a_him_or_her_is_said_of() -> None:
    text = "“I’ve been watching him negotiate,” Trump said of the Ukrainian president."
    span = spoken_of(text)
    assert span is not None and text[span[0] : span[1]] == "the Ukrainian president"
    # the pronoun may be in a sentence of the quotation told before
    later = "“You just get sick of it,” Trump said of the Ukrainian president."
    assert spoken_of(later) is None
    assert spoken_of(later, before="“I’ve been watching him negotiate.") is not None
    assert spoken_of("“It was fine,” she said.") is None
    assert spoken_of("“It was fine,” she said of the weather.") is None  # about no him or her


def test_a_description_is_named_by_the_title_and_the_rest_of_it() -> None:
    texts = ["Trump met reporters.", NAMED]
    assert named_by_title("the Ukrainian president", texts) == (1, 20, 39)
    assert texts[1][20:39] == "Volodymyr Zelenskyy"
    assert named_by_title("the Russian president", texts) is None
    assert named_by_title("Zelenskyy", texts) is None
    assert is_description("the Ukrainian president") and not is_description("the deal")


def test_who_did_what_a_quotation_tells_is_whom_it_is_said_of() -> None:
    searched: list[str] = []
    named = one_passage(f"{QUOTE} {NAMED}")  # a passage of the same article, further on
    named.id = "c1"

    def search(query: str) -> list:
        searched.append(query)
        return [named]

    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    asked = "Who was negotiating with no cards?"
    alone = answerer.answer(asked, [one_passage(QUOTE)])
    assert alone.short_answer is not None and alone.short_answer.text == "the Ukrainian president"
    answer = answerer.answer(asked, [one_passage(QUOTE)], search=search)
    assert searched == ["the Ukrainian president"]
    assert answer.short_answer is not None and answer.short_answer.text == "Volodymyr Zelenskyy"
    assert any(c.chunk_id == "c1" for c in answer.citations)
    # who said it is still the speaker
    said = answerer.answer("Who said he has no cards?", [one_passage(QUOTE)])
    assert said.short_answer is not None and said.short_answer.text == "Trump"


def test_quoted_speaker_is_the_surname_whose_words_are_asked_for() -> None:
    from assistant.language import quoted_speaker

    assert quoted_speaker("What did Trump say about the minerals deal?") == "Trump"
    assert quoted_speaker("What did Donald Trump say the US gets?") == "Trump"
    assert quoted_speaker("How did Hardie describe it? (following up on: Who is Hardie?)") == (
        "Hardie"
    )
    assert quoted_speaker("What did the article say about the deal?") == ""
    assert quoted_speaker("Who called the deal predatory?") == ""


def test_what_someone_said_is_answered_by_their_words() -> None:
    text = (
        "Whether the minerals deal is Trump’s desired end game is unclear. "
        "Analysts said the minerals deal was “predatory” in nature. "
        "“We get our money back,” Trump said of the deal on Friday, asserting that it "
        "“should have been signed long before we went in.”"
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("What did Trump say about the minerals deal?", [one_passage(text)])
    assert answer.answer.startswith("“should have been signed"), answer.answer
    # of the quotations of the sentence, the one holding the question's terms leads
    gets = answerer.answer("What did Trump say the US gets from the deal?", [one_passage(text)])
    assert gets.short_answer is not None and gets.short_answer.text == "We get our money back"


def test_a_quotation_is_said_by_its_speaker_not_by_a_name_beside_it() -> None:
    text = (
        "She pointed to a comment made by Sen. Lindsey Graham, a staunch Trump ally: “If we "
        "help Ukraine now, they can become the best business partner we ever dreamed of.” "
        "“It keeps us in that country,” Trump told reporters of the deal."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    asked = "What did Trump say about the best business partner?"
    answer = answerer.answer(asked, [one_passage(text)])
    assert answer.answer.startswith("“It keeps us in that country"), answer.answer


def test_a_quotation_with_no_speaker_goes_on_with_the_one_before() -> None:
    text = (
        "Jensen argued the president’s dealings aim to reach “a new grand bargain” in arms "
        "control. “The team appears to be leveraging negotiations,” he said. “The theory of "
        "victory is simple and seductive: a grand rapprochement with Russia.” Analysts "
        "said the theory of victory was “a gamble.”"
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("How does Jensen describe the theory of victory?", [one_passage(text)])
    assert answer.short_answer is not None
    assert answer.short_answer.text.startswith("The theory of victory is simple"), answer.answer
    # the evidence shows who says it: the "..., he said." sentence before the quotation
    assert "he said. [" in answer.answer, answer.answer


def test_who_praised_is_the_speaker_of_a_quotation_with_none_of_its_own() -> None:
    text = (
        "Britain's double Olympic gold medallist Joanna Rowsell Shand has announced her "
        "retirement. British Cycling's chairman Jonathan Browning said: \"Joanna can be "
        "extremely proud of what she has achieved.\" \"It's not only her achievements, it's "
        'also encouraging so many women and children to take up cycling."'
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    asked = "Who praised Rowsell Shand for getting women and children into cycling?"
    answer = answerer.answer(asked, [one_passage(text)])
    # not "Joanna": the one asked about, by her first name; the quotation's speaker
    assert answer.short_answer is not None
    assert answer.short_answer.text == "Jonathan Browning", answer.answer
    # a second part answered by the sentences already shown says nothing more
    both = answerer.answer(f"{asked[:-1]}, and what is his position?", [one_passage(text)])
    assert both.short_answer is not None and both.short_answer.text == "Jonathan Browning"
    assert both.answer.count("British Cycling's chairman") == 1, both.answer


def test_who_criticized_is_the_speaker_not_a_name_inside_the_quotation() -> None:
    text = (
        "“This is just good old acquisitive, materialistic behavior. I think that he wants to "
        "cut some kind of deal with Xi Jinping on trade,” said Charles Kupchan, a senior "
        "fellow at the Council on Foreign Relations."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("Who criticized the behavior as acquisitive?", [one_passage(text)])
    assert answer.short_answer is not None
    assert answer.short_answer.text == "Charles Kupchan", answer.answer


def test_she_said_after_a_long_quotation_is_the_one_who_opened_it() -> None:
    text = (
        "The Royal Society for the Prevention of Accidents warns against using any "
        'appliance in the bathroom. Public health adviser Sheila Merrill said: "People need '
        "to be aware of taking an electrical appliance into the bathroom. \"You're risking "
        "death. Electricity and water don't mix, but people don't always think about it. "
        "\"It's not advisable to use them while they're plugged in.\" She said ROSPA did not "
        'see this type of accident on a "regular basis".'
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer(
        "Who said ROSPA did not see this kind of accident regularly?", [one_passage(text)]
    )
    assert answer.short_answer is not None
    assert answer.short_answer.text == "Sheila Merrill", answer.answer
    # the evidence is the sentence asked about, and where she is named
    assert "She said ROSPA did not see" in answer.answer, answer.answer
    assert "Public health adviser Sheila Merrill said" in answer.answer, answer.answer


def test_who_did_it_is_not_whoever_only_speaks_of_it() -> None:
    text = (
        "A Christian pastor has discovered one of the world's largest uncut diamonds. It is "
        "also the 13th largest diamond ever to be found, says Mathew Nyaungwa."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("Who found the diamond?", [one_passage(text)])
    assert answer.short_answer is None or "Nyaungwa" not in answer.short_answer.text, answer.answer
    # who said it is the speaker
    said = answerer.answer("Who said it is the 13th largest diamond?", [one_passage(text)])
    assert said.short_answer is not None and said.short_answer.text == "Mathew Nyaungwa"


def test_according_to_someone_is_their_words() -> None:
    text = (
        "Benjamin Jensen argued that “the Trump team is charting a course that is as bold as it "
        "is risky.” According to Jensen, the manifold dangers of “strategic overconfidence” "
        "include threats to long-term stability."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("What does Jensen say the dangers are?", [one_passage(text)])
    assert answer.answer.startswith("“strategic overconfidence”"), answer.answer


def test_who_speaks_for_someone_is_the_spokesman_who_is_quoted() -> None:
    text = (
        "A suicide bomber detonated his explosives near the court, according to Basir Mojahid, "
        "spokesman for Kabul's police chief. Afghanistan's chief executive, Abdullah Abdullah, "
        "expressed his condolences."
    )
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer("Who speaks for Kabul's police chief?", [one_passage(text)])
    assert answer.short_answer is not None and answer.short_answer.text == "Basir Mojahid"
