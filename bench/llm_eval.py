"""`dossier eval` on eval/seeds.jsonl: the extractive answerer, and SmolLM2-135M through
llama.cpp's OpenAI-compatible server with verification off, flagging and dropping.

Starts ``scripts/llama_server.py`` on a free port, runs the four evaluations one
after the other (each ingests seeds/ into a temporary collection), then writes
bench/results/llm_eval.json and docs/bench-llm-eval.png. ``--runs DIR`` reuses
runs already in DIR/<name>/metrics.json instead of running them.

    python bench/llm_eval.py [--runs DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DOSSIER = str(Path(sys.executable).with_name("dossier"))
RUNS = {
    "extractive": {},
    "smollm2-off": {"DOSSIER_LLM": "openai", "DOSSIER_VERIFY": "off"},
    "smollm2-flag": {"DOSSIER_LLM": "openai", "DOSSIER_VERIFY": "flag"},
    "smollm2-drop": {"DOSSIER_LLM": "openai", "DOSSIER_VERIFY": "drop"},
}
SHOWN = {
    "answer.accuracy": "answer accuracy",
    "refusal.refusal_rate": "refusals when unanswerable",
    "refusal.false_refusal_rate": "false refusals",
    "citations.sentence_coverage": "sentences cited",
    "citations.precision": "citation precision",
    "verification.supported_rate": "sentences supported",
    "verification.caught_wrong": "wrong answers flagged",
    "verification.flagged_right": "right answers flagged",
    "latency_ms.answer.p50": "answer p50 ms",
}


def flat(metrics: dict, key: str) -> float | None:
    value: object = metrics
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, int | float) else None


def run_all(folder: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts/llama_server.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        while server.poll() is None:  # until llama.cpp's /health says the model is loaded
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("scripts/llama_server.py exited before it was ready")
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
        env["DOSSIER_LLM_BASE_URL"] = f"http://127.0.0.1:{port}/v1"
        for name, extra in RUNS.items():
            print(f"llm_eval: {name}", file=sys.stderr, flush=True)
            subprocess.run(
                [DOSSIER, "eval", str(ROOT / "eval/seeds.jsonl"), "--corpus", str(ROOT / "seeds"),
                 "--out", str(folder / name)],
                env={**env, **extra}, check=True,
            )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=Path, help="reuse the runs in this folder")
    parser.add_argument("--json", type=Path, default=ROOT / "bench/results/llm_eval.json")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs/bench-llm-eval.png")
    args = parser.parse_args()
    folder = args.runs or ROOT / ".dossier" / "bench-llm-eval"
    if args.runs is None:
        run_all(folder)
    table = {}
    for name in RUNS:
        metrics = json.loads((folder / name / "metrics.json").read_text())
        table[name] = {key: flat(metrics, key) for key in SHOWN}
        table[name]["answerers"] = metrics.get("answerers", {})
        table[name]["run"] = metrics.get("run", {})
    args.json.write_text(json.dumps(table, indent=1) + "\n")
    plot(table, args.plot)
    width = max(map(len, SHOWN.values()))
    print(f"{'':{width}}  " + "  ".join(f"{n:>13}" for n in RUNS))
    for key, label in SHOWN.items():
        cells = [table[n][key] for n in RUNS]
        print(f"{label:{width}}  " + "  ".join(
            f"{'n/a':>13}" if v is None else f"{v:13.3f}" for v in cells))  # fmt: skip
    return 0


def plot(table: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    keys = [k for k in SHOWN if not k.startswith("latency")]
    x = np.arange(len(keys))
    fig, ax = plt.subplots(figsize=(10, 4))
    width = 0.8 / len(table)
    for i, (name, row) in enumerate(table.items()):
        values = [row[k] if row[k] is not None else 0.0 for k in keys]
        ax.bar(x + i * width, values, width, label=name)
    ax.set_xticks(x + width * (len(table) - 1) / 2, [SHOWN[k] for k in keys], rotation=20,
                  ha="right")  # fmt: skip
    ax.set_ylim(0, 1.05)
    ax.set_title(
        "dossier eval on eval/seeds.jsonl: extractive vs SmolLM2-135M (verification off/flag/drop)"
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)


if __name__ == "__main__":
    sys.exit(main())
