"""Error shapes of the REST API, over a fake service: every error is JSON, never a bare 500."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from langchain_core.documents import Document

from assistant.answer import Answer
from assistant.streaming import Delta, Done, Retrieved
from assistant.web.api import api_router
from assistant.web.errors import install_error_handlers
from vectorstore.errors import InputError, StoreUnavailableError

pytestmark = pytest.mark.unit

DOWN = StoreUnavailableError(
    "the Chroma server 127.0.0.1:8000 stopped answering; start it again, then retry"
)


class FakeService:
    """Fails the way it is told to: ``fail`` is raised by every call (None: works)."""

    def __init__(self) -> None:
        self.fail: Exception | None = None
        self.fail_after_first_event: Exception | None = None

    def _check(self) -> None:
        if self.fail is not None:
            raise self.fail

    def ask(self, question: str, *args: Any) -> Answer:
        self._check()
        return Answer(answer=f"answer to {question}", refused=False, citations=[])

    def stream(self, question: str, *args: Any) -> Iterator[Any]:
        if not question.strip():
            raise InputError("the question is empty")

        def events() -> Iterator[Any]:
            self._check()
            yield Retrieved(question, [Document(page_content="x", id="c1")])
            if self.fail_after_first_event is not None:
                raise self.fail_after_first_event
            yield Delta("an answer")
            yield Done(Answer(answer="an answer", refused=False, citations=[]))

        return events()

    def retrieve(self, *args: Any) -> list[Document]:
        self._check()
        return []

    def documents(self) -> list[Any]:
        self._check()
        return []


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def client(service: FakeService) -> Iterator[TestClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(api_router(service))  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_a_bug_is_a_json_500_logged_once(client, service, caplog) -> None:
    service.fail = KeyError("oops")
    with caplog.at_level(logging.ERROR, logger="dossier.web"):
        response = client.post("/api/ask", json={"question": "why?"})
    assert response.status_code == 500
    assert "internal error (KeyError)" in response.json()["error"]
    assert len([r for r in caplog.records if r.exc_info]) == 1
    service.fail = None  # the same client (connection) keeps working
    assert client.post("/api/ask", json={"question": "why?"}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/ask", {"question": "why?"}),
        ("POST", "/api/retrieve", {"query": "why?"}),
        ("GET", "/api/documents", None),
        ("POST", "/api/ask/stream", {"question": "why?"}),
    ],
)
def test_a_store_outage_is_a_503_saying_what_to_do(client, service, method, path, body) -> None:
    service.fail = DOWN
    response = client.request(method, path, json=body)
    assert response.status_code == 503
    assert "start it again" in response.json()["error"]


def test_a_stream_failing_midway_ends_with_an_error_event(client, service) -> None:
    service.fail_after_first_event = DOWN
    body = client.post("/api/ask/stream", json={"question": "why?"}).text
    assert body.startswith("event: retrieved") and "event: error" in body
    assert "start it again" in body.split("event: error", 1)[1]
    service.fail_after_first_event = RuntimeError("a bug")
    body = client.post("/api/ask/stream", json={"question": "why?"}).text
    assert "event: error" in body and "internal error (RuntimeError)" in body


def test_unknown_routes_are_404_and_wrong_methods_405(client) -> None:
    for path in ("/api/nope", "/api", "/api/documents/x/y"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "no API route" in response.json()["error"]
    response = client.get("/api/ask")
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert response.json()["error"] == "GET is not allowed on /api/ask; use POST"
    assert client.put("/api/documents").status_code == 405


@pytest.mark.parametrize(
    "body",
    [
        {"question": "\ud800 who?"},
        {"question": "who?", "history": [{"role": "user", "content": "a\udce9"}]},
        {"question": "who?", "filters": {"sources": ["\udfff"]}},
    ],
)
def test_text_that_is_not_unicode_is_a_422(client, body) -> None:
    # As a client sends them: JSON \u escapes (ASCII on the wire).
    headers = {"content-type": "application/json"}
    for path in ("/api/ask", "/api/ask/stream"):
        response = client.post(path, content=json.dumps(body), headers=headers)
        assert response.status_code == 422, response.text
        assert "not valid Unicode" in response.json()["error"]
    query = json.dumps({"query": "\ud800"})
    response = client.post("/api/retrieve", content=query, headers=headers)
    assert response.status_code == 422 and "query" in response.json()["error"]
