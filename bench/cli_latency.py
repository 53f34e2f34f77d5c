"""Whole-process CLI latency on the seed store, this code against the code it started from,
side by side: rounds alternate between them, so the machine's load weighs on both alike.

- cold ``dossier ask "Who called the minerals deal predatory?"`` (``--local``: no server);
- the same with a ``dossier serve`` for the same store running (asked over its REST API);
- ``dossier ingest seeds/`` again, nothing changed.

The "before" code is ``git archive BASE`` (default: the branch point) in a scratch
folder, run with the same virtualenv as ``python -m assistant.cli``. Each figure is
the median of ``--runs`` runs after one warm-up. Results: bench/results/cli_latency.json.

    .venv/bin/python bench/cli_latency.py [--runs 5] [--base e39b113]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "Who called the minerals deal predatory?"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    t = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if result.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    return seconds, result.stdout + result.stderr


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--base", default="e39b113")
    parser.add_argument("--work", type=Path, default=ROOT / "bench/cache/cli")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/cli_latency.json")
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    base = args.work / "base"
    base.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", args.base], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    py = sys.executable
    port = free_port()
    sides = {}
    for side, code in (("before", base), ("after", ROOT)):
        env = {
            **clean,
            "DOSSIER_CHROMA_DIR": str(args.work / side / "chroma"),
            "DOSSIER_CACHE_DIR": str(args.work / side / "cache"),
            "DOSSIER_PORT": str(port),
        }
        timed([py, "-m", "assistant.cli", "ingest", str(ROOT / "seeds"), "--quiet"], code, env)
        sides[side] = (code, env)
    ask_local = [py, "-m", "assistant.cli", "ask", QUESTION]
    reingest = [py, "-m", "assistant.cli", "ingest", str(ROOT / "seeds"), "--quiet"]
    code, env = sides["after"]
    log = (args.work / "serve.log").open("wb")
    server = subprocess.Popen([py, "-m", "assistant.cli", "serve", "--port", str(port)],
                              cwd=code, env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("dossier serve did not start") from None
                time.sleep(0.5)
        cases = {
            "ask_cold_before": (ask_local, "before"),
            "ask_cold_after": ([*ask_local, "--local"], "after"),
            "ask_with_server_after": (ask_local, "after"),
            "reingest_unchanged_before": (reingest, "before"),
            "reingest_unchanged_after": (reingest, "after"),
        }
        seconds: dict[str, list[float]] = {name: [] for name in cases}
        outputs: dict[str, str] = {}
        for run in range(args.runs + 1):  # the first round warms the page cache: not counted
            for name, (cmd, side) in cases.items():
                took, output = timed(cmd, *sides[side])
                if run:
                    seconds[name].append(round(took, 2))
                outputs[name] = output
            print(run, {k: v[-1] for k, v in seconds.items() if v}, flush=True)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        log.close()
    assert "answered by the server" in outputs["ask_with_server_after"]
    assert "answered by the server" not in outputs["ask_cold_after"]
    same = outputs["ask_cold_after"].split("\n\nSources")[0] in outputs["ask_with_server_after"]
    median = {name: statistics.median(v) for name, v in seconds.items()}
    result = {
        "question": QUESTION,
        "base": args.base,
        "runs": args.runs,
        "median_seconds": median,
        "seconds": seconds,
        "speedup": {
            "ask_cold": round(median["ask_cold_before"] / median["ask_cold_after"], 2),
            "ask_with_server_vs_cold_before": round(
                median["ask_cold_before"] / median["ask_with_server_after"], 2
            ),
            "reingest_unchanged": round(
                median["reingest_unchanged_before"] / median["reingest_unchanged_after"], 2
            ),
        },
        "server_answer_same_as_local": same,
        "outputs": {k: v[-600:] for k, v in outputs.items()},
        "machine": {"cpu_count": os.cpu_count(), "load_average_at_end": os.getloadavg()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps({k: result[k] for k in ("median_seconds", "speedup")}, indent=1))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
