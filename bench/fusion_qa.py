"""The two ranked lists (dense, BM25) of every question of the QA sets, for fusion studies.

The QA sets (eval/: news, wiki, seed; dev and test parts) are questions, not
judged retrieval queries: a chunk is relevant when it contains one of the
question's support snippets, as ``dossier eval``'s hit@k counts it. Each kind's
corpus is ingested once into bench/cache/fusion/qa-<kind>/ (incremental), and
every answerable one-turn question's lists (the retriever's own searches, 100
chunks each) are cached in the format of bench/fusion_lists.py, with the chunk
as the unit (``docs`` maps each chunk to itself) and the half taken from the
file it comes from (dev: the dev part, or eval/seeds.jsonl for seed; test: the
test part). Follow-ups are left out: their standalone question comes from the
chat's rewriting, not from the file.

    .venv/bin/python bench/fusion_qa.py     # writes bench/cache/fusion/lists-qa-<kind>.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tqdm import tqdm  # noqa: E402

from assistant.evaluation.command import ingest  # noqa: E402
from assistant.evaluation.metrics import supports  # noqa: E402
from assistant.evaluation.questions import load_cases  # noqa: E402
from assistant.factory import make_embeddings, make_retriever, make_store  # noqa: E402
from assistant.settings import Settings  # noqa: E402

CACHE = ROOT / "bench" / "cache" / "fusion"
DEPTH = 100
KINDS = {
    "news": ("eval/corpora/news", {"dev": "eval/news.dev.jsonl", "test": "eval/news.test.jsonl"}),
    "wiki": ("eval/corpora/wiki", {"dev": "eval/wiki.dev.jsonl", "test": "eval/wiki.test.jsonl"}),
    "seed": ("seeds", {"dev": "eval/seeds.jsonl", "test": "eval/seed.test.jsonl"}),
}


def collect(kind: str) -> dict[str, Any]:
    """Both lists of every answerable one-turn question of ``kind`` (cached)."""
    out = CACHE / f"lists-qa-{kind}.json"
    if out.exists():
        cached: dict[str, Any] = json.loads(out.read_text("utf-8"))
        if cached["depth"] == DEPTH:
            return cached
    corpus, parts = KINDS[kind]
    folder = CACHE / f"qa-{kind}"
    settings = Settings(
        chroma_dir=folder / "chroma", cache_dir=folder / "cache", collection=f"qa-{kind}",
        top_k=DEPTH, fetch_k=DEPTH,
    )  # fmt: skip
    ingest(settings, [ROOT / corpus], quiet=False)
    embeddings = make_embeddings(settings)
    retriever = make_retriever(settings, make_store(settings, embeddings), embeddings)
    texts = {i: str(f["documents"]) for i, f in retriever.store.scan(include=("documents",))}
    index = retriever.lexical_index()
    records = []
    for half, path in parts.items():
        cases = [c for c in load_cases(ROOT / path) if not c.unanswerable and c.support]
        for case in tqdm([c for c in cases if len(c.turns) == 1], desc=f"{kind} {half}"):
            rels = {i: 1 for i, text in texts.items() if supports(text, case.support)}
            if not rels:
                continue  # the snippet spans two chunks: no chunk holds it whole
            found = retriever.store.query(embeddings.embed_query(case.question), DEPTH, None)
            records.append({
                "qid": case.id, "query": case.question, "half": half, "rels": rels,
                "dense": [(d[0], round(float(d[3]), 5)) for d in found],
                "bm25": [(i, round(s, 4)) for i, s in index.search(case.question, DEPTH)],
            })  # fmt: skip
    data = {"set": f"qa-{kind}", "depth": DEPTH, "docs": {i: i for i in texts}, "queries": records}
    out.write_text(json.dumps(data), "utf-8")
    return data


def main() -> None:
    for kind in KINDS:
        data = collect(kind)
        halves = [r["half"] for r in data["queries"]]
        print(f"qa-{kind}: {halves.count('dev')} dev, {halves.count('test')} test questions")


if __name__ == "__main__":
    main()
