from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS, FakeEmbeddings
from vectorstore.chroma import ChromaStore, connect
from vectorstore.errors import EmbeddingMismatchError, StoreNotFoundError
from vectorstore.ingest import Ingestor

pytestmark = pytest.mark.unit


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "seed.txt").write_text(next(SEEDS.glob("*.txt")).read_text(encoding="utf-8"))
    (folder / "short.md").write_text(
        "# Kyiv talks\n\nOfficials met in Kyiv on Monday. They agreed on nothing.\n"
    )
    return folder


def make(tmp_path: Path, fake_chunker, embeddings: FakeEmbeddings | None = None) -> Ingestor:
    embeddings = embeddings or FakeEmbeddings()
    client = connect(path=tmp_path / "chroma")
    store = ChromaStore(client, "news", embeddings.model_name, embeddings.dimension, create=True)
    return Ingestor(
        store, embeddings, fake_chunker(chunk_tokens=80, overlap_tokens=16), batch_chunks=8
    )


def test_first_ingest_adds_then_reingest_embeds_nothing(tmp_path, corpus, fake_chunker) -> None:
    ingestor = make(tmp_path, fake_chunker)
    first = ingestor.ingest([corpus])
    assert len(first.added) == 2 and not first.rejected
    count = ingestor.store.count()
    assert count == first.chunks_embedded > 10

    embeddings = FakeEmbeddings()
    again = make(tmp_path, fake_chunker, embeddings).ingest([corpus])
    assert len(again.unchanged) == 2 and not again.added and not again.updated
    assert embeddings.texts_embedded == 0
    assert ingestor.store.count() == count


def test_changed_file_replaces_its_chunks(tmp_path, corpus, fake_chunker) -> None:
    ingestor = make(tmp_path, fake_chunker)
    ingestor.ingest([corpus])
    (corpus / "short.md").write_text("# Kyiv talks\n\nOfficials met in Lviv on Tuesday.\n")
    report = make(tmp_path, fake_chunker).ingest([corpus])
    assert [Path(s).name for s in report.updated] == ["short.md"]
    got = ingestor.store.get(include=("documents", "metadatas"))
    texts = [t for t, m in zip(got["documents"], got["metadatas"]) if m["name"] == "short.md"]
    assert texts == ["Kyiv talks\nOfficials met in Lviv on Tuesday."]


def test_prune_removes_articles_whose_files_are_gone(tmp_path, corpus, fake_chunker) -> None:
    ingestor = make(tmp_path, fake_chunker)
    ingestor.ingest([corpus])
    (corpus / "short.md").unlink()
    kept = make(tmp_path, fake_chunker).ingest([corpus])
    assert not kept.removed  # without --prune nothing goes
    report = make(tmp_path, fake_chunker).ingest([corpus], prune=True)
    assert [Path(s).name for s in report.removed] == ["short.md"]
    names = {m["name"] for m in ingestor.store.get()["metadatas"]}
    assert names == {"seed.txt"}


