#!/usr/bin/env bash
# Sets everything up (with test dependencies) and runs every test: unit and integration.
# Extra arguments go to pytest, e.g.: bash scripts/test.sh -m unit
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PYTHONDONTWRITEBYTECODE=1
mkdir -p test-artifacts
exec .venv/bin/python -m pytest -p no:cacheprovider --junitxml=test-artifacts/junit.xml "$@"
