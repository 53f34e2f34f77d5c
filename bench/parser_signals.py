"""Would a reader's tools help the answer stage? spaCy's dependency parser, and a stronger
sentence scorer (all-mpnet-base-v2), measured on development data only.

The answerer picks its evidence sentence by word overlap and embedding similarity, and decides
whether to answer from thirteen signals (assistant/refusal.py). Neither reads syntax. This
script asks whether the parse of en_core_web_sm (the model Dossier already ships for entities,
with its parser, which the answerer leaves out) adds what the rules miss:

- ``ranker``: when the answer sentence is wrong, is the right one picked by a logistic ranker
  over the scorer's own signals, with and without three parse signals? Fitted on the other
  articles (5 folds grouped by article), as bench/sentence_scorer.py --ranker does.
- ``refusal``: how well the thirteen signals, with and without the parse signals of the
  evidence sentence, tell answerable from unanswerable questions (ROC AUC of a logistic
  regression, cross-validated by article).

The parse signals: the share of the question's dependency pairs (a content word and the
content word it hangs on, through prepositions and auxiliaries, as lemmas) that the sentence
holds too; the same, best of the first three sentences; and whether the sentence holds the
lemma of the question's main verb.

With ``--mpnet DIR`` (the unpacked all-mpnet-base-v2 folder; see bench/sentence_scorer.py) it
also forces an answer to every answerable case with each sentence scorer, and times the
answer stage on the same evidence.

Cases: the dev parts (eval/*.dev.jsonl, eval/seeds.jsonl, the wiki calibration part) and the
extra development set's batches (bench/news_extra.py). Test parts are never read.

    python bench/parser_signals.py [--mpnet DIR]

Writes bench/results/parser_signals.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fit_refusal  # noqa: E402
import news_extra  # noqa: E402
import numpy as np  # noqa: E402
import wiki_calibration  # noqa: E402
from sentence_scorer import recorded  # noqa: E402
from tqdm import tqdm  # noqa: E402

from assistant.entities import MODEL_PACKAGE  # noqa: E402
from assistant.evaluation.metrics import contains_answer  # noqa: E402
from assistant.extractive import ExtractiveAnswerer  # noqa: E402
from assistant.language import content_terms, words  # noqa: E402
from vectorstore.embeddings import SentenceTransformerEmbeddings  # noqa: E402

CACHE = ROOT / "bench" / "cache" / "parser"
RESULTS = ROOT / "bench" / "results" / "parser_signals.json"
CONTENT = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
WH = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how"}
LIGHT = {"be", "do", "have", "say", "tell", "make", "get"}  # verbs too common to tell anything


def record() -> list[dict]:
    """Every dev and extra case's evidence: the standalone question and its passages."""
    rows: list[dict] = []

    def run(name: str, kind: str, path: Path, corpus: list[Path]) -> None:
        bot = fit_refusal.assistant_for(name, corpus)
        cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for case in tqdm(cases, desc=name, file=sys.stderr):
            turns = case.get("turns") or [case["question"]]
            question = bot.condenser(turns[-1], fit_refusal.earlier_turns(bot, turns))
            docs = bot.retriever.invoke(question, k=bot.top_k)
            rows.append(
                {
                    "id": case["id"],
                    "set": name,
                    "kind": kind,
                    "article": f"{name}/{case.get('article', case['id'])}",
                    "question": question,
                    "gold": case["answers"],
                    "unanswerable": case["unanswerable"],
                    "docs": docs,
                }
            )

    wiki_calibration.build()
    for name, (path, corpus) in fit_refusal.DEV_SETS.items():
        run(name, fit_refusal.KIND_OF.get(name, name), path, corpus)
    fit_refusal.CACHE = ROOT / "bench" / "cache" / "fitx"  # the extra batches' own stores
    for name in news_extra.SETS:
        kind = "seed" if name == "seed" else "news"
        run(f"x{name}", kind, news_extra.SET / f"{name}.jsonl", [news_extra.corpus(name)])
    return rows


