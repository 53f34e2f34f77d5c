"""Embedding precision and runtime: speed, closeness to fp32, and whether anything that
matters changes, side by side in one run.

Three ways to compute the same model's vectors (``DOSSIER_EMBEDDING_PRECISION`` and
``DOSSIER_EMBEDDING_RUNTIME``): torch fp32 (the reference), torch under bfloat16
autocast, and the ONNX export on ONNX Runtime in fp32 (the default on a CPU without
AMX). For each:

- encode speed on ``--texts`` Cranfield abstracts, rounds alternating between the
  three so the machine's load weighs on all alike; min and mean cosine to torch fp32;
- Cranfield nDCG@10 (dense and hybrid) by ``dossier eval --beir``, each in its own store;
- the seeds question set by ``dossier eval eval/seeds.jsonl --corpus seeds``, and
  every question whose answer differs from torch fp32's.

Also the CPU's bf16 flags and what ``auto`` chose. Results: bench/results/precision.json.

    .venv/bin/python bench/precision.py [--texts 256] [--rounds 3] [--skip-cranfield]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vectorstore.embeddings import SentenceTransformerEmbeddings  # noqa: E402
from vectorstore.precision import BF16_CPU_FLAGS, cpu_flags  # noqa: E402

DOSSIER = str(Path(sys.executable).with_name("dossier"))
VARIANTS = {
    "torch-fp32": {"DOSSIER_EMBEDDING_PRECISION": "fp32", "DOSSIER_EMBEDDING_RUNTIME": "torch"},
    "torch-bf16": {"DOSSIER_EMBEDDING_PRECISION": "bf16", "DOSSIER_EMBEDDING_RUNTIME": "torch"},
    "onnx-fp32": {"DOSSIER_EMBEDDING_PRECISION": "fp32", "DOSSIER_EMBEDDING_RUNTIME": "onnx"},
}


def speed(texts: list[str], rounds: int, cache: Path) -> dict[str, dict[str, float]]:
    models = {
        name: SentenceTransformerEmbeddings(
            precision=env["DOSSIER_EMBEDDING_PRECISION"],
            runtime=env["DOSSIER_EMBEDDING_RUNTIME"],
            cache_dir=cache,
        )
        for name, env in VARIANTS.items()
    }
    seconds = dict.fromkeys(models, 0.0)
    vectors = {}
    for model in models.values():
        model.encode(texts[:8])  # load and warm up, untimed
    for _ in range(rounds):
        for name, model in models.items():
            t = time.perf_counter()
            vectors[name] = model.encode(texts)
            seconds[name] += time.perf_counter() - t
    reference = vectors["torch-fp32"]
    out = {}
    for name in models:
        cosine = (vectors[name] * reference).sum(axis=1)
        out[name] = {
            "texts_per_second": round(rounds * len(texts) / seconds[name], 1),
            "speed_vs_torch_fp32": round(seconds["torch-fp32"] / seconds[name], 2),
            "min_cosine_to_fp32": round(float(cosine.min()), 6),
            "mean_cosine_to_fp32": round(float(cosine.mean()), 6),
        }
        print(name, out[name], flush=True)
    return out


def collect(work: Path) -> tuple[dict[str, dict[str, dict]], dict[str, dict[str, object]]]:
    """Each variant's seeds answers and quality figures, from what its runs left in ``work``."""
    answers: dict[str, dict[str, dict]] = {}
    quality: dict[str, dict[str, object]] = {}
    for name in VARIANTS:
        run = work / name
        if not (run / "seeds" / "metrics.json").exists():
            continue
        metrics = json.loads((run / "seeds" / "metrics.json").read_text())
        lines = (run / "seeds" / "results.jsonl").read_text().splitlines()
        answers[name] = {r["id"]: r for r in map(json.loads, filter(None, lines))}
        quality[name] = {
            "seeds_answer_accuracy": metrics["answer"]["accuracy"],
            "seeds_false_refusal_rate": metrics["refusal"]["false_refusal_rate"],
            "seeds_refusal_rate": metrics["refusal"]["refusal_rate"],
            "seeds_citation_precision": metrics["citations"]["precision"],
        }
        if (run / "cranfield" / "metrics.json").exists():
            beir = json.loads((run / "cranfield" / "metrics.json").read_text())
            for mode, figures in beir["retrievers"].items():
                quality[name][f"cranfield_ndcg@10_{mode}"] = figures["ndcg@10"]
            quality[name]["cranfield_ingest_seconds"] = beir["run"]["ingest_seconds"]
        print(name, quality[name], flush=True)
    return answers, quality


