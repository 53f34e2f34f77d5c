"""The offline answerer: picks the sentences of the retrieved passages that answer.

No LLM. Every candidate sentence of the passages is scored against the
question by meaning (embedding similarity) and by words (IDF-weighted overlap
of content terms); the best one or two become the answer, each cited with its
exact span. It refuses, saying the articles don't say, when

- the question names something (a name, a number) that no passage mentions;
- the best sentence scores under the calibrated threshold;
- the question asks for a kind of answer (a person, a date, a number, an
  organisation, a place) that no good candidate sentence contains.

Thresholds were calibrated on ``eval/seeds.jsonl`` with
``bench/calibrate_extractive.py``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from assistant.answer import REFUSAL, Answer, cite
from assistant.language import STOPWORDS, answer_type, content_terms, has_type, names, words
from assistant.vectors import SentenceVectors
from vectorstore.errors import ConfigurationError

DEFAULT_MIN_SCORE = 0.44
DEFAULT_DENSE_WEIGHT = 0.5
DEFAULT_MAX_SENTENCES = 2
DEFAULT_SECOND_RATIO = 0.92
MAX_CANDIDATES = 16
TYPE_BONUS = 0.05
NAMED_KINDS = frozenset({"person", "organization", "place"})
NEIGHBOUR_WEIGHT = 0.4


@dataclass
class Sentence:
    """A candidate sentence with where it came from."""

    text: str
    start: int
    end: int
    doc: Document
    rank: int
    position: int  # index of the sentence within its passage
    score: float = 0.0


def sentences_of(doc: Document, rank: int) -> list[Sentence]:
    """The sentences of a retrieved passage, from its stored span table."""
    table = json.loads(doc.metadata.get("spans", "[]") or "[]")
    out = []
    for position, (offset, start, end) in enumerate(table):
        text = doc.page_content[offset : offset + (end - start)]
        out.append(Sentence(text, start, end, doc, rank, position))
    return out


class ExtractiveAnswerer:
    """Answers with cited sentences of the passages, or refuses.

    Example:
        >>> answerer = ExtractiveAnswerer(embeddings)              # doctest: +SKIP
        >>> answer = answerer.answer("Who called the deal predatory?", docs)  # doctest: +SKIP

    Args:
        embeddings: Embeds the question and candidate sentences.
        min_score: Refuse when the best sentence scores below this.
        dense_weight: Share of the score from embedding similarity (the rest
            is word overlap).
        max_sentences: Most sentences in an answer (context sentences for a
            pronoun-only quote come on top).
        vectors: Share a sentence-vector cache (with the verifier).
    """

    name = "extractive"

    def __init__(
        self,
        embeddings: Embeddings,
        min_score: float = DEFAULT_MIN_SCORE,
        dense_weight: float = DEFAULT_DENSE_WEIGHT,
        max_sentences: int = DEFAULT_MAX_SENTENCES,
        vectors: SentenceVectors | None = None,
    ) -> None:
        if not 0.0 <= dense_weight <= 1.0:
            raise ConfigurationError(f"dense_weight must be in [0, 1], got {dense_weight}")
        if max_sentences <= 0:
            raise ConfigurationError(f"max_sentences must be > 0, got {max_sentences}")
        self.embeddings = embeddings
        self.min_score = min_score
        self.dense_weight = dense_weight
        self.max_sentences = max_sentences
        self.vectors = vectors or SentenceVectors(embeddings)

    def answer(self, question: str, docs: list[Document]) -> Answer:
        """Answers ``question`` from ``docs`` (best first)."""
        candidates = self._candidates(docs)
        if not candidates or self._names_missing(question, docs):
            return Answer(REFUSAL, refused=True)
        self._score(question, candidates)
        kind = answer_type(question)
        ranked = sorted(candidates, key=lambda s: -s.score)
        typed = [s for s in ranked if has_type(self._with_context(s, candidates), kind, question)]
        if kind in NAMED_KINDS:
            # A fresh name of the kind asked for is evidence in itself (dates and numbers
            # are too common in news to count).
            for s in typed:
                s.score += TYPE_BONUS
        if not typed or typed[0].score < self.min_score:
            return Answer(REFUSAL, refused=True, score=typed[0].score if typed else None)
        chosen = [typed[0]]
        for other in typed[1:]:
            if (
                len(chosen) >= self.max_sentences
                or other.score < typed[0].score * DEFAULT_SECOND_RATIO
            ):
                break
            if other.text not in chosen[0].text:
                chosen.append(other)
        answer = self._compose(chosen, candidates, kind, question)
        answer.score = typed[0].score
        return answer

    def scores(self, question: str, docs: list[Document]) -> list[Sentence]:
        """All candidate sentences scored, best first (for calibration and debugging)."""
        candidates = self._candidates(docs)
        self._score(question, candidates)
        return sorted(candidates, key=lambda s: -s.score)

    @staticmethod
    def _candidates(docs: list[Document]) -> list[Sentence]:
        seen: set[tuple[str, int]] = set()
        out = []
        for rank, doc in enumerate(docs):
            for sentence in sentences_of(doc, rank):
                key = (str(doc.metadata.get("source")), sentence.start)
                if key not in seen and len(words(sentence.text)) >= 3:
                    seen.add(key)
                    out.append(sentence)
        return out

    @staticmethod
    def _names_missing(question: str, docs: list[Document]) -> bool:
        # A name or number the question relies on that no passage mentions: the
        # passages are about something else ("Who won the 2022 World Cup?").
        body = " ".join(words(" ".join(d.page_content for d in docs)))
        wanted = [w for n in names(question) for w in words(n) if w not in STOPWORDS]
        wanted += [w for w in words(question) if w.isdigit()]
        return any(w[:6] not in body for w in wanted)

    def _score(self, question: str, candidates: list[Sentence]) -> None:
        if not candidates:
            return
        terms = set(content_terms(question))
        own = [set(content_terms(s.text)) for s in candidates]
        # Terms of the neighbouring sentences count part-way: a quote's speaker,
        # or the topic, is often named in the sentence before.
        at = {(id(s.doc), s.position): i for i, s in enumerate(candidates)}
        near: list[set[str]] = []
        for s in candidates:
            context: set[str] = set()
            for step in (-1, 1):
                j = at.get((id(s.doc), s.position + step))
                if j is not None:
                    context |= own[j]
            near.append(context)
        df = Counter(t for ts in own for t in ts)
        n = len(candidates)
        idf = {t: math.log(1 + n / (1 + df[t])) for t in terms}
        total = sum(idf.values()) or 1.0
        lexical = [
            sum(
                idf[t] * (1.0 if t in own[i] else NEIGHBOUR_WEIGHT if t in near[i] else 0.0)
                for t in terms
            )
            / total
            for i in range(n)
        ]
        # Embed only the most promising sentences: the answer must stay fast.
        order = sorted(range(n), key=lambda i: (-lexical[i], candidates[i].rank))[:MAX_CANDIDATES]
        vectors = self.vectors.embed([candidates[i].text for i in order])
        dense = vectors @ np.asarray(self.embeddings.embed_query(question), dtype=np.float32)
        for i in range(n):
            candidates[i].score = (1 - self.dense_weight) * lexical[i] - 1.0
        for j, i in enumerate(order):
            rank_bonus = 0.02 * (1 / (1 + candidates[i].rank))
            candidates[i].score = (
                self.dense_weight * float(dense[j])
                + (1 - self.dense_weight) * lexical[i]
                + rank_bonus
            )

    def clear_cache(self) -> None:
        """Forgets the sentence embeddings kept between questions."""
        self.vectors.clear()

    @staticmethod
    def _previous(sentence: Sentence, candidates: list[Sentence]) -> Sentence | None:
        for other in candidates:
            if other.doc is sentence.doc and other.position == sentence.position - 1:
                return other
        return None

    def _with_context(self, sentence: Sentence, candidates: list[Sentence]) -> str:
        previous = self._previous(sentence, candidates)
        if previous is not None and _leans_on_previous(sentence.text):
            return previous.text + " " + sentence.text
        return sentence.text

    def _compose(
        self, chosen: list[Sentence], candidates: list[Sentence], kind: str, question: str
    ) -> Answer:
        parts: list[Sentence] = []
        for sentence in chosen:
            previous = self._previous(sentence, candidates)
            needs = _leans_on_previous(sentence.text) and not has_type(
                sentence.text, kind, question
            )
            if previous is not None and needs and previous not in parts:
                parts.append(previous)
            if sentence not in parts:
                parts.append(sentence)
        citations, text = [], []
        for n, s in enumerate(parts, 1):
            citations.append(cite(s.doc, n, s.text, s.start, s.end))
            text.append(f"{s.text} [{n}]")
        return Answer(" ".join(text), refused=False, citations=citations)


def _leans_on_previous(text: str) -> bool:
    """A sentence whose subject is a pronoun ("… ,” he said.") needs the one before it."""
    lowered = " " + " ".join(words(text)) + " "
    return any(
        f" {p} {v} " in lowered
        for p in ("he", "she", "they")
        for v in ("said", "says", "argued", "added", "continued", "told", "wrote", "noted")
    ) or (words(text)[:1] in (["he"], ["she"], ["they"], ["it"], ["this"]))
