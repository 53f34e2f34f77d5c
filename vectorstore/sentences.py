"""Sentence segmentation that keeps character offsets into the source text.

Citations point at exact spans of an article, so every sentence is a
``(start, end)`` span of the original string, never a rewritten copy. Lines that
are photo credits ("Jim Watson/AFP via Getty Images") are not content: they are
kept apart (:func:`split_with_credits`), so a passage can quote one under its
caption without it being searched or answered from as a sentence; photo
captions are ordinary sentences.

A rule-based splitter: lines are paragraphs, and a line splits after ``.!?``
(and closing quotes) followed by whitespace and an upper-case letter, a digit
or an opening quote, unless the word before the stop is a known abbreviation
or an initial; also where the space after the stop was lost between two words
("per trillion.There are") or a hyphen follows it ("half-decade.- The"), as
scraped web text has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vectorstore.credits import is_photo_credit

Span = tuple[int, int]

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col maj capt sgt cmdr adm st jr sr rev hon pres
    inc corp co ltd llc plc no nos vs etc al approx dept est fig jan feb mar apr jun jul aug
    sep sept oct nov dec mon tue tues wed thu thurs fri sat sun u.s u.k u.n e.u d.c a.m p.m
    i.e e.g ft mt""".split()
)
_BOUNDARY = re.compile(
    r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])"
    # "... half-decade.- The New ...": a hyphen some scraped news leaves after a stop
    r"|(?<=[a-z]{2})[.!?][\"'”’)\]]*(?=-\s+[\"'“‘(\[]?[A-Z0-9])"
    # "... 4 parts per trillion.There are also ...": a stop with the space lost (web text)
    r"|(?<=[a-z]{2})[.!?](?=[A-Z][a-z])"
)
_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*[\"'”’)\]]*$")


_LOOK_BACK = 64  # characters searched for the word before a stop (abbreviations are short)


def _is_abbreviation(text: str, stop: int) -> bool:
    # Only the last few characters: searching from 0 made long one-line articles quadratic.
    low = max(0, stop - _LOOK_BACK)
    match = _WORD_BEFORE.search(text, low, stop)
    if not match or (match.start(1) == low and low and re.match(r"[\w.]", text[low - 1])):
        return False  # no word, or a word longer than any abbreviation
    word = match.group(1).lower().rstrip(".")
    if text[stop - 1] != "." or text[match.end(1) : stop].strip(".") != "":
        return False  # "!" or "?" always ends a sentence; so does a closing quote
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _split_line(text: str, start: int, end: int) -> Iterator[Span]:
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        if _is_abbreviation(text, stop):
            continue
        yield begin, stop
        begin = stop
    yield begin, end


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and (
        text[start].isspace() or (text[start] == "-" and text[start + 1 : start + 2].isspace())
    ):
        start += 1  # and the hyphen of "half-decade.- The New ..."
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Span]:
    """Splits ``text`` into sentence spans, skipping photo-credit lines.

    Returns:
        ``(start, end)`` pairs with ``text[start:end]`` a sentence, stripped of
        surrounding whitespace, in order.
    """
    return split_with_credits(text)[0]


def split_with_credits(text: str) -> tuple[list[Span], list[Span]]:
    """Splits ``text`` into sentence spans and photo-credit line spans.

    Returns:
        The sentences (as :func:`split_sentences`) and the credit lines, each
        stripped of surrounding whitespace, in order.
    """
    spans: list[Span] = []
    credits: list[Span] = []
    position = 0
    for line in text.splitlines(keepends=True):
        line_start, line_end = _strip(text, position, position + len(line))
        position += len(line)
        heading = _MARKDOWN_HEADING.match(text, line_start, line_end)
        if heading:
            line_start = heading.end()  # "# Title": the marker is markup, not words
        if line_start == line_end:
            continue
        if is_photo_credit(text[line_start:line_end]):
            credits.append((line_start, line_end))
            continue
        for begin, stop in _split_line(text, line_start, line_end):
            begin, stop = _strip(text, begin, stop)
            if begin < stop:
                spans.append((begin, stop))
    return spans, credits
