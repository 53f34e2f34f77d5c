"""Rewrites a follow-up question into one that stands alone, without an LLM.

"Which organization does he work for?" after "Who called the minerals deal
predatory?" (answered "… Hardie argued …") becomes "Which organization does
Hardie work for?". A follow-up that leans on the conversation in another way
("When was it proposed?", "And Putin?") keeps its words and carries the
previous question along, so the search still finds the topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.language import content_terms, persons

Message = dict[str, str]
_PERSON_PRONOUNS = re.compile(r"\b(he|him|his|she|her|hers)\b", re.IGNORECASE)
_OTHER_PRONOUNS = re.compile(
    r"\b(it|its|they|them|their|this|that|these|those|there|then)\b", re.IGNORECASE
)
_ELLIPSIS = re.compile(r"^\s*(and|what about|how about|and what about|what of)\b", re.IGNORECASE)
_CITATION = re.compile(r"\s*\[\d+\]")


def _last(history: Sequence[Message], role: str) -> str:
    for message in reversed(history):
        if message.get("role") == role and message.get("content", "").strip():
            return _CITATION.sub("", message["content"]).strip()
    return ""


def _last_person(history: Sequence[Message]) -> str | None:
    # The most recent exchange first; within it the answer, then the question.
    for message in reversed(history):
        found = persons(_CITATION.sub("", message.get("content", "")))
        if found:
            # The speaker named last in the message is the one a pronoun points to.
            return found[0] if message.get("role") == "assistant" else found[-1]
    return None


def condense(question: str, history: Sequence[Message]) -> str:
    """The standalone form of ``question`` given the conversation ``history``.

    Args:
        question: The new user message.
        history: Earlier messages, ``{"role": "user" | "assistant", "content": str}``.

    Returns:
        ``question`` itself when it needs no context.
    """
    question = question.strip()
    if not history:
        return question
    rewritten = question
    if _PERSON_PRONOUNS.search(question):
        person = _last_person(history)
        if person:

            def replace(match: re.Match[str]) -> str:
                word = match.group(1).lower()
                return f"{person}’s" if word in ("his", "hers") else person

            rewritten = _PERSON_PRONOUNS.sub(replace, question)
    needs_topic = (
        _OTHER_PRONOUNS.search(rewritten) is not None
        or _ELLIPSIS.search(rewritten) is not None
        or len(content_terms(rewritten)) <= 1
    )
    previous = _last(history, "user")
    if needs_topic and previous and rewritten == question:
        return f"{question} (following up on: {previous})"
    return rewritten