class Parses:
    """spaCy's parse of each text, once."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.load(MODEL_PACKAGE, exclude=["ner"])
        self.done: dict[str, object] = {}

    def __call__(self, text: str):  # type: ignore[no-untyped-def]
        if text not in self.done:
            self.done[text] = self.nlp(text)
        return self.done[text]


def _lemma(token) -> str:  # type: ignore[no-untyped-def]
    return str(token.lemma_).lower()


def pairs(doc) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    """Content words with the content word each hangs on (through prepositions, auxiliaries
    and stop words, up to three steps), as lemma pairs."""
    out = set()
    for token in doc:
        if token.pos_ not in CONTENT or token.is_stop or _lemma(token) in WH:
            continue
        head = token.head
        for _ in range(3):  # spaCy's tokens are views: compare positions, never identity
            if head.head.i == head.i or not (head.pos_ in ("ADP", "AUX", "PART") or head.is_stop):
                break
            head = head.head
        if head.i == token.i or head.pos_ not in CONTENT or head.is_stop or _lemma(head) in WH:
            continue
        out.add(frozenset((_lemma(token), _lemma(head))))
    return out


def main_verb(doc) -> str | None:  # type: ignore[no-untyped-def]
    """The lemma of the question's main verb, or of the clause its root governs."""
    for token in doc:
        if token.dep_ != "ROOT":
            continue
        if token.pos_ == "VERB" and _lemma(token) not in LIGHT:
            return _lemma(token)
        for child in token.children:
            clause = child.dep_ in ("xcomp", "ccomp", "acl", "relcl")
            if child.pos_ == "VERB" and clause and _lemma(child) not in LIGHT:
                return _lemma(child)
    return None


def parse_signals(parse: Parses, question: str, sentences: list[str]) -> list[list[float]]:
    """Per sentence: pair share, best pair share of the first three, main verb held."""
    asked = parse(question)
    wanted, verb = pairs(asked), main_verb(asked)
    shares = [len(wanted & pairs(parse(s))) / len(wanted) if wanted else 0.0 for s in sentences]
    best3 = max(shares[:3], default=0.0)
    held = [
        (1.0 if verb in {_lemma(t) for t in parse(s)} else 0.0) if verb else 0.5 for s in sentences
    ]
    return [[share, best3, h] for share, h in zip(shares, held, strict=True)]


def ordered(answerer: ExtractiveAnswerer, row: dict):  # type: ignore[no-untyped-def]
    found = answerer.analyse(row["question"], row["docs"])
    typed = list(found.typed)
    return found, typed + [s for s in found.ranked if s not in typed]


def ranker(rows: list[dict], answerer: ExtractiveAnswerer, parse: Parses, pool: int = 8) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    cases = []
    for row in tqdm(rows, desc="ranker", file=sys.stderr):
        if row["unanswerable"] or row["set"] == "wiki-cal":  # its gold is a long passage
            continue
        _, order = ordered(answerer, row)
        if not order:
            continue
        order = order[:pool]
        right = [contains_answer(s.text, row["gold"]) for s in order]
        asked = set(content_terms(row["question"]))
        top = order[0].score
        own = [
            [s.score, s.dense, s.coverage, top - s.score, i, s.rank, s.position,
             min(len(words(s.text)), 60) / 60, len(s.terms & asked) / max(1, len(asked))]
            for i, s in enumerate(order)
        ]  # fmt: skip
        parsed = parse_signals(parse, row["question"], [s.text for s in order])
        cases.append((row, own, parsed, right))
    out: dict = {}
    for name, use in (("own_signals", False), ("with_parse", True)):
        first, fitted = defaultdict(list), defaultdict(list)
        groups = [c[0]["article"] for c in cases]
        for train, test in GroupKFold(5).split(cases, groups=groups):

            def x(c: tuple, use: bool = use) -> list[list[float]]:
                return [a + b for a, b in zip(c[1], c[2], strict=True)] if use else c[1]

            xs = np.array([f for i in train for f in x(cases[i])])
            ys = np.array([r for i in train for r in cases[i][3]])
            fit = LogisticRegression(C=1.0, max_iter=5000).fit(xs, ys)
            for i in test:
                row, _, _, right = cases[i]
                best = int(np.argmax(fit.predict_proba(np.array(x(cases[i])))[:, 1]))
                key = _group(row)
                first[key].append(right[0])
                fitted[key].append(right[best])
        out["answerer_order"] = {k: _share(v) for k, v in sorted(first.items())}
        out[name] = {k: _share(v) for k, v in sorted(fitted.items())}
    out["cases"] = {k: len(v) for k, v in sorted(first.items())}
    return out


