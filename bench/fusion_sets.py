"""Two BEIR-format retrieval sets for the fusion work, built from data already at hand.

- ``news-titles``: known-item search in the news corpus (bench/news_corpus.py).
  The query is an article's title (its subtitle when it has no title), the one
  relevant document is that article, and the corpus holds the articles' texts
  *without* their titles, so a title is not matched to itself word for word.
  Articles with no text, a repeated text or a repeated title are left out; the
  first ``--articles`` that remain are used.
- ``clapnq``: question-to-passage search in ClapNQ's answerable train questions
  (../shared/data/clapnq-train). The corpus is the grounded answer texts, one
  document per doc id (the first answer given for it); the queries are the
  questions; the relevant document is the question's own.

Each folder gets ``corpus.jsonl``, ``queries.jsonl``, ``qrels.tsv`` under
bench/cache/beir/ (never committed). :func:`split` halves any set's queries into
``dev``/``test`` by a hash of the query id, the same on every machine.

    .venv/bin/python bench/fusion_sets.py [--articles 2000]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from news_corpus import CACHE, news_csv, rows  # noqa: E402

BEIR_CACHE = CACHE / "beir"
CLAPNQ = ROOT.parent / "shared" / "data" / "clapnq-train" / "question_train_answerable.tsv"


def split(query_id: str) -> str:
    """``dev`` or ``test``: half the queries each, decided by the id's SHA-1 alone."""
    return "dev" if hashlib.sha1(query_id.encode()).digest()[0] % 2 == 0 else "test"


def _write(folder: Path, corpus: list[dict[str, str]], queries: dict[str, str],
           qrels: dict[str, str]) -> Path:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for doc in corpus:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as f:
        for qid, text in queries.items():
            f.write(json.dumps({"_id": qid, "text": text}, ensure_ascii=False) + "\n")
    with (folder / "qrels.tsv").open("w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for qid, doc_id in qrels.items():
            f.write(f"{qid}\t{doc_id}\t1\n")
    return folder


def news_titles(articles: int, out: Path = BEIR_CACHE / "news-titles") -> Path:
    """The title-to-article known-item set over the first ``articles`` usable articles."""
    seen_text: set[str] = set()
    seen_title: set[str] = set()
    corpus: list[dict[str, str]] = []
    queries: dict[str, str] = {}
    qrels: dict[str, str] = {}
    for row in rows(news_csv()):
        text = (row.get("text") or "").strip()
        title = " ".join((row.get("title") or row.get("subtitle") or "").split())
        key = title.lower()
        if not text or len(title) < 10 or text in seen_text or key in seen_title:
            continue
        seen_text.add(text)
        seen_title.add(key)
        doc_id = f"n{row['article_id']}"
        corpus.append({"_id": doc_id, "text": text})  # no "title": it is the query
        queries[f"q{row['article_id']}"] = title
        qrels[f"q{row['article_id']}"] = doc_id
        if len(corpus) >= articles:
            break
    return _write(out, corpus, queries, qrels)


def clapnq(out: Path = BEIR_CACHE / "clapnq") -> Path:
    """The question-to-passage set from ClapNQ's answerable train questions."""
    corpus: dict[str, str] = {}
    queries: dict[str, str] = {}
    qrels: dict[str, str] = {}
    with CLAPNQ.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            doc_id = (row["doc-id-list"] or "").split(",")[0].strip()
            answer = (row["answers"] or "").split("::")[0].strip()
            question = (row["question"] or "").strip()
            if not doc_id or not answer or not question:
                continue
            corpus.setdefault(doc_id, answer)
            queries[row["id"]] = question
            qrels[row["id"]] = doc_id
    docs = [{"_id": d, "text": t} for d, t in corpus.items()]
    return _write(out, docs, queries, qrels)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args(argv)
    for folder in (news_titles(args.articles), clapnq()):
        lines = (folder / "queries.jsonl").read_text("utf-8").splitlines()
        halves = [split(json.loads(line)["_id"]) for line in lines]
        print(f"{folder}: {len(lines)} queries, dev {halves.count('dev')}, "
              f"test {halves.count('test')}")  # fmt: skip


if __name__ == "__main__":
    main()
