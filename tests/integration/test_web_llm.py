"""The chat and the REST API answering with an LLM: SmolLM2 behind llama.cpp's real
OpenAI-compatible server, and an LLM that is unreachable or never answers.

SmolLM2-135M is tiny: what it says varies and is often wrong or uncited. These tests
check the shape of what comes back (who answered, each sentence checked, the notice,
the error), never its content.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import free_port
from tests.integration.web_server import (
    ARTIFACTS,
    Server,
    ask_in_chat,
    browser_page,
    require_chromium,
    running_server,
    sse_events,
)

QUESTION = "Who called the minerals deal predatory?"
LLM_TIMEOUT = 3  # seconds, DOSSIER_LLM_TIMEOUT of the servers whose LLM fails
# A request to a server whose LLM fails must end within the LLM's timeout; the margin
# covers retrieval and a loaded machine. Past it, httpx raises and the test fails.
BOUND = httpx.Timeout(LLM_TIMEOUT + 20)

# Records what the chat shows while an answer streams in (the cursor left out).
WATCH_STREAMING = """
window.__streamed = [];
new MutationObserver(() => {
  const text = document.querySelector('.dossier-streaming .dossier-text');
  if (!text) return;
  const shown = text.innerText.replace('▍', '').trim();
  if (shown && window.__streamed[window.__streamed.length - 1] !== shown) {
    window.__streamed.push(shown);
  }
}).observe(document.body, {childList: true, subtree: true, characterData: true});
"""


@pytest.fixture(scope="module")
def server(
    seeded_store: Path, llama_server: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """`dossier serve` with the LLM configured but extractive as the default answerer,
    so choosing ``llm`` (in a request, in the dropdown) is what routes to it."""
    env = {
        "DOSSIER_LLM": "openai",
        "DOSSIER_LLM_BASE_URL": llama_server,
        "DOSSIER_ANSWERER": "extractive",
    }
    with running_server(seeded_store, tmp_path_factory.mktemp("web-llm"), env) as running:
        yield running


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=300) as c:
        yield c


def assert_checked(answer: dict) -> None:
    """Each sentence of a written answer is checked, and together they are the answer."""
    if answer["refused"]:
        return
    assert answer["sentences"], answer
    assert " ".join(s["text"] for s in answer["sentences"]) == answer["answer"]
    numbers = {c["n"] for c in answer["citations"]}
    for s in answer["sentences"]:
        assert isinstance(s["supported"], bool) and 0.0 <= s["score"] <= 1.0
        assert set(s["citations"]) <= numbers


def test_health_names_the_answerers_and_the_llm(client: httpx.Client, llama_server: str) -> None:
    body = client.get("/api/health").json()
    assert body["ok"] and body["answerers"] == ["extractive", "llm"]
    assert body["llm"] == f"openai (local at {llama_server})"


def test_ask_routes_to_the_answerer_asked_for(client: httpx.Client) -> None:
    llm = client.post("/api/ask", json={"question": QUESTION, "answerer": "llm"})
    assert llm.status_code == 200, llm.text
    answer = llm.json()
    assert answer["answerer"] == "llm:openai"
    assert answer["context"]["prompt_tokens"] > 0 and answer["context"]["limit"] > 0
    assert_checked(answer)

    default = client.post("/api/ask", json={"question": QUESTION}).json()
    assert default["answerer"] == "extractive" and not default["refused"]
    assert_checked(default)


def test_the_stream_sends_the_llm_tokens_then_the_checked_answer(client: httpx.Client) -> None:
    body = {"question": QUESTION, "answerer": "llm"}
    with client.stream("POST", "/api/ask/stream", json=body) as response:
        assert response.status_code == 200
        events = sse_events(response.read().decode())
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "retrieved" and kinds[-1] == "answer"
    assert set(kinds[1:-1]) == {"delta"} and len(kinds) - 2 > 1  # token by token
    assert all(data["text"] for kind, data in events if kind == "delta")
    final = events[-1][1]
    assert final["answerer"] == "llm:openai"
    assert_checked(final)


@pytest.fixture
def silent_llm() -> Iterator[str]:
    """An address that accepts connections and never answers: an LLM that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"


def failing_server(
    seeded_store: Path, folder: Path, base_url: str, fallback: str
) -> AbstractContextManager[Server]:
    env = {
        "DOSSIER_LLM": "openai",
        "DOSSIER_LLM_BASE_URL": base_url,
        "DOSSIER_LLM_TIMEOUT": str(LLM_TIMEOUT),
        "DOSSIER_LLM_FALLBACK": fallback,
    }
    return running_server(seeded_store, folder, env)


