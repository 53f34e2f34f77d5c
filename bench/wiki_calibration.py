"""A calibration part for the refusal model: ClapNQ questions on pages no eval set uses.

The wiki dev part has 78 answerable questions: too few to hold a false-refusal rate of
0.05 to (three cases either way move it by 0.04), and the threshold fitted on it refused
0.12 of the wiki test part's answerable questions. This part adds 300 more ClapNQ passages
(train split, Apache-2.0) from Wikipedia pages that neither eval/wiki.dev.jsonl nor
eval/wiki.test.jsonl uses, and the ClapNQ questions asked of them: each is answerable
from its passage. It is development data, for fitting only; it is built from
``../shared/data/clapnq-train`` under bench/cache/fit/wiki-cal-src/ (not committed), the
same files every time (a fixed seed).

    python bench/wiki_calibration.py      # build it; bench/fit_refusal.py does so itself
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

from build_wiki import DEFAULT_SOURCE, MAX_CHARS, MIN_CHARS, detokenise, load_documents  # noqa: E402

OUT = ROOT / "bench" / "cache" / "fit" / "wiki-cal-src"
QUESTIONS = OUT / "questions.jsonl"
CORPUS = OUT / "corpus"
SPLIT_FILE = ROOT / "eval" / "wiki_split.json"
SEED = 11  # build_wiki.py picks the eval passages with 10
PASSAGES = 300


def page(doc_id: str) -> str:
    """The Wikipedia page a ClapNQ passage comes from (its id before "_")."""
    return doc_id.split("_")[0]


def build(source: Path = DEFAULT_SOURCE) -> Path | None:
    """Writes the passages and questions (once); their question file, or None without the
    ClapNQ source."""
    if QUESTIONS.exists():
        return QUESTIONS
    if not (source / "question_train_answerable.tsv").exists():
        return None
    docs = load_documents(source)
    split = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    used = {page(d) for d in split["dev"] + split["test"]}
    eligible = sorted(
        d for d, t in docs.items() if MIN_CHARS <= len(t) <= MAX_CHARS and page(d) not in used
    )
    chosen = set(random.Random(SEED).sample(eligible, PASSAGES))
    CORPUS.mkdir(parents=True, exist_ok=True)
    for doc_id in chosen:
        (CORPUS / f"{doc_id}.txt").write_text(detokenise(docs[doc_id]), encoding="utf-8")
    csv.field_size_limit(sys.maxsize)
    cases = []
    with open(source / "question_train_answerable.tsv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            doc_id = row["doc-id-list"].strip()
            if doc_id in chosen:
                cases.append(
                    {
                        "id": f"wiki-cal-{row['id']}",
                        "question": row["question"],
                        "answers": [row["answers"].split("::")[0]],  # the long answer
                        "unanswerable": False,
                        "article": doc_id,
                    }
                )
    QUESTIONS.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return QUESTIONS


if __name__ == "__main__":
    built = build()
    if built is None:
        sys.exit(f"wiki_calibration: no ClapNQ source at {DEFAULT_SOURCE}")
    n = len(built.read_text(encoding="utf-8").splitlines())
    print(f"wrote {n} questions on {PASSAGES} passages to {OUT.relative_to(ROOT)}")
