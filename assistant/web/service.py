"""One assistant over one collection, shared by the chat and the REST API.

Builds the parts once (the model, the store, the retriever, the answerers, the
ingestor), lazily or on :meth:`DossierService.warm_up`, and serialises writes
(uploads, removals) so concurrent requests never see a half-written collection.
"""

from __future__ import annotations

import re
import shutil
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

from assistant.answer import Answer
from assistant.condense import Message
from assistant.factory import (
    answerer_names,
    make_assistant,
    make_embeddings,
    make_ingestor,
    make_retriever,
    make_store,
    store_location,
)
from assistant.pipeline import Assistant, check_question
from assistant.settings import Settings
from assistant.streaming import StreamEvent
from vectorstore.articles import Rejected, source_file
from vectorstore.catalog import DocumentInfo, list_documents, remove_document
from vectorstore.chroma import ChromaStore
from vectorstore.embeddings import SentenceTransformerEmbeddings
from vectorstore.errors import ConfigurationError
from vectorstore.ingest import Ingestor, IngestReport
from vectorstore.loading import SUPPORTED_SUFFIXES, load_file
from vectorstore.retriever import Filters, HybridRetriever

_UNSAFE_NAME = re.compile(r"[^\w.\- ()]+")
_MAX_NAME_CHARS = 120


@dataclass
class _Parts:
    embeddings: SentenceTransformerEmbeddings
    store: ChromaStore
    retriever: HybridRetriever
    assistants: dict[str, Assistant]
    ingestor: Ingestor


def safe_file_name(name: str) -> str:
    """A plain file name for an upload: no folders, no hidden files, no odd characters.

    Example:
        >>> safe_file_name("../../etc/passwd<script>.txt")
        'passwd_script_.txt'
    """
    base = re.split(r"[\\/]", name.strip())[-1]
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if dot and len(base) > _MAX_NAME_CHARS:
        base = stem[: _MAX_NAME_CHARS - len(suffix) - 1] + "." + suffix
    return base[:_MAX_NAME_CHARS] or "upload.txt"


