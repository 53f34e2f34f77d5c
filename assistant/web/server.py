"""The web application: the REST API and the Gradio chat in one FastAPI app.

Example:
    >>> from assistant import Settings
    >>> from assistant.web.server import build_app
    >>> app = build_app(Settings())   # doctest: +SKIP  (then run it with uvicorn)
"""

from __future__ import annotations

import ipaddress
import socket
import sys

import gradio as gr
import uvicorn
from fastapi import FastAPI

from assistant.settings import Settings
from assistant.web.api import api_router
from assistant.web.auth import AuthMiddleware, parse_auth
from assistant.web.chat import CSS, HEAD, build_chat
from assistant.web.errors import install_error_handlers
from assistant.web.service import DossierService
from vectorstore.errors import ConfigurationError

DESCRIPTION = """Grounded, cited answers from a collection of news articles.

`POST /api/ask` answers (the Answer JSON; `POST /api/ask/stream` streams it as server-sent
events), `POST /api/retrieve` returns passages, `POST /api/ingest` adds articles,
`GET /api/documents` lists them, `DELETE /api/documents/{id}` removes one. The chat is at `/`.
"""


def build_app(settings: Settings, service: DossierService | None = None) -> FastAPI:
    """The FastAPI app: ``/api`` routes, OpenAPI docs at ``/docs``, the chat at ``/``.

    Args:
        settings: Store, model, answerer, and ``auth`` (access control when set).
        service: Share an already built service (default: a new one, built lazily).

    Raises:
        ConfigurationError: ``settings.auth`` is malformed.
    """
    service = service or DossierService(settings)
    app = FastAPI(title="Dossier", version="0.1.0", description=DESCRIPTION)
    app.state.service = service
    install_error_handlers(app)
    app.include_router(api_router(service))
    if settings.auth is not None:
        app.add_middleware(
            AuthMiddleware,  # type: ignore[arg-type]
            credentials=parse_auth(settings.auth.get_secret_value()),
        )
    theme = gr.themes.Default(
        font=["ui-sans-serif", "system-ui", "sans-serif"],  # no web fonts: works offline
        font_mono=["ui-monospace", "monospace"],
    )
    return gr.mount_gradio_app(
        app,
        build_chat(service),
        path="",
        footer_links=["api"],
        ssr_mode=False,
        theme=theme,
        css=CSS,
        head=HEAD,
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ConfigurationError(
            f"cannot listen on {host}:{port} ({error.strerror}); choose another --port "
            f"(DOSSIER_PORT) or --host"
        ) from error
    sock.listen(128)
    return sock


def serve(settings: Settings) -> None:
    """Loads the model, listens on ``settings.host:port``, prints the URL, serves until Ctrl-C."""
    if settings.auth is None and not _is_loopback(settings.host):
        print(
            f"serve: warning: listening on {settings.host} without DOSSIER_AUTH: anyone who "
            f"can reach it can read and change the collection",
            file=sys.stderr,
        )
    service = DossierService(settings)
    app = build_app(settings, service)
    sock = _listen(settings.host, settings.port)
    print("serve: loading the model and the index…", file=sys.stderr, flush=True)
    service.warm_up()
    shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    shown = f"[{shown}]" if ":" in shown else shown
    port = sock.getsockname()[1]
    print(f"Dossier chat: http://{shown}:{port}/  (API docs: http://{shown}:{port}/docs)")
    print("Press Ctrl-C to stop.", flush=True)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=3)
    uvicorn.Server(config).run(sockets=[sock])
