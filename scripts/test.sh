#!/usr/bin/env bash
# Sets everything up (with test dependencies), lints and type-checks, and runs every test:
# unit and integration (including the browser tests, with Debian's chromium), then the
# answer-quality gate (scripts/eval_gate.sh).
# Extra arguments go to pytest, e.g.: bash scripts/test.sh -m unit
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
# The browser tests drive Debian's chromium with Playwright (never `playwright install`).
# In CI a failed install fails the run; elsewhere those tests then skip and say why.
if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing Debian's chromium for the browser tests"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if ! { $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null; }; then
    if [ "${CI:-}" = "true" ]; then exit 1; fi
    echo "test: could not install chromium; the browser tests will skip" >&2
  fi
fi
export PYTHONDONTWRITEBYTECODE=1
mkdir -p test-artifacts
echo "test: ruff and mypy"
.venv/bin/ruff check --quiet .
.venv/bin/mypy --no-error-summary
.venv/bin/python -m pytest -p no:cacheprovider --junitxml=test-artifacts/junit.xml "$@"
echo "test: quality gate (dossier eval on the test sets and the calibration set)"
bash scripts/eval_gate.sh
