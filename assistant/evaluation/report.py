"""Writes a run to disk (metrics.json, results.jsonl, report.md, plots) and compares runs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.evaluation.runner import CaseResult
from assistant.evaluation.summary import flatten
from vectorstore.errors import InputError

MAX_FAILURES_SHOWN = 50


def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def write_run(
    out: Path, metrics: dict[str, Any], results: Sequence[CaseResult] | None = None
) -> list[Path]:
    """Writes the run's files into ``out``; returns their paths."""
    from assistant.evaluation import plots

    out.mkdir(parents=True, exist_ok=True)
    written = [out / "metrics.json", out / "report.md"]
    written[0].write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", "utf-8")
    if results is not None:
        lines = (json.dumps(r.to_dict(), ensure_ascii=False) for r in results)
        (out / "results.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
        written.append(out / "results.jsonl")
        written += plots.answer_plots(out, metrics, results)
        written[1].write_text(answer_report(metrics, results), "utf-8")
    else:
        written += plots.beir_plots(out, metrics)
        written[1].write_text(beir_report(metrics), "utf-8")
    return written


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(fmt(v).replace("|", "\\|") for v in row) + " |" for row in rows]
    return lines + [""]


def answer_report(metrics: dict[str, Any], results: Sequence[CaseResult]) -> str:
    run = metrics["run"]
    lines = [
        f"# Evaluation: {run['questions']}",
        "",
        f"{metrics['cases']['total']} cases ({metrics['cases']['answerable']} answerable, "
        f"{metrics['cases']['unanswerable']} unanswerable, {metrics['cases']['multi_turn']} "
        f"multi-turn); answerer `{run['answerer']}`, retriever `{run['retriever']}`, "
        f"k={metrics['retrieval']['k']}, collection `{run['collection']}`, {run['when']}.",
        "",
        "## Metrics",
        "",
    ]
    flat = {k: v for k, v in flatten(metrics).items() if not k.startswith(("run.", "by_cat"))}
    lines += _table(["metric", "value"], sorted(flat.items()))
    lines += ["## By category", ""]
    lines += _table(
        ["category", "cases", "handled"],
        [(name, c["cases"], c["handled"]) for name, c in metrics["by_category"].items()],
    )
    failures = [r for r in results if r.outcome not in ("correct", "refused") or _wrong_refusal(r)]
    lines += [f"## Failures ({len(failures)})", ""]
    for r in failures[:MAX_FAILURES_SHOWN]:
        lines += [f"### {r.id} ({r.category}): {r.outcome}", ""]
        lines += [f"- question: {' / '.join(r.turns)}"]
        if r.standalone_question and r.standalone_question != r.turns[-1]:
            lines += [f"- searched for: {r.standalone_question}"]
        lines += [f"- answer: {r.error or r.answer}"]
        lines += [f"- gold: {' | '.join(r.gold) if r.gold else '(refuse)'}"]
        lines += [f"- citation [{c['n']}] {c['source']}: “{c['quote']}”" for c in r.citations]
        lines += [
            f"- unsupported (score {s['score']:.2f}): {s['text']}"
            for s in r.checked
            if not s["supported"]
        ]
        if r.notice:
            lines += [f"- notice: {r.notice}"]
        lines += [f"- first supporting passage at rank: {fmt(r.retrieval_rank)}", ""]
    if len(failures) > MAX_FAILURES_SHOWN:
        lines += [f"(and {len(failures) - MAX_FAILURES_SHOWN} more in results.jsonl)", ""]
    # A lead the reader sees first, wrong, even where the answer's evidence holds the gold.
    leads = [r for r in results if not r.unanswerable and r.short_answer and not r.short_correct]
    lines += [f"## Wrong short answers ({len(leads)})", ""]
    lines += _table(
        ["case", "question", "short answer", "gold", "outcome"],
        [(r.id, r.standalone_question or r.turns[-1], r.short_answer, " | ".join(r.gold),
          r.outcome) for r in leads[:MAX_FAILURES_SHOWN]],
    )  # fmt: skip
    lines += ["Plots: ![by category](by_category.png) ![latency](latency.png)", ""]
    return "\n".join(lines)


def _wrong_refusal(r: CaseResult) -> bool:
    return not r.unanswerable and r.refused


def beir_report(metrics: dict[str, Any]) -> str:
    run = metrics["run"]
    lines = [f"# Retrieval: {run['beir']}", ""]
    lines += [
        f"{metrics['queries']} judged queries, {metrics['chunks_in_store']} chunks in collection "
        f"`{run['collection']}`, {run['chunks_per_query']} chunks per query, {run['when']}.",
        "",
    ]
    rows = [
        (name, r["ndcg@10"], r["recall@10"], r["recall@100"], r["mrr@10"],
         r["latency_ms"]["p50"], r["latency_ms"]["p95"])
        for name, r in metrics["retrievers"].items()
    ]  # fmt: skip
    header = ["retriever", "nDCG@10", "recall@10", "recall@100", "MRR@10", "p50 ms", "p95 ms"]
    return "\n".join(lines + _table(header, rows) + ["![retrievers](retrievers.png)", ""])


def load_metrics(path: Path) -> dict[str, Any]:
    """Reads a run's metrics.json (given the file or its folder)."""
    file = path / "metrics.json" if path.is_dir() else path
    try:
        data = json.loads(file.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {file}: {exc}; give a dossier eval --out folder") from None
    if not isinstance(data, dict):
        raise InputError(f"{file} is not a dossier eval metrics.json")
    return data


def compare(a: dict[str, Any], b: dict[str, Any]) -> str:
    """A table of every number in either run: A, B and B - A."""
    fa, fb = flatten(a), flatten(b)
    keys = [k for k in dict.fromkeys([*fa, *fb]) if not k.startswith("run.")]
    width = max(map(len, keys), default=6)
    lines = [f"{'metric':<{width}}  {'A':>10}  {'B':>10}  {'B - A':>10}"]
    for key in keys:
        va, vb = fa.get(key), fb.get(key)
        diff = f"{vb - va:+10.3f}" if va is not None and vb is not None else f"{'':>10}"
        lines.append(f"{key:<{width}}  {fmt(va):>10}  {fmt(vb):>10}  {diff}")
    return "\n".join(lines)
