"""Fits the extractive answerer's refusal model on the development question sets only.

For every case of the dev sets (eval/*.dev.jsonl, and eval/seeds.jsonl, the old
calibration set), the collection of its kind is ingested (kept under
bench/cache/fit/, so a rerun embeds nothing), earlier turns are asked as in the
chat, and for the last turn the answerer's signals (assistant/refusal.py) are
recorded with whether the question is answerable and whether the forced answer
is right. A logistic regression (scikit-learn) of answerable-or-not on those
signals is fitted, and the threshold is the highest that keeps false refusals at
or under --target-frr (0.05) on every kind of text of the dev sets (with 0: the
one that maximises the worst kind's refusals minus false refusals, Youden's J,
which picked 0.5 and 0.21-0.38 false refusals: rejected).

The caution band (answers under it come with a notice that the evidence matches only
loosely) is the highest probability under which at most CAUTION_RATE (0.10) of the answered
answerable dev cases fall, on every kind of text.

    python bench/fit_refusal.py [--target-frr 0.05] [--reuse] [--write] [--cv]

--cv also reports how well the signals can separate answerable from unanswerable at all: the
ROC AUC per kind of text of a logistic regression and of gradient boosting, each predicting
every dev case from a model fitted on the other articles (5 folds grouped by article).

--transfer checks that the threshold holds on questions it was not fitted on: the model is
fitted on the dev sets and one half of the wiki calibration part (split by Wikipedia page),
and its false refusals are counted on the other half (bench/results/refusal_transfer.json).

Besides the dev sets, the fit reads the wiki calibration part (bench/wiki_calibration.py:
319 ClapNQ questions on 300 passages of pages no eval set uses), counted as wiki text: 78
answerable wiki dev questions alone could not hold false refusals to 0.05.

The off-topic model: the questions of eval/offtopic.dev.jsonl (ClapNQ questions the
collections have nothing on, eval/build_offtopic.py) are asked of the news, wiki and seed
collections alike, and a second logistic regression over the same signals tells the
answerable dev questions from them. Its threshold is the highest that refuses at most
OFF_TOPIC_FRR (0.01) of the answerable dev cases on every kind of text. The first model is
fitted without the off-topic questions, so it is what it was without them.

--write stores the model in assistant/refusal_model.json. Test sets are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import wiki_calibration  # noqa: E402  # bench/wiki_calibration.py, beside this script
from tqdm import tqdm  # noqa: E402

from assistant.compound import split_compound  # noqa: E402
from assistant.evaluation.metrics import contains_answer  # noqa: E402
from assistant.extractive import DEFAULT_TYPING, TYPINGS, ExtractiveAnswerer  # noqa: E402
from assistant.factory import (  # noqa: E402  # noqa: E402
    make_assistant,
    make_embeddings,
    make_ingestor,
    make_retriever,
    make_store,
)
from assistant.refusal import FEATURES, MODEL_FILE, RefusalModel  # noqa: E402
from assistant.settings import Settings  # noqa: E402

CACHE = ROOT / "bench" / "cache" / "fit"
RESULTS = ROOT / "bench" / "results"
# Each dev set and the collection it is asked against.
DEV_SETS = {
    "seed": (ROOT / "eval" / "seeds.jsonl", [ROOT / "seeds"]),
    "wiki": (ROOT / "eval" / "wiki.dev.jsonl", [ROOT / "eval" / "corpora" / "wiki"]),
    "news": (ROOT / "eval" / "news.dev.jsonl", [ROOT / "eval" / "corpora" / "news"]),
    "wiki-cal": (wiki_calibration.QUESTIONS, [wiki_calibration.CORPUS]),
}
KIND_OF = {"wiki-cal": "wiki"}
# Questions no collection holds, asked of each of these collections.
OFF_TOPIC = ROOT / "eval" / "offtopic.dev.jsonl"
OFF_TOPIC_KINDS = ("seed", "wiki", "news")
OFF_TOPIC_FRR = 0.01  # the off-topic model refuses at most this share of answerable dev cases
# At most this share of the answered answerable dev cases, on every kind of text, comes with
# the notice that the evidence matches only loosely (RefusalModel.caution).
CAUTION_RATE = 0.10  # the calibration part is wiki text: its rows count as wiki


def assistant_for(kind: str, paths: list[Path]):  # type: ignore[no-untyped-def]
    settings = Settings(
        chroma_dir=CACHE / kind / "chroma", cache_dir=CACHE / kind / "cache", collection=kind
    )
    make_ingestor(settings).ingest(paths)
    embeddings = make_embeddings(settings)
    store = make_store(settings, embeddings)
    return make_assistant(settings, embeddings, make_retriever(settings, store, embeddings))


def earlier_turns(bot, turns: list[str]) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """The conversation before the last turn, asked as in the chat."""
    history: list[dict[str, str]] = []
    for turn in turns[:-1]:
        earlier = bot.ask(turn, history=history)
        history += [
            {"role": "user", "content": turn},
            {"role": "assistant", "content": earlier.answer},
        ]
    return history


def collect(kind: str, path: Path, corpus: list[Path]) -> list[dict]:
    bot = assistant_for(kind, corpus)
    answerer = bot.answerer
    assert isinstance(answerer, ExtractiveAnswerer)
    answerer.min_score = 0.0  # always answer when there is evidence: we record the signals
    rows = []
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for case in tqdm(cases, desc=kind, file=sys.stderr):
        turns = case.get("turns") or [case["question"]]
        history = earlier_turns(bot, turns)
        answer = bot.ask(turns[-1], history=history)
        standalone = answer.standalone_question
        docs = bot.retriever.invoke(standalone, k=bot.top_k)
        found = answerer.analyse(split_compound(standalone)[0], docs)
        # The same evidence answered with each way of typing answers (spaCy, rules, both), at
        # the shipped model's threshold: which typing wins on the dev sets.
        typings = {}
        for typing in TYPINGS:
            answerer.typing, answerer.min_score = typing, answerer.model.threshold
            tried = answerer.answer(standalone, docs)
            typings[typing] = {
                "refused": tried.refused,
                "correct": (not tried.refused) and contains_answer(tried.answer, case["answers"]),
            }
        answerer.typing, answerer.min_score = DEFAULT_TYPING, 0.0
        rows.append(
            {
                "id": case["id"],
                "kind": KIND_OF.get(kind, kind),
                "article": case.get("article", kind),
                "unanswerable": case["unanswerable"],
                "forced_correct": (not answer.refused)
                and contains_answer(answer.answer, case["answers"]),
                "features": found.features,
                "hard_refusal": not found.features or found.missing_all or not found.typed,
                "typings": typings,
            }
        )
    return rows


def collect_off_topic(kind: str, corpus: list[Path]) -> list[dict]:
    """The signals of the off-topic dev questions asked of the ``kind`` collection."""
    bot = assistant_for(kind, corpus)
    answerer = bot.answerer
    assert isinstance(answerer, ExtractiveAnswerer)
    answerer.min_score = 0.0
    rows = []
    cases = [json.loads(line) for line in OFF_TOPIC.read_text(encoding="utf-8").splitlines()]
    for case in tqdm(cases, desc=f"{kind} off-topic", file=sys.stderr):
        docs = bot.retriever.invoke(case["question"], k=bot.top_k)
        found = answerer.analyse(split_compound(case["question"])[0], docs)
        rows.append(
            {
                "id": f"{kind}:{case['id']}",
                "kind": kind,
                "article": case["article"],
                "unanswerable": True,
                "off_topic": True,
                "forced_correct": False,
                "features": found.features,
                "hard_refusal": not found.features or found.missing_all or not found.typed,
            }
        )
    return rows


def fit_off_topic(rows: list[dict], first: RefusalModel) -> tuple[RefusalModel, dict]:
    """The off-topic model: answerable dev cases against the off-topic questions."""
    answerable = [r for r in rows if not r["unanswerable"] and not r.get("off_topic")]
    off = [r for r in rows if r.get("off_topic")]
    usable = [r for r in answerable + off if r["features"] and not refused_by_rules(r)]
    base = logistic(usable, [0 if r.get("off_topic") else 1 for r in usable])
    kinds = sorted({r["kind"] for r in answerable})

    def refused(r: dict, threshold: float) -> bool:
        return not refused_by_rules(r) and base.probability(r["features"]) < threshold

    best = 0.0
    for threshold in np.linspace(0.01, 0.99, 99):
        shares = [
            sum(refused(r, threshold) for r in answerable if r["kind"] == k)
            / max(1, sum(r["kind"] == k for r in answerable))
            for k in kinds
        ]
        if max(shares) <= OFF_TOPIC_FRR:
            best = float(threshold)
    fitted = RefusalModel(base.weights, base.bias, base.mean, base.scale, round(best, 2))

    def either(r: dict) -> bool:  # what the answerer does: the rules, then both models
        return (
            refused_by_rules(r)
            or first.probability(r["features"]) < first.threshold
            or fitted.probability(r["features"]) < fitted.threshold
        )

    report = {
        k: {
            "refusals_of_off_topic": round(
                sum(either(r) for r in off if r["kind"] == k)
                / max(1, sum(r["kind"] == k for r in off)),
                3,
            ),
            "false_refusals_with_it": round(
                sum(either(r) for r in answerable if r["kind"] == k)
                / max(1, sum(r["kind"] == k for r in answerable)),
                3,
            ),
        }
        for k in kinds
    }
    return fitted, report


def compare_typings(rows: list[dict]) -> dict:
    """Right answers, refusals and false refusals per kind of text for each typing."""
    out: dict = {}
    for kind in sorted({r["kind"] for r in rows}):
        mine = [r for r in rows if r["kind"] == kind and r.get("typings")]
        answerable = [r for r in mine if not r["unanswerable"]]
        unanswerable = [r for r in mine if r["unanswerable"]]
        out[kind] = {
            t: {
                "right_answers": sum(r["typings"][t]["correct"] for r in answerable)
                / max(1, len(answerable)),
                "refusals_of_unanswerable": sum(r["typings"][t]["refused"] for r in unanswerable)
                / max(1, len(unanswerable)),
                "false_refusals": sum(r["typings"][t]["refused"] for r in answerable)
                / max(1, len(answerable)),
            }
            for t in TYPINGS
        }
    return out


def logistic(rows: list[dict], labels: list[int]) -> RefusalModel:
    """A logistic regression of ``labels`` (1: answer) on the rows' standardised signals,
    classes balanced, as a RefusalModel (threshold 0.5 until one is chosen)."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r["features"][f] for f in FEATURES] for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=0.5, class_weight="balanced", max_iter=1000)
    model.fit((x - mean) / scale, np.array(labels))
    return RefusalModel(
        tuple(model.coef_[0]), float(model.intercept_[0]), tuple(mean), tuple(scale), 0.5
    )


