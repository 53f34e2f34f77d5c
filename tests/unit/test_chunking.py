from __future__ import annotations

import pytest

from tests.conftest import SEEDS, fake_count
from vectorstore.articles import Article
from vectorstore.chunking import Chunker, content_hash, source_span
from vectorstore.errors import ConfigurationError
from vectorstore.passages import searchable_text

pytestmark = pytest.mark.unit


def seed_article() -> Article:
    path = next(SEEDS.glob("*.txt"))
    return Article(str(path), path.read_text(encoding="utf-8"), path.name)


def test_every_sentence_maps_back_to_the_source(fake_chunker) -> None:
    article = seed_article()
    for chunk in fake_chunker(chunk_tokens=80, overlap_tokens=20).split(article):
        for offset, start, end in chunk.sentences:
            assert chunk.text[offset : offset + end - start] == article.text[start:end]
        assert chunk.start == chunk.sentences[0][1] and chunk.end == chunk.sentences[-1][2]


def test_chunks_respect_window_and_size(fake_chunker) -> None:
    chunker = fake_chunker(max_word_pieces=60, chunk_tokens=50, overlap_tokens=10)
    chunks = chunker.split(seed_article())
    assert len(chunks) > 5
    assert max(fake_count([c.text])[0] for c in chunks) <= 60
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_overlap_carries_sentences_forward(fake_chunker) -> None:
    chunks = fake_chunker(chunk_tokens=80, overlap_tokens=40).split(seed_article())
    shared = sum(
        1
        for a, b in zip(chunks, chunks[1:])
        if set(s[1] for s in a.sentences) & set(s[1] for s in b.sentences)
    )
    assert shared >= 1
    # ... but every chunk adds a sentence the previous one did not have.
    for a, b in zip(chunks, chunks[1:]):
        assert b.sentences[-1][1] > a.sentences[-1][1]


def test_a_sentence_longer_than_the_window_is_cut(fake_chunker) -> None:
    text = " ".join(f"word{i}" for i in range(500)) + "."
    chunks = fake_chunker(max_word_pieces=100).split(Article("x", text, "x"))
    assert len(chunks) >= 5
    assert all(fake_count([c.text])[0] <= 100 for c in chunks)
    covered = "".join(text[s:e] for c in chunks for _, s, e in c.sentences if True)
    assert "word0" in covered and "word499" in covered


def test_source_span_maps_a_quote_inside_one_sentence(fake_chunker) -> None:
    article = seed_article()
    chunk = fake_chunker().split(article)[3]
    offset, start, end = chunk.sentences[1]
    assert source_span(chunk.sentences, offset + 2, offset + 10) == (start + 2, start + 10)
    with pytest.raises(ValueError):
        source_span(chunk.sentences, 0, len(chunk.text))


def test_empty_article_gives_no_chunks(fake_chunker) -> None:
    assert fake_chunker().split(Article("x", "\n\nGetty Images/AP\n", "x")) == []


def test_content_hash_changes_with_text_and_settings() -> None:
    a = Article("s", "Some text.", "T")
    assert content_hash(a, "v1") != content_hash(Article("s", "Other text.", "T"), "v1")
    assert content_hash(a, "v1") != content_hash(a, "v2")
    assert content_hash(a, "v1") == content_hash(Article("s", "Some text.", "T"), "v1")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_word_pieces": 0}, "max_word_pieces must be > 0, got 0"),
        ({"chunk_tokens": 0}, "chunk_tokens must be > 0, got 0"),
        ({"overlap_tokens": 200}, "overlap_tokens must be >= 0 and < chunk_tokens"),
    ],
)
def test_bad_settings_are_refused_with_the_value(kwargs, message) -> None:
    args = {"max_word_pieces": 254, "chunk_tokens": 160, "overlap_tokens": 32, **kwargs}
    with pytest.raises(ConfigurationError, match=message):
        Chunker(fake_count, lambda t, n: [], **args)


def test_a_real_headline_is_indexed_with_every_chunk(fake_chunker) -> None:
    body = " ".join(f"Sentence number {i} is here." for i in range(40))
    article = Article("/x/dump.jsonl#7", body, "Minerals deal collapses")
    chunks = fake_chunker(max_word_pieces=60, chunk_tokens=50, overlap_tokens=0).split(article)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.headline == "Minerals deal collapses"
        assert chunk.embed_text == "Minerals deal collapses\n" + chunk.text
        assert fake_count([chunk.embed_text])[0] <= 60  # the headline fits in the window too


@pytest.mark.parametrize("title", ["dump.jsonl #7", "dump.jsonl", "Sentence number 0 is here."])
def test_stand_in_or_repeated_titles_are_not_indexed(fake_chunker, title) -> None:
    body = " ".join(f"Sentence number {i} is here." for i in range(5))
    chunks = fake_chunker().split(Article("/x/dump.jsonl", body, title))
    assert chunks[0].headline == "" and chunks[0].embed_text == chunks[0].text


def test_a_credit_line_is_quoted_under_its_caption_but_not_embedded(fake_chunker) -> None:
    article = seed_article()
    text = article.text
    chunks = fake_chunker(chunk_tokens=80, overlap_tokens=20).split(article)
    credited = [c for c in chunks if c.credits]
    assert credited, "the seed's captions carry credit lines"
    for chunk in credited:
        for position in chunk.credits:
            offset, start, end = chunk.sentences[position]
            assert text[start:end] == chunk.text[offset : offset + end - start]
            assert "Getty" in text[start:end] or "/" in text[start:end]
            before = chunk.sentences[position - 1]
            assert text[before[2] : start].strip() == ""  # right under its caption
            assert text[start:end] not in chunk.embed_text
        assert searchable_text(chunk.text, json_metadata(chunk)) == chunk.embed_text
    # Without the credits a chunk is the text it was before credits were kept.
    assert all("Jim Watson/AFP" not in c.embed_text for c in chunks)
    assert any("Jim Watson/AFP" in c.text for c in chunks)


def json_metadata(chunk) -> dict[str, str]:
    return {"spans": chunk.spans_json(), "credits": chunk.credits_json(), "headline": ""}
