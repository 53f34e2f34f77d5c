from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FakeEmbeddings
from vectorstore.chroma import ChromaStore, connect
from vectorstore.errors import ConfigurationError
from vectorstore.ingest import Ingestor
from vectorstore.retriever import Filters, HybridRetriever

pytestmark = pytest.mark.unit

ROWS = [
    {
        "id": "a",
        "title": "Minerals",
        "date": "2025-02-21",
        "outlet": "ABC News",
        "text": "Ukraine holds large reserves of rare earth minerals. Talks on a minerals deal continue.",
    },
    {
        "id": "b",
        "title": "Weather",
        "date": "2024-06-01",
        "outlet": "Reuters",
        "text": "Heavy rain fell over Kyiv on Saturday. Flooding closed several roads.",
    },
    {
        "id": "c",
        "title": "Summit",
        "date": "2025-02-14",
        "outlet": "Reuters",
        "text": "Leaders met at the Munich Security Conference. Zelenskyy spoke about the minerals.",
    },
]


@pytest.fixture
def store(tmp_path: Path, fake_chunker) -> ChromaStore:
    data = tmp_path / "news.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in ROWS))
    emb = FakeEmbeddings()
    store = ChromaStore(
        connect(path=tmp_path / "chroma"), "news", emb.model_name, emb.dimension, create=True
    )
    Ingestor(store, emb, fake_chunker()).ingest([data])
    return store


def retriever(store: ChromaStore, tmp_path: Path, **kwargs) -> HybridRetriever:
    return HybridRetriever(
        store=store, embeddings=FakeEmbeddings(), cache_dir=tmp_path / "cache", **kwargs
    )


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_each_mode_finds_the_matching_passage(store, tmp_path, mode) -> None:
    docs = retriever(store, tmp_path, mode=mode, k=1).invoke("flooding roads in Kyiv rain")
    assert docs[0].metadata["title"] == "Weather"
    assert docs[0].id == docs[0].metadata["chunk_id"]


@pytest.mark.parametrize("fusion", ["adaptive", "rrf"])
def test_each_fusion_finds_the_matching_passage(store, tmp_path, fusion) -> None:
    found = retriever(store, tmp_path, fusion=fusion, k=3).invoke("flooding roads in Kyiv rain")
    assert found[0].metadata["title"] == "Weather"
    assert [d.metadata["score"] for d in found] == sorted(
        (d.metadata["score"] for d in found), reverse=True
    )


def test_hybrid_reports_both_scores(store, tmp_path) -> None:
    docs = retriever(store, tmp_path, k=3).invoke("minerals deal")
    assert len(docs) == 3
    assert "bm25_score" in docs[0].metadata and "dense_score" in docs[0].metadata
    assert docs[0].metadata["score"] >= docs[-1].metadata["score"]


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_filters_apply_to_every_mode(store, tmp_path, mode) -> None:
    r = retriever(store, tmp_path, mode=mode, k=3)
    by_outlet = r.invoke("minerals", filters=Filters(outlets=["reuters"]))
    assert {d.metadata["title"] for d in by_outlet} <= {"Summit", "Weather"}
    by_date = r.invoke("minerals", filters={"date_from": "2025-02-15"})
    assert {d.metadata["title"] for d in by_date} == {"Minerals"}
    summit = next(d.metadata["source"] for d in by_outlet if d.metadata["title"] == "Summit")
    by_source = r.invoke("minerals", filters=Filters(sources=[summit]))
    assert [d.metadata["title"] for d in by_source] == ["Summit"]


def test_unknown_filter_field_is_refused() -> None:
    with pytest.raises(ValueError, match="extra"):
        Filters(author="x")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Filters(date_from="21/02/2025")


def test_bm25_cache_follows_writes(store, tmp_path, fake_chunker) -> None:
    r = retriever(store, tmp_path, mode="bm25", k=1)
    assert r.invoke("volcano") == []
    extra = tmp_path / "extra.txt"
    extra.write_text("A volcano erupted in Iceland.\n")
    Ingestor(store, FakeEmbeddings(), fake_chunker()).ingest([extra])
    r.invoke("volcano")  # the previous index serves while the new one is built
    r.lexical_cache().wait()
    assert r.invoke("volcano")[0].page_content == "A volcano erupted in Iceland."
    # Without background rebuilds the first query after the write waits for the new index.
    Ingestor(store, FakeEmbeddings(), fake_chunker()).ingest([extra])  # unchanged: no write
    waiting = retriever(store, tmp_path / "other", mode="bm25", k=1, background_rebuild=False)
    assert waiting.invoke("volcano")
    more = tmp_path / "more.txt"
    more.write_text("A geyser erupted near Reykjavik.\n")
    Ingestor(store, FakeEmbeddings(), fake_chunker()).ingest([more])
    assert waiting.invoke("geyser")[0].page_content == "A geyser erupted near Reykjavik."
    # A fresh retriever loads the saved index for the current revision.
    assert retriever(store, tmp_path, mode="bm25", k=1).invoke("volcano")


def test_mmr_returns_k_distinct_passages(store, tmp_path) -> None:
    docs = retriever(store, tmp_path, k=3, mmr=True).invoke("minerals")
    assert len({d.id for d in docs}) == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 0}, "k must be > 0, got 0"),
        ({"k": 10, "fetch_k": 5}, "fetch_k must be >= k"),
        ({"dense_weight": 2.0}, r"dense_weight must be in \[0, 1\], got 2.0"),
    ],
)
def test_bad_arguments_name_the_value(store, tmp_path, kwargs, message) -> None:
    with pytest.raises((ConfigurationError, ValueError), match=message):
        retriever(store, tmp_path, **kwargs)


def test_headlines_are_searchable(store, tmp_path) -> None:
    # "Weather" is only the row's title, not in its text.
    docs = retriever(store, tmp_path, mode="bm25", k=1).invoke("weather")
    assert docs and docs[0].metadata["title"] == "Weather" and "Weather" not in docs[0].page_content


def test_a_query_that_is_not_unicode_is_an_input_error(store, tmp_path) -> None:
    from vectorstore.errors import InputError

    with pytest.raises(InputError, match=r"lone surrogate \(U\+D800\) at character 0"):
        retriever(store, tmp_path).invoke("\ud800 minerals")