def test_broken_files_are_reported_and_the_rest_ingested(tmp_path, corpus, fake_chunker) -> None:
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (corpus / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (corpus / "bad.jsonl").write_text('{"title": "ok", "text": "A fine row here."}\n{broken\n')
    report = make(tmp_path, fake_chunker).ingest([corpus])
    rejected = {Path(r.source.split("#")[0]).name: r.reason for r in report.rejected}
    assert set(rejected) == {"empty.txt", "binary.txt", "latin1.txt", "bad.jsonl"}
    assert all("\n" not in reason for reason in rejected.values())
    assert len(report.added) == 3  # seed, short, and the good JSONL row


def test_a_failed_load_is_not_pruned(tmp_path, corpus, fake_chunker) -> None:
    make(tmp_path, fake_chunker).ingest([corpus])
    (corpus / "short.md").write_bytes(b"\x00\x00binary now")
    report = make(tmp_path, fake_chunker).ingest([corpus], prune=True)
    assert not report.removed and len(report.rejected) == 1


def test_interrupted_update_heals_on_next_ingest(tmp_path, corpus, fake_chunker) -> None:
    ingestor = make(tmp_path, fake_chunker)
    ingestor.ingest([corpus])
    # Simulate a crash after new chunks were written but before old ones were deleted.
    got = ingestor.store.get(include=("documents", "metadatas", "embeddings"))
    i = next(k for k, m in enumerate(got["metadatas"]) if m["name"] == "short.md")
    meta = dict(got["metadatas"][i], content_hash="stale")
    ingestor.store.add(["orphan"], [list(got["embeddings"][i])], [got["documents"][i]], [meta])
    report = make(tmp_path, fake_chunker).ingest([corpus])
    assert [Path(s).name for s in report.updated] == ["short.md"]
    assert "orphan" not in ingestor.store.get()["ids"]


def test_collection_built_with_another_model_fails_clearly(tmp_path, corpus, fake_chunker) -> None:
    make(tmp_path, fake_chunker).ingest([corpus])
    client = connect(path=tmp_path / "chroma")
    with pytest.raises(EmbeddingMismatchError, match="rebuild it with `dossier ingest PATH"):
        ChromaStore(client, "news", "other-model", 768)


def test_missing_collection_says_how_to_create_it(tmp_path) -> None:
    client = connect(path=tmp_path / "chroma")
    with pytest.raises(StoreNotFoundError, match="dossier ingest PATH --collection nope"):
        ChromaStore(client, "nope", "m", 8)


def test_one_large_dump_is_written_in_batches(tmp_path, fake_chunker) -> None:
    import json

    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        "\n".join(
            json.dumps({"id": str(i), "title": f"T{i}", "text": f"Article number {i} says hello."})
            for i in range(300)
        )
    )
    embeddings = FakeEmbeddings()
    ingestor = make(tmp_path, fake_chunker, embeddings)  # batch_chunks=8
    report = ingestor.ingest([dump])
    assert len(report.added) == 300 and ingestor.store.count() == 300
    assert embeddings.calls >= 300 // 8


def test_file_name_ignores_the_row_part() -> None:
    from vectorstore.articles import Article, source_file

    assert Article("/a/b/dump.jsonl#7", "t", "x").file_name == "dump.jsonl"
    assert source_file("/a/b/dump.jsonl#7") == "/a/b/dump.jsonl"


def test_an_oversized_row_is_rejected_and_the_rest_ingests(tmp_path, fake_chunker) -> None:
    import json

    dump = tmp_path / "dump.jsonl"
    rows = [{"id": "ok", "text": "Short news."}, {"id": "big", "text": "word " * 100}]
    dump.write_text("\n".join(json.dumps(r) for r in rows))
    ingestor = make(tmp_path, fake_chunker)
    ingestor.max_article_chars = 200
    report = ingestor.ingest([dump])
    assert [Path(s).name for s in report.added] == ["dump.jsonl#ok"]
    assert [r.source.rsplit("#", 1)[1] for r in report.rejected] == ["big"]
    assert "DOSSIER_MAX_ARTICLE_CHARS" in report.rejected[0].reason


def test_the_collection_records_how_its_vectors_were_made(tmp_path, corpus, fake_chunker) -> None:
    from vectorstore.chroma import PRECISION_KEY

    class Recorded(FakeEmbeddings):
        loaded = True
        precision_name = "bf16"
        runtime_name = "torch"

    ingestor = make(tmp_path, fake_chunker, Recorded())
    ingestor.ingest([corpus])
    assert ingestor.store.metadata[PRECISION_KEY] == "bf16 (torch)"
    (corpus / "short.md").write_text("# Kyiv talks\n\nOfficials met in Lviv on Tuesday.\n")
    make(tmp_path, fake_chunker).ingest([corpus])  # embeddings that cannot say: kept as is
    assert ingestor.store.metadata[PRECISION_KEY] == "bf16 (torch)"