def test_an_unreachable_llm_gives_the_extractive_answer_with_a_notice(
    seeded_store: Path, tmp_path: Path
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/v1"
    with (
        failing_server(seeded_store, tmp_path, closed, "extractive") as server,
        httpx.Client(base_url=server.url, timeout=BOUND) as client,
    ):
        response = client.post("/api/ask", json={"question": QUESTION})
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["answerer"] == "extractive" and not answer["refused"]
        assert "unreachable" in answer["notice"] and closed in answer["notice"]
        assert answer["notice"].endswith("This is the extractive answer instead.")
        assert answer["citations"]
        assert_checked(answer)

        with client.stream("POST", "/api/ask/stream", json={"question": QUESTION}) as streamed:
            events = sse_events(streamed.read().decode())
        assert [kind for kind, _ in events][-1] == "answer"
        assert "unreachable" in events[-1][1]["notice"]


@pytest.mark.parametrize("llm", ["closed", "silent"])
def test_a_failing_llm_without_fallback_is_a_503_with_one_line(
    seeded_store: Path, tmp_path: Path, silent_llm: str, llm: str
) -> None:
    base_url = silent_llm if llm == "silent" else f"http://127.0.0.1:{free_port()}/v1"
    says = f"did not answer within {LLM_TIMEOUT} s" if llm == "silent" else "is unreachable"
    with (
        failing_server(seeded_store, tmp_path, base_url, "none") as server,
        httpx.Client(base_url=server.url, timeout=BOUND) as client,
    ):
        response = client.post("/api/ask", json={"question": QUESTION})
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/json"
        error = response.json()["error"]
        assert says in error and "\n" not in error

        # The stream has started (200) by the time the LLM fails: it ends with an error event.
        with client.stream("POST", "/api/ask/stream", json={"question": QUESTION}) as streamed:
            assert streamed.status_code == 200
            events = sse_events(streamed.read().decode())
        assert [kind for kind, _ in events] == ["retrieved", "error"]
        assert says in events[-1][1]["error"]

        # The extractive answerer still answers on the same server.
        answer = client.post("/api/ask", json={"question": QUESTION, "answerer": "extractive"})
        assert answer.status_code == 200 and answer.json()["answerer"] == "extractive"


@pytest.mark.browser
def test_the_chat_streams_the_llm_answer_then_shows_it_checked(server: Server) -> None:
    require_chromium()
    with browser_page() as page:
        page.goto(server.url)
        page.wait_for_selector("#dossier-question textarea")
        page.locator("#dossier-settings .label-wrap").click()
        page.locator("#dossier-answerer input").click()
        page.get_by_role("option", name="llm").click()
        assert page.locator("#dossier-answerer input").input_value() == "llm"
        page.evaluate(WATCH_STREAMING)

        answer = ask_in_chat(page, QUESTION)
        streamed = page.evaluate("window.__streamed")
        assert streamed, "no half-written answer was shown"
        assert answer.locator(".dossier-answerer").inner_text().startswith("Answered by llm:openai")
        assert page.locator(".dossier-streaming, .dossier-cursor").count() == 0
        sentences = answer.locator(".dossier-sentence")
        refused = "dossier-refused" in (answer.get_attribute("class") or "")
        assert refused or sentences.count() >= 1
        flagged = answer.locator(".dossier-unsupported")
        for i in range(flagged.count()):
            sentence = flagged.nth(i)
            assert (sentence.get_attribute("title") or "").startswith("Not supported by ")
            assert sentence.locator(".dossier-flag").inner_text() == "⚠"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chat-llm-answer.png"), full_page=True)


@pytest.mark.browser
def test_the_chat_says_why_when_the_llm_fails_without_fallback(
    seeded_store: Path, tmp_path: Path
) -> None:
    require_chromium()
    closed = f"http://127.0.0.1:{free_port()}/v1"
    with (
        failing_server(seeded_store, tmp_path, closed, "none") as server,
        browser_page() as page,
    ):
        page.goto(server.url)
        page.wait_for_selector("#dossier-question textarea")
        page.locator("#dossier-settings .label-wrap").click()
        assert page.locator("#dossier-answerer input").input_value() == "llm"  # the default
        failed = ask_in_chat(page, QUESTION)
        assert "dossier-failed" in (failed.get_attribute("class") or "")
        assert "No answer: the LLM openai" in failed.inner_text()
        assert "is unreachable" in failed.locator(".dossier-notice").inner_text()
        page.get_by_text("is unreachable").nth(1).wait_for()  # the error message as well
        assert page.locator(".dossier-streaming, .dossier-cursor").count() == 0
