"""Settings, read once by an entry point from ``DOSSIER_*`` variables and ``.env``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# The defaults of the modules that own them (assistant.pipeline, vectorstore.chunking,
# .embeddings, .retriever, .loading; tests/unit/test_settings.py checks they agree), written out so
# that reading the settings imports none of them: `dossier ask` with a server running
# needs nothing else.
MAX_QUESTION_CHARS = 2000
DEFAULT_CHUNK_TOKENS, DEFAULT_OVERLAP_TOKENS = 160, 32
DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_K, DEFAULT_FETCH_K = 5, 40
DEFAULT_MAX_ARTICLE_CHARS = 1_000_000


class Settings(BaseSettings):
    """Everything configurable, with typed defaults.

    Example:
        >>> Settings(collection="cranfield").top_k
        5

    Each field reads ``DOSSIER_<NAME>`` (e.g. ``DOSSIER_CHROMA_DIR``), then
    ``.env`` in the working folder.
    """

    model_config = SettingsConfigDict(
        env_prefix="DOSSIER_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    chroma_dir: Path = Field(Path(".dossier/chroma"), description="Embedded Chroma store folder.")
    chroma_host: str | None = Field(None, description="Chroma server host; overrides chroma_dir.")
    chroma_port: int = Field(8000, ge=1, le=65535, description="Chroma server port.")
    collection: str = Field("news", description="Collection of chunks.")
    cache_dir: Path = Field(Path(".dossier/cache"), description="Derived caches (BM25 index).")

    embedding_model: str = Field(DEFAULT_MODEL, description="Model folder, or the packaged one.")
    embedding_batch_size: int = Field(64, gt=0)
    embedding_precision: Literal["auto", "fp32", "bf16"] = Field(
        "auto", description="bf16 autocast where the CPU/GPU computes it natively (auto), or fixed."
    )
    device: Literal["auto", "cpu", "cuda", "mps"] = Field(
        "auto", description="Where the embedding model runs; auto: a GPU when torch sees one."
    )
    embedding_runtime: Literal["auto", "torch", "onnx"] = Field(
        "auto", description="auto: the model's ONNX export on ONNX Runtime for fp32 on a CPU."
    )
    chunk_tokens: int = Field(DEFAULT_CHUNK_TOKENS, gt=0, description="Chunk size, LLM tokens.")
    chunk_overlap: int = Field(DEFAULT_OVERLAP_TOKENS, ge=0, description="Overlap, LLM tokens.")
    max_file_mb: float = Field(50.0, gt=0, description="Larger files are rejected.")
    max_article_chars: int = Field(
        DEFAULT_MAX_ARTICLE_CHARS,
        gt=0,
        description="Longer articles (a row or cell of a dump, a file) are rejected by name.",
    )

    top_k: int = Field(DEFAULT_K, gt=0, description="Passages given to the answerer.")
    fetch_k: int = Field(DEFAULT_FETCH_K, gt=0, description="Candidates per search before fusion.")
    retriever: Literal["hybrid", "dense", "bm25"] = "hybrid"
    dense_weight: float = Field(
        0.5, ge=0.0, le=1.0,
        description="adaptive fusion: prior of the per-query dense weight; rrf: the weight.",
    )  # fmt: skip
    fusion: Literal["adaptive", "rrf"] = Field(
        "adaptive", description="Hybrid fusion: z-scores with a per-query weight, or RRF."
    )
    mmr: bool = False

    answerer: Literal["extractive", "llm"] | None = Field(
        None, description="Who writes answers; default: the LLM when `llm` is set, else extractive."
    )
    min_answer_score: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description=(
            "Override the refusal model's fitted threshold: the extractive answerer answers "
            "when the model's probability that the evidence answers is at least this."
        ),
    )
    answer_typing: Literal["both", "spacy", "rules"] = Field(
        "both",
        description=(
            "How the extractive answerer types candidate answers (a person, a date, ...): "
            "spaCy's named entities, the rules, or both (either one)."
        ),
    )
    verify: Literal["flag", "drop", "off"] = Field(
        "flag",
        description=(
            "Check each answer sentence against the passages it cites: flag the unsupported "
            "ones, drop them, or only resolve citations to spans (off)."
        ),
    )
    verify_threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="Override the calibrated support threshold."
    )

    llm: Literal["openai", "llamacpp"] | None = Field(
        None, description="The LLM backend: an OpenAI-compatible server, or a local GGUF file."
    )
    llm_base_url: str = Field(
        "http://127.0.0.1:8080/v1", description="OpenAI-compatible server (OpenAI, Ollama, vLLM…)."
    )
    llm_model: str = Field("local", description="Model name the server is asked for.")
    llm_api_key: SecretStr | None = Field(
        None, description="API key; default: OPENAI_API_KEY, else none (local servers)."
    )
    llm_gguf: Path | None = Field(
        None, description="GGUF file for llm=llamacpp; default: the packaged SmolLM2-135M."
    )
    llm_threads: int | None = Field(None, gt=0, description="CPU threads for llm=llamacpp.")
    llm_context_tokens: int = Field(4096, gt=256, description="The model's context window.")
    llm_max_tokens: int = Field(384, gt=0, description="Longest answer, in tokens.")
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0)
    llm_timeout: float = Field(
        60.0, gt=0, description="Seconds an LLM call may take, connection to last token."
    )
    llm_fallback: Literal["extractive", "none"] = Field(
        "extractive", description="When the LLM fails: answer extractively (with a notice) or fail."
    )
    condense: Literal["auto", "rules", "llm"] = Field(
        "auto", description="Rewrite follow-ups with rules or the LLM; auto: the LLM if answering."
    )

    max_question_chars: int = Field(
        MAX_QUESTION_CHARS, gt=0, description="Longer questions are refused."
    )

    host: str = Field("127.0.0.1", description="Address `dossier serve` listens on.")
    port: int = Field(7860, ge=1, le=65535, description="Port `dossier serve` listens on.")
    auth: SecretStr | None = Field(
        None,
        description=(
            "Access control for the chat and the API: 'user:password' pairs separated by "
            "commas (HTTP basic auth), or a bare token (Authorization: Bearer TOKEN)."
        ),
    )
    upload_dir: Path | None = Field(
        None, description="Where uploaded articles are kept; default: 'documents' beside the store."
    )

    def answerer_name(self) -> str:
        """The answerer in use: ``answerer`` if set, else the LLM when one is configured."""
        return self.answerer or ("llm" if self.llm else "extractive")

    def llm_label(self) -> str:
        """What the LLM is, for messages: ``openai (model at URL)`` or ``llamacpp (file)``."""
        if self.llm == "openai":
            return f"openai ({self.llm_model} at {self.llm_base_url})"
        if self.llm == "llamacpp":
            return f"llamacpp ({self.llm_gguf.name if self.llm_gguf else 'SmolLM2-135M'})"
        return "none"

    def store_location(self) -> str:
        """Where the store is, for messages, cache keys and finding a server on it."""
        if self.chroma_host:
            return f"Chroma server {self.chroma_host}:{self.chroma_port}"
        return str(self.chroma_dir.resolve())

    def documents_dir(self) -> Path:
        """The folder uploaded articles are saved in (citations' offsets refer to these files)."""
        if self.upload_dir is not None:
            return self.upload_dir
        base = Path(".dossier") if self.chroma_host else self.chroma_dir.parent
        return base / "documents"
