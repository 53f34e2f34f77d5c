#!/usr/bin/env bash
# The quality gate: `dossier eval` with the default (offline, extractive) answerer on the TEST part
# of each kind of text (never tuned on: see docs/EVAL.md), and on eval/seeds.jsonl, the set the
# old threshold was calibrated on. Each threshold sits just under what is achieved, so a quality
# regression exits non-zero. Reports, metrics and plots go to test-artifacts/eval/<set>/.
set -euo pipefail
cd "$(dirname "$0")/.."
dossier=.venv/bin/dossier
out=test-artifacts/eval
.venv/bin/python scripts/eval_corpora.py  # the news articles (not committed), fetched once

gate() {  # QUESTIONS CORPUS NAME GATES...
  local questions=$1 corpus=$2 name=$3
  shift 3
  echo "eval gate: $name"
  "$dossier" eval "$questions" --corpus "$corpus" --out "$out/$name" --quiet "$@"
}

gate eval/news.test.jsonl eval/corpora/news news-test \
  --fail-under answer.accuracy=0.84 \
  --fail-under answer.short_right=0.58 \
  --fail-over refusal.false_refusal_rate=0.05 \
  --fail-under refusal.refusal_rate=0.51 \
  --fail-under refusal.refused_or_cautioned=0.61 \
  --fail-over refusal.cautioned_answerable=0.17 \
  --fail-under citations.sentence_coverage=1.0 \
  --fail-under retrieval.hit_at_k=0.95
gate eval/wiki.test.jsonl eval/corpora/wiki wiki-test \
  --fail-under answer.accuracy=0.70 \
  --fail-under answer.short_right=0.24 \
  --fail-over refusal.false_refusal_rate=0.07 \
  --fail-under refusal.refusal_rate=0.59 \
  --fail-under refusal.refused_or_cautioned=0.75 \
  --fail-over refusal.cautioned_answerable=0.16 \
  --fail-under citations.sentence_coverage=1.0 \
  --fail-under retrieval.hit_at_k=0.97
gate eval/seed.test.jsonl seeds seed-test \
  --fail-under answer.accuracy=0.83 \
  --fail-under answer.short_right=0.37 \
  --fail-over refusal.false_refusal_rate=0.05 \
  --fail-under refusal.refusal_rate=0.52 \
  --fail-under refusal.refused_or_cautioned=0.58 \
  --fail-over refusal.cautioned_answerable=0.15 \
  --fail-under citations.sentence_coverage=1.0 \
  --fail-under retrieval.hit_at_k=0.95
gate eval/seeds.jsonl seeds seeds-calibration \
  --fail-under answer.accuracy=0.92 \
  --fail-under answer.short_right=0.76 \
  --fail-over refusal.false_refusal_rate=0.05 \
  --fail-under refusal.refusal_rate=0.78 \
  --fail-under refusal.refused_or_cautioned=0.86 \
  --fail-over refusal.cautioned_answerable=0.08 \
  --fail-under citations.sentence_coverage=1.0 \
  --fail-under citations.precision=0.84 \
  --fail-under citations.support_recall=0.90 \
  --fail-under retrieval.hit_at_k=0.95 \
  --fail-under retrieval.mrr=0.93
# Questions none of the collections holds (eval/offtopic.test.jsonl, never tuned on), asked of
# each: the right answer is always a refusal.
gate eval/offtopic.test.jsonl eval/corpora/news offtopic-news \
  --fail-under refusal.refusal_rate=0.80
gate eval/offtopic.test.jsonl eval/corpora/wiki offtopic-wiki \
  --fail-under refusal.refusal_rate=0.57
gate eval/offtopic.test.jsonl seeds offtopic-seed \
  --fail-under refusal.refusal_rate=0.96
