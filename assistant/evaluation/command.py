"""``dossier eval``: question sets, BEIR sets, comparisons and quality gates."""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from assistant.evaluation import report
from assistant.evaluation.questions import Case, load_cases
from assistant.evaluation.summary import flatten
from assistant.settings import Settings
from vectorstore.errors import InputError

RETRIEVERS = ("hybrid", "dense", "bm25")
EXIT_BELOW_GATE = 3


def parse_gates(specs: Sequence[str], flag: str) -> dict[str, float]:
    """``["answer.accuracy=0.9"]`` -> ``{"answer.accuracy": 0.9}``; a bad one is an InputError."""
    gates = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        try:
            gates[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            raise InputError(f"{flag} takes METRIC=NUMBER (e.g. answer.accuracy=0.9), got {spec!r}")
    return gates


def check_gates(
    metrics: dict[str, Any], under: dict[str, float], over: dict[str, float]
) -> list[str]:
    """Messages for every gate the run fails; an unknown metric name is an InputError."""
    flat = flatten(metrics)
    failures = []
    for gates, too_low in ((under, True), (over, False)):
        for name, limit in gates.items():
            if name not in flat:
                known = ", ".join(k for k in flat if not k.startswith(("run.", "by_category.")))
                raise InputError(f"unknown metric {name!r}; one of: {known}")
            value = flat[name]
            if (value < limit) if too_low else (value > limit):
                word = "under" if too_low else "over"
                failures.append(f"{name} = {value:.4g} is {word} the gate {limit:g}")
    return failures


def machine() -> dict[str, Any]:
    return {"cpu_count": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version()}  # fmt: skip


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_out(name: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return Path(".dossier/eval") / f"{name}-{stamp}"


@contextmanager
def scratch_settings(settings: Settings) -> Iterator[Settings]:
    """Settings for a fresh collection that is deleted afterwards (temporary folder, or a
    uniquely named collection on a Chroma server)."""
    if settings.chroma_host:
        from vectorstore.chroma import connect, delete_collection

        name = f"eval-{os.getpid()}-{int(time.time())}"
        try:
            yield settings.model_copy(update={"collection": name})
        finally:
            delete_collection(connect(host=settings.chroma_host, port=settings.chroma_port), name)
        return
    folder = Path(tempfile.mkdtemp(prefix="dossier-eval-"))
    try:
        yield settings.model_copy(
            update={"chroma_dir": folder / "chroma", "cache_dir": folder / "cache",
                    "collection": "eval"}
        )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ingest(settings: Settings, paths: Sequence[Path], quiet: bool) -> Any:
    """Ingests ``paths`` with a progress bar; returns the report (rejections printed)."""
    from assistant.factory import make_ingestor
    from assistant.progress import ingest_progress

    ingestor = make_ingestor(settings)
    with ingest_progress(quiet) as progress:
        result = ingestor.ingest(paths, progress=progress)
    for rejected in result.rejected:
        print(f"rejected {rejected.source}: {rejected.reason}", file=sys.stderr)
    if not (result.added or result.updated or result.unchanged):
        raise InputError(f"no article could be loaded from {' '.join(map(str, paths))}")
    print(f"{settings.collection}: {result.summary()}", file=sys.stderr)
    return result


def evaluate_questions(
    settings: Settings, questions: Path, cases: Sequence[Case], k: int | None, quiet: bool
) -> tuple[dict[str, Any], list[Any]]:
    """Asks every case through the configured assistant; returns (metrics, results)."""
    from tqdm import tqdm

    from assistant.evaluation.runner import run_all
    from assistant.evaluation.summary import summarise
    from assistant.pipeline import Assistant

    started = time.perf_counter()
    assistant = Assistant.from_settings(settings)
    handled = 0
    with tqdm(total=len(cases), unit="q", desc="eval", disable=quiet, file=sys.stderr) as bar:

        def progress(result: Any) -> None:
            nonlocal handled
            from assistant.evaluation.summary import handled as ok

            handled += ok(result)
            bar.update()
            bar.set_postfix(handled=f"{handled}/{bar.n}")

        results = run_all(assistant, cases, k=k, progress=progress)
    metrics = summarise(results, k or assistant.top_k)
    metrics["run"] = {
        "questions": str(questions),
        "collection": settings.collection,
        "answerer": settings.answerer_name(),
        "llm": settings.llm_label() if settings.answerer_name() == "llm" else None,
        "verify": settings.verify,
        "retriever": settings.retriever,
        "fusion": settings.fusion,
        "embedding_model": settings.embedding_model,
        "when": _now(),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": machine(),
    }
    return metrics, results


def beir_collection(folder: Path) -> str:
    digest = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:8]
    return f"beir-{folder.resolve().name}-{digest}"


def evaluate_beir(
    settings: Settings, folder: Path, retrievers: Sequence[str], chunks: int, quiet: bool
) -> dict[str, Any]:
    """Ingests the BEIR corpus (incrementally) and scores each retriever mode."""
    from tqdm import tqdm

    from assistant.evaluation.beir import evaluate_retriever, load_beir
    from assistant.factory import make_embeddings, make_retriever, make_store

    beir = load_beir(folder)
    started = time.perf_counter()
    ingest(settings, [beir.corpus], quiet)
    ingest_seconds = time.perf_counter() - started
    settings = settings.model_copy(update={"top_k": chunks})
    out: dict[str, Any] = {}
    store = None
    for mode in retrievers:
        embeddings = make_embeddings(settings)  # fresh query cache per retriever
        store = make_store(settings, embeddings)
        mode_settings = settings.model_copy(update={"retriever": mode})
        retriever = make_retriever(mode_settings, store, embeddings)
        with tqdm(total=len(beir.queries), unit="q", desc=mode, disable=quiet,
                  file=sys.stderr) as bar:  # fmt: skip
            out[mode] = evaluate_retriever(retriever, beir, chunks, tick=bar.update)
    return {
        "queries": len(beir.queries),
        "chunks_in_store": store.count() if store else 0,
        "retrievers": out,
        "run": {
            "beir": str(folder), "collection": settings.collection, "chunks_per_query": chunks,
            "fusion": settings.fusion, "dense_weight": settings.dense_weight,
            "embedding_model": settings.embedding_model, "ingest_seconds": round(ingest_seconds, 1),
            "when": _now(), "seconds": round(time.perf_counter() - started, 1),
            "machine": machine(),
        },
    }  # fmt: skip


def run(args: Any, settings: Settings) -> int:
    """The ``dossier eval`` command (arguments parsed by :mod:`assistant.cli`)."""
    from assistant.evaluation.beir import load_beir

    under = parse_gates(args.fail_under or [], "--fail-under")
    over = parse_gates(args.fail_over or [], "--fail-over")
    if args.compare:
        a, b = (report.load_metrics(Path(p)) for p in args.compare)
        print(report.compare(a, b))
        return 0
    if bool(args.questions) == bool(args.beir):
        raise InputError("give a question set (dossier eval QUESTIONS.jsonl) or --beir DIR")
    if args.beir:
        folder = Path(args.beir)
        load_beir(folder)  # a bad folder fails before anything loads
        if not args.collection:
            settings = settings.model_copy(update={"collection": beir_collection(folder)})
        modes = args.retriever or [settings.retriever]
        metrics = evaluate_beir(settings, folder, modes, args.k or 200, args.quiet)
        out = args.out or default_out(f"beir-{folder.resolve().name}")
        written = report.write_run(out, metrics)
        print(report.beir_report(metrics))
    else:
        questions = Path(args.questions)
        cases = load_cases(questions)  # a bad file fails before anything loads
        if args.corpus and not Path(args.corpus).exists():
            raise InputError(f"--corpus {args.corpus} does not exist; give a folder of articles")
        if args.retriever:
            settings = settings.model_copy(update={"retriever": args.retriever[-1]})
        if args.corpus:
            with scratch_settings(settings) as scratch:
                ingest(scratch, [Path(args.corpus)], args.quiet)
                metrics, results = evaluate_questions(scratch, questions, cases, args.k, args.quiet)
            metrics["run"]["corpus"] = str(args.corpus)
        else:
            metrics, results = evaluate_questions(settings, questions, cases, args.k, args.quiet)
        out = args.out or default_out(questions.stem)
        written = report.write_run(out, metrics, results)
        print(headline(metrics))
    print(f"wrote {', '.join(str(p) for p in written)}")
    failures = check_gates(metrics, under, over)
    for failure in failures:
        print(f"dossier: gate failed: {failure}", file=sys.stderr)
    return EXIT_BELOW_GATE if failures else 0


def headline(metrics: dict[str, Any]) -> str:
    """The few numbers worth a glance, one line each."""
    f = report.fmt
    lat = metrics["latency_ms"]

    def ms(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1f}"

    return "\n".join([
        f"answer accuracy {f(metrics['answer']['accuracy'])}, F1 {f(metrics['answer']['f1'])}, "
        f"short answer right {f(metrics['answer']['short_right'])} "
        f"(precision {f(metrics['answer']['short_precision'])})",
        f"refusals: {f(metrics['refusal']['refusal_rate'])} of unanswerable, "
        f"{f(metrics['refusal']['false_refusal_rate'])} of answerable (false refusals); "
        f"refused or answered with a caution: {f(metrics['refusal'].get('refused_or_cautioned'))}"
        f" of unanswerable, cautions on {f(metrics['refusal'].get('cautioned_answerable'))} of "
        "answered answerable",
        f"citations: precision {f(metrics['citations']['precision'])}, support recall "
        f"{f(metrics['citations']['support_recall'])}, sentences cited "
        f"{f(metrics['citations']['sentence_coverage'])}",
        f"retrieval: hit@{metrics['retrieval']['k']} {f(metrics['retrieval']['hit_at_k'])}, "
        f"MRR {f(metrics['retrieval']['mrr'])}",
        f"verification: {f(metrics['verification']['supported_rate'])} of sentences supported, "
        f"{f(metrics['verification']['caught_wrong'])} of wrong answers flagged, "
        f"{f(metrics['verification']['flagged_right'])} of right ones",
        "latency p50/p95 ms: "
        + ", ".join(f"{stage} {ms(lat[stage]['p50'])}/{ms(lat[stage]['p95'])}" for stage in lat),
    ])  # fmt: skip
