"""Citation verification: is each sentence of an answer in the passage it cites?

Works on any answerer's :class:`Answer`. Every sentence is compared with the
sentences (and pairs of adjacent sentences) of each passage it cites: by words
(the share of its content terms the span contains) and by meaning (cosine of
the embeddings). The best span becomes the citation's ``quote``, with its exact
offsets in the article, and its score decides whether the sentence is
supported. Citations to passages that were never given are removed.

The threshold and the weight were calibrated on ``eval/seeds.jsonl`` with
``bench/calibrate_verification.py`` (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Literal

from langchain_core.documents import Document

from assistant.answer import (
    REFUSAL,
    Answer,
    CheckedSentence,
    Citation,
    ShortAnswer,
    cite,
    doc_id,
)
from assistant.language import content_terms, normalize_answer
from assistant.quotes import MAX_EXTRA, open_quotes, whole_quotes
from assistant.vectors import SentenceVectors
from vectorstore.errors import ConfigurationError
from vectorstore.sentences import split_sentences

DEFAULT_THRESHOLD = 0.76
DEFAULT_DENSE_WEIGHT = 0.25
Policy = Literal["off", "flag", "drop"]
POLICIES: tuple[Policy, ...] = ("off", "flag", "drop")

_MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d+(?:\s*,\s*\d+)*\])+")


@dataclass
class Span:
    """An exact span of an article inside a passage."""

    text: str
    start: int
    end: int
    doc: Document


_ENDED_BY_MARKER = re.compile(r"(?<=[.!?] \[\d\])\s+(?=[“\"A-Z])")  # after the lead's marker


def cited_sentences(text: str) -> list[tuple[str, list[int]]]:
    """Splits answer text into ``(sentence without markers, cited numbers)``.

    Markers that open a sentence ("… predatory. [1] He …") belong to the one before.

    Example:
        >>> cited_sentences("Hardie said so [1]. [2] He left. [3]")
        [('Hardie said so.', [1, 2]), ('He left.', [3])]
    """
    out: list[tuple[str, list[int]]] = []
    # "U.S. [1] The deal ...": the splitter reads an abbreviation there, the marker ends it.
    spans = []
    for a, b in split_sentences(text):
        for m in _ENDED_BY_MARKER.finditer(text, a, b):
            if open_quotes(text[: m.start()]) == 0:  # not inside a quotation
                spans.append((a, m.start()))
                a = m.end()
        spans.append((a, b))
    for start, end in whole_quotes(text, spans):
        sentence = text[start:end]
        leading = _LEADING_MARKERS.match(sentence)
        if leading and out:
            out[-1][1].extend(_numbers(leading.group(0)))
            sentence = sentence[leading.end() :]
        numbers = _numbers(sentence)
        claim = " ".join(_MARKER.sub("", sentence).split())
        claim = re.sub(r"\s+([.!?,;:])", r"\1", claim)
        if claim:
            out.append((claim, numbers))
        elif numbers and out:
            out[-1][1].extend(numbers)
    for _, numbers in out:
        numbers[:] = list(dict.fromkeys(numbers))
    return out


def _numbers(text: str) -> list[int]:
    return [int(n) for group in _MARKER.findall(text) for n in re.split(r"\s*,\s*", group)]


def passage_spans(doc: Document) -> list[Span]:
    """Each sentence of a passage, and each pair of adjacent sentences."""
    table = _table(doc)
    spans = [Span(doc.page_content[o : o + (e - b)], b, e, doc) for o, b, e in table]
    for (o1, b1, _), (o2, b2, e2) in zip(table, table[1:], strict=False):
        if o2 - o1 == b2 - b1:  # contiguous in the article as in the passage
            spans.append(Span(doc.page_content[o1 : o2 + (e2 - b2)], b1, e2, doc))
    # A quotation the splitter cut into sentences is also one span, whole.
    for i, (o1, b1, _) in enumerate(table):
        balance = open_quotes(spans[i].text)
        j = i
        while balance > 0 and j + 1 < len(table) and j - i < MAX_EXTRA:
            j += 1
            balance += open_quotes(spans[j].text)
        o2, b2, e2 = table[j]
        if j - i >= 2 and balance == 0 and o2 - o1 == b2 - b1:
            spans.append(Span(doc.page_content[o1 : o2 + (e2 - b2)], b1, e2, doc))
    return spans


def _table(doc: Document) -> list[tuple[int, int, int]]:
    """``(offset in passage, start, end in article)`` per sentence."""
    table = [(int(o), int(b), int(e)) for o, b, e in json.loads(doc.metadata.get("spans") or "[]")]
    if not table and doc.page_content.strip():
        start = int(doc.metadata.get("start", 0))
        table = [(0, start, start + len(doc.page_content))]
    return table


class Verifier:
    """Checks an answer's sentences against the passages they cite.

    Example:
        >>> verifier = Verifier(SentenceVectors(embeddings))   # doctest: +SKIP
        >>> checked = verifier.check(answer, docs)              # doctest: +SKIP
        >>> [(s.supported, s.score) for s in checked.sentences]  # doctest: +SKIP

    Args:
        vectors: Embeds sentences (shared with the extractive answerer's cache).
        threshold: A sentence is supported when its best span scores at least this.
        dense_weight: Share of the score from embedding similarity.
        policy: ``flag`` marks unsupported sentences; ``drop`` removes them (and
            refuses when none is left); ``off`` only resolves citations to spans.
    """

    def __init__(
        self,
        vectors: SentenceVectors,
        threshold: float = DEFAULT_THRESHOLD,
        dense_weight: float = DEFAULT_DENSE_WEIGHT,
        policy: Policy = "flag",
    ) -> None:
        if not 0.0 <= dense_weight <= 1.0:
            raise ConfigurationError(f"dense_weight must be in [0, 1], got {dense_weight}")
        if policy not in POLICIES:
            raise ConfigurationError(f"verify must be one of {', '.join(POLICIES)}, got {policy!r}")
        self.vectors = vectors
        self.threshold = threshold
        self.dense_weight = dense_weight
        self.policy = policy

    def score(self, claim: str, spans: list[Span]) -> list[float]:
        """The support score in [0, 1] of ``claim`` by each span."""
        if not spans:
            return []
        wanted = set(content_terms(claim))
        normal = normalize_answer(claim)
        scores = [0.0] * len(spans)
        dense_needed = []
        for i, span in enumerate(spans):
            if normal and normal in normalize_answer(span.text):
                scores[i] = 1.0  # quoted verbatim
            else:
                dense_needed.append(i)
        if dense_needed and 1.0 not in scores:  # a verbatim quote needs no other look
            own = [set(content_terms(spans[i].text)) for i in dense_needed]
            vectors = self.vectors.embed([spans[i].text for i in dense_needed])
            dense = vectors @ self.vectors.embed([claim])[0]
            for j, i in enumerate(dense_needed):
                lexical = len(wanted & own[j]) / len(wanted) if wanted else 0.0
                mixed = self.dense_weight * float(dense[j]) + (1 - self.dense_weight) * lexical
                scores[i] = min(1.0, max(0.0, mixed))
        return scores

    def _best_passage(
        self, claim: str, docs: list[Document], spans_of: dict[str, list[Span]]
    ) -> tuple[int | None, float]:
        """The 1-based passage whose best span supports ``claim`` most, and that score."""
        best: tuple[int | None, float] = (None, 0.0)
        for n, doc in enumerate(docs, 1):
            spans = spans_of.setdefault(doc_id(doc), passage_spans(doc))
            score = max(self.score(claim, spans), default=0.0)
            if score > best[1]:
                best = (n, score)
        return best

    def check(self, answer: Answer, docs: list[Document]) -> Answer:
        """The answer with citations resolved to exact spans and sentences checked.

        ``answer.citations`` name passages by ``chunk_id``; a marker ``[n]`` with
        no citation, or whose passage is not among ``docs``, is removed.
        """
        if answer.refused or not answer.answer.strip():
            return answer
        given = {doc_id(d): d for d in docs}
        by_n = {c.n: c for c in answer.citations if c.chunk_id in given}
        spans_of: dict[str, list[Span]] = {}
        numbering: dict[tuple[str, int, int], int] = {}
        citations: list[Citation] = []
        kept_text: list[str] = []
        checked: list[CheckedSentence] = []
        removed = 0
        added = 0
        sentences = cited_sentences(answer.answer)
        for i, (claim, numbers) in enumerate(sentences):
            valid = [n for n in numbers if n in by_n]
            removed += len(numbers) - len(valid)
            best_score, marks = 0.0, []
            resolved: list[tuple[int, Span, float]] = []
            if not valid and self.policy != "off":
                # No citation: the sentence gets one if a given passage supports it.
                n, score = self._best_passage(claim, docs, spans_of)
                if n is not None and score >= self.threshold:
                    by_n.setdefault(-n, cite(docs[n - 1], -n))
                    valid, added = [-n], added + 1
                else:
                    best_score = score
            for n in valid:
                chunk = by_n[n].chunk_id
                spans = spans_of.setdefault(chunk, passage_spans(given[chunk]))
                if not spans:
                    continue
                if self.policy == "off":
                    source = by_n[n]
                    span = (
                        Span(source.quote, source.start, source.end, given[chunk])
                        if source.quote and source.start >= 0
                        else _whole(given[chunk])
                    )
                    score = 0.0
                else:
                    scores = self.score(claim, spans)
                    top = max(range(len(scores)), key=scores.__getitem__)
                    score = scores[top]
                    if i == 0:  # the lead cites the sentence its short answer was taken from
                        top = _holding(answer.short_answer, chunk, spans, top)
                    span = spans[top]
                resolved.append((n, span, score))
            if any(score >= 1.0 for _, _, score in resolved):
                # A quotation told in two overlapping passages is cited to the span that holds
                # it whole, not also to the other passage's part of it.
                resolved = [r for r in resolved if r[2] >= 1.0]
            for n, span, score in resolved:
                key = (by_n[n].chunk_id, span.start, span.end)
                if key not in numbering:
                    numbering[key] = len(citations) + 1
                    citations.append(_citation(by_n[n], span, numbering[key]))
                if numbering[key] not in marks:
                    marks.append(numbering[key])
                best_score = max(best_score, score)
            supported = best_score >= self.threshold
            text = claim + "".join(f" [{m}]" for m in marks)
            if self.policy == "drop" and not supported:
                continue
            kept_text.append(text)
            checked.append(CheckedSentence(text, marks, supported, round(best_score, 4)))
        used = {m for s in checked for m in s.citations}
        citations = [c for c in citations if c.n in used]
        result = replace(answer, answer=" ".join(kept_text), citations=citations)
        result.sentences = checked if self.policy != "off" else []
        notes = [answer.notice] if answer.notice else []
        if added:
            notes.append(f"{added} uncited sentence(s) were cited to the passage supporting them.")
        if removed:
            notes.append(f"{removed} citation(s) to passages that were not given were removed.")
        dropped = len(sentences) - len(checked)
        if self.policy == "drop" and dropped:
            notes.append(f"{dropped} sentence(s) the cited passages do not support were removed.")
        result.notice = " ".join(notes)
        if not checked:
            result.answer, result.refused, result.citations = REFUSAL, True, []
        result = _renumbered(result)
        result.short_answer = _short_answer(result)
        return result


def _holding(short: ShortAnswer | None, chunk: str, spans: list[Span], default: int) -> int:
    """The index of the span of ``chunk`` that holds ``short``, else ``default``."""
    if short is not None and short.chunk_id == chunk:
        for k, span in enumerate(spans):
            if span.start <= short.start and short.end <= span.end:
                return k
    return default


def _short_answer(answer: Answer) -> ShortAnswer | None:
    """The short answer pointed at its citation after renumbering (None once its passage is
    no longer cited, e.g. its sentence was dropped)."""
    short = answer.short_answer
    if short is None or answer.refused:
        return None
    same = [c for c in answer.citations if c.chunk_id == short.chunk_id]
    inside = [c for c in same if c.start <= short.start and short.end <= c.end]
    chosen = (inside or same)[:1]
    return replace(short, n=chosen[0].n) if chosen else None


def _whole(doc: Document) -> Span:
    """The passage's own span of the article (when its sentences are contiguous)."""
    table = _table(doc)
    (o1, b1, _), (o2, b2, e2) = table[0], table[-1]
    if o2 - o1 == b2 - b1:
        return Span(doc.page_content[o1 : o2 + (e2 - b2)], b1, e2, doc)
    return Span(doc.page_content[o1 : o1 + (table[0][2] - b1)], b1, table[0][2], doc)


def _citation(source: Citation, span: Span, n: int) -> Citation:
    return replace(source, n=n, quote=span.text, start=span.start, end=span.end)


def _renumbered(answer: Answer) -> Answer:
    """Numbers citations 1..m in order of first use, after any were dropped."""
    order = {c.n: i for i, c in enumerate(answer.citations, 1)}
    if all(n == i for n, i in order.items()):
        return answer

    def swap(match: re.Match[str]) -> str:
        return f"[{order[int(match.group(1))]}]"

    answer.answer = re.sub(r"\[(\d+)\]", swap, answer.answer)
    for s in answer.sentences:
        s.text = re.sub(r"\[(\d+)\]", swap, s.text)
        s.citations = [order[n] for n in s.citations]
    for c in answer.citations:
        c.n = order[c.n]
    return answer
