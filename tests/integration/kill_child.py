"""An ingest that SIGKILLs itself at a chosen write to the store (real model, real Chroma).

Run as ``python -m tests.integration.kill_child STORE CACHE CORPUS --kill-at N``:
the process dies by a real SIGKILL just before its N-th write call (add, switch,
delete, mark_written), so a test or bench/ingest_kill.py can kill a re-ingest at
each write step, not by timing luck. With ``--kill-at 0`` it finishes and prints
the write steps, one JSON line each. Also :func:`store_state`: what queries see.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.factory import make_embeddings, make_store  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from vectorstore.chroma import LIVE, STATE_KEY, ChromaStore, visible  # noqa: E402
from vectorstore.chunking import Chunker  # noqa: E402
from vectorstore.ingest import Ingestor  # noqa: E402

WRITES = ("add", "switch", "delete", "mark_written")


def _arm(kill_at: int) -> None:
    steps = {"n": 0}

    def wrap(name: str) -> None:
        original = getattr(ChromaStore, name)

        def write(self: ChromaStore, *args: Any, **kwargs: Any) -> Any:
            if name == "delete" and not (args[0] if args else kwargs.get("ids")):
                return original(self, *args, **kwargs)  # nothing to delete: not a write
            steps["n"] += 1
            print(json.dumps({"step": steps["n"], "write": name}), flush=True)
            if steps["n"] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(self, *args, **kwargs)

        setattr(ChromaStore, name, write)

    for name in WRITES:
        wrap(name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--kill-at", type=int, default=0)
    parser.add_argument("--batch-chunks", type=int, default=32)
    args = parser.parse_args(argv)
    settings = Settings(chroma_dir=args.store, cache_dir=args.cache)
    embeddings = make_embeddings(settings)
    store = make_store(settings, embeddings, create=True)
    _arm(args.kill_at)
    ingestor = Ingestor(
        store, embeddings, Chunker.for_embeddings(embeddings), batch_chunks=args.batch_chunks
    )
    report = ingestor.ingest([args.corpus])
    print(json.dumps({"summary": report.summary()}), flush=True)


def store_state(store: ChromaStore) -> dict[str, Any]:
    """What queries can see: articles with two versions, duplicate spans, live/other chunks."""
    versions: dict[str, set[str]] = {}
    spans: Counter[tuple[str, int, int]] = Counter()
    live: set[str] = set()
    other = 0
    for chunk_id, fields in store.scan(include=("metadatas",)):
        meta = fields["metadatas"] or {}
        if not visible(meta):
            other += 1
            continue
        if meta.get(STATE_KEY, LIVE) == LIVE:
            live.add(chunk_id)
        versions.setdefault(str(meta["doc_id"]), set()).add(str(meta["content_hash"]))
        spans[(str(meta["doc_id"]), int(meta["start"]), int(meta["end"]))] += 1
    return {
        "articles": len(versions),
        "two_versions": sorted(d for d, h in versions.items() if len(h) > 1),
        "duplicate_spans": sum(n - 1 for n in spans.values() if n > 1),
        "live_ids": live,
        "hidden_chunks": other,
    }


if __name__ == "__main__":
    main()
