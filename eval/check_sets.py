"""Checks the question sets in eval/ against the shared format (stdlib only).

    python eval/check_sets.py [FILE.jsonl ...]     (default: every eval/*.jsonl)

Per file: valid JSON, the fields of the format, ids unique across files, answers
and support empty exactly when a case is unanswerable, every support snippet an
exact substring of its article's text, at least one answer in the article
(a warning when none is in the support snippets). Across files: no article in both a dev
and a test file of the same kind. Prints counts per file, category and
answerable/unanswerable; exits 1 when anything is wrong.

Article texts: news from eval/corpora/news/articles.csv (column ``text``, written
by scripts/eval_corpora.py), wiki from eval/corpora/wiki/<article>.txt, seed from
seeds/<article>.txt; off-topic questions (eval/build_offtopic.py) have no article and must
all be unanswerable. A kind whose corpus is missing is checked without the
snippet test, with a message. eval/seeds.jsonl (the calibration set, written
before the shared format) has no kind or article: its snippets are looked up in
every seeds/*.txt and its older category names are accepted.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "eval"
NEWS_CSV = EVAL / "corpora" / "news" / "articles.csv"
WIKI_DIR = EVAL / "corpora" / "wiki"
SEED_DIR = ROOT / "seeds"

CATEGORIES = {
    "who", "what", "when", "where", "number", "quote", "caption", "two_sentence", "compound",
    "followup", "unanswerable",
}  # fmt: skip
LEGACY_CATEGORIES = {"fact", "date", "person", "organization"}
KINDS = {"news", "wiki", "seed", "offtopic"}  # offtopic: asked of every collection
SPLITS = {"dev", "test"}
FIELDS = {"id", "answers", "support", "unanswerable", "category", "kind", "article"}
LEGACY_FIELDS = {"id", "answers", "support", "unanswerable", "category"}
OPTIONAL = {"question", "turns"}


def normalise(text: str) -> str:
    """As assistant.language.normalize_answer (SQuAD-style, punctuation but ``$`` to spaces),
    copied so that this script needs only the standard library."""
    text = re.sub(r"[^\w\s$]", " ", text.lower().replace("\u2019", "'"))
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def news_texts() -> dict[str, str] | None:
    if not NEWS_CSV.exists():
        return None
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with NEWS_CSV.open(encoding="utf-8", newline="") as f:
        return {row["article_id"]: row["text"] for row in csv.DictReader(f)}


def folder_texts(folder: Path) -> dict[str, str] | None:
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    return {p.stem: p.read_text(encoding="utf-8") for p in files} or None


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.corpora: dict[str, dict[str, str] | None] = {}
        self.ids: dict[str, str] = {}
        self.split_articles: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def corpus(self, kind: str) -> dict[str, str] | None:
        if kind not in self.corpora:
            loaders: dict[str, Callable[[], dict[str, str] | None]] = {
                "news": news_texts,
                "wiki": lambda: folder_texts(WIKI_DIR),
                "seed": lambda: folder_texts(SEED_DIR),
            }
            self.corpora[kind] = loaders[kind]()
            if self.corpora[kind] is None:
                hint = " (run python scripts/eval_corpora.py)" if kind == "news" else ""
                print(f"note: no {kind} corpus found, support snippets of kind {kind} "
                      f"not checked{hint}")  # fmt: skip
        return self.corpora[kind]

    def check_case(self, where: str, case: object, legacy: bool) -> dict[str, object] | None:
        if not isinstance(case, dict):
            self.error(where, "not a JSON object")
            return None
        required = LEGACY_FIELDS if legacy else FIELDS
        missing = required - case.keys()
        extra = case.keys() - required - OPTIONAL - FIELDS
        if missing:
            self.error(where, f"missing fields: {', '.join(sorted(missing))}")
            return None
        if extra:
            self.error(where, f"unknown fields: {', '.join(sorted(extra))}")
        if ("question" in case) == ("turns" in case):
            self.error(where, "needs exactly one of question and turns")
        question = case.get("question")
        turns = case.get("turns")
        if "question" in case and not (isinstance(question, str) and question.strip()):
            self.error(where, "question must be a non-empty string")
        if "turns" in case and not (
            isinstance(turns, list) and len(turns) >= 2
            and all(isinstance(t, str) and t.strip() for t in turns)
        ):  # fmt: skip
            self.error(where, "turns must be a list of at least 2 non-empty strings")
        for key in ("answers", "support"):
            value = case[key]
            if not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
                self.error(where, f"{key} must be a list of non-empty strings")
                return None
        unanswerable = case["unanswerable"]
        if not isinstance(unanswerable, bool):
            self.error(where, "unanswerable must be true or false")
            return None
        category = case["category"]
        allowed = CATEGORIES | LEGACY_CATEGORIES if legacy else CATEGORIES
        if category not in allowed:
            self.error(where, f"unknown category {category!r}")
        if unanswerable and (case["answers"] or case["support"]):
            self.error(where, "an unanswerable case has answers or support")
        if not unanswerable and not (case["answers"] and case["support"]):
            self.error(where, "an answerable case needs answers and support")
        if category == "unanswerable" and not unanswerable:
            self.error(where, "category unanswerable on an answerable case")
        if unanswerable and category not in ("unanswerable", "followup"):
            self.error(where, "an unanswerable case has category unanswerable (or followup)")
        if "turns" in case and not unanswerable and category != "followup":
            self.error(where, "an answerable multi-turn case has category followup")
        if category == "followup" and "turns" not in case:
            self.error(where, "a followup case needs turns")
        if not legacy:
            if case["kind"] not in KINDS:
                self.error(where, f"unknown kind {case['kind']!r}")
                return None
            if not (isinstance(case["article"], str) and case["article"]):
                self.error(where, "article must be a non-empty string")
                return None
        return case

    def check_support(self, where: str, case: dict[str, object], legacy: bool) -> None:
        snippets = case["support"]
        assert isinstance(snippets, list)
        if legacy:
            texts = self.corpus("seed")
            if texts is None:
                return
            for s in snippets:
                if not any(s in t for t in texts.values()):
                    self.error(where, f"support not in any seed article: {s!r}")
            return
        kind, article = str(case["kind"]), str(case["article"])
        if kind == "offtopic":  # no article holds them: every case must be unanswerable
            if not case["unanswerable"]:
                self.error(where, "an off-topic case must be unanswerable")
            return
        texts = self.corpus(kind)
        if texts is None:
            return
        if article not in texts:
            self.error(where, f"article {article!r} not in the {kind} corpus")
            return
        for s in snippets:
            if s not in texts[article]:
                self.error(where, f"support not verbatim in article {article}: {s!r}")
        answers = case["answers"]
        assert isinstance(answers, list)
        text = f" {normalise(texts[article])} "
        if answers and not any(f" {normalise(a)} " in text for a in answers):
            self.error(where, f"no answer appears in article {article}: {answers!r}")
        cited = " ".join(normalise(s) for s in snippets)
        if answers and not any(f" {normalise(a)} " in f" {cited} " for a in answers):
            self.warnings.append(f"{where}: no answer appears in the support snippets")

    def check_file(self, path: Path) -> None:
        name = path.name
        parts = name.split(".")
        legacy = len(parts) != 3
        kind, split = (parts[0], parts[1]) if not legacy else ("", "")
        if not legacy and (kind not in KINDS or split not in SPLITS):
            self.error(name, "file name is not <kind>.<dev|test>.jsonl")
            legacy = True
        counts: Counter[str] = Counter()
        answerable = unanswerable = followups = 0
        articles: set[str] = set()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{name}:{n}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                self.error(where, f"invalid JSON ({exc.msg})")
                continue
            case = self.check_case(where, raw, legacy)
            if case is None:
                continue
            cid = str(case["id"])
            where = f"{name}:{n} ({cid})"
            if cid in self.ids:
                self.error(where, f"id also used in {self.ids[cid]}")
            self.ids[cid] = name
            if not legacy and case["kind"] != kind:
                self.error(where, f"kind {case['kind']!r} in a {kind} file")
            self.check_support(where, case, legacy)
            counts[str(case["category"])] += 1
            unanswerable += bool(case["unanswerable"])
            answerable += not case["unanswerable"]
            followups += "turns" in case
            if not legacy:
                articles.add(str(case["article"]))
        total = answerable + unanswerable
        share = unanswerable / total if total else 0.0
        label = "calibration set, older format" if legacy else f"{kind} {split}"
        print(f"{name} ({label}): {total} cases, {answerable} answerable, {unanswerable} "
              f"unanswerable ({share:.0%}), {followups} multi-turn"
              + (f", {len(articles)} articles" if not legacy else ""))  # fmt: skip
        print("  " + ", ".join(f"{c} {k}" for c, k in sorted(counts.items(), key=lambda x: -x[1])))
        if not legacy:
            if total and share < 0.25:
                self.error(name, f"only {share:.0%} unanswerable (at least 25% wanted)")
            for article in articles:
                self.split_articles[(kind, article)][split] = name

    def check_splits(self) -> None:
        for (kind, article), files in sorted(self.split_articles.items()):
            if len(files) > 1:
                self.error(kind, f"article {article} in both {files['dev']} and {files['test']}")


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(EVAL.glob("*.jsonl"))
    checker = Checker()
    for path in paths:
        checker.check_file(path)
    checker.check_splits()
    for message in checker.warnings:
        print(f"warning: {message}")
    for message in checker.errors:
        print(f"error: {message}")
    print(
        f"{len(paths)} files, {len(checker.ids)} cases, {len(checker.errors)} errors, "
        f"{len(checker.warnings)} warnings"
    )
    return 1 if checker.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