class DossierService:
    """The assistant and its collection, as the web app uses them.

    Example:
        >>> service = DossierService(Settings())                         # doctest: +SKIP
        >>> service.ask("Who called the minerals deal predatory?").answer  # doctest: +SKIP

    Args:
        settings: Store, model, answerer and upload folder.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._parts: _Parts | None = None
        self._build_lock = threading.Lock()
        self._write_lock = threading.Lock()

    @property
    def parts(self) -> _Parts:
        with self._build_lock:
            if self._parts is None:
                embeddings = make_embeddings(self.settings)
                store = make_store(self.settings, embeddings, create=True)
                retriever = make_retriever(self.settings, store, embeddings)
                assistants = {
                    name: make_assistant(self.settings, embeddings, retriever, name)
                    for name in answerer_names(self.settings)
                }
                ingestor = make_ingestor(self.settings, embeddings, store)
                self._parts = _Parts(embeddings, store, retriever, assistants, ingestor)
            return self._parts

    def warm_up(self) -> None:
        """Loads the models (embeddings, named entities) and the BM25 index now, so the first
        question is fast."""
        parts = self.parts
        parts.embeddings.warm_up()
        for assistant in parts.assistants.values():
            tagger = getattr(assistant.answerer, "tagger", None)
            if tagger is not None:
                tagger.warm_up()
        if parts.store.count():
            parts.retriever.lexical_index()

    def answerers(self) -> list[str]:
        """Names of the answerers one can choose."""
        return answerer_names(self.settings)

    def assistant(self, answerer: str | None = None) -> Assistant:
        name = answerer or self.settings.answerer_name()
        assistants = self.parts.assistants  # one per answerer name, built once
        if name not in assistants:
            raise ConfigurationError(
                f"unknown answerer {name!r}; choose one of {', '.join(assistants)}"
            )
        return assistants[name]

    def check_question(self, question: str) -> None:
        """Raises the user-facing error for an empty or overlong question."""
        check_question(question, self.settings.max_question_chars)

    def ask(
        self,
        question: str,
        history: Sequence[Message] | None = None,
        k: int | None = None,
        filters: Filters | None = None,
        answerer: str | None = None,
    ) -> Answer:
        """See :meth:`Assistant.ask`."""
        return self.assistant(answerer).ask(question, history, k, filters)

    def stream(
        self,
        question: str,
        history: Sequence[Message] | None = None,
        k: int | None = None,
        filters: Filters | None = None,
        answerer: str | None = None,
    ) -> Iterator[StreamEvent]:
        """See :meth:`Assistant.stream` (input is checked before this returns)."""
        return self.assistant(answerer).stream(question, history, k, filters)

    def retrieve(
        self, query: str, k: int | None = None, filters: Filters | None = None
    ) -> list[Document]:
        """The passages for ``query``, best first (no answering)."""
        self.check_question(query)
        kwargs: dict[str, Any] = {"k": k or self.settings.top_k}
        if filters is not None:
            kwargs["filters"] = filters
        return self.parts.retriever.invoke(query, **kwargs)

    def documents(self) -> list[DocumentInfo]:
        """The articles in the collection."""
        return list_documents(self.parts.store)

    def add_files(self, files: Sequence[tuple[str, Path]]) -> IngestReport:
        """Saves uploaded files to the documents folder and ingests them.

        A file that cannot be loaded is reported (by its uploaded name) and not
        kept; the others are ingested. Uploading a file with the same name again
        replaces that article.

        Args:
            files: ``(uploaded name, path of the uploaded bytes)`` pairs.
        """
        folder = self.settings.documents_dir().resolve()
        staging = folder / ".staging" / uuid.uuid4().hex
        staging.mkdir(parents=True, exist_ok=True)
        early: list[Rejected] = []
        keep: list[Path] = []
        max_bytes = int(self.settings.max_file_mb * 1024 * 1024)
        try:
            for name, path in files:
                safe = safe_file_name(name)
                if Path(safe).suffix.lower() not in SUPPORTED_SUFFIXES:
                    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
                    early.append(Rejected(name, f"unsupported file type; upload {kinds}"))
                    continue
                staged = staging / safe
                shutil.copyfile(path, staged)
                articles, bad = load_file(staged, max_bytes, self.settings.max_article_chars)
                if not articles:
                    reason = bad[0].reason if bad else "no article found in it"
                    early.append(Rejected(name, reason))
                    continue
                keep.append(staged)
            with self._write_lock:
                final = []
                for staged in keep:
                    target = folder / staged.name
                    staged.replace(target)
                    final.append(target)
                report = self.parts.ingestor.ingest(final) if final else IngestReport()
            if report.added or report.updated:
                self.parts.retriever.lexical_cache().refresh()  # before the next question
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        report.rejected[:0] = early
        return report

    def remove(self, doc_id: str) -> DocumentInfo:
        """Removes an article; an uploaded file with nothing else in it is deleted too."""
        with self._write_lock:
            removed = remove_document(self.parts.store, doc_id)
            path = Path(source_file(removed.source))
            folder = self.settings.documents_dir().resolve()
            left = {source_file(d.source) for d in self.documents()}
            if path.parent == folder and str(path) not in left:
                path.unlink(missing_ok=True)
        self.parts.retriever.lexical_cache().refresh()
        return removed

    def health(self) -> dict[str, Any]:
        """Whether the store answers, the model is loaded, and how much is in it."""
        out: dict[str, Any] = {
            "store": store_location(self.settings),
            "collection": self.settings.collection,
            "store_reachable": False,
            "model_loaded": False,
            "documents": None,
            "chunks": None,
            "answerers": self.answerers(),
            "llm": self.settings.llm_label() if self.settings.llm else None,
        }
        try:
            parts = self.parts
            out["chunks"] = parts.store.count()
            out["documents"] = len(self.documents())
            out["store_reachable"] = True
            out["model_loaded"] = parts.embeddings.loaded
        except Exception as error:  # health reports any failure instead of raising it
            out["error"] = str(error).splitlines()[0] if str(error) else type(error).__name__
        out["ok"] = bool(out["store_reachable"] and out["model_loaded"])
        return out
