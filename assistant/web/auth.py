"""Optional access control for the whole app (chat and API), from ``DOSSIER_AUTH``.

``DOSSIER_AUTH`` holds comma-separated entries: ``user:password`` pairs are
accepted as HTTP basic auth (a browser asks for them), a bare token is accepted
as ``Authorization: Bearer TOKEN`` or as the password of basic auth with any
user name (so a browser can use it too). Off when unset.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from vectorstore.errors import ConfigurationError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REALM = "Dossier"
REFUSED = "authentication required: give a user and password (or the token) of DOSSIER_AUTH"


@dataclass(frozen=True)
class Credentials:
    """Who may use the app: basic-auth users and bearer tokens."""

    users: dict[str, str] = field(default_factory=dict)
    tokens: tuple[str, ...] = ()

    def allows(self, authorization: str | None) -> bool:
        """True when an ``Authorization`` header value carries valid credentials."""
        if not authorization:
            return False
        scheme, _, value = authorization.strip().partition(" ")
        value = value.strip()
        if scheme.lower() == "bearer":
            return any(_same(value, token) for token in self.tokens)
        if scheme.lower() != "basic":
            return False
        try:
            user, colon, password = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        if not colon:
            return False
        expected = self.users.get(user)
        ok = expected is not None and _same(password, expected)
        return ok or any(_same(password, token) for token in self.tokens)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def parse_auth(value: str) -> Credentials:
    """Parses ``DOSSIER_AUTH``: ``"ann:secret,bob:pw"`` or ``"TOKEN"`` (or both, mixed).

    Raises:
        ConfigurationError: an entry has an empty user, password or token.
    """
    users: dict[str, str] = {}
    tokens: list[str] = []
    for raw in value.split(","):
        entry = raw.strip()
        if not entry:
            continue
        if ":" in entry:
            user, _, password = entry.partition(":")
            if not user or not password:
                raise ConfigurationError(
                    "DOSSIER_AUTH entries must be user:password (both non-empty) or a token"
                )
            users[user] = password
        else:
            tokens.append(entry)
    if not users and not tokens:
        raise ConfigurationError("DOSSIER_AUTH is set but holds no user:password or token")
    return Credentials(users, tuple(tokens))


class AuthMiddleware:
    """ASGI middleware refusing any request (HTTP or websocket) without valid credentials.

    A refused HTTP request gets 401 with a JSON error and ``WWW-Authenticate: Basic``,
    so a browser asks for a user and password.
    """

    def __init__(self, app: ASGIApp, credentials: Credentials) -> None:
        self.app = app
        self.credentials = credentials

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        if self.credentials.allows(authorization):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        body = json.dumps({"error": REFUSED}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"www-authenticate", f'Basic realm="{REALM}"'.encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
