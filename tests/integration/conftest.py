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
from contextlib import contextmanager
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


@contextmanager
def running(
    command: list[str], health: str, folder: Path, env: dict[str, str] | None = None
) -> Iterator[None]:
    """Runs a server process until the block ends, once ``health`` answers 200."""
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed at the end
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 120
    try:
        while True:  # e.g. llama.cpp's /health is 503 while the model loads
            try:
                if httpx.get(health, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{Path(command[1]).name} did not start: "
                    f"{(folder / 'server.log').read_text()[-2000:]}"
                )
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A `chroma run` server on a free loopback port, for this test session."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    command = [chroma, "run", "--path", str(folder / "data"), "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with running(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", folder, env):
        yield "127.0.0.1", port


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
    command = [sys.executable, str(ROOT / "scripts" / "llama_server.py"), "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/health", folder):
        yield f"http://127.0.0.1:{port}/v1"
