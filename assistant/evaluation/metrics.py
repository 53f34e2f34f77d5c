"""Every number ``dossier eval`` reports, each defined in one place.

Answer metrics follow SQuAD's normalisation (lower case, no punctuation, no
articles, single spaces); support snippets are matched verbatim after
collapsing whitespace, since they are quotations of the source.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from assistant.language import normalize_answer
from assistant.quotes import whole_quotes
from vectorstore.sentences import split_sentences

_MARKERS = re.compile(r"^\s*((?:\[\d+\]\s*)+)")
_CITED = re.compile(r"\[\d+\]")


def contains_answer(answer: str, gold: Iterable[str]) -> bool:
    """Correct: some gold answer appears in the answer after normalisation."""
    text = f" {normalize_answer(_CITED.sub(' ', answer))} "
    return any(f" {g} " in text for g in map(normalize_answer, gold) if g)


def short_answer_right(short: str, gold: Iterable[str]) -> bool:
    """A short answer is right when it holds a gold answer ("President George W. Bush" for
    "George W. Bush") or is a whole-word part of one ("Oxford" for "Oxford University")."""
    said = normalize_answer(short)
    if not said:
        return False
    return contains_answer(short, gold) or any(
        f" {said} " in f" {normalize_answer(g)} " for g in gold if g
    )


def token_f1(answer: str, gold: Iterable[str]) -> float:
    """The best token-overlap F1 of the answer against any gold answer (SQuAD)."""
    predicted = normalize_answer(_CITED.sub(" ", answer)).split()
    best = 0.0
    for reference in gold:
        expected = normalize_answer(reference).split()
        common = sum((Counter(predicted) & Counter(expected)).values())
        if common:
            precision, recall = common / len(predicted), common / len(expected)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def answer_sentences(answer: str) -> list[str]:
    """The sentences of an answer, each with the citation markers that follow it (a quotation
    the splitter cut into several is one sentence, as the verifier reads it)."""
    sentences: list[str] = []
    for start, end in whole_quotes(answer, split_sentences(answer)):
        piece = answer[start:end]
        lead = _MARKERS.match(piece)
        if lead and sentences:
            sentences[-1] += " " + lead.group(1).strip()
            piece = piece[lead.end() :]
        if piece.strip():
            sentences.append(piece.strip())
    return sentences


def is_cited(sentence: str) -> bool:
    """A sentence is cited when it carries at least one ``[n]`` marker."""
    return bool(_CITED.search(sentence))


def supports(passage: str, snippets: Iterable[str]) -> bool:
    """A passage supports the answer when it contains a gold support snippet verbatim."""
    text = _squash(passage)
    return any(_squash(s) in text for s in snippets if s.strip())


def first_hit(passages: Sequence[str], snippets: Sequence[str]) -> int | None:
    """1-based rank of the first passage containing a support snippet, or None."""
    return next((i for i, p in enumerate(passages, 1) if supports(p, snippets)), None)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation, as numpy's default."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ratio(part: float, whole: float) -> float | None:
    """``part / whole``, or None when there is nothing to divide (shown as n/a)."""
    return part / whole if whole else None


def _squash(text: str) -> str:
    return " ".join(text.split())
