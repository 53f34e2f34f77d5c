from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.candidates import sentences_of
from assistant.extractive import ExtractiveAnswerer
from assistant.furniture import story_start
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import one_passage

pytestmark = pytest.mark.unit

JAVASCRIPT = (
    "This content will not work on your device, please check Javascript and cookies are"
    " enabled or update your browser "
)


@pytest.mark.parametrize(
    ("sentence", "story"),
    [
        ("Share this with Britain's Joanna Rowsell Shand has retired.", "Britain's"),
        (JAVASCRIPT + "British Cycling tweeted: hello.", "British"),
        ("Share this with Media playback is not supported on this device Cook says.", "Cook"),
        (
            "Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg reddit Newsvine"
            " Permalink http://dw.com/p/2Wx5C The man is believed to have entered France.",
            "The man",
        ),
        ("Here's how he got to this point: from bouncer to prime minister.", "Here's"),
        ("The minister said he would share this with parliament.", "The minister"),
        (
            "READ MORE: Al-Shabab attack at Mogadishu hotel 'kills 28' While falling well short"
            " of the direct election, the process is more democratic.",
            "While falling",
        ),
        (
            "READ MORE: A hard winter - Afghan refugees return from Pakistan Last year, more"
            " than 600,000 Afghan refugees left Pakistan.",
            "Last year",
        ),
        (
            "READ MORE: Idlib's rebel split - A crossroads for Syrian opposition Abdel Rahman"
            " said the raids were carried out by Russian jets.",
            "Abdel Rahman said",
        ),
        (
            "RELATED: Syria's Geneva talks - 'Expectations pretty low' \"We hope that the Moscow"
            ' and Cairo platforms will prioritise the talks," he said.',
            '"We hope',
        ),
        ("INTERACTIVE: Al-Shabab attacks in Somalia (2006-2017) The election was due.", "The"),
        (
            "READ MORE: Afghan refugees return home amid Pakistan crackdown Pakistan shares a"
            " largely unpatrolled 2,500km-long mountainous border with Afghanistan.",
            "Pakistan shares",
        ),
        ("FACT: Not true.", "FACT"),
    ],
)
def test_the_story_starts_past_the_furniture_glued_to_it(sentence: str, story: str) -> None:
    start = story_start(sentence)
    assert start is not None and sentence[start:].startswith(story)


@pytest.mark.parametrize(
    "sentence",
    [
        "Learn more",
        "Here's how.",
        "Share this slide: How will Donald Trump's first 100 days impact YOU?",
        "Do you have information you want to share with the Huffington Post?",
        "READ: Woods and Trump play golf READ: 20 years of Tiger",
        "The views expressed in this article are the author's own.",
        "Share this with ",
        "WATCH: Will latest Iraqi offensive mean end of ISIL in Mosul?",
    ],
)
def test_a_sentence_of_furniture_only_is_no_story(sentence: str) -> None:
    assert story_start(sentence) is None


def test_furniture_is_no_candidate_and_a_glued_sentence_keeps_its_exact_span() -> None:
    text = (
        "Share this with Britain's Joanna Rowsell Shand has retired from cycling. "
        "Learn more. " + JAVASCRIPT + "British Cycling's chairman Jonathan Browning said: "
        '"She is one of the best." Rowsell Shand won gold in London.'
    )
    doc = one_passage(text)
    candidates = sentences_of(doc, 0)
    assert [c.text[:12] for c in candidates] == [
        "Britain's Jo",
        "British Cycl",
        "Rowsell Shan",
    ]
    for c in candidates:
        assert (
            text[c.start : c.end] == c.text == doc.page_content[c.offset : c.offset + len(c.text)]
        )

    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "Who praised Rowsell Shand as one of the best?", [doc]
    )
    assert answer.short_answer is not None and answer.short_answer.text == "Jonathan Browning"
    assert "Javascript" not in answer.answer
    for c in answer.citations:
        assert text[c.start : c.end] == c.quote


_PIECES = st.sampled_from(
    ["Share this with ", "Learn more. ", "READ: ", JAVASCRIPT, "Media playback is not supported"
     " on this device ", "Here's how. ", "Hardie", "said", "the", "deal", "Ukraine", " ", ". ",
     "“Yes,” he said. ", "\n", "é", "2025"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(_PIECES, min_size=1, max_size=40).map("".join))
def test_any_text_with_furniture_answers_with_exact_spans(text: str) -> None:
    doc = one_passage(text)
    for c in sentences_of(doc, 0):
        assert c.text and text[c.start : c.end] == c.text
        assert doc.page_content[c.offset : c.offset + len(c.text)] == c.text
    answer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0).answer(
        "Who said the deal was good?", [doc]
    )
    for c in answer.citations:
        assert text[c.start : c.end] == c.quote
