"""DOSSIER_AUTH protects the chat and the API: no credentials, refused; right ones, answered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.web_server import Server, browser_page, running_server

QUESTION = {"question": "Who called the minerals deal predatory?"}


@pytest.fixture(scope="module")
def server(seeded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = {"DOSSIER_AUTH": "ann:s3cret,TOKEN-42"}
    with running_server(seeded_store, tmp_path_factory.mktemp("web-auth"), env) as running:
        yield running


@pytest.mark.parametrize("path", ["/", "/api/documents", "/api/health", "/docs", "/config"])
def test_without_credentials_everything_is_refused(server: Server, path: str) -> None:
    response = httpx.get(server.url + path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")
    assert "authentication required" in response.json()["error"]


@pytest.mark.parametrize(
    "auth",
    [("ann", "wrong"), ("bob", "s3cret"), ("ann", "")],
)
def test_wrong_credentials_are_refused(server: Server, auth: tuple[str, str]) -> None:
    assert httpx.post(f"{server.url}/api/ask", json=QUESTION, auth=auth).status_code == 401
    bad_token = {"Authorization": "Bearer TOKEN-41"}
    assert httpx.post(f"{server.url}/api/ask", json=QUESTION, headers=bad_token).status_code == 401


def test_right_credentials_are_answered(server: Server) -> None:
    basic = httpx.post(f"{server.url}/api/ask", json=QUESTION, auth=("ann", "s3cret"), timeout=120)
    assert basic.status_code == 200 and "Hardie" in basic.json()["answer"]
    bearer = httpx.post(
        f"{server.url}/api/ask",
        json=QUESTION,
        headers={"Authorization": "Bearer TOKEN-42"},
        timeout=120,
    )
    assert bearer.status_code == 200 and "Hardie" in bearer.json()["answer"]
    assert httpx.get(server.url + "/", auth=("ann", "s3cret")).status_code == 200


@pytest.mark.browser
def test_the_chat_works_in_a_browser_with_credentials(server: Server) -> None:
    from tests.integration.web_server import ask_in_chat

    with browser_page(http_credentials={"username": "ann", "password": "s3cret"}) as page:
        page.goto(server.url)
        page.wait_for_selector("#dossier-question textarea")
        answer = ask_in_chat(page, QUESTION["question"])
        assert "Hardie" in answer.locator(".dossier-text").inner_text()
