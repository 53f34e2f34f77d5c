"""Build the Wikipedia evaluation collection from ClapNQ (train split, Apache-2.0).

Reads ``../shared/data/clapnq-train/question_train_answerable.tsv`` (relative to
the repository root, or the folder given with ``--source``) and writes one plain
text article per ClapNQ document to ``eval/corpora/wiki/<doc-id>.txt``: the
grounded long answer (the longest of its ``::`` alternatives, over all the
questions on that document), detokenised into natural text. It also writes
``eval/wiki_split.json``: the documents split into dev and test halves.

The selection is deterministic (a fixed random seed), so running the script
again rewrites the same files. Usage::

    python3 eval/build_wiki.py [--source DIR] [--n 300]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "clapnq-train"
OUT_DIR = ROOT / "eval" / "corpora" / "wiki"
SPLIT_FILE = ROOT / "eval" / "wiki_split.json"
SEED = 10
MIN_CHARS = 200
MAX_CHARS = 1600

_RULES: list[tuple[str, str]] = [
    (r"``\s*", '"'),  # opening double quote
    (r"\s*''", '"'),  # closing double quote
    (r"(?<=\d) -- (?=\d)", "–"),  # 1775 -- 1783 -> 1775–1783
    (r"\b([A-Z][a-z]+) -- (?=[A-Z])", r"\1–"),  # Bose -- Einstein -> Bose–Einstein
    (r"(?<=\d) -- (?=present\b)", "–"),
    (r" -- (?=based\b)", "-"),  # San Francisco -- based -> San Francisco-based
    (r" -- ", " – "),
    (r"(?<=\w) - (?=\w)", "-"),  # first - class -> first-class
    (r" (n't|'s|'re|'ve|'ll|'d|'m|'S)\b", r"\1"),
    (r"(?<=s) ' (?=\w)", "' "),  # Stills ' fellow -> Stills' fellow
    (r"(?<![\w'])' ([^'\n]+?) '(?!\w)", r"'\1'"),  # ' Black Hole Sun ' -> 'Black Hole Sun'
    (r"(^|(?<=[\s(]))' (?=\w)", "'"),  # opening single quote
    (r"(?<=[\w.,!?]) '(?=[\s,.;:!?)]|$)", "'"),  # closing single quote
    (r" ([,.;:?!%)\]])", r"\1"),
    (r"([(\[$]) ", r"\1"),
    (r"[ \t]{2,}", " "),
]


def detokenise(text: str) -> str:
    """Turn ClapNQ's tokenised spacing into natural text."""
    lines = []
    for line in text.replace("\r", "").split("\n"):
        line = line.strip()
        for pattern, repl in _RULES:
            line = re.sub(pattern, repl, line)
        # a straight quote left with a space inside: `" word` / `word "`
        line = re.sub(r'(^|[\s(])" (?=\w)', r'\1"', line)
        line = re.sub(r'(?<=[\w.,!?]) "(?=[\s,.;:)]|$)', '"', line)
        if line:
            lines.append(line)
    return "\n".join(lines) + "\n"


def load_documents(source: Path) -> dict[str, str]:
    """Doc id -> the longest grounded answer text seen for that document."""
    csv.field_size_limit(sys.maxsize)
    docs: dict[str, str] = {}
    with open(source / "question_train_answerable.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            doc_id = row["doc-id-list"].strip()
            for alt in row["answers"].split("::"):
                alt = alt.strip()
                if len(alt) > len(docs.get(doc_id, "")):
                    docs[doc_id] = alt
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--n", type=int, default=300, help="documents in the collection")
    args = parser.parse_args()

    docs = load_documents(args.source)
    eligible = sorted(d for d, t in docs.items() if MIN_CHARS <= len(t) <= MAX_CHARS)
    chosen = random.Random(SEED).sample(eligible, args.n)
    # Split by Wikipedia page (the part of the doc id before "_"), so that two
    # passages of one page never land on both sides.
    pages: dict[str, list[str]] = {}
    for doc_id in chosen:
        pages.setdefault(doc_id.split("_")[0], []).append(doc_id)
    dev: list[str] = []
    test: list[str] = []
    for page in sorted(pages):
        side = dev if (len(dev) <= len(test)) == (random.Random(page).random() < 0.5) else test
        if abs(len(dev) - len(test)) > 4:
            side = dev if len(dev) < len(test) else test
        side.extend(pages[page])
    split = {"dev": sorted(dev), "test": sorted(test)}
    half = len(dev)

    if OUT_DIR.exists():
        for old in OUT_DIR.glob("*.txt"):
            old.unlink()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for doc_id in chosen:
        (OUT_DIR / f"{doc_id}.txt").write_text(detokenise(docs[doc_id]), encoding="utf-8")
    shutil.copyfile(args.source / "LICENSE", OUT_DIR / "LICENSE")
    SPLIT_FILE.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(chosen)} documents to {OUT_DIR} ({half} dev, {len(chosen) - half} test)")


if __name__ == "__main__":
    main()
