from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS, FakeEmbeddings
from vectorstore.catalog import list_documents, remove_document
from vectorstore.chroma import ChromaStore, connect
from vectorstore.errors import DocumentNotFoundError
from vectorstore.ingest import Ingestor
from vectorstore.retriever import HybridRetriever

pytestmark = pytest.mark.unit


@pytest.fixture
def ingestor(tmp_path: Path, fake_chunker) -> Ingestor:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "seed.txt").write_text(next(SEEDS.glob("*.txt")).read_text(encoding="utf-8"))
    (folder / "kyiv.txt").write_text(
        "Kyiv talks\nDate: 2025-03-01\n\nOfficials met in Kyiv on Monday. Zanzibar agreed.\n"
    )
    embeddings = FakeEmbeddings()
    store = ChromaStore(
        connect(path=tmp_path / "chroma"), "news", embeddings.model_name, 64, create=True
    )
    ingestor = Ingestor(store, embeddings, fake_chunker(chunk_tokens=80, overlap_tokens=16))
    assert len(ingestor.ingest([folder]).added) == 2
    return ingestor


def test_list_documents_groups_chunks_by_article(ingestor: Ingestor) -> None:
    docs = list_documents(ingestor.store)
    assert [d.name for d in docs] == ["kyiv.txt", "seed.txt"]  # newest first
    assert docs[0].title == "Kyiv talks" and docs[0].date == "2025-03-01" and docs[0].chunks == 1
    assert sum(d.chunks for d in docs) == ingestor.store.count()


def test_remove_document_deletes_its_chunks_and_refreshes_bm25(
    ingestor: Ingestor, tmp_path: Path
) -> None:
    retriever = HybridRetriever(
        store=ingestor.store, embeddings=ingestor.embeddings, mode="bm25", cache_dir=tmp_path
    )
    assert [d.metadata["name"] for d in retriever.invoke("Zanzibar", k=1)] == ["kyiv.txt"]
    kyiv = next(d for d in list_documents(ingestor.store) if d.name == "kyiv.txt")
    before = ingestor.store.count()

    removed = remove_document(ingestor.store, kyiv.doc_id)

    assert removed.doc_id == kyiv.doc_id and removed.chunks == 1
    assert ingestor.store.count() == before - 1
    assert [d.name for d in list_documents(ingestor.store)] == ["seed.txt"]
    assert all(d.metadata["name"] != "kyiv.txt" for d in retriever.invoke("Zanzibar", k=5))
    with pytest.raises(DocumentNotFoundError, match=kyiv.doc_id):
        remove_document(ingestor.store, kyiv.doc_id)