def dossier(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    result = subprocess.run([DOSSIER, *args], capture_output=True, text=True, env={**base, **env})
    if result.returncode:
        raise SystemExit(f"dossier {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/cranfield")
    parser.add_argument("--work", type=Path, default=ROOT / "bench/cache/precision")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/precision.json")
    parser.add_argument("--texts", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-cranfield", action="store_true")
    parser.add_argument(
        "--collect",
        action="store_true",
        help="no new runs: gather what the runs in --work left (e.g. after stopping one)",
    )
    parser.add_argument(
        "--speed-only",
        action="store_true",
        help="only the encode speeds, on passages and on sentences (precision_speed.json)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if not args.collect:
        shutil.rmtree(args.work, ignore_errors=True)
    cache = args.work / "cache"
    corpus = [json.loads(x) for x in (args.data / "corpus.jsonl").read_text().splitlines()]
    texts = [f"{d.get('title', '')}\n{d['text']}" for d in corpus[: args.texts]]
    flags = sorted(cpu_flags() & {"amx_bf16", "amx_tile", "avx512_bf16", "avx512f"})
    auto = SentenceTransformerEmbeddings(cache_dir=cache)
    result: dict[str, object] = {
        "cpu_flags": flags,
        "bf16_flags_auto_needs": sorted(BF16_CPU_FLAGS),
        "auto_chose": {
            "device_precision": list(auto.resolved),
            "runtime_queries_sentences": auto.runtime_name,
            "runtime_passages": auto.passage_runtime_name,
        },
    }
    if args.speed_only:
        seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
        sentences = [s.strip() for s in seed.replace("\n", " ").split(". ") if s.strip()]
        result["encode_passages"] = speed(texts, args.rounds, cache)
        result["encode_sentences"] = speed(sentences[: args.texts], args.rounds, cache)
        result["passages"] = f"{len(texts)} Cranfield abstracts with titles"
        result["sentences"] = f"{len(sentences[: args.texts])} sentences of the seed article"
        result["machine"] = {"cpu_count": os.cpu_count(), "load_average_at_end": os.getloadavg()}
        out = args.out.with_name("precision_speed.json")
        out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
        print(f"wrote {out}")
        return
    if not args.collect:
        result["encode"] = speed(texts, args.rounds, cache)
    for name, variant in VARIANTS.items():
        if args.collect:
            break
        env = {**variant, "DOSSIER_CACHE_DIR": str(cache)}
        run = args.work / name
        dossier(env, "eval", str(ROOT / "eval/seeds.jsonl"), "--corpus", str(ROOT / "seeds"),
                "--out", str(run / "seeds"), "--quiet")  # fmt: skip
        if not args.skip_cranfield:
            dossier({**env, "DOSSIER_CHROMA_DIR": str(run / "chroma")}, "eval", "--beir",
                    str(args.data), "--retriever", "dense", "--retriever", "hybrid",
                    "--out", str(run / "cranfield"), "--quiet")  # fmt: skip
        print(name, "done", flush=True)
    answers, quality = collect(args.work)
    reference = answers["torch-fp32"]
    differ = {
        name: [
            {"id": qid, "answer": got[qid].get("answer"), "fp32": reference[qid].get("answer")}
            for qid in reference
            if got.get(qid, {}).get("answer") != reference[qid].get("answer")
        ]
        for name, got in answers.items()
        if name != "torch-fp32"
    }
    if args.collect:  # the encode figures come from the stopped run's output, if any
        old = args.out if args.out.exists() else None
        result["encode"] = json.loads(old.read_text()).get("encode") if old else None
    result.update(
        quality=quality,
        seeds_answers_that_differ_from_torch_fp32=differ,
        questions=len(reference),
        collected_from_runs_in_work=args.collect,
        machine={"cpu_count": os.cpu_count(), "load_average_at_end": os.getloadavg()},
        total_seconds=round(time.perf_counter() - started, 1),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps({k: result[k] for k in ("auto_chose", "quality")}, indent=1))
    print({k: len(v) for k, v in differ.items()}, f"answers differ; wrote {args.out}")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
