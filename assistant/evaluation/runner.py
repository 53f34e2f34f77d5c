"""Asks every case of a question set and scores each answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.evaluation import metrics
from assistant.evaluation.questions import Case
from assistant.pipeline import Assistant
from assistant.streaming import Done, Retrieved


@dataclass
class CaseResult:
    """What the assistant did on one case, and how it scored."""

    id: str
    category: str
    turns: list[str]
    unanswerable: bool
    gold: list[str]
    support: list[str]
    answer: str
    refused: bool
    standalone_question: str
    citations: list[dict[str, Any]]
    timings_ms: dict[str, float]
    short_answer: str | None = None
    correct: bool = False
    short_correct: bool = False
    f1: float = 0.0
    sentences: int = 0
    cited_sentences: int = 0
    supporting_citations: int = 0
    retrieval_rank: int | None = None
    checked: list[dict[str, Any]] = field(default_factory=list)
    answerer: str = ""
    notice: str = ""
    error: str | None = None
    passages: list[str] = field(default_factory=list, repr=False)

    @property
    def flagged(self) -> bool:
        """Verification found at least one sentence the cited passages do not support."""
        return any(not s["supported"] for s in self.checked)

    @property
    def outcome(self) -> str:
        """correct / wrong / refused (answerable); refused / answered (unanswerable)."""
        if self.error:
            return "error"
        if self.unanswerable:
            return "refused" if self.refused else "answered"
        if self.refused:
            return "refused"
        return "correct" if self.correct else "wrong"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("passages")
        return {**out, "outcome": self.outcome}


def run_case(assistant: Assistant, case: Case, k: int | None = None) -> CaseResult:
    """Asks the case's turns in order (each answer joins the history) and scores the last."""
    history: list[dict[str, str]] = []
    for turn in case.turns[:-1]:
        earlier = assistant.ask(turn, history=history, k=k)
        history += [
            {"role": "user", "content": turn},
            {"role": "assistant", "content": earlier.answer},
        ]
    answer, docs = None, []
    for event in assistant.stream(case.turns[-1], history=history, k=k):
        if isinstance(event, Retrieved):
            docs = event.passages  # exactly what the answerer was given
        elif isinstance(event, Done):
            answer = event.answer
    assert answer is not None
    citations = answer.to_dict()["citations"]
    result = CaseResult(
        id=case.id,
        category=case.group,
        turns=list(case.turns),
        unanswerable=case.unanswerable,
        gold=list(case.answers),
        support=list(case.support),
        answer=answer.answer,
        refused=answer.refused,
        standalone_question=answer.standalone_question,
        citations=citations,
        timings_ms=dict(answer.timings_ms),
        passages=[d.page_content for d in docs],
        checked=answer.to_dict()["sentences"],
        answerer=answer.answerer,
        notice=answer.notice,
        short_answer=answer.short_answer.text if answer.short_answer else None,
    )
    return score(result)


def score(result: CaseResult) -> CaseResult:
    """Fills in the per-case metrics from the answer, citations and passages."""
    if not result.refused:
        sentences = metrics.answer_sentences(result.answer)
        result.sentences = len(sentences)
        result.cited_sentences = sum(map(metrics.is_cited, sentences))
    if result.unanswerable:
        return result
    result.correct = not result.refused and metrics.contains_answer(result.answer, result.gold)
    result.short_correct = (
        not result.refused
        and result.short_answer is not None
        and metrics.short_answer_right(result.short_answer, result.gold)
    )
    result.f1 = 0.0 if result.refused else metrics.token_f1(result.answer, result.gold)
    result.supporting_citations = sum(
        metrics.supports(c["text"], result.support) or metrics.supports(c["quote"], result.support)
        for c in result.citations
    )
    result.retrieval_rank = metrics.first_hit(result.passages, result.support)
    return result


def run_all(
    assistant: Assistant,
    cases: Sequence[Case],
    k: int | None = None,
    progress: Callable[[CaseResult], None] | None = None,
) -> list[CaseResult]:
    """Runs every case; a case that raises is recorded as an error, not fatal."""
    from vectorstore.errors import DossierError

    results = []
    for case in cases:
        try:
            result = run_case(assistant, case, k)
        except DossierError as exc:
            result = CaseResult(
                id=case.id, category=case.group, turns=list(case.turns),
                unanswerable=case.unanswerable, gold=list(case.answers),
                support=list(case.support), answer="", refused=False,
                standalone_question="", citations=[], timings_ms={}, error=str(exc),
            )  # fmt: skip
        results.append(result)
        if progress:
            progress(result)
    return results
