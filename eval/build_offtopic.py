"""Build the off-topic question sets from ClapNQ's unanswerable questions (Apache-2.0).

The news, wiki and seed sets ask unanswerable questions on the topic of their collection
("Who will replace Joanna Rowsell Shand?" of an article on her retirement). A reader also
asks questions the collection has nothing on at all ("who discovered penicillin" of a news
collection); the right answer is a refusal there too. ClapNQ's 1,791 unanswerable train
questions (general Wikipedia questions, see ../shared/data/clapnq-train/README.md) are such
questions for every collection of this project: they are asked of the news articles, the
Wikipedia passages and the seed article alike (bench/eval_sets.py, scripts/eval_gate.sh).

The questions are split in halves by the SHA-1 of their ClapNQ id; the first 200 of each
half (in file order) become ``eval/offtopic.dev.jsonl`` (fitted on by bench/fit_refusal.py)
and ``eval/offtopic.test.jsonl`` (never tuned on). The test part also gets the 40 questions
of ``eval/offtopic_written.txt``, written in the style of the news questions (names, dates,
numbers), so that it shows whether what was fitted on ClapNQ's lowercase Wikipedia questions
carries to another style. Deterministic: running it again rewrites the same files.

    python3 eval/build_offtopic.py [--source DIR] [--n 200]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "clapnq-train"
OUT = ROOT / "eval"
WRITTEN = OUT / "offtopic_written.txt"


def split_of(question_id: str) -> str:
    """``dev`` or ``test``: the half a ClapNQ question falls in, by the SHA-1 of its id."""
    return "dev" if int(hashlib.sha1(question_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def build(source: Path, n: int) -> dict[str, list[dict[str, object]]]:
    """The off-topic cases of each half, ``n`` each (and the written ones in the test half)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open(source / "question_train_unanswerable.tsv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    halves: dict[str, list[dict[str, object]]] = {"dev": [], "test": []}
    for row in rows:
        split = split_of(row["id"])
        question = row["question"].strip()
        if len(halves[split]) < n and question:
            halves[split].append(
                case(f"offtopic-{split}-{row['id']}", question, f"clapnq-{row['id']}")
            )
    written = [q.strip() for q in WRITTEN.read_text(encoding="utf-8").splitlines()]
    for n_written, question in enumerate((q for q in written if q and not q.startswith("#")), 1):
        halves["test"].append(
            case(f"offtopic-written-{n_written:03d}", question, f"written-{n_written:03d}")
        )
    return halves


def case(case_id: str, question: str, article: str) -> dict[str, object]:
    """An off-topic case: unanswerable, so no answers and no support."""
    return {
        "id": case_id,
        "question": question,
        "answers": [],
        "support": [],
        "unanswerable": True,
        "category": "unanswerable",
        "kind": "offtopic",
        "article": article,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--n", type=int, default=200, help="questions per half (default 200)")
    args = parser.parse_args()
    if not (args.source / "question_train_unanswerable.tsv").exists():
        print(f"error: no question_train_unanswerable.tsv in {args.source}: pass --source",
              file=sys.stderr)  # fmt: skip
        return 1
    for split, cases in build(args.source, args.n).items():
        path = OUT / f"offtopic.{split}.jsonl"
        path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}: {len(cases)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
