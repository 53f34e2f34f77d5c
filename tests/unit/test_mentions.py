"""What the passages mention: acronyms spelled out, names joined by a hyphen, abbreviated
months, the year of the article's date (the ``missing`` signal, :mod:`assistant.mentions`)."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.acronyms import spelled_out
from assistant.mentions import missing_share

pytestmark = pytest.mark.unit


def test_an_acronym_is_named_by_its_words_in_full() -> None:
    assert spelled_out("BFI", "after British Film Institute research found that")
    assert spelled_out("WADA", "by the World Anti-Doping Agency")  # a hyphen's parts apart
    assert spelled_out("HFEA", "the Human Fertilisation and Embryology Authority said")
    assert spelled_out("UK", "the United Kingdom")
    assert not spelled_out("EU", "The Gambia Trade Minister")  # two letters: the whole run
    assert not spelled_out("BFI", "the British Museum")
    # a mangled text lowers the first letter after a quotation mark
    assert spelled_out("SNL", 'hosted the first "saturday Night Live"?episode')
    assert not spelled_out("SNL", "hosted the saturday Night Live episode")


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("What did the BFI research find about UK films?", 0.0),  # "British Film Institute"
        ("Who asked for the China-Switzerland agreement?", 0.0),  # "China and Switzerland"
        ("What did the China-Norway talks give?", 1.0),  # Norway is not named
        ("When was the January visit?", 0.0),  # "Jan 15 to 18"
        ("What happened in 2017?", 0.0),  # the article's date
        ("What happened in 2016?", 1.0),
    ],
)
def test_a_name_written_another_way_is_not_missing(question: str, missing: float) -> None:
    text = (
        "British Film Institute research found that 59% of UK films had no black actors. "
        "Some asked for the text of the agreement between China and Switzerland. "
        "During the visit, from Jan 15 to 18, Xi will meet Leuthard."
    )
    doc = Document(page_content=text, metadata={"date": "2017-01-13"})
    assert missing_share(question, [doc]) == missing


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("How many relatives did the Trumps invite?", 0.0),  # a family by its plural
        ("Which guest at Trump's February address lost a son?", 0.0),  # the article's month
        ("Which guest at Trump's March address lost a son?", 0.5),
        ("What did the Games' organisers say?", 0.0),  # not the possessive's apostrophe
        ("What does the China Daily column suggest?", 0.0),  # the outlet, by its address
        ("What does the Global Times column suggest?", 1.0),
    ],
)
def test_a_family_the_month_and_the_outlet_are_not_missing(question: str, missing: float) -> None:
    text = "Donald Trump and Melania Trump will invite three relatives; the Games go on."
    url = "http://europe.chinadaily.com.cn/epaper/2017-02/27/content_1.htm"
    doc = Document(page_content=text, metadata={"date": "2017-02-27", "url": url})
    assert missing_share(question, [doc]) == missing


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("Did Schily serve under Gerhard Schroeder?", 0.0),  # "Schr?der": a lost letter
        ("Did Schily serve under Gerhard Schneider?", 1 / 3),
        ("Did Juergen Mueller meet him?", 0.0),  # "Jürgen Müller", spelt out
        ("Did Jurgen Muller meet him?", 0.0),  # or without the umlauts
    ],
)
def test_a_name_with_a_lost_or_accented_letter_is_not_missing(
    question: str, missing: float
) -> None:
    text = "Otto Schily served under Gerhard Schr?der from 1998-2005 and met Jürgen Müller."
    assert missing_share(question, [Document(page_content=text, metadata={})]) == missing
