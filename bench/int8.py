"""Would int8 make ingest faster on a CPU without AMX? Speed and closeness to fp32, side by side.

The CPU here has AVX512-VNNI (int8 dot products) but no AMX, so bf16 is slower than fp32
(bench/precision.py). This tries the two int8 paths for passages (about 200 word pieces,
as ingest embeds them), alternating rounds, against torch fp32:

- torch dynamic quantization of every Linear layer (``torch.ao.quantization``);
- the ONNX export quantized by ONNX Runtime (``quantize_dynamic``, int8 weights).

For each: texts/s and min/mean cosine to the fp32 vectors. Results: bench/results/int8.json.

    .venv/bin/python bench/int8.py [--texts 256] [--rounds 2]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vectorstore.embeddings import SentenceTransformerEmbeddings  # noqa: E402
from vectorstore.onnx_model import OnnxEncoder, export, onnx_path  # noqa: E402

CACHE = ROOT / "bench" / "cache" / "int8"
RESULTS = ROOT / "bench" / "results"


def passages(count: int) -> list[str]:
    """``count`` windows of 170 words of the news corpus (about 220 word pieces each)."""
    import csv

    csv.field_size_limit(1 << 24)
    source = ROOT / "eval" / "corpora" / "news" / "articles.csv"
    with source.open(encoding="utf-8") as handle:
        words = " ".join(row["text"] for _, row in zip(range(300), csv.DictReader(handle))).split()
    return [" ".join(words[i : i + 170]) for i in range(0, 170 * count, 170)][:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    texts = passages(args.texts)
    model = SentenceTransformerEmbeddings(precision="fp32", runtime="torch", cache_dir=CACHE)
    fp32 = model._sentence_transformer()
    exported = onnx_path(model.path, CACHE)
    if not exported.exists():
        export(fp32, exported)
    quantized = CACHE / "int8.onnx"
    if not quantized.exists():
        quantize_dynamic(str(exported), str(quantized), weight_type=QuantType.QInt8)
    tokenizer = Path(model.path) / "tokenizer.json"
    onnx8 = OnnxEncoder(quantized, tokenizer, model.max_seq_length)
    torch8 = torch.ao.quantization.quantize_dynamic(
        copy.deepcopy(fp32), {torch.nn.Linear}, dtype=torch.qint8
    )

    def st(m: object) -> object:
        return lambda t: m.encode(t, batch_size=64, normalize_embeddings=True)  # type: ignore[attr-defined]

    ways = {
        "torch fp32": st(fp32),
        "torch int8 (dynamic)": st(torch8),
        "onnxruntime int8 (dynamic)": lambda t: onnx8.encode(t, 64),
    }
    seconds = dict.fromkeys(ways, 0.0)
    vectors: dict[str, np.ndarray] = {}
    for way in ways.values():
        way(texts[:8])  # warm up, untimed
    for _ in range(args.rounds):
        for name, way in ways.items():
            start = time.perf_counter()
            vectors[name] = np.asarray(way(texts))
            seconds[name] += time.perf_counter() - start
    reference = vectors["torch fp32"]
    out = {
        "texts": len(texts),
        "threads": torch.get_num_threads(),
        "ways": {
            name: {
                "texts_per_s": round(args.rounds * len(texts) / seconds[name], 1),
                "speed_vs_fp32": round(seconds["torch fp32"] / seconds[name], 2),
                "cosine_min": round(float((vectors[name] * reference).sum(1).min()), 4),
                "cosine_mean": round(float((vectors[name] * reference).sum(1).mean()), 4),
            }
            for name in ways
        },
    }
    print(json.dumps(out, indent=1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "int8.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
