"""Calibrates the extractive answerer's refusal threshold on our question set.

Ingests seeds/ into a temporary store, asks every question of
eval/seeds.jsonl (multi-turn cases with the assistant's own
earlier answers as history), and for each threshold reports answer accuracy on
answerable questions, false refusals and correct refusals.

    python bench/calibrate_extractive.py [--json bench/results/calibration.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tqdm import tqdm  # noqa: E402

from assistant.extractive import ExtractiveAnswerer  # noqa: E402
from assistant.factory import make_ingestor  # noqa: E402
from assistant.language import normalize_answer  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def run(assistant: Assistant, cases: list[dict]) -> list[dict]:
    """Asks every case once with no threshold; records the score that decides refusal."""
    assert isinstance(assistant.answerer, ExtractiveAnswerer)
    assistant.answerer.min_score = -1e9
    rows = []
    for case in tqdm(cases, desc="questions", file=sys.stderr):
        turns = case.get("turns") or [case["question"]]
        history: list[dict[str, str]] = []
        for turn in turns:
            answer = assistant.ask(turn, history=history)
            history += [
                {"role": "user", "content": turn},
                {"role": "assistant", "content": answer.answer},
            ]
        correct = (not answer.refused) and any(
            normalize_answer(a) in normalize_answer(answer.answer) for a in case["answers"]
        )
        rows.append(
            {
                "id": case["id"],
                "unanswerable": case["unanswerable"],
                "score": answer.score if not answer.refused else None,
                "correct": correct,
                "answer": answer.answer,
                "standalone": answer.standalone_question,
            }
        )
    return rows


def sweep(rows: list[dict], threshold: float) -> dict:
    refused = [r["score"] is None or r["score"] < threshold for r in rows]
    ans = [(r, x) for r, x in zip(rows, refused) if not r["unanswerable"]]
    una = [(r, x) for r, x in zip(rows, refused) if r["unanswerable"]]
    return {
        "min_score": threshold,
        "accuracy": round(sum(r["correct"] and not x for r, x in ans) / len(ans), 3),
        "false_refusal": round(sum(x for _, x in ans) / len(ans), 3),
        "refusal_unanswerable": round(sum(x for _, x in una) / len(una), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=Path, default=ROOT / "eval/seeds.jsonl")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show", type=float, help="print failures at this threshold")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            chroma_dir=Path(tmp) / "chroma", cache_dir=Path(tmp) / "cache", _env_file=None
        )
        make_ingestor(settings).ingest([ROOT / "seeds"])
        rows = run(Assistant.from_settings(settings), cases)
    table = [sweep(rows, t / 100) for t in range(20, 62, 2)]
    for entry in table:
        print(json.dumps(entry))
    if args.show is not None:
        for r in rows:
            refused = r["score"] is None or r["score"] < args.show
            if (r["unanswerable"] and not refused) or (
                not r["unanswerable"] and (refused or not r["correct"])
            ):
                print(
                    f"  FAIL {r['id']} ({r['score']}): {r['standalone']!r} -> {r['answer'][:150]!r}"
                )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"sweep": table, "questions": rows}, indent=1))


if __name__ == "__main__":
    main()