def fit(
    rows: list[dict], target_frr: float, caution_rate: float = CAUTION_RATE
) -> tuple[RefusalModel, dict]:
    for r in rows:
        r["hard_refusal"] = refused_by_rules(r)

    usable = [r for r in rows if r["features"] and not r["hard_refusal"]]
    base = logistic(usable, [0 if r["unanswerable"] else 1 for r in usable])
    # The rules refuse some cases before the model is asked: they count as refusals.
    usable = rows
    probs = np.array(
        [0.0 if r["hard_refusal"] else base.probability(r["features"]) for r in usable]
    )
    kinds = sorted({r["kind"] for r in usable})
    best, best_j = 0.0, -1.0
    for threshold in np.linspace(0.01, 0.99, 99):
        if target_frr > 0:  # the highest threshold whose false refusals stay under the target
            if max(_frr(usable, probs, threshold, k) for k in kinds) <= target_frr:
                best = float(threshold)
            continue
        # Youden's J of the worst kind of text: refusals of unanswerable questions minus false
        # refusals, both errors weighed alike, and no kind of text left behind.
        j = min(
            _refused(usable, probs, threshold, k) - _frr(usable, probs, threshold, k) for k in kinds
        )
        if j > best_j:
            best, best_j = float(threshold), j
    caution = _caution(usable, probs, best, kinds, caution_rate)
    fitted = RefusalModel(
        base.weights, base.bias, base.mean, base.scale, round(best, 2), round(caution, 2)
    )
    report = {
        k: {
            "false_refusals": _frr(usable, probs, best, k),
            "refusals_of_unanswerable": _refused(usable, probs, best, k),
            "cases": sum(r["kind"] == k for r in usable),
            **_cautioned(usable, probs, best, caution, k),
        }
        for k in kinds
    }
    return fitted, report


