"""A re-ingest killed at each write step: queries never see two versions of an article,
and the next ingest repairs the store without re-embedding what did not change.

The kill is an injected fault at the N-th write call to the store (deterministic,
not timing luck); a real SIGKILL is in tests/integration/test_ingest_kill.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FakeEmbeddings
from vectorstore.chroma import ChromaStore, connect, visible
from vectorstore.ingest import Ingestor
from vectorstore.retriever import HybridRetriever

pytestmark = pytest.mark.unit

WRITES = ("add", "switch", "delete", "mark_written")


class Killed(Exception):
    """Stands for the process dying at that moment."""


class FaultyStore(ChromaStore):
    """A real (embedded) store that dies at the ``kill_at``-th write call.

    With ``half``, an ``add`` that is killed writes the first half of its chunks
    first, as a kill between two of Chroma's write slices would.
    """

    kill_at: int | None = None
    half: bool = False
    calls: list[str]

    def _write_step(self, name: str) -> None:
        self.calls.append(name)
        if self.kill_at is not None and len(self.calls) == self.kill_at:
            raise Killed(f"killed at write {self.kill_at} ({name})")

    def add(self, ids: Any, embeddings: Any, documents: Any, metadatas: Any) -> None:
        if self.half and self.kill_at == len(self.calls) + 1:
            n = len(ids) // 2
            super().add(ids[:n], embeddings[:n], documents[:n], metadatas[:n])
        self._write_step("add")
        super().add(ids, embeddings, documents, metadatas)

    def switch(self, live: Any, retired: Any) -> None:
        self._write_step("switch")
        super().switch(live, retired)

    def delete(self, ids: Any) -> None:
        if ids:
            self._write_step("delete")
        super().delete(ids)

    def mark_written(self, chunker_id: str | None = None, precision: str | None = None) -> None:
        self._write_step("mark_written")
        super().mark_written(chunker_id, precision)


class RecordingEmbeddings(FakeEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return super().embed_documents(texts)


def write_corpus(folder: Path, version: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(6):
        words = " ".join(f"word{n}x{k}" for k in range(12))
        body = (
            f"Report {n} on the harbour talks. "
            f"Version {version if n < 4 else 0} says the delegates met on day {n}. "
            + " ".join(f"Sentence {k} of article {n} mentions {words}." for k in range(8))
        )
        (folder / f"a{n}.txt").write_text(f"Harbour report {n}\n\n{body}\n", encoding="utf-8")


def ingestor(tmp_path: Path, fake_chunker: Callable[..., Any], embeddings: FakeEmbeddings,
             kill_at: int | None = None, half: bool = False) -> Ingestor:  # fmt: skip
    client = connect(path=tmp_path / "chroma")
    store = FaultyStore(client, "news", embeddings.model_name, embeddings.dimension, create=True)
    store.calls, store.kill_at, store.half = [], kill_at, half
    chunker = fake_chunker(chunk_tokens=40, overlap_tokens=8)
    return Ingestor(store, embeddings, chunker, batch_chunks=12)


def assert_one_complete_version_each(store: ChromaStore, articles: int) -> None:
    got = store.get(include=("metadatas",))
    versions: dict[str, Counter[str]] = {}
    declared: dict[str, int] = {}
    for meta in got["metadatas"]:
        if visible(meta):
            versions.setdefault(meta["doc_id"], Counter())[meta["content_hash"]] += 1
            declared[meta["doc_id"]] = meta["n_chunks"]
    assert len(versions) == articles, "an article vanished"
    for doc_id, hashes in versions.items():
        assert len(hashes) == 1, f"two versions of {doc_id} are visible: {hashes}"
        assert sum(hashes.values()) == declared[doc_id], f"{doc_id} is incomplete"


def assert_queries_see_one_version(store: ChromaStore, embeddings: FakeEmbeddings) -> None:
    retriever = HybridRetriever(store=store, embeddings=embeddings, k=40, fetch_k=200)
    docs = retriever.invoke("harbour delegates met version")
    seen: dict[str, set[str]] = {}
    for doc in docs:
        seen.setdefault(doc.metadata["doc_id"], set()).add(doc.metadata["content_hash"])
    assert docs and all(len(h) == 1 for h in seen.values()), seen


def count_write_steps(tmp_path: Path, fake_chunker: Callable[..., Any]) -> list[str]:
    probe = tmp_path / "probe"
    write_corpus(probe / "articles", 1)
    ingestor(probe, fake_chunker, FakeEmbeddings()).ingest([probe / "articles"])
    write_corpus(probe / "articles", 2)
    run = ingestor(probe, fake_chunker, FakeEmbeddings())
    run.ingest([probe / "articles"])
    return list(run.store.calls)  # type: ignore[attr-defined]


def test_the_reingest_has_several_write_steps(tmp_path, fake_chunker) -> None:
    steps = count_write_steps(tmp_path, fake_chunker)
    assert steps.count("add") >= 2 and steps.count("switch") >= 2  # several batches
    assert steps[-1] == "mark_written" and set(steps) == set(WRITES)


@pytest.mark.parametrize("half", [False, True], ids=["between-writes", "mid-add"])
def test_kill_at_every_write_step_then_repair(tmp_path, fake_chunker, half) -> None:
    steps = count_write_steps(tmp_path, fake_chunker)
    for step in range(1, len(steps) + 1):
        if half and steps[step - 1] != "add":
            continue
        root = tmp_path / f"kill-{step}"
        articles = root / "articles"
        write_corpus(articles, 1)
        ingestor(root, fake_chunker, FakeEmbeddings()).ingest([articles])
        write_corpus(articles, 2)  # articles 0-3 change, 4-5 do not

        killed = ingestor(root, fake_chunker, FakeEmbeddings(), kill_at=step, half=half)
        with pytest.raises(Killed):
            killed.ingest([articles])
        assert_one_complete_version_each(killed.store, 6)
        assert_queries_see_one_version(killed.store, FakeEmbeddings())

        embeddings = RecordingEmbeddings()
        repair = ingestor(root, fake_chunker, embeddings)
        report = repair.ingest([articles])
        assert {Path(s).name for s in report.unchanged} >= {"a4.txt", "a5.txt"}, step
        unchanged_texts = [t for t in embeddings.embedded if "Version 0" in t]
        assert not unchanged_texts, f"step {step}: re-embedded an unchanged article"
        got = repair.store.get(include=("metadatas", "documents"))
        assert all(m["state"] == "live" for m in got["metadatas"]), f"step {step}: leftovers"
        assert_one_complete_version_each(repair.store, 6)
        assert all("Version 1" not in d for d in got["documents"]), f"step {step}: old text"
        fresh = ingestor(root, fake_chunker, FakeEmbeddings()).ingest([articles])
        assert len(fresh.unchanged) == 6  # nothing left to do


def test_abandoned_pending_chunks_of_other_articles_are_deleted(
    tmp_path, fake_chunker, monkeypatch
) -> None:
    articles = tmp_path / "articles"
    write_corpus(articles, 1)
    run = ingestor(tmp_path, fake_chunker, FakeEmbeddings(), kill_at=2)  # dies before switch
    with pytest.raises(Killed):
        run.ingest([articles])
    assert run.store.count() and not run.store.get(where={"state": "live"})["ids"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Another article about something else entirely.\n")
    later = ingestor(tmp_path, fake_chunker, FakeEmbeddings())
    later.ingest([other])  # a recent pending chunk may be another ingest's: kept
    assert later.store.get(where={"state": "pending"})["ids"]
    monkeypatch.setattr("vectorstore.stored.ABANDONED_AFTER_SECONDS", -1)
    ingestor(tmp_path, fake_chunker, FakeEmbeddings()).ingest([other])
    assert not later.store.get(where={"state": "pending"})["ids"]
