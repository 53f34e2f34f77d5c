"""`dossier ask` and `dossier chat` use a running `dossier serve` for the same store,
and answer exactly as they do locally (`--local`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.web_server import running_server

pytestmark = pytest.mark.integration

DOSSIER = str(Path(sys.executable).with_name("dossier"))
QUESTIONS = [
    "Who called the minerals deal predatory?",
    "Who won the 2022 World Cup?",  # refused either way
]


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    return subprocess.run(
        [DOSSIER, *args], input=stdin, capture_output=True, text=True, timeout=300,
        env={**base, **env},
    )  # fmt: skip


def comparable(value: object) -> object:
    """The answer without its timings, floats to 9 places: two processes' ONNX Runtime
    sessions may sum in another order (the last bit of a score)."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k != "timings_ms"}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return round(value, 9) if isinstance(value, float) else value


def test_ask_and_chat_use_the_server_and_answer_the_same(seeded_store, tmp_path) -> None:
    with running_server(seeded_store, tmp_path / "serve") as server:
        env = {
            "DOSSIER_CHROMA_DIR": str(server.folder / "chroma"),
            "DOSSIER_CACHE_DIR": str(tmp_path / "client-cache"),
            "DOSSIER_PORT": server.url.rsplit(":", 1)[1],
        }
        for question in QUESTIONS:
            remote = run(env, "ask", question, "--json")
            local = run(env, "ask", question, "--json", "--local")
            assert remote.returncode == 0 and local.returncode == 0, remote.stderr + local.stderr
            assert f"answered by the server at {server.url}" in remote.stderr
            assert "answered by the server" not in local.stderr
            assert comparable(json.loads(remote.stdout)) == comparable(json.loads(local.stdout))

        chat = run(env, "chat", stdin=f"{QUESTIONS[0]}\n/quit\n")
        assert chat.returncode == 0 and "answered by the server" in chat.stderr
        assert "predatory" in chat.stdout and "Sources:" in chat.stdout

        empty = run(env, "ask", "   ")
        assert empty.returncode == 1 and empty.stderr.count("\n") <= 2, empty.stderr
        assert "question is empty" in empty.stderr

        other = tmp_path / "other-store"
        elsewhere = run({**env, "DOSSIER_CHROMA_DIR": str(other)}, "ask", QUESTIONS[0])
        assert "answered by the server" not in elsewhere.stderr  # not the same store
        assert elsewhere.returncode == 1 and "no Dossier store" in elsewhere.stderr
