"""Searching again for a person the passages found for a question name too thinly.

The passages retrieved for a question are those most like it; the sentence that says who
someone is, or gives their full name, may be elsewhere in the article:

- "Who is Hardie?": the passages found may all be about what he said, not the first mention
  that says who he is ("said John Hardie, the deputy director of ..."); so may those found
  for "Where does Hardie work?", which give only the surname;
- "..., Trump said of the Ukrainian president.": the passages that name him ("Ukrainian
  President Volodymyr Zelenskyy") may not be among those found.

A search for the name (or the description) alone finds them; the question is answered again
from both sets of passages, and that answer is kept when it gives the short answer the first
lacked.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from langchain_core.documents import Document

from assistant.compound import Part, Search, fullest_name, merged
from assistant.entities import EntityTagger, of_kind
from assistant.language import asked_name, asked_part, asks_who_someone_is, is_acronym, names
from assistant.titles import is_description

_TAGGED = 4  # sentences naming it read for whether it is a person's name
AnswerOne = Callable[[str, list[Document]], Part]


def answer_searching(
    answer_one: AnswerOne,
    tagger: EntityTagger,
    question: str,
    docs: list[Document],
    search: Search | None,
) -> Part:
    """``answer_one(question, docs)``, or the answer from ``docs`` and the passages a search
    for the person asked about finds, when that one has a short answer the first lacks."""
    part = answer_one(question, docs)
    if search is None:
        return part
    short = part.answer.short_answer
    name = asked_name(question) if asks_who_someone_is(question) else ""
    kind: str = getattr(part.analysis, "kind", "")
    if short is None and not name and kind:
        name = surname_only(tagger, question, docs)  # a kind was asked, none found
    if name and short is None:
        again = answer_one(question, merged(docs, search(name)))
        return again if again.answer.short_answer is not None else part
    if short is not None and is_description(short.text):
        again = answer_one(question, merged(docs, search(short.text)))
        named = again.answer.short_answer
        return again if named is not None and not is_description(named.text) else part
    return part


def surname_only(tagger: EntityTagger, question: str, docs: list[Document]) -> str:
    """The one-word name of a person the question asks about ("Hardie" of "Where does Hardie
    work?") when ``docs`` mention it without ever giving the full name, or ""."""
    for name in names(asked_part(question)):
        if " " in name or is_acronym(name) or fullest_name(name, docs) != name:
            continue
        word = re.compile(rf"\b{re.escape(name)}\b")
        texts = [
            sentence
            for d in docs
            for sentence in re.split(r"(?<=[.!?”])\s+", d.page_content)
            if word.search(sentence)
        ][:_TAGGED]
        found = [e for entities in tagger.tag(texts) for e in entities]
        if any(e.text == name for e in of_kind(tuple(found), "person")):
            return name
    return ""
