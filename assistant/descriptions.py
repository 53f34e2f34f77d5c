"""What an article says a person is, for "Who is Benjamin Jensen?": the description after
the name ("a senior fellow in the Futures Lab at ..."), what the article says he is ("Gorsuch,
49, is a judge on ..."), or the title before the name ("Treasury Secretary Scott Bessent")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from assistant.answer import ShortAnswer
from assistant.language import PERSON_NOUNS, asked_name


class Located(Protocol):
    """A sentence with where it starts in its article and its passage's chunk id."""

    text: str
    start: int
    chunk_id: str


# What an article says a person is, right after the name: "John Hardie, the deputy director of
# the Foundation for Defense of Democracies' Russia Program, said ..." (a period inside "U.S." or
# "Feb. 28" does not end it).
_DESCRIBED = r"((?:the|a|an|one of the)\s(?:[^,;:!?“”\"()—.]|\.(?=\S))+)"
_APPOSITIVE = rf",\s+{_DESCRIBED}"
_RELATIVE = re.compile(r"\s+(?:who|whose|whom|which|that)\s")
# A US politician's party and state between the name and the description: ", R-S.C.".
_PARTY = r"(?:,\s+[RDI]-[A-Z][\w.]*)?"
# A capitalised title ending in a person noun, right before the name: "Treasury Secretary",
# "Ukraine’s President" (not the "Sen." abbreviation: no description).
_TITLE = (
    r"\b((?:(?!(?:But|And|The|A|An|In|On|At|As|So|Then|When|While|After|Before|Former)\b)"
    rf"[A-Z][\w\-]*(?:['’]s)?\s+){{0,2}}?(?=[A-Z])(?i:{PERSON_NOUNS})"
    # "US Secretary of Commerce Howard Lutnick": the post's department is part of the title
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)??)?)\s+"
)


def description(question: str, evidence: Sequence[Located]) -> ShortAnswer | None:
    """For "Who is Benjamin Jensen?": the description the evidence gives after his name ("a
    senior fellow in the Futures Lab at ..."), or None (and for every other question)."""
    name = asked_name(question)
    if not name:
        return None
    surname = re.escape(name.split()[-1])
    after = re.compile(rf"\b(?:{re.escape(name)}|{surname})\b{_PARTY}{_APPOSITIVE}")
    # Else what the article says he is: "Gorsuch, 49, is a judge on the 10th Circuit ...";
    # else the title before the name: "Ukraine’s President Volodymyr Zelenskyy".
    named = rf"\b(?:{re.escape(name)}|{surname})\b"
    aside = r"(?:,(?:[^,;“”\"]|,(?=\s*\d)){1,80},)?"  # ", who turns 85 on Feb. 8, 2017,"
    copula = re.compile(rf"{named}{aside}\s+(?:is|was)\s+{_DESCRIBED}")
    before = re.compile(rf"{_TITLE}(?:[A-Z][\w’'\-]+\s+){{0,2}}{surname}\b")
    for pattern in (after, copula, before):
        for sentence in evidence:
            if found := pattern.search(sentence.text):
                start = sentence.start + found.start(1)
                # "a dual Norwegian citizen who once worked as ...": the noun, not the clause.
                text = _RELATIVE.split(found.group(1))[0].rstrip()
                return ShortAnswer(text, start, start + len(text), 0, sentence.chunk_id)
    return None
