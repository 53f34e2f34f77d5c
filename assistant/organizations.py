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


# Kinds of organisation whose names say what they are: a court is no college.
_ORG_KINDS = {
    "education": {"university", "college", "school", "academy", "institute", "polytechnic"},
    "court": {"court", "tribunal"},
    "party": {"party"},
    "bank": {"bank"},
    "club": {"club"},
    "government": {"ministry", "department", "agency", "commission", "committee", "council",
                   "office", "bureau", "service", "parliament", "senate", "congress"},
    "company": {"company", "corporation", "inc", "ltd", "plc", "llc", "airline", "airlines"},
    "media": {"station", "channel", "network", "newspaper", "broadcaster", "outlet", "radio",
              "magazine", "news", "television", "tv"},
    "charity": {"foundation", "charity", "trust"},
}  # fmt: skip
_KIND_OF = {word: kind for kind, said in _ORG_KINDS.items() for word in said}
_STUDIED_AT = re.compile(
    r"\b(?:go|goes|went|going|gone)\s+to\s+(college|school|university|law\s+school)\b|"
    r"\b(?:studi\w*|graduat\w*|attend\w*|enrol\w*)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def _asked_org_kind(question: str) -> str:
    asked = ORG_ASKED.search(question.lower())
    if asked is not None:
        return _KIND_OF.get(asked.group(3), "")
    return "education" if _STUDIED_AT.search(question) else ""


def org_fits(name: str, question: str) -> bool:
    """Whether an organisation named ``name`` can be the kind the question asks for: its
    name says it is of another kind ("the Supreme Court" to "Where did he go to college?",
    "the Senate Judiciary Committee" to "Which party ...?"). A name that says nothing of
    its kind ("Harvard", "Uber") fits any."""
    asked = _asked_org_kind(question)
    if not asked or asked in ("company", "government"):  # "company": a bank is one too
        return True
    said = {_KIND_OF.get(w) for w in name.lower().replace("-", " ").split()} - {None}
    return not said or asked in said
