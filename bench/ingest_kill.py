"""SIGKILL during a re-ingest, at different write steps: what queries see, what the next
ingest repairs.

On the first ``--articles`` news articles (bench/news_corpus.py), ingested once;
then the text of ``--changed`` of them is edited and the re-ingest is killed by a
real SIGKILL just before its N-th write to the store, for ``--trials`` values of
N spread over all the write steps (tests/integration/kill_child.py; real model,
embedded Chroma). After each kill it counts the duplicate spans and the articles
with two versions visible to queries (must be 0), then runs ``dossier ingest``
(a cold CLI process) and compares the live chunks with a clean ingest of the
edited corpus: chunks lost and extra (must be 0), leftovers (must be 0), and how
many unchanged articles were re-embedded (must be 0).

    .venv/bin/python bench/ingest_kill.py [--articles 60] [--changed 45] [--trials 10]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from news_corpus import CACHE, news_csv, rows  # noqa: E402

from tests.integration.kill_child import store_state  # noqa: E402
from vectorstore.chroma import ChromaStore, connect  # noqa: E402

DOSSIER = str(Path(sys.executable).with_name("dossier"))


def write_corpus(path: Path, records: list[dict[str, str]], changed: int, version: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(records[0]))
        writer.writeheader()
        for i, record in enumerate(records):
            if version == 2 and i < changed:
                record = {**record, "text": record["text"] + f"\n\nUpdate {i}: a correction."}
            writer.writerow(record)


def child(
    store: Path, cache: Path, corpus: Path, kill_at: int, batch: int
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    return subprocess.run(
        [sys.executable, "-m", "tests.integration.kill_child", str(store), str(cache),
         str(corpus), "--kill-at", str(kill_at), "--batch-chunks", str(batch)],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )  # fmt: skip


def state(path: Path) -> dict:
    return store_state(ChromaStore(connect(path=path), "news", "all-MiniLM-L6-v2"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--changed", type=int, default=45)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--batch-chunks", type=int, default=64)
    parser.add_argument("--work", type=Path, default=CACHE / "kill")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/ingest_kill.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shutil.rmtree(args.work, ignore_errors=True)
    records = [r for r in rows(news_csv()) if r["text"].strip()][: args.articles]
    corpus, cache = args.work / "corpus" / "news.csv", args.work / "cache"
    write_corpus(corpus, records, args.changed, 1)
    assert child(args.work / "v1", cache, corpus.parent, 0, args.batch_chunks).returncode == 0
    write_corpus(corpus, records, args.changed, 2)
    shutil.copytree(args.work / "v1", args.work / "dry")
    dry = child(args.work / "dry", cache, corpus.parent, 0, args.batch_chunks)  # v1 -> v2
    steps = [json.loads(x)["write"] for x in dry.stdout.splitlines() if '"write"' in x]
    expected = state(args.work / "dry")["live_ids"]
    # Trials spread evenly over the re-ingest's write steps (first to last).
    picks = sorted(
        {1 + round(i * (len(steps) - 1) / max(1, args.trials - 1)) for i in range(args.trials)}
    )
    print(f"{len(steps)} write steps ({', '.join(steps)}); killing at {picks}", flush=True)
    trials = []
    for step in picks:
        store = args.work / f"kill-{step}"
        shutil.copytree(args.work / "v1", store)
        killed = child(store, cache, corpus.parent, step, args.batch_chunks)
        seen = state(store)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
        t = time.perf_counter()
        repair = subprocess.run(
            [DOSSIER, "ingest", str(corpus.parent), "--quiet", "--chroma-dir", str(store)],
            capture_output=True, text=True, env={**env, "DOSSIER_CACHE_DIR": str(cache)},
        )  # fmt: skip
        repair_seconds = time.perf_counter() - t
        after = state(store)
        summary = repair.stdout.strip().splitlines()[-1] if repair.stdout.strip() else repair.stderr
        unchanged = (
            int(summary.split("unchanged ")[1].split(",")[0]) if "unchanged " in summary else -1
        )
        trial = {
            "kill_before_write": step,
            "write": steps[step - 1],
            "killed_by_sigkill": killed.returncode == -9,
            "visible_duplicate_spans": seen["duplicate_spans"],
            "visible_two_version_articles": len(seen["two_versions"]),
            "visible_articles": seen["articles"],
            "hidden_chunks_after_kill": seen["hidden_chunks"],
            "repair_summary": summary,
            "repair_seconds": round(repair_seconds, 1),
            "unchanged_articles_reembedded": max(0, (len(records) - args.changed) - unchanged),
            "chunks_lost_after_repair": len(expected - after["live_ids"]),
            "chunks_extra_after_repair": len(after["live_ids"] - expected),
            "leftovers_after_repair": after["hidden_chunks"],
        }
        trials.append(trial)
        print(json.dumps(trial), flush=True)
        shutil.rmtree(store)
    total = {
        key: sum(t[key] for t in trials)
        for key in ("visible_duplicate_spans", "visible_two_version_articles",
                    "chunks_lost_after_repair", "chunks_extra_after_repair",
                    "leftovers_after_repair", "unchanged_articles_reembedded")
    }  # fmt: skip
    result = {
        "corpus": f"first {len(records)} news articles, {args.changed} edited",
        "chunks_expected": len(expected),
        "write_steps": steps,
        "trials": trials,
        "all_killed_by_sigkill": all(t["killed_by_sigkill"] for t in trials),
        "totals": total,
        "machine": {"cpu_count": os.cpu_count(), "load_average_at_end": os.getloadavg()},
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps(total), f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
