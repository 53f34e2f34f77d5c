"""The name of a thing a question asks for, where no kind of entity answers it: a work's
title in quotation marks ("Which film brought Williams his first Oscar nomination?":
“Valley of the Dolls”), the name before the noun asked ("Which clan is he a member of?":
"the Hawiye clan"), or the name after "known as" ("What nickname does Belan go by?":
“Magg”)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from assistant.answer import ShortAnswer
from assistant.language import STOPWORDS, already_named, content_terms

# "What is the name of the book ...?", "Which film ...?", "By what nickname ...?": the noun,
# after the words that only qualify it ("what native american tribe").
_NAME_OF = re.compile(
    r"\b[Nn]ames?\s+(?:of|for)\s+(?:the|a|an|his|her|its|their)\s+(?:[A-Z][\w\-]*\s+)*"
    r"(?:[\w\-]+['’]s\s+)?(?:[a-z\-]+\s+)?([a-z\-]+)\b"
)
_WHICH = re.compile(
    r"^\W*(?:(?:and|by|in|on|for|from|of|under)\s+(?:the\s+[a-z]+\s+of\s+)?)?(?:which|what)\s+"
    r"(?:(?:[a-z\-]{3,}(?:an|ese|ish|al|ic|ive|ern|ous)|new|old|first|last|original|specific|"
    r"current|main|former)\s+(?!(?:is|was|are|were|do|does|did|has|have|had|will|would|can|"
    r"could)\b)){0,2}([a-z\-]+)\b(?!\s+of\b)",
    re.IGNORECASE,
)
# Words after "which"/"what" that are no noun of a thing ("What is ...?", "What did ...?").
_NOT_NOUNS = re.compile(
    r"is|was|are|were|do|does|did|has|have|had|will|would|can|could|should|kind|sort|type|"
    r"happened|happens|made|makes|caused|causes|led|role|part|way|time|day|year|month|date|"
    r"percentage|share|number|amount|age|price|cost"
)
# Nouns of works, whose names news gives in quotation marks.
_WORKS = re.compile(
    r"film|movie|song|album|book|novel|series|show|play|poem|opera|musical|single|title|"
    r"documentary|programme|program|painting|game|episode|slogan|catchphrase|motto"
)
_NICKNAME_ASKED = re.compile(r"\b(?:nick)?names?\b|\bcalled\b|\bknown\s+as\b", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"]([A-Z][^“”\"]{0,60}?)[,.]?[”\"]")
_KNOWN_AS = re.compile(
    r"\b(?:known\s+as|aka|a\.k\.a\.|nicknamed|dubbed|called|named)\s+[“\"]?"
    r"([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3})"
)
# A name's words, with the small ones and an aside inside it ("Representation of the People
# (Equal Franchise) Act")
_NAME_RUN = r"(?:(?:[A-Z][\w’'\-]*|\([A-Z][^()]{0,40}\))\s+(?:(?:of|the|and|for|on)\s+)*){1,6}"


class Located(Protocol):
    text: str
    start: int
    chunk_id: str


@lru_cache(maxsize=256)
def asked_noun(question: str) -> str | None:
    """The noun of the thing asked for ("film" of "Which film brought ...?"), or None."""
    found = _NAME_OF.search(question) or _WHICH.search(question)
    if found is None:
        return None
    noun = found.group(1).lower()
    return None if _NOT_NOUNS.fullmatch(noun) or noun in STOPWORDS else noun


def thing_named(question: str, evidence: Sequence[Located]) -> ShortAnswer | None:
    """The name the evidence gives the thing asked for (see the module), nearest the
    question's words; None when it gives none the question does not already give."""
    noun = asked_noun(question)
    if noun is None:
        return None
    stem = re.escape(noun.rstrip("s"))
    run = re.compile(rf"\b(?:the\s+)?({_NAME_RUN}(?i:{stem})s?)\b")  # "the Hawiye clan"
    patterns = [run]
    if _WORKS.fullmatch(noun) or _NICKNAME_ASKED.search(question):
        patterns.append(_QUOTED)
    if _NICKNAME_ASKED.search(question):
        patterns.insert(0, _KNOWN_AS)
    terms = set(content_terms(question))
    for pattern in patterns:
        found = [
            (sentence, match)
            for sentence in evidence
            for match in pattern.finditer(sentence.text)
            if not already_named(match.group(1), question)
            and (
                pattern is not run
                or _a_name(match.group(1), question, not sentence.text[: match.start(1)].strip())
            )
        ]
        if found:
            sentence, match = min(found, key=lambda f: _distance(f[0].text, f[1], terms))
            start = sentence.start + match.start(1)
            text = match.group(1).strip()
            return ShortAnswer(text, start, start + len(text), 0, sentence.chunk_id)
    return None


def _a_name(run: str, question: str, opening: bool) -> bool:
    """Whether the words before the noun name it: not "His book", nor "Gorsuch's book", nor
    only the question's own words capitalised because they open the sentence (``opening``:
    "Cruise ships" to "What is the name of the cruise ship ...?"; but "the Kenya
    Independence Act" may answer "Under which act did Kenya become independent?")."""
    said = run.split()
    fresh = set(content_terms(" ".join(said[:-1]))) - set(content_terms(question))
    return (
        said[0].lower() not in STOPWORDS
        and not any(w.endswith(("'s", "’s")) for w in said)
        and (bool(fresh) or not opening)
    )


def _distance(text: str, match: re.Match[str], terms: set[str]) -> int:
    """Characters from the span to the nearest of the question's terms in ``text``."""
    spots = [
        m.start()
        for m in re.finditer(r"[A-Za-z][\w’'\-]*", text)
        if not match.start(1) <= m.start() < match.end(1) and set(content_terms(m.group(0))) & terms
    ]
    return min((abs(s - match.start(1)) for s in spots), default=10_000)


def named_first(question: str, typed: list[Any], pool: Sequence[Any], share: float) -> list[Any]:
    """``typed`` (sentences, best first, with ``score`` and ``evidence()``) led by the best
    of ``pool`` that names the thing a question asks the name of, when it scores at least
    ``share`` of the best: "His book, “The Future of Assisted Suicide and Euthanasia,”
    examines ..." for "What is the name of the book Gorsuch wrote?", not a sentence about
    the book. Not for "What car ...?": "Volvo Cars" may be any car of the articles."""
    if not pool or not _NAME_OF.search(question) or asked_noun(question) is None:
        return typed
    floor = pool[0].score * share
    named = next(
        (s for s in pool if s.score >= floor and thing_named(question, [s.evidence()])), None
    )
    return typed if named is None else [named, *(t for t in typed if t is not named)]


def named_beside(
    question: str, typed: list[Any], neighbours: Sequence[Any], carry: float
) -> list[Any]:
    """``typed`` (sentences, best first) led by a neighbour of the best (``neighbours``, of its
    passage) that names the thing asked for where the best names none: the fact told over two
    sentences ("... suspensions on six Russian cross-country skiers ... . The decision was
    made in the wake of the infamous McLaren Report." to "In the wake of which report ...?").
    The neighbour must hold a word of the question besides the noun; it takes ``carry`` of
    the best's score."""
    if not typed or asked_noun(question) is None or thing_named(question, [typed[0].evidence()]):
        return typed
    best = typed[0]
    # tied to the question by more than the noun ("wake" of "in the wake of which report")
    tied = set(content_terms(question)) - set(content_terms(asked_noun(question) or ""))
    for other in neighbours:
        if other is not best and other.terms & tied and thing_named(question, [other.evidence()]):
            other.score = max(other.score, best.score * carry)
            return [other, *(t for t in typed if t is not other)]
    return typed