def _cautioned(
    rows: list[dict], probs: np.ndarray, threshold: float, caution: float, kind: str
) -> dict[str, float]:
    """Of the answered cases of ``kind``, the share under ``caution`` (answerable, unanswerable)."""
    out = {}
    for label, unanswerable in (("cautioned_answerable", False), ("cautioned_unanswerable", True)):
        answered = [
            p for r, p in zip(rows, probs)
            if r["kind"] == kind and r["unanswerable"] == unanswerable and p >= threshold
        ]  # fmt: skip
        out[label] = round(sum(p < caution for p in answered) / max(1, len(answered)), 3)
    return out


def _caution(
    rows: list[dict], probs: np.ndarray, threshold: float, kinds: list[str], rate: float
) -> float:
    """The highest probability under which at most ``rate`` of the answered answerable cases
    fall, on every kind of text: answers under it come with a notice."""
    caution = threshold
    for c in np.arange(threshold, 1.0, 0.01):
        if (
            max(_cautioned(rows, probs, threshold, c, k)["cautioned_answerable"] for k in kinds)
            > rate
        ):
            break
        caution = float(c)
    return caution


def refused_by_rules(row: dict) -> bool:
    """Whether the answerer's rules refuse the case before the model is asked (signals
    recorded before the untyped rule still count it)."""
    f = row["features"]
    return bool(row["hard_refusal"] or (f and f["needs_type"] and not f["typed"]))


