#!/usr/bin/env bash
# Sets everything up, ingests seeds/, answers a sample question, then opens the chat in the
# browser: `dossier serve` prints the local address (DOSSIER_PORT, default 7860) and runs until
# Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh llm  # the llm extra: DOSSIER_LLM=llamacpp works by settings alone
.venv/bin/dossier ingest seeds/
.venv/bin/dossier ask "Who called the minerals deal predatory?"
exec .venv/bin/dossier serve
