"""Markup inside an article never runs: not in the chat, not through the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.web_server import (
    ARTIFACTS,
    Server,
    ask_in_chat,
    browser_page,
    require_chromium,
    running_server,
)

SCRIPT = "<script>window.__xss = 'script'</script>"
IMG = "<img src=x onerror=\"window.__xss = 'img'\">"
HOSTILE = (
    f"Quokka {IMG} census\n"
    "Date: 2025-04-01\n\n"
    f"Rangers counted 4,200 quokkas on Rottnest Island this spring. {SCRIPT}\n"
    f"The head ranger, Mirabel Okafor, said the count {IMG} was the highest on record.\n"
)
QUESTION = "How many quokkas did the rangers count on Rottnest Island?"


@pytest.fixture(scope="module")
def server(seeded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(seeded_store, tmp_path_factory.mktemp("web-xss")) as running:
        upload = httpx.post(
            f"{running.url}/api/ingest",
            files=[("files", ("quokka <b>census</b>.txt", HOSTILE.encode(), "text/plain"))],
            timeout=120,
        )
        assert upload.status_code == 200, upload.text
        yield running


def test_the_api_returns_article_markup_as_json_data(server: Server) -> None:
    response = httpx.post(f"{server.url}/api/ask", json={"question": QUESTION}, timeout=120)
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    assert "4,200 quokkas" in answer["answer"] and SCRIPT in answer["answer"]
    assert any(IMG in c["text"] and SCRIPT in c["text"] for c in answer["citations"])
    assert answer["citations"][0]["title"] == f"Quokka {IMG} census"
    docs = httpx.get(f"{server.url}/api/documents").json()["documents"]
    assert any(d["title"] == f"Quokka {IMG} census" for d in docs)


@pytest.mark.browser
def test_the_chat_shows_article_markup_as_text_and_runs_none_of_it(server: Server) -> None:
    require_chromium()
    dialogs: list[str] = []
    with browser_page() as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(server.url)
        page.wait_for_selector("#dossier-question textarea")
        page.wait_for_function(
            "document.querySelector('#dossier-documents')?.innerText.includes('Quokka')"
        )

        answer = ask_in_chat(page, QUESTION)
        assert SCRIPT in answer.locator(".dossier-text").inner_text()  # the answer, literally
        for chip in answer.locator(".dossier-cite").all():
            chip.click()
        shown = answer.locator(".dossier-sources").inner_text()
        assert f"Quokka {IMG} census" in shown  # the title, literally
        assert SCRIPT in shown and f"the count {IMG} was" in shown  # the passage, literally
        assert answer.locator("script, img").count() == 0
        assert f"Quokka {IMG} census" in page.locator("#dossier-documents").inner_text()
        assert page.locator("#dossier-documents img").count() == 0

        page.wait_for_timeout(500)  # give an injected handler every chance to fire
        assert page.evaluate("window.__xss") is None
        assert dialogs == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chat-xss-article.png"), full_page=True)
