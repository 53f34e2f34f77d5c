"""A re-ingest really SIGKILLed at each kind of write step (real model, embedded Chroma):
queries never see two versions of an article, and the next `dossier ingest` repairs
the store without re-embedding the articles that did not change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.integration.kill_child import store_state

pytestmark = pytest.mark.integration

DOSSIER = str(Path(sys.executable).with_name("dossier"))
ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 6
CHANGED = 4


def write_corpus(folder: Path, version: int) -> None:
    """Six real articles cut from the seed, the first four edited in version 2."""
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    size = -(-len(paragraphs) // ARTICLES)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(ARTICLES):
        body = "\n\n".join(paragraphs[n * size : (n + 1) * size])
        if version == 2 and n < CHANGED:
            body += f"\n\nCorrection {n}: an earlier version of this part misdated the talks."
        (folder / f"part{n}.txt").write_text(f"Seed part {n}\n\n{body}\n", encoding="utf-8")


def child(store: Path, cache: Path, corpus: Path, kill_at: int) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    return subprocess.run(
        [sys.executable, "-m", "tests.integration.kill_child", str(store), str(cache),
         str(corpus), "--kill-at", str(kill_at), "--batch-chunks", "8"],
        capture_output=True, text=True, timeout=600, cwd=ROOT, env=env,
    )  # fmt: skip


def open_store(path: Path):  # type: ignore[no-untyped-def]
    from vectorstore.chroma import ChromaStore, connect

    return ChromaStore(connect(path=path), "news", "all-MiniLM-L6-v2")


def test_sigkill_at_each_write_step_then_repair(tmp_path) -> None:
    cache = tmp_path / "cache"
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1)
    first = child(tmp_path / "v1", cache, corpus, 0)
    assert first.returncode == 0, first.stderr[-2000:]
    write_corpus(corpus, 2)
    reference = child(tmp_path / "reference", cache, corpus, 0)
    assert reference.returncode == 0, reference.stderr[-2000:]
    expected = store_state(open_store(tmp_path / "reference"))["live_ids"]

    dry = tmp_path / "dry"
    shutil.copytree(tmp_path / "v1", dry)
    steps = [json.loads(line) for line in child(dry, cache, corpus, 0).stdout.splitlines()]
    writes = [s["write"] for s in steps if "write" in s]
    assert writes.count("add") >= 2 and "switch" in writes and writes[-1] == "mark_written"
    # The first write of each kind, and the last add: kills in every phase of the re-ingest.
    chosen = sorted(
        {writes.index(w) + 1 for w in set(writes)} | {len(writes) - writes[::-1].index("add")}
    )

    for step in chosen:
        store = tmp_path / f"kill-{step}"
        shutil.copytree(tmp_path / "v1", store)
        killed = child(store, cache, corpus, step)
        assert killed.returncode == -9, f"step {step} not killed: {killed.stderr[-1000:]}"
        seen = store_state(open_store(store))
        assert seen["articles"] == ARTICLES, f"step {step}: an article vanished"
        assert not seen["two_versions"] and seen["duplicate_spans"] == 0, (step, seen)

        env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
        repair = subprocess.run(
            [DOSSIER, "ingest", str(corpus), "--quiet", "--chroma-dir", str(store)],
            capture_output=True, text=True, timeout=600,
            env={**env, "DOSSIER_CACHE_DIR": str(cache)},
        )  # fmt: skip
        assert repair.returncode == 0, repair.stderr
        unchanged = int(repair.stdout.split("unchanged ")[1].split(",")[0])
        assert unchanged >= ARTICLES - CHANGED, f"step {step}: {repair.stdout}"
        after = store_state(open_store(store))
        assert after["live_ids"] == expected, f"step {step}: chunks lost or extra after repair"
        assert after["hidden_chunks"] == 0, f"step {step}: leftovers not deleted"
