"""No chunk is ever longer than the real model's window: nothing is truncated silently."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS
from vectorstore.articles import Article
from vectorstore.chunking import Chunker
from vectorstore.embeddings import SentenceTransformerEmbeddings

ODD = (
    "Prices rose 12.5% to $1,234,567.89 on 2025-02-21T10:00:00Z. "
    + "Supercalifragilisticexpialidocious-antidisestablishmentarianism " * 60
    + "https://example.com/"
    + "a1b2c3/" * 200
    + " "
    + " ".join(f"ÜnïcødeWörd{i}" for i in range(300))
    + ". 東京で会議が開かれた。" * 40
)


@pytest.fixture(scope="module")
def embeddings() -> SentenceTransformerEmbeddings:
    return SentenceTransformerEmbeddings()


@pytest.mark.parametrize("chunk_tokens", [64, 160, 400])
def test_every_chunk_fits_the_model_window(embeddings, chunk_tokens) -> None:
    chunker = Chunker.for_embeddings(embeddings, chunk_tokens=chunk_tokens, overlap_tokens=16)
    seed = next(SEEDS.glob("*.txt"))
    articles = [
        Article(str(seed), seed.read_text(encoding="utf-8"), seed.name),
        Article("odd", ODD, "odd"),
    ]
    window = embeddings.max_seq_length
    assert window == 256
    lengths = []
    for article in articles:
        for chunk in chunker.split(article):
            # What is embedded: the passage without its photo-credit lines.
            ids = embeddings.tokenizer(chunk.embed_text, add_special_tokens=True)["input_ids"]
            lengths.append(len(ids))
            for offset, start, end in chunk.sentences:
                assert chunk.text[offset : offset + end - start] == article.text[start:end]
    assert max(lengths) <= window
    if chunk_tokens == 400:
        assert max(lengths) > 200  # the window, not the token budget, was the limit


def test_word_pieces_are_counted_as_the_models_own_tokenizer_does(embeddings) -> None:
    seed = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    texts = [*seed.split(". "), ODD, "", "  ", "Zürich – “quoted” naïve café"]
    ours = [
        len(e.ids) for e in embeddings.word_pieces.encode_batch(texts, add_special_tokens=False)
    ]
    model = embeddings.tokenizer(texts, add_special_tokens=False, verbose=False)["input_ids"]
    assert ours == [len(ids) for ids in model]
    assert embeddings.content_window == 256 - 2
