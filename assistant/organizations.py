"""Organisations a question asks for by their kind ("Which chip maker ...?", "Which party
...?"): the names the evidence so calls, which spaCy may type otherwise."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.entities import Entity
from assistant.language import ORG_ASKED, content_terms

_BESIDE = 40  # characters: about six words either side of a name

ORG_NOUN_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:[\w\-]+\s+){0,2}?(party|union|bank|university|college|school|"
    r"council|committee|agency|institute|foundation|company|club|court|commission|ministry)\b",
    re.IGNORECASE,
)


_ANY_ORG = {"organization", "organisation", "group", "company", "firm", "institution"}


@lru_cache(maxsize=256)
def asked_org_words(question: str) -> frozenset[str]:
    """The terms of the kind of organisation a question asks for ("Which chip maker ...?":
    "chip", "maker"), not a bare "company" or "organisation" that any would be."""
    asked = ORG_ASKED.search(question.lower())
    if asked is None:
        return frozenset()
    said = f"{asked.group(2)} {asked.group(3)}".split()
    return frozenset(content_terms(" ".join(w for w in said if w not in _ANY_ORG)))


def called_so(kind_said: frozenset[str], text: str, start: int, end: int) -> bool:
    """Whether the evidence calls the name at ``text[start:end]`` the kind of organisation
    asked for, in the words right around it ("US computer chip giant Intel", "the GMB
    union" for "Which chip maker ...?", "Which union ...?")."""
    if not kind_said:
        return False
    # Only the words of its own noun phrase: back to the last word that ends one, on to the
    # first (not the "school" of "at the Juilliard School of Music after serving in the Air
    # Force").
    before = _PHRASE_END.split(text[max(0, start - _BESIDE) : start])[-1]
    after = _PHRASE_END.split(text[end : end + _BESIDE // 2])[0]
    return bool(set(content_terms(f"{before} {after}")) & kind_said)


_PHRASE_END = re.compile(
    r"[,;:.()—–]|\s-\s|\b(?:the|a|an|of|in|at|after|before|with|by|for|from|to|on|and|or|as|"
    r"that|which|who|is|was|are|were|has|had|have|said|says)\b",
    re.IGNORECASE,
)


def names_ending(text: str, noun: str) -> list[Entity]:
    """The capitalised names in ``text`` whose last word is ``noun`` ("PJD Party")."""
    found = []
    for m in re.finditer(rf"\b(?:[A-Z][\w’'\-]*\s+){{1,4}}(?i:{noun})s?\b", text):
        if m.group(0).split()[-1][:1].isupper():  # "PJD Party", not "the PJD party"
            found.append(Entity(m.group(0), "ORG", m.start(), m.end()))
    return found
