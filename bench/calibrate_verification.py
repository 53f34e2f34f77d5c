"""Calibrates citation verification (threshold and dense weight) on our question set.

For every case of eval/seeds.jsonl it retrieves passages as the assistant does
and builds claims a generative answerer could make, each cited to a passage:

- supported: the support snippet as quoted, and the gold answer written into the
  question ("Who called the deal predatory?" + "John Hardie" -> "John Hardie
  called the deal predatory."), cited to a passage that contains the support;
- unsupported: the same sentence with another case's answer of the same
  category (a swapped name, date or number), the right sentence cited to a
  retrieved passage without the support, and, for unanswerable questions, the
  question answered with a borrowed answer, cited to the top passage.

Each claim is scored as :class:`assistant.verify.Verifier` scores it (best span
of the cited passage); the sweep reports, per dense weight and threshold, the
share of supported claims kept and unsupported claims caught, and picks the
setting that catches the most unsupported claims while keeping at least
``--min-kept`` (85%) of the supported ones (ties: more kept).

    python bench/calibrate_verification.py [--json bench/results/verification.json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tqdm import tqdm  # noqa: E402

from assistant.factory import make_embeddings, make_ingestor, make_retriever, make_store  # noqa: E402
from assistant.language import normalize_answer  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.vectors import SentenceVectors  # noqa: E402
from assistant.verify import Verifier, passage_spans  # noqa: E402

WH = re.compile(
    r"^(who|what|which|whom|whose)(\s+(?!is\b|was\b|are\b|were\b|did\b|does\b|do\b)\w+)?\s+",
    re.IGNORECASE,
)


def declarative(question: str, answer: str) -> str:
    """A claim answering ``question`` with ``answer``, as a generative model might write it."""
    body = question.strip().rstrip("?").strip()
    if WH.match(body):
        return WH.sub(answer + " ", body, count=1).strip() + "."
    return f"{body}: {answer}."


def contains(text: str, snippets: list[str]) -> bool:
    return any(normalize_answer(s) in normalize_answer(text) for s in snippets)


def build_claims(cases: list[dict], retriever) -> list[dict]:
    rng = random.Random(7)
    by_category: dict[str, list[str]] = {}
    for c in cases:
        if not c["unanswerable"]:
            by_category.setdefault(c.get("category", ""), []).append(c["answers"][0])
    answers = [a for group in by_category.values() for a in group]
    claims = []
    for case in tqdm(cases, desc="cases", file=sys.stderr):
        question = (case.get("turns") or [case["question"]])[-1]
        docs = retriever.invoke(" ".join(case.get("turns") or [case["question"]]), k=5)
        if case["unanswerable"]:
            borrowed = rng.choice(answers)
            claims.append(
                dict(
                    id=case["id"],
                    kind="unanswerable, borrowed answer",
                    label=False,
                    claim=declarative(question, borrowed),
                    doc=docs[0],
                )
            )
            continue
        gold = case["answers"][0]
        good = [d for d in docs if contains(d.page_content, case["support"])]
        bad = [d for d in docs if not contains(d.page_content, case["support"])]
        others = [
            a
            for a in by_category.get(case.get("category", ""), answers)
            if normalize_answer(a) != normalize_answer(gold)
        ] or answers
        if good:
            claims.append(
                dict(
                    id=case["id"],
                    kind="support snippet quoted",
                    label=True,
                    claim=case["support"][0],
                    doc=good[0],
                )
            )
            claims.append(
                dict(
                    id=case["id"],
                    kind="gold answer, paraphrased",
                    label=True,
                    claim=declarative(question, gold),
                    doc=good[0],
                )
            )
            swapped = rng.choice(others)
            claims.append(
                dict(
                    id=case["id"],
                    kind="answer swapped",
                    label=False,
                    claim=declarative(question, swapped),
                    doc=good[0],
                )
            )
        if bad:
            claims.append(
                dict(
                    id=case["id"],
                    kind="right claim, wrong passage",
                    label=False,
                    claim=declarative(question, gold),
                    doc=bad[0],
                )
            )
    return claims  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "seeds.jsonl")
    parser.add_argument("--json", type=Path, default=ROOT / "bench/results/verification.json")
    parser.add_argument("--min-kept", type=float, default=0.85)
    parser.add_argument("--plot", type=Path, default=ROOT / "docs/bench-verification.png")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(chroma_dir=Path(tmp) / "chroma", cache_dir=Path(tmp) / "cache",
                            _env_file=None)  # fmt: skip
        embeddings = make_embeddings(settings)
        make_ingestor(settings, embeddings).ingest([ROOT / "seeds"])
        retriever = make_retriever(settings, make_store(settings, embeddings), embeddings)
        claims = build_claims(cases, retriever)
        vectors = SentenceVectors(embeddings)
        weights = [0.0, 0.25, 0.5, 0.75, 1.0]
        for claim in claims:
            spans = passage_spans(claim["doc"])
            claim["scores"] = {
                w: max(Verifier(vectors, dense_weight=w).score(claim["claim"], spans), default=0.0)
                for w in weights
            }
    thresholds = [round(0.30 + 0.01 * i, 2) for i in range(61)]
    positives = [c for c in claims if c["label"]]
    negatives = [c for c in claims if not c["label"]]
    sweep = []
    for w in weights:
        for t in thresholds:
            kept = sum(c["scores"][w] >= t for c in positives) / len(positives)
            caught = sum(c["scores"][w] < t for c in negatives) / len(negatives)
            sweep.append({"dense_weight": w, "threshold": t, "supported_kept": round(kept, 3),
                          "unsupported_caught": round(caught, 3),
                          "balanced_accuracy": round((kept + caught) / 2, 3)})  # fmt: skip
    eligible = [r for r in sweep if r["supported_kept"] >= args.min_kept] or sweep
    best = max(eligible, key=lambda r: (r["unsupported_caught"], r["supported_kept"]))
    top_balanced = max(sweep, key=lambda r: (r["balanced_accuracy"], r["supported_kept"]))
    by_kind: dict[str, dict] = {}
    for c in claims:
        ok = (c["scores"][best["dense_weight"]] >= best["threshold"]) == c["label"]
        entry = by_kind.setdefault(c["kind"], {"claims": 0, "judged_right": 0})
        entry["claims"] += 1
        entry["judged_right"] += ok
    result = {
        "claims": len(claims), "supported": len(positives), "unsupported": len(negatives),
        "rule": f"most unsupported caught with supported_kept >= {args.min_kept}",
        "best": best, "best_balanced_accuracy": top_balanced, "by_kind": by_kind, "sweep": sweep,
        "examples": [{k: c[k] for k in ("id", "kind", "label", "claim")}
                     | {"score": round(c["scores"][best["dense_weight"]], 3)} for c in claims],
    }  # fmt: skip
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    plot(claims, best, args.plot)
    shown = ("claims", "supported", "unsupported", "best", "best_balanced_accuracy", "by_kind")
    print(json.dumps({k: result[k] for k in shown}, indent=1))
    return 0


def plot(claims: list[dict], best: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    w = best["dense_weight"]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    bins = [i / 40 for i in range(41)]
    ax.hist([c["scores"][w] for c in claims if c["label"]], bins=bins, alpha=0.6,
            label="supported claims", color="tab:green")  # fmt: skip
    ax.hist([c["scores"][w] for c in claims if not c["label"]], bins=bins, alpha=0.6,
            label="unsupported claims", color="tab:red")  # fmt: skip
    ax.axvline(best["threshold"], color="black", linestyle="--",
               label=f"threshold {best['threshold']:.2f}")  # fmt: skip
    ax.set_xlabel(f"verification score (dense weight {w})")
    ax.set_ylabel("claims")
    ax.set_title("Citation verification on eval/seeds.jsonl claims")
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)


if __name__ == "__main__":
    sys.exit(main())
