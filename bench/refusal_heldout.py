"""How the refusal fit does on dev articles it was not fitted on: grouped cross-validation.

bench/fit_refusal.py fits the logistic model and picks its threshold (false refusals at
most 0.05 on every kind of text) on all of the dev sets; its own report is in-sample. Here
the dev cases (the signals it recorded in bench/results/refusal_features.jsonl) are split in
five folds by article (a Wikipedia page, a news article, the seed article): each fold is
answered by a fit, threshold included, made on the other four. Pooled over the folds, the
false refusals and refusals of unanswerable questions per kind of text say how the fit
transfers to articles it never saw, which is what the test parts ask of it. One row per
signal set: all of them, and each one left out (held at 0), so a signal is kept only for
what it adds on unseen articles.

The fit's rules after the model (the evidence about something else, a role or a name not
given, ...) are not in the recorded signals: the figures are the model's alone, not the
answerer's.

    python bench/refusal_heldout.py [--target-frr 0.05]

Writes bench/results/refusal_heldout.json. Test sets are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fit_refusal  # noqa: E402  # bench/fit_refusal.py, beside this script

FOLDS = 5


def held_out(rows: list[dict], target_frr: float) -> dict[str, dict[str, float]]:
    """Per kind of text: false refusals and refusals of unanswerable questions, each case
    decided by the fit made without its fold."""
    from sklearn.model_selection import GroupKFold

    groups = [f"{r['kind']}:{r['article']}" for r in rows]
    refused = [False] * len(rows)
    for fitted_on, unseen in GroupKFold(FOLDS).split(rows, groups=groups):
        model, _ = fit_refusal.fit([dict(rows[i]) for i in fitted_on], target_frr)
        for i in unseen:
            r = rows[i]
            refused[i] = fit_refusal.refused_by_rules(r) or (
                model.probability(r["features"]) < model.threshold
            )
    out = {}
    for kind in sorted({r["kind"] for r in rows}):
        answerable = [
            f
            for r, f in zip(rows, refused, strict=True)
            if r["kind"] == kind and not r["unanswerable"]
        ]
        unanswerable = [
            f for r, f in zip(rows, refused, strict=True) if r["kind"] == kind and r["unanswerable"]
        ]
        out[kind] = {
            "false_refusals": round(sum(answerable) / max(1, len(answerable)), 3),
            "refusals_of_unanswerable": round(sum(unanswerable) / max(1, len(unanswerable)), 3),
            "answerable": len(answerable),
            "unanswerable": len(unanswerable),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target-frr", type=float, default=0.05)
    args = parser.parse_args()
    path = ROOT / "bench" / "results" / "refusal_features.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if not r.get("off_topic") and r["features"]]
    report = {}
    # "typed" and "needs_type" are read by the rules too (an untyped answer is refused):
    # held at 0 they would refuse everything, so they are not left out.
    kept = ("typed", "needs_type")
    for left_out in (None, *(f for f in fit_refusal.FEATURES if f not in kept)):
        # A signal left out is held at 0: its standardised column is constant, its weight 0.
        same = [
            {**r, "features": {**r["features"], **({left_out: 0.0} if left_out else {})}}
            for r in rows
        ]
        name = f"without {left_out}" if left_out else "all signals"
        report[name] = held_out(same, args.target_frr)
        print(name, json.dumps(report[name]), file=sys.stderr)
    out = ROOT / "bench" / "results" / "refusal_heldout.json"
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
