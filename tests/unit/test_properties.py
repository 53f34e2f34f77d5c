"""Property tests (hypothesis): the loaders never raise, and every offset maps back to the
exact text, whatever the input."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vectorstore.articles import Article
from vectorstore.loading import load_file
from vectorstore.sentences import split_sentences

pytestmark = pytest.mark.unit

# Bounded so the suite stays fast; CI runs the same examples every time (derandomize).
PROPERTIES = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# News-like text: words, sentence stops, quotes, abbreviations, line breaks, odd spaces.
_PIECES = st.sampled_from(
    ["The", "minister", "said", "Mr.", "U.S.", "Jan.", "5", "a.m.", "“Yes.”", '"No!"', "(it)",
     ". ", "? ", "! ", "… ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "# ", "Getty Images",
     "é", "中文", "\u00a0", "\u2028"]
)  # fmt: skip
NEWS_TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=80).map("".join))


@PROPERTIES
@given(NEWS_TEXT)
def test_sentence_spans_map_back_to_the_exact_text(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        sentence = text[start:end]
        assert sentence == sentence.strip() and sentence
        previous_end = end


@PROPERTIES
@given(NEWS_TEXT)
def test_sentences_cover_every_word_of_a_plain_paragraph(text: str) -> None:
    paragraph = " ".join(text.split())  # one line: nothing is dropped as a photo credit
    spans = split_sentences(paragraph)
    rebuilt = " ".join(paragraph[s:e] for s, e in spans)
    if not any(word in paragraph for word in ("Getty", "Images")):
        # A leading "# " is a Markdown heading marker: markup, not words.
        assert rebuilt == re.sub(r"^#{1,6}[ \t]+", "", paragraph)


def _load(name: str, data: bytes) -> tuple[list[Article], list]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return load_file(path)


@PROPERTIES
@given(
    st.binary(max_size=400), st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".csv"])
)
def test_any_bytes_load_or_are_rejected_in_one_line(data: bytes, suffix: str) -> None:
    articles, rejected = _load(f"file{suffix}", data)
    assert articles or rejected
    for r in rejected:
        assert r.reason and "\n" not in r.reason
    for a in articles:
        assert a.text.strip()


@PROPERTIES
@given(NEWS_TEXT.filter(lambda t: t.strip() and "\x00" not in t))
def test_a_text_file_is_its_article_byte_for_byte(text: str) -> None:
    articles, rejected = _load("story.txt", text.encode("utf-8"))
    assert not rejected and len(articles) == 1
    article = articles[0]
    assert article.text == text.removeprefix("\ufeff")
    for start, end in split_sentences(article.text):  # citations index into the file itself
        assert text.removeprefix("\ufeff")[start:end] == article.text[start:end]


_CELL = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)
_ROW = st.fixed_dictionaries({"id": st.uuids().map(str), "title": _CELL, "text": _CELL})


@PROPERTIES
@given(st.lists(_ROW, min_size=1, max_size=6), st.sampled_from([".jsonl", ".json", ".csv"]))
def test_every_row_with_text_becomes_its_article(rows: list[dict], suffix: str) -> None:
    if suffix == ".jsonl":
        data = "\n".join(json.dumps(r) for r in rows)
    elif suffix == ".json":
        data = json.dumps(rows)
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["id", "title", "text"])
        writer.writeheader()
        writer.writerows(rows)
        data = out.getvalue()
    articles, rejected = _load(f"dump{suffix}", data.encode("utf-8"))
    expected = [r for r in rows if r["text"].strip()]
    if suffix == ".csv":  # csv reads "\r" and "\r\n" inside a quoted cell as written
        assert len(articles) == len(expected)
    else:
        assert [a.text for a in articles] == [r["text"].strip() for r in expected]
    if articles:  # each row is an article or a rejection (all rejected: one line for the file)
        assert len(articles) + len(rejected) == len(rows)
    for a in articles:
        assert a.source.rsplit("#", 1)[1] in {r["id"] for r in rows}
