"""The two ranked lists (dense, BM25) of every query of a BEIR set, cached for fusion studies.

Fusion is a function of the two lists alone, so they are fetched once per query
(the retriever's own searches: query embedding + Chroma, bm25s) and any fusion
rule is then scored offline in milliseconds, exactly as the retriever would
rank. Each list record holds the query id, its half (dev/test, see
bench/fusion_sets.split), its judgements and both lists as (chunk id, score);
``docs`` maps chunk ids to corpus ids. Cached under bench/cache/fusion/.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fusion_sets import split  # noqa: E402
from tqdm import tqdm  # noqa: E402

from assistant.evaluation.beir import BeirSet, load_beir, score_ranking  # noqa: E402
from assistant.evaluation.command import beir_collection  # noqa: E402
from vectorstore.chroma import ChromaStore, connect  # noqa: E402
from vectorstore.embeddings import SentenceTransformerEmbeddings  # noqa: E402
from vectorstore.retriever import HybridRetriever  # noqa: E402

Ranked = list[tuple[str, float]]


def open_retriever(folder: Path, store_dir: Path, depth: int) -> tuple[BeirSet, HybridRetriever]:
    """The BEIR set and a retriever over its collection (ingested by ``dossier eval --beir``)."""
    beir = load_beir(folder)
    embeddings = SentenceTransformerEmbeddings()
    store = ChromaStore(connect(path=store_dir), beir_collection(folder), embeddings.model_name)
    retriever = HybridRetriever(
        store=store, embeddings=embeddings, k=depth, fetch_k=depth, cache_dir=store_dir
    )
    return beir, retriever


def sample(queries: dict[str, str], limit: int | None) -> dict[str, str]:
    """At most ``limit`` queries, the same ones on every machine (lowest id hashes)."""
    if limit is None or len(queries) <= limit:
        return queries
    keep = sorted(queries, key=lambda q: hashlib.sha1(q.encode()).hexdigest())[:limit]
    return {q: queries[q] for q in queries if q in set(keep)}


def collect(
    folder: Path, store_dir: Path, depth: int, out: Path, limit: int | None = None
) -> dict[str, Any]:
    """Both lists of every judged query, or of ``limit`` of them (cached in ``out``)."""
    if out.exists():
        cached: dict[str, Any] = json.loads(out.read_text("utf-8"))
        if cached["depth"] == depth and cached.get("limit") == limit:
            return cached
    beir, retriever = open_retriever(folder, store_dir, depth)
    queries = sample(beir.queries, limit)
    prefix = f"{beir.corpus}#"
    docs = {
        chunk_id: str(fields["metadatas"]["source"]).removeprefix(prefix)
        for chunk_id, fields in retriever.store.scan(include=("metadatas",))
    }
    index = retriever.lexical_index()
    records = []
    for qid, text in tqdm(queries.items(), desc=folder.name, unit="q"):
        started = time.perf_counter()
        vector = retriever.embeddings.embed_query(text)
        found = retriever.store.collection.query(
            query_embeddings=[vector],  # type: ignore[arg-type]
            n_results=depth,
            include=["distances"],
        )  # ids and distances only: what the fusion sees, without the texts
        dense = list(zip(found["ids"][0], found["distances"][0], strict=True))  # type: ignore[index]
        middle = time.perf_counter()
        lexical = index.search(text, depth)
        ended = time.perf_counter()
        records.append({
            "qid": qid, "query": text, "half": split(qid), "rels": beir.qrels[qid],
            "dense": [(i, round(1.0 - float(d), 5)) for i, d in dense],
            "bm25": [(i, round(s, 4)) for i, s in lexical],
            "ms": [round((middle - started) * 1000, 2), round((ended - middle) * 1000, 2)],
        })  # fmt: skip
    data = {"set": folder.name, "depth": depth, "limit": limit, "docs": docs, "queries": records}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data), "utf-8")
    return data


def score(
    data: dict[str, Any], fuse: Callable[[Ranked, Ranked, str], Ranked], half: str | None
) -> dict[str, float]:
    """Mean metrics of ``fuse(dense, bm25, query)`` over one half (None: all queries)."""
    docs = data["docs"]
    sums: dict[str, float] = {}
    n = 0
    for record in data["queries"]:
        if half and record["half"] != half:
            continue
        fused = fuse(
            [tuple(x) for x in record["dense"]], [tuple(x) for x in record["bm25"]], record["query"]
        )
        ranked = list(dict.fromkeys(docs[c] for c, _ in fused if c in docs))
        for metric, value in score_ranking(ranked, record["rels"]).items():
            sums[metric] = sums.get(metric, 0.0) + value
        n += 1
    return {m: round(s / n, 4) for m, s in sums.items()} | {"queries": n}
