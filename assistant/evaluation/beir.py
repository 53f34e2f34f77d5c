"""Retrieval-only evaluation on a BEIR-format set.

A BEIR folder holds ``corpus.jsonl`` (``_id``, ``title``, ``text``),
``queries.jsonl`` (``_id``, ``text``) and ``qrels.tsv`` or ``qrels/*.tsv``
(query-id, corpus-id, score; header optional). The corpus is ingested with
Dossier's own loader and chunker, each judged query is asked through the
retriever, and chunk hits become a document ranking by max (a document ranks
where its best chunk does). Scores follow pytrec_eval/BEIR: graded nDCG with
linear gain and log2 discount; a qrel score <= 0 is not relevant.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.retrievers import BaseRetriever

from assistant.evaluation.metrics import percentile
from vectorstore.errors import InputError

Qrels = dict[str, dict[str, int]]
METRICS = ("ndcg@10", "recall@10", "recall@100", "mrr@10")


@dataclass(frozen=True)
class BeirSet:
    """A BEIR folder, read: the corpus file, the judged queries and their judgements."""

    corpus: Path
    queries: dict[str, str]
    qrels: Qrels


def load_beir(folder: Path) -> BeirSet:
    """Reads a BEIR folder; keeps only queries with at least one relevant document.

    Raises:
        InputError: a file is missing or malformed, or no query is judged.
    """
    corpus = folder / "corpus.jsonl"
    if not corpus.is_file():
        raise InputError(f"{folder} is not a BEIR folder: no corpus.jsonl in it")
    qrels = read_qrels(_qrels_files(folder))
    queries: dict[str, str] = {}
    for number, row in _jsonl(folder / "queries.jsonl"):
        if not isinstance(row.get("_id"), str | int) or not isinstance(row.get("text"), str):
            raise InputError(f'{folder / "queries.jsonl"}:{number}: needs "_id" and "text"')
        queries[str(row["_id"])] = row["text"]
    judged = {q: t for q, t in queries.items() if max(qrels.get(q, {0: 0}).values()) > 0}
    if not judged:
        raise InputError(f"{folder}: no query in queries.jsonl has a relevant document in qrels")
    return BeirSet(corpus.resolve(), judged, {q: qrels[q] for q in judged})


def _qrels_files(folder: Path) -> list[Path]:
    if (folder / "qrels.tsv").is_file():
        return [folder / "qrels.tsv"]
    split = folder / "qrels" / "test.tsv"
    files = [split] if split.is_file() else sorted((folder / "qrels").glob("*.tsv"))
    if not files:
        raise InputError(f"{folder} has no qrels.tsv or qrels/*.tsv")
    return files


def read_qrels(files: Iterable[Path]) -> Qrels:
    """query-id, corpus-id, score per line (tab or space separated); a header is skipped."""
    qrels: Qrels = {}
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[-1].lstrip("-").isdigit():
                qrels.setdefault(parts[0], {})[parts[-2]] = int(parts[-1])
    return qrels


def _jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None


def ndcg(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    dcg = sum(max(rels.get(d, 0), 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted((g for g in rels.values() if g > 0), reverse=True)[:k]
    return dcg / sum(g / math.log2(i + 2) for i, g in enumerate(ideal))


def recall(ranked: list[str], rels: dict[str, int], k: int = 100) -> float:
    relevant = {d for d, g in rels.items() if g > 0}
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def mrr(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    return next((1 / (i + 1) for i, d in enumerate(ranked[:k]) if rels.get(d, 0) > 0), 0.0)


def score_ranking(ranked: list[str], rels: dict[str, int]) -> dict[str, float]:
    return {
        "ndcg@10": ndcg(ranked, rels, 10),
        "recall@10": recall(ranked, rels, 10),
        "recall@100": recall(ranked, rels, 100),
        "mrr@10": mrr(ranked, rels, 10),
    }


def evaluate_retriever(
    retriever: BaseRetriever,
    beir: BeirSet,
    chunks: int,
    tick: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Asks every judged query for ``chunks`` chunks; mean metrics and latency."""
    prefix = f"{beir.corpus}#"
    retriever.invoke(next(iter(beir.queries.values())), k=chunks)  # warm-up: loads BM25
    sums = dict.fromkeys(METRICS, 0.0)
    latencies: list[float] = []
    for qid, text in beir.queries.items():
        started = time.perf_counter()
        docs = retriever.invoke(text, k=chunks)
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = list(dict.fromkeys(d.metadata["source"].removeprefix(prefix) for d in docs))
        for metric, value in score_ranking(ranked, beir.qrels[qid]).items():
            sums[metric] += value
        if tick:
            tick()
    n = len(beir.queries)
    return {
        **{m: round(s / n, 4) for m, s in sums.items()},
        "queries": n,
        "latency_ms": {
            "p50": round(percentile(latencies, 50), 2),
            "p95": round(percentile(latencies, 95), 2),
        },
    }
