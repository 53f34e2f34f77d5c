"""Answers "Who took the photo of ...?" from the credit line under the matching caption.

The caption that best matches what the question says the photo shows is found
as any evidence is (:meth:`ExtractiveAnswerer.analyse`), and the same refusal
model decides whether to answer; the short answer is who the credit line says
took the picture ("Jim Watson" of "Jim Watson/AFP via Getty Images").
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from langchain_core.documents import Document

from assistant.answer import REFUSAL, Answer, ShortAnswer, cite, lead_text
from assistant.candidates import window
from assistant.compound import Part
from assistant.language import answer_type, own_words
from assistant.mentions import missing_share
from assistant.refusal import signals
from vectorstore.credits import credited

if TYPE_CHECKING:
    from assistant.extractive import ExtractiveAnswerer


# "Who took the photo of ...?", "Whose photo shows ...?", "Who is credited for the picture?"
PHOTO_CREDIT_ASKED = re.compile(
    r"\bwhose (?:photo|picture|image|photograph)s?\b|\bphotographer\b|"
    r"\b(?:photo|picture|image) credits?\b|\bwho photographed\b|"
    r"\bwho (?:took|shot|snapped|is credited (?:for|with)|was credited (?:for|with))\b"
    r".*\b(?:photo|picture|image|photograph)s?\b|"
    r"\b(?:photo|picture|image|photograph)s?\b.*\bcredited\b|"
    r"\bwhich (?:\w+ )?agenc(?:y|ies)\b.*\b(?:photo|picture|image|photograph)s?\b|"
    r"\b(?:supplied|provided|distributed)\b.*\b(?:photo|picture|image|photograph)s?\b",
    re.IGNORECASE,
)
# "Which news agency supplied the picture ...?": the agency of the credit, not who took it.
AGENCY_ASKED = re.compile(r"\b(?:agenc(?:y|ies)|wire service|news service)\b", re.I)


# What a photo-credit question says about the photo rather than about what it shows.
_PHOTO_WORDS = re.compile(
    r"\b(?:who|whose|which|took|taken|shot|snapped|photo(?:graph)?(?:ed|er)?s?|pictures?|"
    r"images?|credit(?:ed|s)?|is|was|for|with|the|that|this|file|shows?|showing|"
    r"agenc(?:y|ies)|news|wire|supplied|provided|distributed|along)\b",
    re.IGNORECASE,
)


def photo_subject(question: str) -> str:
    """What a photo-credit question says the photo shows ("Zelenskyy's press conference in
    Kyiv?" of "Who took the photo of Zelenskyy's press conference in Kyiv?")."""
    return " ".join(_PHOTO_WORDS.sub(" ", question).split()) or question


def asks_photo_credit(question: str) -> bool:
    """Whether the question (not the one it follows up on) asks who took a picture."""
    return PHOTO_CREDIT_ASKED.search(own_words(question)) is not None


def photo_credit(answerer: ExtractiveAnswerer, question: str, docs: list[Document]) -> Part | None:
    """The answer from the best-matching caption's credit line (or a refusal), or None
    when no passage at hand has a credit line: then it is a question like any other."""
    subject = photo_subject(question)
    found = answerer.analyse(subject, docs)
    captions = [s for s in found.ranked if s.credit is not None]
    if not captions:
        return None
    best, credit = captions[0], captions[0].credit
    assert credit is not None
    kind = answer_type(question) or "person"
    held = set().union(*(w.terms for w in window(best, found.candidates)))
    features = signals(
        subject,
        kind,
        best,
        found.ranked,
        held,
        [c.terms for c in found.candidates],
        typed=True,
        missing=missing_share(subject, docs),
    )
    found = replace(found, question=question, kind=kind, typed=[best], features=features)
    probability = answerer.model.probability(features)
    if answerer.refuses(probability, features):
        return Part(question, Answer(REFUSAL, refused=True, score=probability), found)
    start, end = credited(credit.text, AGENCY_ASKED.search(question) is not None, question)
    short = ShortAnswer(
        credit.text[start:end],
        credit.start + start,
        credit.start + end,
        n=2,
        chunk_id=credit.evidence().chunk_id,
    )
    shown = [best, credit]
    citations = [cite(s.doc, n, s.text, s.start, s.end) for n, s in enumerate(shown, 1)]
    text = f"{lead_text(short, kind)} {best.text} [1] {credit.text} [2]"
    answer = Answer(text, refused=False, citations=citations, short_answer=short)
    answer.score = round(probability, 4)
    return Part(question, answer, found)
