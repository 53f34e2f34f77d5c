"""Every HTTP error as JSON ``{"error": "one line"}``, and never a dropped connection.

- A :class:`DossierError` by its kind: 400 bad input, 404 no such article or
  collection, 409 wrong embedding model, 503 a backend (the Chroma server, the
  LLM) that does not answer, with what to do.
- A malformed request (pydantic): 422 naming the field.
- An unknown ``/api`` route: 404; a known one with the wrong method: 405 with
  ``Allow``.
- Anything else is a bug: logged once with its traceback, answered as a JSON
  500; the connection stays usable (Starlette's own handler re-raises, and the
  server then closes a kept-alive connection).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.llm.errors import LLMError
from vectorstore.errors import (
    DocumentNotFoundError,
    DossierError,
    EmbeddingMismatchError,
    StoreNotFoundError,
    StoreUnavailableError,
)

log = logging.getLogger("dossier.web")


def status_for(error: DossierError) -> int:
    """The HTTP status of a user-facing error."""
    if isinstance(error, DocumentNotFoundError | StoreNotFoundError):
        return 404
    if isinstance(error, EmbeddingMismatchError):
        return 409
    if isinstance(error, StoreUnavailableError | LLMError):
        return 503
    return 400


def internal_error_message(error: BaseException) -> str:
    """What a client is told about a bug (the details stay in the server's log)."""
    return (
        f"internal error ({type(error).__name__}); the server logged the details, please report it"
    )


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors()[:3]:
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body") or "body"
        if item.get("type") == "json_invalid":
            parts.append(f"the request body is not valid JSON ({item.get('msg', '')})")
        elif item.get("type") == "extra_forbidden":
            parts.append(f"unknown field {where}")
        else:
            parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Errors as ``{"error": ...}`` JSON: 4xx/503 for the client's and backends', 500 for bugs."""

    @app.exception_handler(DossierError)
    async def dossier_error(request: Request, error: DossierError) -> JSONResponse:
        return JSONResponse({"error": str(error)}, status_code=status_for(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _validation_message(error)}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": str(error.detail)}, status_code=error.status_code, headers=error.headers
        )

    app.add_middleware(InternalErrorMiddleware)


def unknown_route(routes: list[BaseRoute], request: Request) -> JSONResponse:
    """404 for a path no API route has; 405 (with ``Allow``) for a wrong method."""
    allowed: set[str] = set()
    for route in routes:
        match, _ = route.matches(request.scope)
        if match == Match.PARTIAL:  # the path matches, the method does not
            allowed |= set(getattr(route, "methods", None) or ())
    path = request.url.path
    if allowed:
        methods = ", ".join(sorted(allowed))
        return JSONResponse(
            {"error": f"{request.method} is not allowed on {path}; use {methods}"},
            status_code=405,
            headers={"Allow": methods},
        )
    return JSONResponse(
        {"error": f"no API route {path}; the API is described at /docs"}, status_code=404
    )


class InternalErrorMiddleware:
    """Answers an unhandled exception as a JSON 500 and logs it once (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as error:
            log.error("%s %s failed", scope.get("method"), scope.get("path"), exc_info=error)
            if started:  # too late for a status: end the body so the connection is reusable
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            body: dict[str, Any] = {"error": internal_error_message(error)}
            await JSONResponse(body, status_code=500)(scope, receive, send)
