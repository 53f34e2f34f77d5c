#!/usr/bin/env bash
# Sets everything up (with test dependencies), lints and type-checks, and runs every test:
# unit and integration, then the answer-quality gate (scripts/eval_gate.sh).
# Extra arguments go to pytest, e.g.: bash scripts/test.sh -m unit
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PYTHONDONTWRITEBYTECODE=1
mkdir -p test-artifacts
echo "test: ruff and mypy"
.venv/bin/ruff check --quiet .
.venv/bin/mypy --no-error-summary
.venv/bin/python -m pytest -p no:cacheprovider --junitxml=test-artifacts/junit.xml "$@"
echo "test: quality gate (dossier eval on eval/seeds.jsonl)"
bash scripts/eval_gate.sh --quiet
