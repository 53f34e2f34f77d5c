"""Per-case results rolled up into the stable ``metrics.json`` keys.

Definitions (also in the README):

- ``answer.accuracy``: share of answerable cases whose answer contains a gold
  answer after normalisation (a refusal counts as wrong).
- ``answer.short_right``: share of answerable cases whose answer leads with a short
  answer (the name, date, number, place or quote asked for) that is right: it holds a
  gold answer or is a whole-word part of one; ``answer.short_given`` the share of
  answered answerable cases that lead with one, and ``answer.short_precision`` the
  share of those short answers that are right (what a reader who stops at the bold
  span gets).
- ``answer.f1``: mean over answerable cases of the best token F1 against the gold answers.
- ``citations.sentence_coverage``: share of sentences, over all non-refused answers,
  that carry a citation; ``citations.fully_cited`` the share of those answers
  in which every sentence does.
- ``citations.precision``: share of citations, in answers to answerable cases,
  whose passage or quote contains a support snippet.
- ``citations.support_recall``: share of answerable cases with at least one such citation.
- ``refusal.refusal_rate``: share of unanswerable cases refused;
  ``refusal.false_refusal_rate``: share of answerable cases refused.
- ``refusal.cautioned_unanswerable``: share of the answered unanswerable cases whose
  answer says the evidence matches only loosely (the refusal model's caution band);
  ``refusal.cautioned_answerable`` the same share of answered answerable cases (false
  alarms); ``refusal.refused_or_cautioned`` the share of unanswerable cases refused or
  answered with that notice.
- ``retrieval.hit_at_k`` / ``retrieval.mrr``: whether / how high (1/rank) the first
  retrieved passage containing a support snippet ranks among the k retrieved,
  over answerable cases with support snippets.
- ``verification.supported_rate``: share of checked answer sentences verification
  found supported by the passage they cite; ``verification.flagged_answers`` the
  share of answers with at least one unsupported sentence.
- ``verification.caught_wrong``: share of wrong answers (a wrong answer to an
  answerable case, or any answer to an unanswerable one) with at least one
  sentence flagged; ``verification.flagged_right`` the share of correct
  answers flagged (false alarms).
- ``answerers.<name>``: cases answered by each answerer (an LLM run that fell back
  to the extractive answer counts there).
- ``latency_ms.<stage>.p50|p95``: per case (the last turn), for condense, retrieve,
  answer, verify and total.
- ``by_category.<name>.handled``: share of the category's cases handled right
  (a correct answer, or a refusal when unanswerable).
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean
from typing import Any

from assistant.evaluation.metrics import percentile, ratio
from assistant.evaluation.runner import CaseResult
from assistant.refusal import CAUTION_NOTICE

STAGES = ("condense", "retrieve", "answer", "verify", "total")


def summarise(results: Sequence[CaseResult], k: int) -> dict[str, Any]:
    """The overall metrics of a run (None where a metric has no cases to count)."""
    ok = [r for r in results if not r.error]
    answerable = [r for r in ok if not r.unanswerable]
    unanswerable = [r for r in ok if r.unanswerable]
    answered = [r for r in ok if not r.refused]
    judged = [r for r in answerable if r.support]
    citations = sum(len(r.citations) for r in answerable)
    ranks = [r.retrieval_rank for r in judged]
    return {
        "cases": {
            "total": len(results),
            "answerable": len(answerable),
            "unanswerable": len(unanswerable),
            "multi_turn": sum(len(r.turns) > 1 for r in results),
            "errors": len(results) - len(ok),
        },
        "answer": {
            "accuracy": ratio(sum(r.correct for r in answerable), len(answerable)),
            "f1": fmean(r.f1 for r in answerable) if answerable else None,
            "short_right": ratio(sum(r.short_correct for r in answerable), len(answerable)),
            "short_given": ratio(
                sum(r.short_answer is not None for r in answerable if not r.refused),
                sum(not r.refused for r in answerable),
            ),
            "short_precision": ratio(
                sum(r.short_correct for r in answerable),
                sum(r.short_answer is not None for r in answerable if not r.refused),
            ),
        },
        "citations": {
            "sentence_coverage": ratio(
                sum(r.cited_sentences for r in answered), sum(r.sentences for r in answered)
            ),
            "fully_cited": ratio(
                sum(r.sentences > 0 and r.cited_sentences == r.sentences for r in answered),
                len(answered),
            ),
            "precision": ratio(sum(r.supporting_citations for r in answerable), citations),
            "support_recall": ratio(
                sum(r.supporting_citations > 0 for r in answerable), len(answerable)
            ),
        },
        "refusal": {
            "refusal_rate": ratio(sum(r.refused for r in unanswerable), len(unanswerable)),
            "false_refusal_rate": ratio(sum(r.refused for r in answerable), len(answerable)),
            **cautioned(answerable, unanswerable),
        },
        "retrieval": {
            "k": k,
            "hit_at_k": ratio(sum(rank is not None for rank in ranks), len(ranks)),
            "mrr": fmean(1 / rank if rank else 0.0 for rank in ranks) if ranks else None,
        },
        "verification": verification(answered),
        "answerers": {
            name: sum(r.answerer == name for r in ok) for name in sorted({r.answerer for r in ok})
        },
        "latency_ms": latency(ok),
        "by_category": by_category(results),
    }


def cautioned(
    answerable: Sequence[CaseResult], unanswerable: Sequence[CaseResult]
) -> dict[str, float | None]:
    """How often an answer came with the notice that its evidence matches only loosely."""

    def warned(r: CaseResult) -> bool:
        return not r.refused and CAUTION_NOTICE in r.notice

    given = [r for r in unanswerable if not r.refused]
    return {
        "cautioned_unanswerable": ratio(sum(map(warned, given)), len(given)),
        "cautioned_answerable": ratio(
            sum(map(warned, answerable)), sum(not r.refused for r in answerable)
        ),
        "refused_or_cautioned": ratio(
            sum(r.refused or warned(r) for r in unanswerable), len(unanswerable)
        ),
    }


def verification(answered: Sequence[CaseResult]) -> dict[str, float | None]:
    """How verification judged the answers given (refusals have nothing to check)."""
    checked = [r for r in answered if r.checked]
    sentences = [s for r in checked for s in r.checked]
    wrong = [r for r in checked if r.unanswerable or not r.correct]
    right = [r for r in checked if not r.unanswerable and r.correct]
    return {
        "supported_rate": ratio(sum(s["supported"] for s in sentences), len(sentences)),
        "flagged_answers": ratio(sum(r.flagged for r in checked), len(checked)),
        "caught_wrong": ratio(sum(r.flagged for r in wrong), len(wrong)),
        "flagged_right": ratio(sum(r.flagged for r in right), len(right)),
    }


def latency(results: Sequence[CaseResult]) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    for stage in STAGES:
        values = [r.timings_ms[stage] for r in results if stage in r.timings_ms]
        out[stage] = {
            "p50": round(percentile(values, 50), 2) if values else None,
            "p95": round(percentile(values, 95), 2) if values else None,
        }
    return out


def handled(result: CaseResult) -> bool:
    """Right answer, or a refusal when the articles don't say."""
    return result.refused if result.unanswerable else result.correct


def by_category(results: Sequence[CaseResult]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[CaseResult]] = {}
    for r in results:
        groups.setdefault(r.category, []).append(r)
    return {
        name: {"cases": len(rs), "handled": sum(handled(r) for r in rs) / len(rs)}
        for name, rs in sorted(groups.items())
    }


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """``{"answer": {"accuracy": 0.9}}`` -> ``{"answer.accuracy": 0.9}`` (numbers only)."""
    out: dict[str, float] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[name] = value
    return out
