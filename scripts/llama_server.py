"""Serves a GGUF model over llama.cpp's OpenAI-compatible HTTP server, on loopback.

For trying and testing ``DOSSIER_LLM=openai`` without a GPU or an account:

    python scripts/llama_server.py --port 8080          # the packaged SmolLM2-135M
    DOSSIER_LLM=openai DOSSIER_LLM_BASE_URL=http://127.0.0.1:8080/v1 dossier ask "…"

It runs llama.cpp's own server code (from xllamacpp's prebuilt wheel) and serves
until it is interrupted. ``GET /health`` answers once the model is loaded.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from assistant.llm.llamacpp import packaged_gguf  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="GGUF file (default: SmolLM2)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--ctx", type=int, default=4096, help="context window, tokens")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    model = args.model or packaged_gguf()
    if model is None or not model.is_file():
        print("llama_server: no model; pass --model FILE.gguf", file=sys.stderr)
        return 1
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.n_ctx = args.ctx
    params.n_parallel = 1
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.hostnames = [args.host]
    params.port = args.port
    params.verbosity = -1
    server = xllamacpp.Server(params)
    print(f"llama_server: {model.name} at {server.listening_address}/v1", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    del server
    return 0


if __name__ == "__main__":
    sys.exit(main())
