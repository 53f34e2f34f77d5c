from __future__ import annotations

import pytest

from tests.conftest import SEEDS
from vectorstore.sentences import split_sentences, split_with_credits

pytestmark = pytest.mark.unit


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_spans_are_exact_slices_of_the_source() -> None:
    text = "  First one here. Second one?\r\nThird “quoted,” he said.  \n"
    assert texts(text) == ["First one here.", "Second one?", "Third “quoted,” he said."]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Sen. Lindsey Graham, R-S.C., spoke on Feb. 14, 2025. Then U.S. officials left. J. Smith came."
    assert texts(text) == [
        "Sen. Lindsey Graham, R-S.C., spoke on Feb. 14, 2025.",
        "Then U.S. officials left.",
        "J. Smith came.",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert texts("“I’ve had it.” Trump said so.") == ["“I’ve had it.”", "Trump said so."]


def test_photo_credits_are_dropped_and_captions_kept() -> None:
    text = (
        "Body text here.\n\nPresident Donald Trump in Washington, Feb. 13, 2025.\n"
        "Getty Images/AP\nMore body."
    )
    assert texts(text) == [
        "Body text here.",
        "President Donald Trump in Washington, Feb. 13, 2025.",
        "More body.",
    ]


def test_seed_article_keeps_every_caption_and_no_credit() -> None:
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    found = texts(text)
    assert any(s.startswith("In this file photo on Sept. 27, 2024") for s in found)
    assert not any("Getty Images" in s or s.endswith("/Reuters") for s in found)
    for s, e in split_sentences(text):
        assert text[s:e] == text[s:e].strip() and s < e


def test_markdown_heading_markers_are_not_part_of_the_sentence() -> None:
    assert texts("# Kyiv talks\n\nOfficials met.") == ["Kyiv talks", "Officials met."]


def test_abbreviations_far_into_a_long_single_line_still_hold() -> None:
    # News dumps often hold a whole article on one line; the look-back is local.
    text = "Officials met in Kyiv today. " * 400 + "Mr. Smith spoke to Sen. Jones. Then they left."
    spans = split_sentences(text)
    tail = [text[s:e] for s, e in spans[-2:]]
    assert tail == ["Mr. Smith spoke to Sen. Jones.", "Then they left."]
    assert len(spans) == 402
    word = "x" * 100 + "st. Louis is a city."
    assert [word[s:e] for s, e in split_sentences(word)] == ["x" * 100 + "st.", "Louis is a city."]


def test_credit_lines_are_kept_apart_with_their_spans() -> None:
    text = "Trump in Washington, Feb. 13, 2025.\n  Getty Images/AP \nMore body."
    sentences, credits = split_with_credits(text)
    assert [text[s:e] for s, e in sentences] == texts(text)
    assert [text[s:e] for s, e in credits] == ["Getty Images/AP"]


def test_a_stop_whose_space_was_lost_still_ends_a_sentence() -> None:
    text = "It is only 4 parts per trillion.There are also small amounts. Mrs.Smith went to dw.com."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "It is only 4 parts per trillion.",
        "There are also small amounts.",
        "Mrs.Smith went to dw.com.",
    ]


def test_a_stop_with_a_hyphen_after_it_ends_a_sentence() -> None:
    text = "It is of the past half-decade.- The composer got his start in 1955. The U.S.- Mexico."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "It is of the past half-decade.",
        "The composer got his start in 1955.",
        "The U.S.- Mexico.",
    ]
