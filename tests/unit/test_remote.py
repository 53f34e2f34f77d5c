"""The CLI's client of a running `dossier serve` (a stand-in HTTP server in a thread)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.remote import auth_headers, find_server
from assistant.settings import Settings
from vectorstore.errors import InputError, StoreUnavailableError

pytestmark = pytest.mark.unit

ANSWER = {
    "answer": "He said so. [1]",
    "refused": False,
    "citations": [{"n": 1, "source": "a.txt", "title": "A", "chunk_id": "c", "text": "t",
                   "quote": "He said so.", "start": 0, "end": 11, "date": "", "outlet": "",
                   "url": "", "new_field": 1}],
    "standalone_question": "who?",
    "timings_ms": {"total": 1.0},
    "sentences": [{"text": "He said so. [1]", "citations": [1], "supported": True, "score": 0.9}],
}  # fmt: skip


class FakeServe(BaseHTTPRequestHandler):
    health: dict = {}
    seen: list = []

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        self._send(200, self.health)

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        FakeServe.seen.append((body, self.headers.get("Authorization")))
        if not body["question"].strip():
            self._send(400, {"error": "the question is empty"})
        elif body["question"] == "boom":
            self._send(503, {"error": "Chroma is down"})
        else:
            self._send(200, ANSWER)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeServe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_a_server_for_the_same_store_is_used_and_answers(serve, tmp_path) -> None:
    settings = Settings(port=serve, chroma_dir=tmp_path / "chroma", auth="ann:pw")
    FakeServe.health = {"ok": True, "store": settings.store_location(), "collection": "news"}
    server = find_server(settings)
    assert server is not None
    answer = server.ask("who?", [], 5, {"date_from": "2025-01-01"})
    assert answer.citations[0].quote == "He said so." and answer.sentences[0].supported
    body, authorization = FakeServe.seen[-1]
    assert body["k"] == 5 and body["filters"] == {"date_from": "2025-01-01"}
    assert authorization == auth_headers("ann:pw")["Authorization"]
    with pytest.raises(InputError, match="the question is empty"):
        server.ask("  ")
    with pytest.raises(StoreUnavailableError, match="Chroma is down"):
        server.ask("boom")


@pytest.mark.parametrize(
    "health",
    [
        {"ok": True, "store": "/somewhere/else", "collection": "news"},
        {"ok": True, "store": "SAME", "collection": "other"},
        {"ok": False, "store": "SAME", "collection": "news"},
        {"status": "something that is not dossier"},
    ],
)
def test_another_store_or_an_unhealthy_server_is_not_used(serve, tmp_path, health) -> None:
    settings = Settings(port=serve, chroma_dir=tmp_path / "chroma")
    same = settings.store_location()
    FakeServe.health = {k: (same if v == "SAME" else v) for k, v in health.items()}
    assert find_server(settings) is None


def test_nothing_listening_means_no_server(tmp_path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    assert find_server(Settings(port=port, chroma_dir=tmp_path / "c")) is None


def test_auth_headers() -> None:
    assert auth_headers(None) == {}
    assert auth_headers("tok") == {"Authorization": "Bearer tok"}
    assert auth_headers("ann:pw,bob:x")["Authorization"].startswith("Basic ")
