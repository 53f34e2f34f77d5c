"""The same assistant against a `chroma run` server instead of the embedded store."""

from __future__ import annotations

import pytest

from assistant import Assistant, Settings, StoreUnavailableError
from assistant.factory import make_ingestor
from tests.conftest import SEEDS
from tests.integration.conftest import free_port


def test_ingest_and_ask_through_a_server(chroma_server, tmp_path) -> None:
    host, port = chroma_server
    settings = Settings(
        chroma_host=host,
        chroma_port=port,
        collection="served",
        cache_dir=tmp_path / "cache",
        _env_file=None,
    )
    report = make_ingestor(settings).ingest([SEEDS])
    assert len(report.added) == 1
    assert not (tmp_path / "chroma").exists()  # nothing written to the embedded store
    assert make_ingestor(settings).ingest([SEEDS]).chunks_embedded == 0

    bot = Assistant.from_settings(settings)
    answer = bot.ask("Who called the minerals deal predatory?")
    assert "Hardie" in answer.answer
    follow = bot.ask(
        "Which organization does he work for?",
        history=[
            {"role": "user", "content": "Who called the minerals deal predatory?"},
            {"role": "assistant", "content": answer.answer},
        ],
    )
    assert "Foundation for Defense of Democracies" in follow.answer


def test_unreachable_server_is_a_clear_error() -> None:
    settings = Settings(chroma_host="127.0.0.1", chroma_port=free_port(), _env_file=None)
    with pytest.raises(StoreUnavailableError, match="no Chroma server answers at 127.0.0.1"):
        Assistant.from_settings(settings)
