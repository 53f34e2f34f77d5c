"""Calibrates the extractive answerer's refusal threshold on our question set.

Ingests seeds/ into a temporary store, asks every question of
tests/data/seeds_questions.jsonl (multi-turn cases with the assistant's own
earlier answers as history), and for each threshold reports answer accuracy on
answerable questions, false refusals and correct refusals.

    python bench/calibrate_extractive.py [--json bench/results/calibration.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.extractive import ExtractiveAnswerer  # noqa: E402
from assistant.factory import make_ingestor  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def normalize(text: str) -> str:
    text = re.sub(r"[^\w\s$]", " ", text.lower().replace("’", "'"))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def run(min_score: float, assistant: Assistant, cases: list[dict]) -> list[dict]:
    assert isinstance(assistant.answerer, ExtractiveAnswerer)
    assistant.answerer.min_score = min_score
    rows = []
    for case in cases:
        turns = case.get("turns") or [case["question"]]
        history: list[dict[str, str]] = []
        for turn in turns:
            answer = assistant.ask(turn, history=history)
            history += [
                {"role": "user", "content": turn},
                {"role": "assistant", "content": answer.answer},
            ]
        correct = (not answer.refused) and any(
            normalize(a) in normalize(answer.answer) for a in case["answers"]
        )
        supported = any(
            s in c.quote or s in c.text for c in answer.citations for s in case["support"]
        )
        rows.append(
            {
                "id": case["id"],
                "unanswerable": case["unanswerable"],
                "refused": answer.refused,
                "correct": correct,
                "supported": supported,
                "answer": answer.answer,
                "standalone": answer.standalone_question,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/data/seeds_questions.jsonl")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show", type=float, help="print failures at this threshold")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(chroma_dir=Path(tmp) / "chroma", cache_dir=Path(tmp) / "cache")
        make_ingestor(settings).ingest([ROOT / "seeds"])
        assistant = Assistant.from_settings(settings)
        table = []
        thresholds = [args.show] if args.show is not None else [x / 100 for x in range(20, 62, 2)]
        for t in thresholds:
            rows = run(t, assistant, cases)
            ans = [r for r in rows if not r["unanswerable"]]
            una = [r for r in rows if r["unanswerable"]]
            entry = {
                "min_score": t,
                "accuracy": sum(r["correct"] for r in ans) / len(ans),
                "false_refusal": sum(r["refused"] for r in ans) / len(ans),
                "refusal_unanswerable": sum(r["refused"] for r in una) / len(una),
            }
            table.append(entry)
            print(json.dumps(entry))
            if args.show is not None:
                for r in rows:
                    ok = r["refused"] if r["unanswerable"] else r["correct"]
                    if not ok:
                        print(f"  FAIL {r['id']}: {r['standalone']!r} -> {r['answer'][:160]!r}")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()
