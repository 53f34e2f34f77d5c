"""The BM25 index under concurrency: one build per revision, atomic shared saves,
and a stale index that never returns a removed passage."""

from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import FakeEmbeddings
from vectorstore.chroma import ChromaStore, connect
from vectorstore.ingest import Ingestor
from vectorstore.lexical import LexicalIndex
from vectorstore.lexical_cache import LexicalCache
from vectorstore.retriever import HybridRetriever

pytestmark = pytest.mark.unit

TEXTS = {
    "harbour.txt": "The harbour bridge reopened on Tuesday after repairs.\n",
    "volcano.txt": "A volcano erupted in Iceland on Monday.\n",
    "market.txt": "The fish market moved to the old harbour last spring.\n",
}


@pytest.fixture
def ingest(tmp_path: Path, fake_chunker):
    emb = FakeEmbeddings()
    store = ChromaStore(
        connect(path=tmp_path / "chroma"), "news", emb.model_name, emb.dimension, create=True
    )
    ingestor = Ingestor(store, emb, fake_chunker())

    def write(name: str, text: str) -> Path:
        path = tmp_path / "docs" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        ingestor.ingest([path])
        return path

    for name, text in TEXTS.items():
        write(name, text)
    return store, write


def test_concurrent_queries_after_a_write_build_once(ingest, tmp_path: Path) -> None:
    store, write = ingest
    retriever = HybridRetriever(
        store=store, embeddings=FakeEmbeddings(), mode="bm25", cache_dir=tmp_path / "cache"
    )
    cache = retriever.lexical_cache()
    assert retriever.invoke("harbour", k=2)
    assert cache.builds == 1
    write("geyser.txt", "A geyser erupted near the harbour.\n")

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda _: retriever.invoke("harbour", k=2), range(64)))
    cache.wait()

    assert all(len(r) == 2 for r in results)
    assert cache.builds == 2  # one rebuild for the new revision, not one per request
    assert "geyser" in retriever.invoke("geyser", k=1)[0].page_content


def test_a_stale_index_never_returns_a_removed_passage(ingest, tmp_path: Path) -> None:
    store, write = ingest
    retriever = HybridRetriever(store=store, embeddings=FakeEmbeddings(), mode="bm25", k=2)
    cache = retriever.lexical_cache()
    before = retriever.invoke("harbour")
    assert {d.metadata["name"] for d in before} == {"harbour.txt", "market.txt"}
    hold = threading.Event()
    real_build = cache._build
    cache._build = lambda revision: (hold.wait(30), real_build(revision))[1]  # type: ignore[method-assign]
    try:
        # Edit an article: its old chunk is deleted, a new one written under a new id.
        write("harbour.txt", "The harbour bridge stays closed for a third year.\n")
        docs = retriever.invoke("harbour bridge")
        index, stale = cache.index()
        assert stale and cache.builds == 1  # the old index is still the one searched
        live = set(store.get(include=())["ids"])
        assert docs and all(d.id in live for d in docs)
        assert all("reopened" not in d.page_content for d in docs)
    finally:
        hold.set()
        cache.wait()
    assert "third year" in retriever.invoke("harbour bridge", k=1)[0].page_content


def test_waiting_callers_share_one_build(ingest) -> None:
    store, _ = ingest
    cache = LexicalCache(store, None, background=False)
    with ThreadPoolExecutor(8) as pool:
        indexes = list(pool.map(lambda _: cache.index()[0], range(8)))
    assert cache.builds == 1 and all(i is indexes[0] for i in indexes)


def _index(ids: list[str]) -> LexicalIndex:
    index = LexicalIndex()
    index.build(ids, [f"zebra{i} quagga" for i in ids], [{"source": i} for i in ids])
    return index


def test_saves_are_atomic_and_accept_what_another_writer_saved(tmp_path: Path) -> None:
    folder = tmp_path / "bm25"
    first = _index(["a", "b"]).save(folder, "rev1")
    # Another writer saving the same revision keeps the copy that is there.
    assert _index(["a", "b", "c"]).save(folder, "rev1") == first
    loaded = LexicalIndex.load(folder, "rev1")
    assert loaded is not None and loaded.columns.ids == ["a", "b"]
    assert LexicalIndex.load(folder, "rev2") is None
    # A new revision replaces the old one; a half-written temporary folder is never read.
    (folder / ".tmp-abandoned").mkdir()
    _index(["x"]).save(folder, "rev2")
    assert LexicalIndex.load(folder, "rev1") is None
    assert LexicalIndex.load(folder, "rev2").columns.ids == ["x"]  # type: ignore[union-attr]
    assert sorted(p.name for p in folder.iterdir()) == [".tmp-abandoned", "rev2"]


def _save_and_load(folder: str, revision: str, n: int) -> list[str]:
    for _ in range(n):
        _index(["a", "b", "c"]).save(Path(folder), revision)
        index = LexicalIndex.load(Path(folder), revision)
        assert index is not None
    return [i for i, _ in index.search("zebrab", 1)]


def test_processes_sharing_a_cache_folder_never_fail(tmp_path: Path) -> None:
    folder = str(tmp_path / "bm25")
    with ProcessPoolExecutor(4) as pool:
        results = list(pool.map(_save_and_load, [folder] * 8, ["rev"] * 8, [5] * 8))
    assert results == [["b"]] * 8