def transfer(rows: list[dict], target_frr: float) -> dict:
    """Fit on the dev sets and half the calibration part's pages; count false refusals on the
    other half, which the fit never saw."""
    import zlib

    def held_out(r: dict) -> bool:
        page = wiki_calibration.page(r["article"]).encode()
        return r["id"].startswith("wiki-cal-") and zlib.crc32(page) % 2 == 1

    fitted_on = [dict(r) for r in rows if not held_out(r)]
    unseen = [dict(r) for r in rows if held_out(r)]
    model, report = fit(fitted_on, target_frr)
    refused = [
        refused_by_rules(r) or model.probability(r["features"]) < model.threshold for r in unseen
    ]
    return {
        "threshold": model.threshold,
        "fitted_on": {k: v["false_refusals"] for k, v in report.items()},
        "held_out_false_refusals": round(sum(refused) / max(1, len(unseen)), 3),
        "held_out_cases": len(unseen),
    }


def _frr(rows: list[dict], probs: np.ndarray, threshold: float, kind: str) -> float:
    picked = [
        p < threshold for r, p in zip(rows, probs) if r["kind"] == kind and not r["unanswerable"]
    ]
    return sum(picked) / max(1, len(picked))


def _refused(rows: list[dict], probs: np.ndarray, threshold: float, kind: str) -> float:
    picked = [p < threshold for r, p in zip(rows, probs) if r["kind"] == kind and r["unanswerable"]]
    return sum(picked) / max(1, len(picked))


