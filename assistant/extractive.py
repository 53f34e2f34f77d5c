"""The offline answerer: picks the sentences of the retrieved passages that answer.

No LLM. Every candidate sentence of the passages is scored against the
question by meaning (embedding similarity) and by words (IDF-weighted overlap
of content terms); the best one or two become the evidence, each cited with its
exact span, led by the short answer (the name, date, number, place or quote the
question asks for). It refuses, saying the articles don't say, when

- the question names something (a name, a number) that no passage mentions;
- no good candidate holds the kind of answer the question asks for (a person,
  a date, a number, an organisation, a place), typed by spaCy's named entities;
- the refusal model (:mod:`assistant.refusal`, fitted on the development question sets
  only by ``bench/fit_refusal.py``) puts the chance that the evidence answers under its
  threshold, or one of its rules says the evidence is about something else.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from assistant.answer import REFUSAL, Answer, ShortAnswer, cite, lead_text
from assistant.candidates import (
    Analysis,
    Sentence,
    candidate_sentences,
    in_reading_order,
    joined,
    leans_on_previous,
    quotation_of,
    said_by,
    same_article,
    speaker_before,
    window,
)
from assistant.compound import (
    Part,
    Search,
    answer_parts,
    merged,
    naming,
    resolve_pronouns,
    split_compound,
)
from assistant.dates import is_calendar_date
from assistant.entities import (
    Entity,
    EntityTagger,
    names_a_person,
    of_kind,
)
from assistant.kinds import NAMED_KINDS, holds_kind
from assistant.language import (
    answer_type,
    asked_part,
    asks_who_someone_is,
    content_terms,
    has_type,
    new_terms,
    own_words,
    quoted_speaker,
)
from assistant.leads import refuses_lead
from assistant.mentions import missing_share
from assistant.photocredit import asks_photo_credit, photo_credit
from assistant.places import placed_elsewhere
from assistant.quotes import complete_quotes
from assistant.refusal import (
    CAUTION_NOTICE,
    RefusalModel,
    default_model,
    led_by_role,
    signals,
    tells_of_someone_else,
)
from assistant.searching import answer_searching
from assistant.shortanswer import find, terms_beside
from assistant.thingnames import asked_noun, named_beside, named_first
from assistant.vectors import SentenceVectors
from vectorstore.errors import ConfigurationError

DEFAULT_DENSE_WEIGHT = 0.5
DEFAULT_MAX_SENTENCES = 2
DEFAULT_SECOND_RATIO = 0.92
UNTYPED_SECOND_RATIO = 0.7  # no short answer leads ("Why ...?"): a second this close joins
DEFAULT_TYPING = "both"
TYPINGS = ("spacy", "rules", "both")
MAX_CANDIDATES = 12  # 16 gave the same forced answers on the dev parts (bench/sentence_scorer.py)
TYPED_POOL = 8  # the best sentences checked for the kind of answer asked
TYPE_BONUS = 0.05
NEAR_RATIO = 0.8  # sentences this close to the best may lead when their answer sits nearer
NEIGHBOUR_WEIGHT = 0.4
FOLLOW_UP_WEIGHT = 2.0  # of a follow-up's own new terms, against those of the question it carries
UNNAMED_PLACE = 0.6  # a typed "where" answer scoring under this share of the best is passed over
FAR_BEHIND = 0.45  # any other kind asked only under this share of the best: refused
CARRY = 0.9  # of the best match's score, to a typed sentence next to it (see _carry)


class ExtractiveAnswerer:
    """Answers with cited sentences of the passages, or refuses.

    Example:
        >>> answerer = ExtractiveAnswerer(embeddings)              # doctest: +SKIP
        >>> answer = answerer.answer("Who called the deal predatory?", docs)  # doctest: +SKIP
        >>> answer.short_answer.text                               # doctest: +SKIP
        'John Hardie'

    Args:
        embeddings: Embeds the question and candidate sentences.
        min_score: Answer when the refusal model's probability is at or over this
            (default: the threshold fitted with the model).
        dense_weight: Share of the score from embedding similarity (the rest: word overlap).
        max_sentences: Most sentences in an answer (plus context for a pronoun-only quote).
        vectors: Share a sentence-vector cache (with the verifier).
        typing: How a sentence is checked for the kind of answer asked:
            ``spacy`` (named entities), ``rules`` or ``both`` (either).
        model: The refusal model (default: the fitted one shipped with Dossier).
    """

    name = "extractive"

    def __init__(
        self,
        embeddings: Embeddings,
        min_score: float | None = None,
        dense_weight: float = DEFAULT_DENSE_WEIGHT,
        max_sentences: int = DEFAULT_MAX_SENTENCES,
        vectors: SentenceVectors | None = None,
        typing: str = DEFAULT_TYPING,
        model: RefusalModel | None = None,
    ) -> None:
        if not 0.0 <= dense_weight <= 1.0:
            raise ConfigurationError(f"dense_weight must be in [0, 1], got {dense_weight}")
        if max_sentences <= 0:
            raise ConfigurationError(f"max_sentences must be > 0, got {max_sentences}")
        if typing not in TYPINGS:
            raise ConfigurationError(f"typing must be one of {', '.join(TYPINGS)}, got {typing!r}")
        self.embeddings = embeddings
        self.model = model or default_model()
        self.min_score = self.model.threshold if min_score is None else min_score
        self.dense_weight = dense_weight
        self.max_sentences = max_sentences
        self.vectors = vectors or SentenceVectors(embeddings)
        self.typing = typing
        self.tagger = EntityTagger()

    searches_parts = True  # the pipeline passes ``search`` to :meth:`answer`

    def answer(self, question: str, docs: list[Document], search: Search | None = None) -> Answer:
        """Answers ``question`` from ``docs`` (best first); a compound question part by part.

        ``search`` finds passages for a later part of a compound question, once its pronouns
        are resolved: the passages found for the whole question may not hold its answer.
        """
        parts = split_compound(question)
        if len(parts) == 1:
            return self._searching(question, docs, search).answer
        first = self._searching(parts[0], docs, search)
        # "..., and which network is he an analyst for?": "he" is the first part's answer.
        short = first.answer.short_answer
        second = resolve_pronouns(parts[1], short, naming(short, docs, search), parts[0])
        own = merged(search(second), docs) if search is not None else docs
        return answer_parts(parts, [first, self._answer_one(second, own)], self.tagger)

    def _searching(self, question: str, docs: list[Document], search: Search | None) -> Part:
        return answer_searching(self._answer_one, self.tagger, question, docs, search)

    def analyse(self, question: str, docs: list[Document]) -> Analysis:
        """The evidence the answer would be made of and the signals the refusal model reads."""
        candidates = candidate_sentences(docs)
        kind = answer_type(question)
        if not candidates:
            return Analysis(question, kind, [], [], [], {}, True)
        # a follow-up's own names: the carried question's were checked when it was answered
        missing = missing_share(own_words(question), docs)
        self._score(question, candidates)
        ranked = sorted(candidates, key=lambda s: -s.score)
        typed: list[Sentence] = []
        for s in ranked[:TYPED_POOL]:  # typing costs a model call: stop once there are enough
            if self._typed(s, candidates, kind, question):
                typed.append(s)
                if len(typed) > self.max_sentences:
                    break
        if kind and ranked[0] not in typed:
            self._carry(ranked[0], candidates, kind, question, typed)
        if kind == "quote" and (speaker := quoted_speaker(question)):
            # "What did Trump say about the deal?": his words, not a sentence about him.
            said = [s for s in ranked[:TYPED_POOL] if said_by(s, candidates, speaker)]
            typed = [*said, *(t for t in typed if t not in said)]
        # A place need not be a name ("on a dendrite or soma"): a far better match without
        # one beats a poor one with one; with none, "where" is answered by it ("in the body").
        if kind == "place" and not typed and re.match(r"\W*where\b", question, re.I):
            kind, typed = "", ranked[: self.max_sentences + 1]
        elif kind == "place" and typed and typed[0].score < ranked[0].score * UNNAMED_PLACE:
            typed.insert(0, ranked[0])
        elif kind != "quote" and typed and typed[0].score < ranked[0].score * FAR_BEHIND:
            typed = []  # the kind asked only far behind the best match: not said ("when does
            # a firm shut down" answered by a TV show's last date)
        if not kind:  # "Which film ...?": a sentence that names one, or the best's neighbour
            typed = named_first(question, typed, ranked[:TYPED_POOL], FAR_BEHIND)
            around = [w for t in typed[:2] for w in window(t, candidates) if w not in typed[:2]]
            typed = named_beside(question, typed, around, CARRY)
        if kind in NAMED_KINDS:
            # A fresh name of the kind asked for is evidence in itself (dates and numbers
            # are too common in news to count).
            for s in typed:
                s.score += TYPE_BONUS
            typed.sort(key=lambda s: -s.score)
        best = typed[0] if typed else ranked[0]
        features = signals(
            asked_part(question),
            kind,
            best,
            ranked,
            set().union(*(w.terms for w in window(best, candidates))),
            [c.terms for c in candidates],
            typed=bool(typed),
            missing=missing,
        )
        return Analysis(question, kind, candidates, ranked, typed, features, missing >= 1.0)

    def _answer_one(self, question: str, docs: list[Document]) -> Part:
        # Only passages with a credit line can say who took a photo: no second analysis else.
        if asks_photo_credit(question) and any(d.metadata.get("credits") for d in docs):
            credit = photo_credit(self, question, docs)
            if credit is not None:
                return self._cautioned(credit)
        found = self.analyse(question, docs)
        if not found.features or found.missing_all or not found.typed:
            # Nothing to go on, every name the question relies on is absent, or no good
            # sentence holds the kind of answer asked for: rules, not a fit.
            return Part(question, Answer(REFUSAL, refused=True), found)
        probability = self.model.probability(found.features)
        if self.refuses(probability, found.features):
            return Part(question, Answer(REFUSAL, refused=True, score=probability), found)
        typed = self._nearest_answer_first(found, question)
        # "Who chairs the commission?": led by a sentence (or the one before) naming the post.
        typed = led_by_role(question, found.kind, typed, found.candidates)
        typed = self._asked_about_first(question, typed)
        pool = found.ranked[:TYPED_POOL]
        if not typed or refuses_lead(question, found.kind, typed[0], pool, self._people):
            return Part(question, Answer(REFUSAL, refused=True, score=probability), found)
        chosen = [typed[0]]
        # a thing's name ("Which film ...?") may lead, but no kind was asked: the untyped ratio
        kind_asked = bool(found.kind) or asks_who_someone_is(question)
        led = kind_asked and self._short_answer(typed[0], found, question) is not None
        ratio = DEFAULT_SECOND_RATIO if led else UNTYPED_SECOND_RATIO
        for other in typed[1:]:
            if len(chosen) >= self.max_sentences or other.score < typed[0].score * ratio:
                break
            if other.text not in chosen[0].text and chosen[0].text not in other.text:
                chosen.append(other)
        answer = self._compose(chosen, found, question)
        answer.score = round(probability, 4)
        return self._cautioned(Part(question, answer, found))

    def refuses(self, probability: float, features: dict[str, float]) -> bool:
        """Whether the refusal model's ``probability`` is under ``min_score``, or the
        off-topic model puts the question outside the collection (unless ``min_score`` is 0,
        which forces an answer: fitting, debugging)."""
        return probability < self.min_score or (
            self.min_score > 0 and self.model.off_topic_refuses(features)
        )

    def _cautioned(self, part: Part) -> Part:
        """The part, its answer with :data:`CAUTION_NOTICE` when the refusal model gave it a
        chance under its caution band."""
        answer = part.answer
        if not answer.refused and answer.score is not None and answer.score < self.model.caution:
            answer.notice = CAUTION_NOTICE
        return part

    def scores(self, question: str, docs: list[Document]) -> list[Sentence]:
        """All candidate sentences scored, best first (for calibration and debugging)."""
        candidates = candidate_sentences(docs)
        self._score(question, candidates)
        return sorted(candidates, key=lambda s: -s.score)

    def _score(self, question: str, candidates: list[Sentence]) -> None:
        if not candidates:
            return
        terms = set(content_terms(question))
        own = [set(content_terms(s.text)) for s in candidates]
        for s, held in zip(candidates, own, strict=True):
            s.terms = frozenset(held)
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
        for t in new_terms(question):
            # "And on organic farms? (following up on: How many earthworms live on ...
            # intensively farmed land?)": what the follow-up brings weighs more than the topic.
            idf[t] *= FOLLOW_UP_WEIGHT
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
            candidates[i].coverage = lexical[i]
            candidates[i].score = (1 - self.dense_weight) * lexical[i] - 1.0
        for j, i in enumerate(order):
            rank_bonus = 0.02 * (1 / (1 + candidates[i].rank))
            candidates[i].dense = float(dense[j])
            candidates[i].score = (
                self.dense_weight * float(dense[j])
                + (1 - self.dense_weight) * lexical[i]
                + rank_bonus
            )

    def _typed(self, s: Sentence, candidates: list[Sentence], kind: str, question: str) -> bool:
        """Whether ``s`` (with the sentence before, for "..., he said.") holds an answer of
        ``kind`` that the question does not already name."""
        if not kind or kind == "quote":
            return True
        if placed_elsewhere(question, s.text):  # "found in South Africa" to "... found in Kono"
            return False
        whole, previous, alone = quotation_of(s, candidates)
        texts = [w.text for w in whole]
        leans = leans_on_previous(texts[-1]) or alone
        if previous is not None and leans and previous.text not in texts:
            texts.insert(0, previous.text)
        return holds_kind(
            self.tagger,
            self.typing,
            texts,
            s.text,
            kind,
            question,
            lambda name: self._a_person(name, s, candidates),
        )

    def _a_person(self, name: str, s: Sentence, candidates: list[Sentence]) -> bool:
        """Whether the organisation ``name`` is a person's name in the article of ``s``."""
        return names_a_person(self.tagger, name, [c.text for c in same_article(s, candidates)])

    def _carry(
        self, best: Sentence, candidates: list[Sentence], kind: str, question: str, typed: list
    ) -> None:
        """A fact told over two sentences: the best match holds no answer of the kind asked
        ("A man was electrocuted ... in the bath."), the sentence next to it does ("Richard
        Bull died when ..."). That neighbour takes most of the best match's score."""
        for other in window(best, candidates):
            if other is best or not self._typed(other, candidates, kind, question):
                continue
            other.score = max(other.score, best.score * CARRY)
            if other not in typed:
                typed.append(other)
        typed.sort(key=lambda s: -s.score)

    def clear_cache(self) -> None:
        """Forgets the sentence embeddings kept between questions."""
        self.vectors.clear()

    def _compose(self, chosen: list[Sentence], found: Analysis, question: str) -> Answer:
        candidates = found.candidates
        parts: list[Sentence] = []
        for sentence in chosen:
            quotation, previous, alone = quotation_of(sentence, candidates)
            needs = (
                leans_on_previous(sentence.text)
                and not has_type(sentence.text, found.kind, question)
            ) or alone
            if previous is not None and needs and all(previous.start != p.start for p in parts):
                parts.append(previous)
            for whole in joined(quotation):
                if all(whole.start != p.start for p in parts):
                    parts.append(whole)
        parts = in_reading_order(parts)
        short = self._short_answer(chosen[0], found, question)
        if short is None and not found.kind and asked_noun(question):  # "Which film ...?": the
            # title may be in the sentence shown second
            short = next(
                filter(None, (self._short_answer(c, found, question) for c in chosen)), None
            )
        hidden = False  # the short answer's sentence is cited but not part of the evidence shown
        if short is not None:
            home = next(
                (
                    c for c in [*parts, *candidates]
                    if c.evidence().chunk_id == short.chunk_id
                    and c.start <= short.start and short.end <= c.end
                ),
                None,
            )  # fmt: skip
            if home is None:
                short = None
            elif all(not (p.start <= short.start < p.end) for p in parts):
                parts.insert(0, home)  # where the full name is: cited first, not shown
                hidden = True
        citations = [cite(s.doc, n, s.text, s.start, s.end) for n, s in enumerate(parts, 1)]
        text = [f"{s.text} [{n}]" for n, s in enumerate(parts, 1)]
        if short is not None:
            short.n = next(n for n, p in enumerate(parts, 1) if p.start <= short.start < p.end)
            text = [lead_text(short, found.kind), *(text[1:] if hidden else text)]
        return Answer(" ".join(text), refused=False, citations=citations, short_answer=short)

    def _nearest_answer_first(self, found: Analysis, question: str) -> list[Sentence]:
        """The typed sentences, led by the one of the close best (the first three, within
        NEAR_RATIO of the best score) whose short answer has most question terms beside it;
        for "Who is <name>?", by the best that says what the person is."""
        if asks_who_someone_is(question):
            # "Who is Hardie?": led by the best sentence that says what he is (the article's
            # first mention, usually: "John Hardie, the deputy director of ...").
            said = [s for s in found.ranked[:TYPED_POOL] if self._short_answer(s, found, question)]
            # "a judge on the 10th Circuit Court of Appeals" says more than the title "Judge".
            said.sort(key=lambda s: " " not in _text(self._short_answer(s, found, question)))
            return [*said[:1], *(t for t in found.typed if t not in said[:1])]
        pool = [t for t in found.typed[:3] if t.score >= found.typed[0].score * NEAR_RATIO]
        if len(pool) < 2 or found.kind in ("", "quote"):
            return found.typed
        # "And on organic farms?": of the close best, one that holds what the follow-up brings.
        pool = [t for t in pool if t.terms & set(new_terms(question))] or pool

        def beside(sentence: Sentence) -> int:
            short = self._short_answer(sentence, found, question)
            if short is None:
                return -1
            if not sentence.start <= short.start < sentence.end:
                return 0  # in the rest of its quotation ("..., Trump said of <him>."), or before
            start, end = short.start - sentence.start, short.end - sentence.start
            return terms_beside(question, found.kind, sentence.text, start, end)

        def dated(sentence: Sentence) -> bool:
            # "When did Bessent visit Kyiv?": "Feb. 12, 2025" says more than "earlier this month"
            short = self._short_answer(sentence, found, question)
            return found.kind == "date" and short is not None and is_calendar_date(short.text)

        lead = max(pool, key=lambda s: (dated(s), beside(s), s.score))
        return [lead, *(t for t in found.typed if t is not lead)]

    def _asked_about_first(self, question: str, typed: list[Sentence]) -> list[Sentence]:
        """The typed sentences, a lead that tells of someone the question does not ask about
        put after the first that does not (:func:`tells_of_someone_else`)."""

        def elsewhere(s: Sentence) -> bool:
            return tells_of_someone_else(question, s.text, self._people)

        if len(typed) < 2 or not elsewhere(typed[0]):
            return typed
        keep = next((t for t in typed[1:] if not elsewhere(t)), None)
        return typed if keep is None else [keep, *(t for t in typed if t is not keep)]

    def _people(self, text: str) -> list[Entity]:
        return of_kind(self.tagger.tag([text])[0], "person")

    def _short_answer(self, best: Sentence, found: Analysis, question: str) -> ShortAnswer | None:
        if not found.kind and not asks_who_someone_is(question) and not asked_noun(question):
            return None  # "Who is X?": a description; "Which film ...?": its name
        if id(best) in found.shorts:  # found once per sentence: _nearest_answer_first, _compose
            return found.shorts[id(best)]
        whole = complete_quotes(best, same_article(best, found.candidates))
        previous = speaker_before(whole[0], found.candidates)
        source = best.doc.metadata.get("source")
        article = [c.evidence() for c in found.candidates if c.doc.metadata.get("source") == source]
        found.shorts[id(best)] = short = find(
            self.tagger,
            question,
            found.kind,
            [w.evidence() for w in whole],
            previous.evidence() if previous is not None else None,
            article,
        )
        return short


def _text(short: ShortAnswer | None) -> str:
    return short.text if short is not None else ""
