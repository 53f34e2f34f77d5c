"""Query latency and memory on the ingested news corpus (run bench/news_ingest.py first).

A fresh process opens the store bench/news_ingest.py built (about 23,000 chunks
of 3,824 articles) the way the CLI or the web app does (Settings ->
Assistant.from_settings), then asks ``--questions`` distinct questions made from
article titles (a fixed random sample: "What happened: <title>?"), after one
warm-up question:

- retrieval alone (``assistant.retriever.invoke``: query embedding, Chroma, BM25, fusion);
- each with the embedding runtimes of ``--runtimes`` (default: ONNX Runtime, the default on
  a CPU, and torch, as before), one assistant each, asked in turn question by question;
- ``Assistant.ask`` per stage, "cold" (the answerer's sentence cache cleared before
  every question: nothing reused from earlier questions) and "warm" (as a
  long-running server keeps it);
- peak resident memory (ru_maxrss) of this process, and RSS after loading;
- the real server: ``dossier serve`` over the same store on a free loopback port,
  ``--http`` questions through ``POST /api/ask`` (wall time per request), and the
  server process's peak RSS (VmHWM) while serving them.

    .venv/bin/python bench/news_queries.py [--questions 250] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from news_corpus import CACHE, news_csv, rows  # noqa: E402
from tqdm import tqdm  # noqa: E402

from assistant.evaluation.metrics import percentile  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        line = next(x for x in f if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def spread(values: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1),
            "mean": round(sum(values) / len(values), 1), "n": len(values)}  # fmt: skip


def serve_and_ask(store: Path, questions: list[str]) -> dict[str, object]:
    """Starts ``dossier serve`` on the store, asks over HTTP, reads the server's peak RSS."""
    import socket
    import subprocess

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DOSSIER_CHROMA_DIR": str(store),
           "DOSSIER_CACHE_DIR": str(store.parent / "cache")}  # fmt: skip
    dossier = str(Path(sys.executable).with_name("dossier"))
    server = subprocess.Popen([dossier, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.perf_counter() - started > 180:
                raise RuntimeError("dossier serve did not become healthy")
            time.sleep(0.5)
        ready = time.perf_counter() - started
        wall: list[float] = []
        with httpx.Client(base_url=base, timeout=60) as client:
            for q in tqdm(questions, desc="dossier serve", unit="q"):
                t = time.perf_counter()
                client.post("/api/ask", json={"question": q}).raise_for_status()
                wall.append((time.perf_counter() - t) * 1000)
        status = Path(f"/proc/{server.pid}/status").read_text().splitlines()
        kib = {x.split(":")[0]: int(x.split()[1]) for x in status if x.startswith("Vm")}
    finally:
        server.terminate()
        server.wait(timeout=30)
    rss = {"now": round(kib["VmRSS"] / 1024), "peak": round(kib["VmHWM"] / 1024)}
    return {"ready_seconds": round(ready, 1), "ask_wall_ms": spread(wall), "rss_mib": rss}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=CACHE / "news" / "dossier" / "chroma")
    parser.add_argument("--questions", type=int, default=250)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/news_queries.json")
    parser.add_argument("--profile", action="store_true", help="pyinstrument the cold asks")
    parser.add_argument("--http", type=int, default=100, help="questions through dossier serve")
    parser.add_argument(
        "--runtimes", default="onnx,torch", help="embedding runtimes compared side by side"
    )
    args = parser.parse_args(argv)
    from assistant import Assistant, Settings

    titles = [r["title"].strip() for r in rows(news_csv()) if r["title"].strip()]
    random.Random(0).shuffle(titles)
    questions = list(dict.fromkeys(f"What happened: {t}?" for t in titles))
    needed = 3 * args.questions + 1 + args.http
    questions = questions[:needed]

    started = time.perf_counter()
    settings = Settings(chroma_dir=args.store, cache_dir=args.store.parent / "cache",
                        _env_file=None)  # fmt: skip
    # One assistant per embedding runtime, asked in turn question by question (side by side).
    bots = {
        runtime: Assistant.from_settings(settings.model_copy(update={"embedding_runtime": runtime}))
        for runtime in args.runtimes.split(",")
    }
    for bot in bots.values():
        bot.ask(questions[0])  # warm-up: model load, BM25 index load
    loaded_s, loaded_rss = time.perf_counter() - started, rss_mib()
    first = next(iter(bots.values()))
    chunks = first.retriever.store.count()  # type: ignore[attr-defined]

    batches = [questions[1 + i * args.questions : 1 + (i + 1) * args.questions] for i in range(3)]
    retrieval: dict[str, list[float]] = {name: [] for name in bots}
    for q in tqdm(batches[0], desc="retrieve", unit="q"):
        for name, bot in bots.items():
            t = time.perf_counter()
            bot.retriever.invoke(q)
            retrieval[name].append((time.perf_counter() - t) * 1000)

    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
    runs: dict[str, dict[str, dict[str, list[float]]]] = {name: {} for name in bots}
    same_answers = 0
    for mode, batch in (("cold", batches[1]), ("warm", batches[2])):
        for name in bots:
            stages = {"retrieve": [], "answer": [], "total": [], "answer_when_answered": []}
            runs[name][mode] = stages  # a refusal on a missing name is cheap: apart
        if profiler and mode == "cold":
            profiler.start()
        for q in tqdm(batch, desc=f"ask ({mode})", unit="q"):
            texts = set()
            for name, bot in bots.items():
                if mode == "cold":
                    bot.answerer.clear_cache()  # type: ignore[attr-defined]
                answer = bot.ask(q)
                texts.add(answer.answer)
                for stage in ("retrieve", "answer", "total"):
                    runs[name][mode][stage].append(answer.timings_ms[stage])
                if not answer.refused:
                    runs[name][mode]["answer_when_answered"].append(answer.timings_ms["answer"])
            same_answers += len(texts) == 1
        if profiler and mode == "cold":
            profiler.stop()
            text = profiler.output_text(unicode=False, color=False)
            (args.out.parent / "news_queries_profile.txt").write_text(text)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    served = serve_and_ask(args.store, questions[needed - args.http :]) if args.http else None
    result = {
        "chunks_in_store": chunks,
        "questions_per_run": args.questions,
        "question_form": "What happened: <article title>? (random sample, seed 0)",
        "open_and_first_question_s": round(loaded_s, 1),
        "runtimes": list(bots),
        "retrieval_only_ms": {name: spread(v) for name, v in retrieval.items()},
        "ask_ms": {
            name: {mode: {s: spread(v) for s, v in st.items() if v} for mode, st in by.items()}
            for name, by in runs.items()
        },
        "questions_answered_identically_by_all_runtimes": f"{same_answers}/{2 * args.questions}",
        "rss_mib": {"after_load": round(loaded_rss), "peak": round(peak)},
        "dossier_serve": served,
        "settings": {
            "retriever": settings.retriever,
            "top_k": settings.top_k,
            "fetch_k": settings.fetch_k,
        },  # fmt: skip
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_at_end": os.getloadavg(),
        },  # fmt: skip
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
