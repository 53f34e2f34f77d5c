"""The candidate sentences of retrieved passages, and how they sit together.

Each passage stores where every sentence sits in it and in the article (its span
table); a :class:`Sentence` is one of them as the extractive answerer scores it.
A photo-credit line is not a candidate: it hangs on the caption above it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace

from langchain_core.documents import Document

from assistant.answer import ShortAnswer
from assistant.entities import is_speaker
from assistant.furniture import story_start
from assistant.language import persons, words
from assistant.quotes import all_quoted, complete_quotes, open_quotes, quotation_alone, unquoted
from assistant.shortanswer import Evidence


@dataclass(eq=False)
class Sentence:
    """A candidate sentence with where it came from and how it scored."""

    text: str
    start: int
    end: int
    doc: Document
    rank: int
    position: int  # index of the sentence within its passage
    offset: int = 0  # where it starts in the passage text
    score: float = 0.0
    coverage: float = 0.0  # IDF-weighted share of the question's terms it (or its neighbours) holds
    dense: float = 0.0  # embedding similarity to the question (0 when not embedded)
    terms: frozenset[str] = frozenset()  # its content terms (stemmed), counted once per query
    credit: Sentence | None = None  # the photo-credit line under it, when it is a caption

    def evidence(self) -> Evidence:
        """The sentence as the short-answer finder takes it."""
        return Evidence(
            self.text, self.start, str(self.doc.id or self.doc.metadata.get("chunk_id"))
        )


@dataclass
class Analysis:
    """What the answerer found for a question: the ranked evidence and the refusal signals."""

    question: str
    kind: str
    candidates: list[Sentence]
    ranked: list[Sentence]
    typed: list[Sentence]
    features: dict[str, float]
    missing_all: bool  # every name and number the question relies on is absent
    shorts: dict[int, ShortAnswer | None] = field(default_factory=dict, repr=False)  # by id


def sentences_of(doc: Document, rank: int) -> list[Sentence]:
    """The sentences of a retrieved passage, from its stored span table.

    A photo-credit line is not one of them: it is the ``credit`` of each sentence of
    the caption line above it. Nor is web-page furniture ("Share this with",
    "Learn more"): a sentence it was glued to starts where the story does.
    """
    table = json.loads(doc.metadata.get("spans", "[]") or "[]")
    credits = set(json.loads(doc.metadata.get("credits") or "[]"))
    out: list[Sentence] = []
    for position, (offset, start, end) in enumerate(table):
        text = doc.page_content[offset : offset + (end - start)]
        if position not in credits:
            lead = story_start(text)
            if lead is not None:
                out.append(
                    Sentence(text[lead:], start + lead, end, doc, rank, position, offset + lead)
                )
            continue
        sentence = Sentence(text, start, end, doc, rank, position, offset)
        expected = position - 1
        for caption in reversed(out):  # back to the start of the caption's line
            if caption.position != expected or caption.credit is not None:
                break
            caption.credit = sentence
            if not caption.offset or doc.page_content[caption.offset - 1] == "\n":
                break
            expected -= 1
    return out


def window(s: Sentence, candidates: list[Sentence]) -> list[Sentence]:
    """``s`` with its neighbours in the passage."""
    return [c for c in candidates if c.doc is s.doc and abs(c.position - s.position) <= 1]


def sentence_before(sentence: Sentence, candidates: list[Sentence]) -> Sentence | None:
    """The sentence before ``sentence`` in its passage, when it is a candidate too; for the
    first sentence of a passage, the article's sentence that ends right before it in another
    passage at hand ("He's also said that ..." opens a passage; the one before names Trump)."""
    for other in candidates:
        if other.doc is sentence.doc and other.position == sentence.position - 1:
            return other
    if sentence.position > 0:
        return None
    at = sentence.start
    before = [c for c in same_article(sentence, candidates) if c.end <= at and at - c.end <= 3]
    return max(before, key=lambda c: c.end) if before else None


_PRONOUN_SPEAKS = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\s+(?:said|says|added|argued|told|continued|wrote|noted)\b"
)


def speaker_before(
    sentence: Sentence, candidates: list[Sentence], depth: int = 8
) -> Sentence | None:
    """The sentence before ``sentence``; for one whose speaker is a pronoun ("She said ROSPA
    did not see ...") after a quotation of several sentences that name nobody, the sentence
    that opens the quotation and names who speaks ("Public health adviser Sheila Merrill
    said: “...", in this passage or the one before); the sentence before when none within
    ``depth`` does."""
    previous = sentence_before(sentence, candidates)
    if previous is None or not _PRONOUN_SPEAKS.search(sentence.text):
        return previous
    article = same_article(sentence, candidates)
    earlier: Sentence | None = previous
    quoted = False
    while earlier is not None and depth > 0:
        if persons(unquoted(earlier.text)):
            return earlier if quoted or earlier is previous else previous
        quoted = quoted or bool(re.search(r"[“”\"]", earlier.text))
        at = earlier.start
        before = [c for c in article if c.end <= at and at - c.end <= 3]
        earlier, depth = (max(before, key=lambda c: c.end) if before else None), depth - 1
    return previous


def same_article(s: Sentence, candidates: list[Sentence]) -> list[Sentence]:
    source = s.doc.metadata.get("source")
    return [c for c in candidates if c.doc.metadata.get("source") == source]


def joined(sentences: list[Sentence]) -> list[Sentence]:
    """A whole quotation as one sentence when one passage holds it as the article does;
    its sentences as they are otherwise."""
    first, last = sentences[0], sentences[-1]
    one_passage = all(s.doc is first.doc for s in sentences)
    if (
        len(sentences) == 1
        or not one_passage
        or last.offset - first.offset != last.start - first.start
    ):
        return sentences
    text = first.doc.page_content[first.offset : last.offset + (last.end - last.start)]
    best = max(sentences, key=lambda s: s.score)
    return [replace(first, text=text, end=last.end, score=best.score)]


def in_reading_order(parts: list[Sentence]) -> list[Sentence]:
    """Sentences of one passage in the article's order; passages in the order they were chosen."""
    groups: dict[int, list[Sentence]] = {}
    order: list[int] = []
    for s in parts:
        key = id(s.doc)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(s)
    return [s for key in order for s in sorted(groups[key], key=lambda s: s.start)]


def quotation_of(
    sentence: Sentence, candidates: list[Sentence]
) -> tuple[list[Sentence], Sentence | None, bool]:
    """``sentence`` with the rest of its quotation; the sentence before it, or before the whole
    quotation when that is a quotation alone, of one sentence or several (who says it); and
    whether it is one alone."""
    whole = complete_quotes(sentence, same_article(sentence, candidates))
    alone = quotation_alone(w.text for w in whole)
    return whole, speaker_before(whole[0] if alone else sentence, candidates), alone


def leans_on_previous(text: str) -> bool:
    """A sentence whose subject is a pronoun ("… ,” he said.") needs the one before it."""
    lowered = " " + " ".join(words(text)) + " "
    return any(
        f" {p} {v} " in lowered
        for p in ("he", "she", "they")
        for v in ("said", "says", "argued", "added", "continued", "told", "wrote", "noted")
    ) or (words(text)[:1] in (["he"], ["she"], ["they"], ["it"], ["this"]))


def said_by(s: Sentence, candidates: list[Sentence], surname: str, depth: int = 2) -> bool:
    """Whether ``s`` is (part of) a quotation the person of ``surname`` speaks: named as its
    speaker outside the quotation marks of its whole quotation (“We get our money back,”
    Trump said of the deal.), or as the subject the sentence opens on ("Trump then turned
    to ..., calling it a “wasted trip.”"); not "a comment made by Sen. Lindsey Graham, a
    staunch Trump ally: “...”"; or in the sentence before it for "..., he said.". A quotation
    with no speaker of its own goes on with the words of the one before it (“...,” he said.
    “The theory of victory is ...”)."""
    whole = complete_quotes(s, same_article(s, candidates))
    text = " ".join(w.text for w in whole)
    if not re.search(r"[“\"]", text):
        return False
    if re.match(rf"\W*(?:[A-Z][\w.’'\-]*\s+){{0,3}}{re.escape(surname)}\b", s.text):
        return True
    for named in re.finditer(rf"\b{re.escape(surname)}\b", text):
        if open_quotes(text[: named.start()]) <= 0 and is_speaker(text, *named.span()):
            return True
    previous = sentence_before(whole[0], candidates)
    if previous is None:
        return False
    if leans_on_previous(text) and surname in previous.text:
        return True
    return depth > 0 and all_quoted(text) and said_by(previous, candidates, surname, depth - 1)


# "MOSCOW, February 7. /TASS/.": where and when the article was filed, which answers nothing
_DATELINE = re.compile(r"[A-Z][A-Z .'\-]+,\s+[A-Z][a-z]+\.?\s+\d{1,2}\.?\s*/[A-Z][\w\- ]*/\.?")


def candidate_sentences(docs: list[Document]) -> list[Sentence]:
    """The sentences of the passages (best first) that may answer: once each, three words
    or more, not a dateline."""
    seen: set[tuple[str, int]] = set()
    out = []
    for rank, doc in enumerate(docs):
        for sentence in sentences_of(doc, rank):
            key = (str(doc.metadata.get("source")), sentence.start)
            if (
                key not in seen
                and len(words(sentence.text)) >= 3
                and not _DATELINE.fullmatch(sentence.text.strip())
            ):
                seen.add(key)
                out.append(sentence)
    return out