def refusal(rows: list[dict], answerer: ExtractiveAnswerer, parse: Parses) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    data = []
    for row in tqdm(rows, desc="refusal", file=sys.stderr):
        found, order = ordered(answerer, row)
        if not found.features or not order:
            continue  # refused by the hard rules before any model
        own = [found.features[k] for k in sorted(found.features)]
        parsed = parse_signals(parse, row["question"], [s.text for s in order[:3]])[0]
        data.append((row, own, parsed))
    out: dict = {}
    for kind in ("news", "wiki", "seed"):
        part = [d for d in data if d[0]["kind"] == kind]
        y = np.array([0 if d[0]["unanswerable"] else 1 for d in part])
        # the seed cases are one article: folds by case
        groups = [d[0]["article"] if kind != "seed" else str(i % 5) for i, d in enumerate(part)]
        scores = {}
        for name, use in (("own_signals", False), ("with_parse", True)):
            x = np.array([d[1] + (d[2] if use else []) for d in part])
            p = np.zeros(len(part))
            for train, test in GroupKFold(5).split(x, y, groups):
                fit = LogisticRegression(C=1.0, max_iter=5000).fit(x[train], y[train])
                p[test] = fit.predict_proba(x[test])[:, 1]
            scores[name] = round(float(roc_auc_score(y, p)), 3)
        for j, name in enumerate(("pair_share", "pair_share_best3", "main_verb_held")):
            scores[f"{name}_alone"] = round(float(roc_auc_score(y, [d[2][j] for d in part])), 3)
        scores["cases"], scores["unanswerable"] = len(part), int((y == 0).sum())
        out[kind] = scores
    return out


def scorers(rows: list[dict], mpnet: Path, cache: Path) -> dict:
    models = {
        "all-MiniLM-L6-v2": SentenceTransformerEmbeddings(cache_dir=cache),
        "all-mpnet-base-v2": SentenceTransformerEmbeddings(str(mpnet), cache_dir=cache),
    }
    asked = [r for r in rows if not r["unanswerable"] and r["set"] != "wiki-cal"]
    out = {}
    for name, model in models.items():
        answerer = ExtractiveAnswerer(model, min_score=0.0)
        right, took = defaultdict(list), []
        for row in tqdm(asked, desc=name, file=sys.stderr):
            start = time.perf_counter()
            answer = answerer.answer(row["question"], row["docs"])
            took.append((time.perf_counter() - start) * 1000)
            right[_group(row)].append(contains_answer(answer.answer, row["gold"]))
        everything = [ok for oks in right.values() for ok in oks]
        out[name] = {
            "forced_right": {k: _share(v) for k, v in sorted(right.items())},
            "forced_right_all": _share(everything),
            "answer_ms_p50": round(statistics.median(took), 1),
        }
    return out


def _group(row: dict) -> str:
    return row["set"] if row["set"].startswith("x") else f"{row['kind']} dev"


def _share(values: list[bool]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mpnet", type=Path, help="the unpacked all-mpnet-base-v2 folder")
    args = parser.parse_args()
    rows = recorded(CACHE / "evidence.pkl", record)
    onnx = CACHE / "onnx"
    answerer = ExtractiveAnswerer(SentenceTransformerEmbeddings(cache_dir=onnx))
    parse = Parses()
    out = {"ranker": ranker(rows, answerer, parse), "refusal": refusal(rows, answerer, parse)}
    print(json.dumps(out, indent=1), flush=True)
    if args.mpnet:
        out["scorers"] = scorers(rows, args.mpnet, onnx)
        print(json.dumps(out["scorers"], indent=1))
    RESULTS.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
