"""Many users, writers and processes at once, and a Chroma server that goes away.

Against a real `chroma run` server of this module's own (the last test kills it):

- two `dossier serve` processes sharing one cache folder and the Chroma server, with a
  `dossier ingest` writing at the same time: every request answers;
- 16 concurrent users asking while a writer uploads and deletes: 0 errors, and a deleted
  article is never cited afterwards;
- the Chroma server killed: the API answers 503 JSON saying what to do, and recovers once
  the server is back.

Timings belong in bench/load.py; these tests count errors only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEEDS
from tests.integration.conftest import free_port
from tests.integration.web_server import DOSSIER, Server, running_server, sse_events

QUESTION = "Who called the minerals deal predatory?"
USERS = 16
QUESTIONS_PER_USER = 5


def article(n: int) -> str:
    """A small article with facts found nowhere else."""
    return (
        f"Lighthouse {n} relit on the northern coast\n"
        f"Date: 2025-04-{n + 1:02d}\nOutlet: Coast Gazette\n\n"
        f"The lighthouse at Point {n} was relit on Friday after a storm. "
        f"Keeper Mora Tull{n} said the lamp can be seen {20 + n} miles out to sea.\n"
    )


class ChromaServer:
    """A `chroma run` process that the tests can kill and start again on the same data."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        chroma = str(Path(DOSSIER).with_name("chroma"))
        log = open(self.folder / "chroma.log", "ab")  # noqa: SIM115 - the process owns it
        self.process = subprocess.Popen(
            [chroma, "run", "--path", str(self.folder / "data"), "--host", "127.0.0.1",
             "--port", str(self.port)],
            stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while True:
            try:
                url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
                if httpx.get(url, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((self.folder / "chroma.log").read_text()[-2000:])
            time.sleep(0.2)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def env(self, cache: Path) -> dict[str, str]:
        return {
            "DOSSIER_CHROMA_HOST": "127.0.0.1",
            "DOSSIER_CHROMA_PORT": str(self.port),
            "DOSSIER_CACHE_DIR": str(cache),
        }


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path_factory.mktemp("chroma-own"))
    server.start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
        result = subprocess.run(
            [DOSSIER, "ingest", str(SEEDS), "--quiet"],
            capture_output=True, text=True, timeout=600,
            env={**env, **server.env(server.folder / "ingest-cache")},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        yield server
    finally:
        server.kill()


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture(scope="module")
def server(
    chroma: ChromaServer, shared_cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve-a")
    with running_server(None, folder, chroma.env(shared_cache)) as running:
        yield running


def ask(url: str, question: str = QUESTION) -> httpx.Response:
    return httpx.post(f"{url}/api/ask", json={"question": question}, timeout=120)


def assert_no_traceback(server: Server) -> None:
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]


def test_two_servers_and_an_ingest_share_a_cache_and_a_chroma_server(
    chroma: ChromaServer,
    server: Server,
    shared_cache: Path,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(6):
        (docs / f"lighthouse-{n}.txt").write_text(article(n))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    with running_server(None, tmp_path_factory.mktemp("serve-b"), chroma.env(shared_cache)) as b:
        ingest = subprocess.Popen(
            [DOSSIER, "ingest", str(docs), "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**env, **chroma.env(shared_cache)},
        )  # fmt: skip
        statuses: list[int] = []

        def user(i: int) -> None:
            url = (server.url, b.url)[i % 2]
            while ingest.poll() is None or len(statuses) < 40:
                question = QUESTION if i % 3 else "How far out to sea can the lamp be seen?"
                statuses.append(ask(url, question).status_code)

        with ThreadPoolExecutor(6) as pool:
            list(pool.map(user, range(6)))
        assert ingest.wait(timeout=300) == 0, ingest.stderr.read() if ingest.stderr else ""
        assert statuses and set(statuses) == {200}
        # Both servers now answer from the new articles (BM25 caught up in the background).
        for url in (server.url, b.url):
            answer = ask(url, "Who keeps the lighthouse at Point 3?").json()
            sources = [Path(c["source"]).name for c in answer["citations"]]
            assert "lighthouse-3.txt" in sources, answer
        assert_no_traceback(b)
    assert_no_traceback(server)
    # One index folder per revision, saved atomically: no half-written folder is left.
    folders = [p for p in shared_cache.glob("bm25/*/*") if not p.name.startswith(".tmp-")]
    assert folders and all((p / "dossier.json").exists() for p in folders)


def test_sixteen_users_and_a_writer_get_no_errors(server: Server) -> None:
    statuses: list[int] = []
    writer_statuses: list[int] = []
    done = threading.Event()

    def user(i: int) -> None:
        with httpx.Client(base_url=server.url, timeout=120) as client:  # kept-alive connection
            for q in range(QUESTIONS_PER_USER):
                body = {"question": QUESTION if (i + q) % 2 else "Where is Point 104?"}
                statuses.append(client.post("/api/ask", json=body).status_code)

    def writer() -> None:
        with httpx.Client(base_url=server.url, timeout=300) as client:
            for n in range(100, 105):  # five uploads, then a delete
                files = {"files": (f"upload-{n}.txt", article(n).encode(), "text/plain")}
                writer_statuses.append(client.post("/api/ingest", files=files).status_code)
            documents = client.get("/api/documents").json()["documents"]
            doomed = next(d for d in documents if d["title"].startswith("Lighthouse 104"))
            response = client.delete(f"/api/documents/{doomed['doc_id']}")
            writer_statuses.append(response.status_code)
        done.set()

    with ThreadPoolExecutor(USERS + 1) as pool:
        futures = [pool.submit(user, i) for i in range(USERS)] + [pool.submit(writer)]
        for future in futures:
            future.result()
    assert done.is_set()
    assert len(statuses) == USERS * QUESTIONS_PER_USER and set(statuses) == {200}
    assert set(writer_statuses) == {200}
    # The deleted article is never cited again, stale BM25 index or not.
    for _ in range(5):
        answer = ask(server.url, "Who keeps the lighthouse at Point 104?").json()
        assert all("upload-104" not in c["source"] for c in answer["citations"])
    assert_no_traceback(server)


def test_a_killed_chroma_server_is_a_503_until_it_is_back(
    chroma: ChromaServer, server: Server
) -> None:
    assert ask(server.url).status_code == 200
    chroma.kill()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            calls = [
                client.post("/api/ask", json={"question": QUESTION}),
                client.post("/api/retrieve", json={"query": "minerals"}),
                client.get("/api/documents"),
                client.post(
                    "/api/ingest", files={"files": ("late.txt", article(7).encode(), "text/plain")}
                ),
                client.post("/api/ask/stream", json={"question": QUESTION}),
            ]
            for response in calls:
                assert response.status_code == 503, (response.request.url, response.text)
                assert response.headers["content-type"] == "application/json"
                error = response.json()["error"]
                assert "stopped answering" in error or "no Chroma server answers" in error
                assert "chroma run" in error
            assert client.get("/api/health").status_code == 503
    finally:
        chroma.start()
    response = ask(server.url)
    assert response.status_code == 200 and "Hardie" in response.json()["answer"]
    with httpx.Client(base_url=server.url, timeout=60) as client:
        body = client.post("/api/ask/stream", json={"question": QUESTION}).text
    assert sse_events(body)[-1][0] == "answer"
    assert_no_traceback(server)
