"""The REST API: ask (JSON or server-sent events), retrieve, ingest, documents, health.

Every error a client can cause is a 4xx with ``{"error": "one line"}``: a
:class:`DossierError` by its kind, a malformed request (pydantic) as 422 naming
the field. A backend that fails (the Chroma server, the LLM when there is no
extractive fallback) is a 503 with the same body (see
:mod:`assistant.web.errors`). Article text and LLM output go out as JSON data
only, never as HTML.
"""

from __future__ import annotations

import itertools
import json
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from langchain_core.documents import Document
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from assistant.answer import Answer
from assistant.streaming import Delta, Done, Retrieved, StreamEvent
from assistant.web.errors import internal_error_message, unknown_route
from assistant.web.render import source_name
from assistant.web.service import DossierService
from vectorstore.errors import DossierError
from vectorstore.ingest import IngestReport
from vectorstore.retriever import Filters
from vectorstore.unicode import valid_unicode

log = logging.getLogger("dossier.web")

MAX_K = 50
_ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# Lone surrogates ("\ud800") are valid JSON but not text: refused as 422 naming the field.
Text = Annotated[str, AfterValidator(valid_unicode)]
# Chunk metadata that is bookkeeping, not something a client wants.
_INTERNAL_KEYS = ("spans", "date_int", "outlet_key", "content_hash", "headline")


class HistoryMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: Text


class AskRequest(BaseModel):
    """A question, with the conversation so far for follow-ups."""

    model_config = ConfigDict(extra="forbid")

    question: Text = Field(description="The question (non-empty).")
    history: list[HistoryMessage] = Field(default_factory=list, description="Earlier turns.")
    k: int | None = Field(None, ge=1, le=MAX_K, description="Passages to answer from.")
    filters: Filters | None = Field(None, description="Only articles matching these.")
    answerer: Text | None = Field(None, description="Answerer to use (default: the setting).")


class RetrieveRequest(BaseModel):
    """A search for passages."""

    model_config = ConfigDict(extra="forbid")

    query: Text = Field(description="What to search for (non-empty).")
    k: int | None = Field(None, ge=1, le=MAX_K, description="Passages to return.")
    filters: Filters | None = None


def passage_json(doc: Document) -> dict[str, Any]:
    """A retrieved passage: id, text, score and the article's metadata."""
    meta = {k: v for k, v in doc.metadata.items() if k not in _INTERNAL_KEYS}
    return {"id": doc.id, "text": doc.page_content, "score": meta.get("score"), "metadata": meta}


def report_json(report: IngestReport, documents: int) -> dict[str, Any]:
    return {
        "added": [source_name(s) for s in report.added],
        "updated": [source_name(s) for s in report.updated],
        "unchanged": [source_name(s) for s in report.unchanged],
        "rejected": [{"file": source_name(r.source), "reason": r.reason} for r in report.rejected],
        "chunks_embedded": report.chunks_embedded,
        "documents": documents,
    }


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _event_sse(event: StreamEvent) -> str:
    if isinstance(event, Retrieved):
        passages = [
            {
                "id": d.id,
                "title": d.metadata.get("title", ""),
                "source": d.metadata.get("source", ""),
                "score": d.metadata.get("score"),
            }
            for d in event.passages
        ]
        data = {"standalone_question": event.standalone_question, "passages": passages}
        return _sse("retrieved", data)
    if isinstance(event, Delta):
        return _sse("delta", {"text": event.text})
    if isinstance(event, Done):
        return _sse("answer", event.answer.to_dict())
    raise TypeError(f"unknown stream event {event!r}")


