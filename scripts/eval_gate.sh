#!/usr/bin/env bash
# The quality gate: `dossier eval` on our question set over seeds/ with the default (offline,
# extractive) answerer. Each threshold sits just under what it achieves (see docs/EVAL.md), so a
# regression exits non-zero. Report, metrics and plots go to test-artifacts/eval/.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/dossier eval eval/seeds.jsonl --corpus seeds --out test-artifacts/eval \
  --fail-under answer.accuracy=0.90 \
  --fail-over refusal.false_refusal_rate=0.06 \
  --fail-under refusal.refusal_rate=0.75 \
  --fail-under citations.sentence_coverage=1.0 \
  --fail-under citations.precision=0.85 \
  --fail-under citations.support_recall=0.90 \
  --fail-under retrieval.hit_at_k=0.95 \
  --fail-under retrieval.mrr=0.80 \
  "$@"
