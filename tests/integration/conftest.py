"""Integration fixtures: the real model, a real embedded Chroma, a real Chroma server,
a real LLM server (llama.cpp serving SmolLM2 over the OpenAI API)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, SEEDS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    """An Assistant over seeds/ in an embedded store (built once per session)."""
    from assistant import Assistant, Settings
    from assistant.factory import make_ingestor

    root = tmp_path_factory.mktemp("seeded")
    settings = Settings(chroma_dir=root / "chroma", cache_dir=root / "cache", _env_file=None)
    report = make_ingestor(settings).ingest([SEEDS])
    assert report.added, report.summary()
    return Assistant.from_settings(settings)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A `chroma run` server on a free loopback port, for this test session."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [chroma, "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            raise RuntimeError(
                f"chroma run did not start: {(folder / 'server.log').read_text()[-2000:]}"
            )
        time.sleep(0.3)
    yield "127.0.0.1", port
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Chroma folder with seeds/ ingested by `dossier ingest` (copy it before writing)."""
    root = tmp_path_factory.mktemp("seeded-store")
    dossier = str(Path(sys.executable).with_name("dossier"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    result = subprocess.run(
        [dossier, "ingest", str(SEEDS), "--quiet", "--chroma-dir", str(root / "chroma")],
        capture_output=True,
        text=True,
        timeout=600,
        env={**env, "DOSSIER_CACHE_DIR": str(root / "cache")},
    )
    assert result.returncode == 0, result.stderr
    return root / "chroma"


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``scripts/llama_server.py`` (SmolLM2 over llama.cpp's OpenAI-compatible server) on a
    free loopback port, for this test session; yields its base URL ``http://127.0.0.1:PORT/v1``."""
    port = free_port()
    folder = tmp_path_factory.mktemp("llama-server")
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "llama_server.py"), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while True:  # /health is 503 while the model loads, 200 once it can answer
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            log.close()
            raise RuntimeError(
                f"llama_server.py did not start: {(folder / 'server.log').read_text()[-2000:]}"
            )
        time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/v1"
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()
