"""Asking a running ``dossier serve`` over its REST API, so the CLI loads nothing heavy.

``dossier ask`` and ``dossier chat`` look for a server on the configured address
(``DOSSIER_HOST``/``DOSSIER_PORT``) with one quick ``GET /api/health``, and use
it only when it serves the same store and collection. The server's answer is
the same as a local one: same settings, same model, same code. Standard library
only (urllib), so this path imports no HTTP client, model or database.

Example:
    >>> server = find_server(Settings())                       # doctest: +SKIP
    >>> server.ask("Who called the minerals deal predatory?").answer  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.answer import Answer
from vectorstore.errors import InputError, StoreUnavailableError

if TYPE_CHECKING:
    from assistant.settings import Settings

HEALTH_TIMEOUT = 0.3  # a server on this machine answers health in milliseconds
ASK_TIMEOUT = 600.0  # an LLM answer on a CPU can take minutes


class RemoteAssistant:
    """A ``dossier serve`` at ``url``, asked like :class:`assistant.pipeline.Assistant`.

    Args:
        url: The server's base URL, e.g. ``http://127.0.0.1:7860``.
        headers: Sent with every request (authorization).
    """

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.url = url.rstrip("/")
        self.headers = dict(headers or {})

    def ask(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        k: int | None = None,
        filters: dict[str, Any] | None = None,
        answerer: str | None = None,
    ) -> Answer:
        """POST /api/ask; the server's 4xx/503 become the same one-line errors as locally.

        Raises:
            InputError: the server refused the request (its message).
            StoreUnavailableError: the server failed or stopped answering.
        """
        body: dict[str, Any] = {"question": question, "history": list(history or [])}
        for key, value in (("k", k), ("filters", filters), ("answerer", answerer)):
            if value:
                body[key] = value
        status, data = self._request("POST", "/api/ask", body, ASK_TIMEOUT)
        if status == 200 and isinstance(data, dict) and "answer" in data:
            return Answer.from_dict(data)
        message = data.get("error") if isinstance(data, dict) else None
        message = f"{message} (from the server at {self.url})" if message else None
        if 400 <= status < 500:
            raise InputError(message or f"the server at {self.url} answered {status}")
        raise StoreUnavailableError(
            message or f"the server at {self.url} answered {status}; try again, or use --local"
        )

    def health(self, timeout: float = HEALTH_TIMEOUT) -> dict[str, Any] | None:
        """The server's /api/health JSON, or None when nothing answers like a Dossier server."""
        try:
            status, data = self._request("GET", "/api/health", None, timeout)
        except StoreUnavailableError:
            return None
        if status not in (200, 503) or not isinstance(data, dict) or "collection" not in data:
            return None
        return data

    def _request(self, method: str, path: str, body: Any, timeout: float) -> tuple[int, Any]:
        payload = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=payload,
            method=method,
            headers={"content-type": "application/json", **self.headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, _json(response.read())
        except urllib.error.HTTPError as error:
            return error.code, _json(error.read())
        except (OSError, ValueError) as error:  # refused, reset, timed out, not HTTP
            raise StoreUnavailableError(
                f"the server at {self.url} did not answer ({error}); use --local"
            ) from error


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError:
        return None


def auth_headers(auth: str | None) -> dict[str, str]:
    """The Authorization header for ``DOSSIER_AUTH``: the first user's basic auth, or a token."""
    if not auth:
        return {}
    first = auth.split(",")[0].strip()
    if ":" in first:
        token = base64.b64encode(first.encode("utf-8")).decode("ascii")
        return {"Authorization": f"Basic {token}"}
    return {"Authorization": f"Bearer {first}"}


def find_server(settings: Settings) -> RemoteAssistant | None:
    """A server on ``settings.host:port`` serving the same store and collection, or None."""
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "") else settings.host
    host = "::1" if host == "::" else host
    host = f"[{host}]" if ":" in host else host
    secret = settings.auth.get_secret_value() if settings.auth else None
    server = RemoteAssistant(f"http://{host}:{settings.port}", auth_headers(secret))
    health = server.health()
    if health is None or not health.get("ok"):
        return None
    same = (
        health.get("store") == settings.store_location()
        and health.get("collection") == settings.collection
    )
    return server if same else None
