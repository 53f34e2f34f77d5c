"""The real model shared by many request threads and an ingest's chunker at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from vectorstore.chunking import Chunker
from vectorstore.embeddings import SentenceTransformerEmbeddings


def test_concurrent_encodes_and_chunking_share_the_tokenizer_safely() -> None:
    # Each tokenizer call re-sets the shared tokenizer's padding: batches of unlike lengths,
    # embedded (padded) while the chunker counts (unpadded), expose a race as a ValueError.
    embeddings = SentenceTransformerEmbeddings()
    chunker = Chunker.for_embeddings(embeddings)
    batch = [" ".join(["word"] * (1 + n % 37)) for n in range(48)]

    def work(i: int) -> int:
        for n in range(40):
            if i % 2:
                chunker.count_word_pieces(batch[n % 7 :])
            else:
                vectors = embeddings.embed_documents(batch[n % 5 : 8 + n % 11])
                assert len(vectors[0]) == embeddings.dimension
        return i

    with ThreadPoolExecutor(8) as pool:
        assert sorted(pool.map(work, range(8))) == list(range(8))