def separability(rows: list[dict]) -> dict:
    """Cross-validated ROC AUC per kind of text (folds grouped by article; see --cv)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    usable = [r for r in rows if r["features"] and not r["hard_refusal"]]
    x = np.array([[r["features"][f] for f in FEATURES] for r in usable])
    y = np.array([0 if r["unanswerable"] else 1 for r in usable])
    kinds = np.array([r["kind"] for r in usable])
    article = {  # the article (or Wikipedia page) each case is about: folds never split one
        case["id"]: case.get("article", kind)
        for kind, (path, _) in DEV_SETS.items()
        if path.exists()
        for case in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }
    groups = [article.get(r["id"], r["kind"]) for r in usable]
    models = {
        "logistic": LogisticRegression(C=0.5, class_weight="balanced", max_iter=1000),
        "gradient boosting": HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05),
    }
    out: dict = {}
    for name, model in models.items():
        predicted = cross_val_predict(
            make_pipeline(StandardScaler(), model),
            x,
            y,
            cv=GroupKFold(5),
            groups=groups,
            method="predict_proba",
        )[:, 1]
        out[name] = {
            k: round(float(roc_auc_score(y[kinds == k], predicted[kinds == k])), 3)
            for k in sorted(set(kinds))
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--target-frr",
        type=float,
        default=0.05,
        help="pick the highest threshold with at most this false-refusal rate on every kind "
        "(default 0.05, the target); 0: maximise the worst kind's refusals minus false refusals",
    )
    parser.add_argument("--write", action="store_true", help="write assistant/refusal_model.json")
    parser.add_argument("--reuse", action="store_true", help="refit on the recorded signals")
    parser.add_argument("--cv", action="store_true", help="cross-validated AUC per kind")
    parser.add_argument(
        "--transfer", action="store_true", help="false refusals on a held-out calibration half"
    )
    args = parser.parse_args()
    features_file = RESULTS / "refusal_features.jsonl"
    if args.reuse and features_file.exists():
        rows = [json.loads(line) for line in features_file.read_text().splitlines()]
    else:
        rows = []
        wiki_calibration.build()
        for kind, (path, corpus) in DEV_SETS.items():
            if not path.exists() or not all(p.exists() for p in corpus):
                print(
                    f"fit: skipping {kind}: {path.name} or its collection is missing",
                    file=sys.stderr,
                )
                continue
            rows += collect(kind, path, corpus)
        for kind in OFF_TOPIC_KINDS:
            if OFF_TOPIC.exists() and all(p.exists() for p in DEV_SETS[kind][1]):
                rows += collect_off_topic(kind, DEV_SETS[kind][1])
        features_file.write_text("".join(json.dumps(r) + "\n" for r in rows))
    off_topic = [r for r in rows if r.get("off_topic")]
    rows = [r for r in rows if not r.get("off_topic")]
    model, report = fit(rows, args.target_frr)
    off_report: dict = {}
    if off_topic:
        second, off_report = fit_off_topic(rows + off_topic, model)
        model = replace(model, off_topic=second)
    summary = {
        "model": model.to_dict(),
        "dev": report,
        "off_topic_dev": off_report,
        "target_frr": args.target_frr,
        "typings": compare_typings(rows),
    }
    if args.transfer:
        checked = transfer(rows, args.target_frr)
        print(json.dumps({"transfer": checked}, indent=1))
        (RESULTS / "refusal_transfer.json").write_text(json.dumps(checked, indent=1) + "\n")
    if args.cv:
        auc = separability(rows)
        print(json.dumps({"cross_validated_auc": auc}, indent=1))
        (RESULTS / "refusal_cv.json").write_text(json.dumps(auc, indent=1) + "\n")
        if args.reuse and not args.write:
            return  # only the separability was asked for: the recorded fit stays as it is
    print(json.dumps(summary, indent=1))
    (RESULTS / "refusal_fit.json").write_text(json.dumps(summary, indent=1))
    if args.write:
        MODEL_FILE.write_text(json.dumps(model.to_dict(), indent=1) + "\n")
        print(f"fit: wrote {MODEL_FILE.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