def api_router(service: DossierService) -> APIRouter:
    """The ``/api`` routes over ``service``."""
    router = APIRouter(prefix="/api", tags=["api"])

    @router.post(
        "/ask",
        summary="Answer a question with cited passages",
        responses={503: {"description": "The LLM failed and DOSSIER_LLM_FALLBACK is none"}},
    )
    def ask(request: AskRequest) -> Answer:
        """The Answer JSON: ``answer``, ``refused``, ``citations``, ``standalone_question``,
        ``timings_ms``, and ``sentences`` (each with ``supported`` and its ``score``),
        ``answerer`` (``extractive``, ``llm:openai``, ``llm:llamacpp``), ``notice`` (e.g.
        the LLM was unreachable and this is the extractive answer), ``context``. For the
        answer as it is written, use ``/api/ask/stream``."""
        history = [m.model_dump() for m in request.history]
        return service.ask(request.question, history, request.k, request.filters, request.answerer)

    @router.post(
        "/ask/stream",
        summary="Answer a question, streamed as server-sent events",
        response_class=StreamingResponse,
        responses={200: {"content": {"text/event-stream": {}}}},
    )
    def ask_stream(request: AskRequest) -> StreamingResponse:
        """Events: ``retrieved`` (``standalone_question``, ``passages``), ``delta``
        (``text``) as the answer is written, then ``answer`` (the full Answer JSON, as
        from ``/api/ask``); ``error`` (``error``) if something fails midway, e.g. the LLM
        with no fallback. An LLM's deltas are its raw tokens: the ``answer`` is that text
        verified (unsupported sentences flagged or dropped, citations renumbered) or, if
        the LLM failed, the extractive answer with a ``notice``, and replaces them."""
        history = [m.model_dump() for m in request.history]
        events = service.stream(
            request.question, history, request.k, request.filters, request.answerer
        )  # bad input raises here, before the 200
        # So does a failure before the first event (e.g. the store is down: 503).
        first = next(events)

        def body() -> Iterator[str]:
            try:
                for event in itertools.chain([first], events):
                    yield _event_sse(event)
            except DossierError as error:
                yield _sse("error", {"error": str(error)})
            except Exception as error:  # a bug: logged, and the client still gets an end
                log.error("/api/ask/stream failed midway", exc_info=error)
                yield _sse("error", {"error": internal_error_message(error)})

        return StreamingResponse(
            body(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    @router.post("/retrieve", summary="Search passages (no answer)")
    def retrieve(request: RetrieveRequest) -> dict[str, Any]:
        """Passages best first, each with ``id``, ``text``, ``score`` and ``metadata``
        (``title``, ``source``, ``date``, ``outlet``, ``url``, ``doc_id``, offsets, ...)."""
        docs = service.retrieve(request.query, request.k, request.filters)
        return {"query": request.query, "passages": [passage_json(d) for d in docs]}

    @router.post("/ingest", summary="Add articles by upload")
    def ingest(files: list[UploadFile] = File(...)) -> JSONResponse:  # noqa: B008
        """Upload .txt, .md, .html, .json/.jsonl or .csv files. A file that cannot be
        loaded is listed under ``rejected`` with the reason; the others are added.
        400 when none could be added."""
        with tempfile.TemporaryDirectory(prefix="dossier-upload-") as tmp:
            saved = []
            for i, upload in enumerate(files):
                path = Path(tmp) / f"{i}.bin"
                with path.open("wb") as out:
                    while chunk := upload.file.read(1 << 20):
                        out.write(chunk)
                saved.append((upload.filename or f"file{i}", path))
            report = service.add_files(saved)
        body = report_json(report, len(service.documents()))
        if not (report.added or report.updated or report.unchanged):
            reasons = "; ".join(f"{r['file']}: {r['reason']}" for r in body["rejected"])
            body["error"] = f"no article could be added ({reasons})"
            return JSONResponse(body, status_code=400)
        return JSONResponse(body)

    @router.get("/documents", summary="List the articles in the collection")
    def documents() -> dict[str, Any]:
        """Each article: ``doc_id``, ``title``, ``date``, ``outlet``, ``source``, ``chunks``."""
        return {"documents": [d.to_dict() for d in service.documents()]}

    @router.delete("/documents/{doc_id}", summary="Remove an article")
    def remove(doc_id: str) -> dict[str, Any]:
        """Removes every passage of the article; 404 if there is no such id."""
        return {"removed": service.remove(doc_id).to_dict()}

    @router.get("/health", summary="Store reachable, model loaded, documents count")
    def health() -> JSONResponse:
        """200 when the store answers and the model is loaded, else 503. Also names the
        ``answerers`` one may ask for and the ``llm`` configured (not contacted)."""
        report = service.health()
        return JSONResponse(report, status_code=200 if report["ok"] else 503)

    known = list(router.routes)

    @router.api_route("", methods=_ALL_METHODS, include_in_schema=False)
    @router.api_route("/{path:path}", methods=_ALL_METHODS, include_in_schema=False)
    def unknown(request: Request) -> JSONResponse:
        return unknown_route(known, request)

    return router
