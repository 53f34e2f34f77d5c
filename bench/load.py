"""Concurrent users against `dossier serve`, with and without a writer.

The store: seeds/ plus the first 100 articles of the news corpus (bench/news_corpus.py),
ingested with the real model into an embedded store (about 600 chunks; cached in
bench/cache/load-store). One `dossier serve` on a free loopback port serves every run, in
this order, side by side:

1. ``16x25``: 16 users, 25 questions each, no writer (the baseline);
2. ``16x25+writer``: the same while one client uploads 5 articles and removes 1;
3. ``64xN``: 64 users (``--questions-64`` each), for throughput.

A user is a thread with its own kept-alive HTTP connection (httpx), asking questions made
from article titles one after another (a closed loop). Every title is asked about once
before the runs (so the answerer's sentence cache is as warm as in a server that has been
up); each run then words its questions its own way, so no question repeats and every query
is embedded afresh. Every non-200 answer, reset
connection or timeout counts as an error. Writes bench/results/load.json.

    .venv/bin/python bench/load.py [--questions 25] [--questions-64 10]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from news_corpus import CACHE, news_csv, rows  # noqa: E402

from assistant.evaluation.metrics import percentile  # noqa: E402

OUT = ROOT / "bench" / "results" / "load.json"
STORE = CACHE / "load-store"
DOSSIER = str(Path(sys.executable).with_name("dossier"))


def build_store() -> tuple[Path, list[str]]:
    """seeds/ + 100 news articles in an embedded store; returns it and the questions."""
    records = rows(news_csv())[:100]
    questions = [r["title"].strip() for r in records if r["title"].strip()]
    if not (STORE / "done").exists():
        shutil.rmtree(STORE, ignore_errors=True)
        (STORE / "news").mkdir(parents=True)
        with (STORE / "news" / "news-100.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
        env = {**_clean_env(), "DOSSIER_CHROMA_DIR": str(STORE / "chroma")}
        subprocess.run(
            [DOSSIER, "ingest", str(ROOT / "seeds"), str(STORE / "news"), "--quiet"],
            check=True, env=env,
        )  # fmt: skip
        (STORE / "done").touch()
    return STORE, questions


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}


def start_server(store: Path, work: Path) -> tuple[subprocess.Popen[bytes], str]:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(store / "chroma", work / "chroma")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**_clean_env(), "DOSSIER_CHROMA_DIR": str(work / "chroma"),
           "DOSSIER_CACHE_DIR": str(work / "cache")}  # fmt: skip
    log = open(work / "serve.log", "wb")  # noqa: SIM115 - the server owns it
    server = subprocess.Popen(
        [DOSSIER, "serve", "--port", str(port)], env=env, cwd=work, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return server, url
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError((work / "serve.log").read_text()[-3000:])
        time.sleep(0.5)


# Question forms: the warm-up uses the first, each run its own (no run repeats a question).
FORMS = [
    "What happened: {}?", "What is known about {}?", "Who was involved in {}?",
    "Tell me about {}.", "When did this happen: {}?", "Why does this matter: {}?",
    "What was said about {}?", "Summarize {}.", "Where did this happen: {}?",
    "What are the facts of {}?", "Explain {}.", "What led to {}?",
    "Who said what about {}?", "Give the details of {}.", "What followed {}?",
    "What is the news: {}?", "Describe {}.", "What changed with {}?",
]  # fmt: skip


def asked(titles: list[str], forms: list[str]) -> list[str]:
    return [form.format(title) for form in forms for title in titles]


def run(url: str, users: int, per_user: int, questions: list[str], writer: bool) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def user(i: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            for q in range(per_user):
                question = questions[(i * per_user + q) % len(questions)]
                started = time.perf_counter()
                try:
                    response = client.post("/api/ask", json={"question": question})
                    ok = response.status_code == 200
                    problem = f"{response.status_code} {response.text[:120]}"
                except httpx.HTTPError as error:
                    ok, problem = False, f"{type(error).__name__}: {error}"
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if not ok:
                        errors.append(problem)

    def write() -> list[int]:
        statuses = []
        with httpx.Client(base_url=url, timeout=600) as client:
            for n in range(5):
                text = (f"Load test article {n}\n\nThe harbour bridge at Marlow {n} reopened "
                        f"after repairs costing {n + 10} million pounds.\n")  # fmt: skip
                files = {"files": (f"load-{n}.txt", text.encode(), "text/plain")}
                statuses.append(client.post("/api/ingest", files=files).status_code)
            docs = client.get("/api/documents").json()["documents"]
            doomed = next(d for d in docs if d["title"] == "Load test article 0")
            statuses.append(client.delete(f"/api/documents/{doomed['doc_id']}").status_code)
        return statuses

    started = time.perf_counter()
    with ThreadPoolExecutor(users + 1) as pool:
        futures = [pool.submit(user, i) for i in range(users)]
        writes = pool.submit(write) if writer else None
        for future in futures:
            future.result()
        write_statuses = writes.result() if writes else []
    wall = time.perf_counter() - started
    ms = [s * 1000 for s in latencies]
    return {
        "users": users,
        "questions_per_user": per_user,
        "writer": writer,
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "writer_statuses": write_statuses,
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
        "wall_s": round(wall, 1),
        "throughput_rps": round(len(latencies) / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=25, help="per user, 16-user runs")
    parser.add_argument("--questions-64", type=int, default=10, help="per user, 64-user run")
    parser.add_argument(
        "--repeat",
        action="store_true",
        help="ask the warm-up questions again (a fully warm server: every query embedding and "
        "sentence cached); writes bench/results/load-repeat.json",
    )
    args = parser.parse_args()
    out = OUT.with_name("load-repeat.json") if args.repeat else OUT
    store, questions = build_store()
    server, url = start_server(store, CACHE / "load-run")
    try:
        chunks = httpx.get(f"{url}/api/health", timeout=10).json()["chunks"]
        print(f"store: {chunks} chunks; serving at {url}", flush=True)
        # Warm-up: every question once, so each run meets the same warm server (the answerer
        # caches sentence embeddings; without this the first run pays for all of them).
        with httpx.Client(base_url=url, timeout=120) as client:
            for question in asked(questions, FORMS[:1]):
                client.post("/api/ask", json={"question": question})
        runs = []
        for name, users, per_user, writer, forms in (
            ("16x25", 16, args.questions, False, FORMS[1:6]),
            ("16x25+writer", 16, args.questions, True, FORMS[6:11]),
            (f"64x{args.questions_64}", 64, args.questions_64, False, FORMS[11:18]),
        ):
            distinct = asked(questions, FORMS[:1] if args.repeat else forms)
            result = {"run": name, **run(url, users, per_user, distinct, writer)}
            print(json.dumps(result), flush=True)
            runs.append(result)
        log = (CACHE / "load-run" / "serve.log").read_text(errors="replace")
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average_at_end": os.getloadavg()[0],
        "chunks": chunks,
        "server_tracebacks": log.count("Traceback"),
        "runs": runs,
    }
    report["questions"] = "repeated (warm-up form)" if args.repeat else "fresh in every run"
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
