"""Ingest time for seeds/ and `dossier ask` latency on this machine.

Measures, in a fresh temporary store:
- `dossier ingest seeds/` wall time as a user runs it (cold process: imports and model load
  included), and a re-ingest of the unchanged folder;
- `dossier ask "..."` wall time as a user runs it (cold process);
- in-process `Assistant.ask` latency per stage (p50/p95) over every question of
  eval/seeds.jsonl, after one warm-up question.

    python bench/seeds_latency.py [--out bench/results/seeds_latency.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOSSIER = str(Path(sys.executable).with_name("dossier"))


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/seeds_latency.json")
    args = parser.parse_args()
    from assistant import Assistant, Settings

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DOSSIER_CHROMA_DIR": f"{tmp}/chroma",
            "DOSSIER_CACHE_DIR": f"{tmp}/cache",
        }
        ingest_s = timed([DOSSIER, "ingest", "--quiet", str(ROOT / "seeds")], env)
        reingest_s = timed([DOSSIER, "ingest", "--quiet", str(ROOT / "seeds")], env)
        ask_cli = [
            timed([DOSSIER, "ask", "Who called the minerals deal predatory?"], env)
            for _ in range(3)
        ]

        settings = Settings(
            chroma_dir=Path(tmp) / "chroma", cache_dir=Path(tmp) / "cache", _env_file=None
        )
        bot = Assistant.from_settings(settings)
        bot.ask("What is the minerals deal?")  # warm-up: model load, BM25 cache
        cases = [json.loads(x) for x in (ROOT / "eval/seeds.jsonl").read_text().splitlines() if x]
        turns = [t for case in cases for t in (case.get("turns") or [case["question"]])]
        runs: dict[str, dict[str, list[float]]] = {}
        # Cold: no sentence embedding kept from earlier questions (a new topic every time);
        # warm: the answerer's sentence cache as a long-running process has it.
        for mode in ("cold", "warm"):
            stages: dict[str, list[float]] = {"retrieve": [], "answer": [], "total": []}
            for turn in turns:
                if mode == "cold":
                    bot.answerer.clear_cache()  # type: ignore[attr-defined]
                timings = bot.ask(turn).timings_ms
                for stage in stages:
                    stages[stage].append(timings[stage])
            runs[mode] = stages
    result = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "ingest_seeds_cli_s": round(ingest_s, 2),
        "reingest_unchanged_cli_s": round(reingest_s, 2),
        "ask_cli_cold_s_median": round(statistics.median(ask_cli), 2),
        "ask_in_process_ms": {
            mode: {
                stage: {
                    "p50": round(percentile(v, 0.5), 1),
                    "p95": round(percentile(v, 0.95), 1),
                    "n": len(v),
                }
                for stage, v in stages.items()
            }
            for mode, stages in runs.items()
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
