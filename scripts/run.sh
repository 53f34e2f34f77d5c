#!/usr/bin/env bash
# Sets everything up, ingests seeds/ and answers a sample question; in a terminal, opens the chat.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/dossier ingest seeds/
.venv/bin/dossier ask "Who called the minerals deal predatory?"
if [ -t 0 ] && [ -t 1 ]; then
  exec .venv/bin/dossier chat
fi
