"""The chat's Gradio API with gradio_client against the running app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.web_server import Server, running_server

QUESTION = "Who called the minerals deal predatory?"


@pytest.fixture(scope="module")
def server(seeded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(seeded_store, tmp_path_factory.mktemp("web-gradio")) as running:
        yield running


def test_gradio_client_gets_the_answer_json(server: Server) -> None:
    from gradio_client import Client

    client = Client(server.url + "/", verbose=False, download_files=False)
    answer = client.predict(QUESTION, 3, api_name="/ask")
    assert not answer["refused"] and "Hardie" in answer["answer"]
    assert any("predatory" in c["quote"] for c in answer["citations"])
    assert answer["standalone_question"] == QUESTION


def test_gradio_client_drives_the_chat_endpoint(server: Server) -> None:
    from gradio_client import Client

    client = Client(server.url + "/", verbose=False, download_files=False)
    chat, question = client.predict(QUESTION, [], 5, "extractive", [], "", "", api_name="/chat")
    assert question == ""
    assert chat[-1]["role"] == "assistant" and "dossier-answer" in str(chat[-1]["content"])
    assert "<mark>" in str(chat[-1]["content"])
