"""The events :meth:`Assistant.stream` yields while it answers.

A stream is one :class:`Retrieved` (what was searched for and found), then any
number of :class:`Delta` pieces of answer text, then one :class:`Done` with the
final :class:`Answer`. Joining the deltas gives ``Done.answer.answer``.

An answerer that writes token by token (an LLM) implements :class:`StreamingAnswerer`
and its deltas go out as they come; one that computes the whole answer at once
(the extractive answerer) is streamed a cited sentence at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from langchain_core.documents import Document

from assistant.answer import Answer
from assistant.condense import Message

# A sentence ends with its citations: "… predatory. [2] Next …" splits after "[2]".
_AFTER_CITATIONS = re.compile(r"(?<=\])(?=\s+[^\s\[])")


@dataclass
class Retrieved:
    """The question actually searched for and the passages found, before answering."""

    standalone_question: str
    passages: list[Document]


@dataclass
class Delta:
    """A piece of answer text, in order."""

    text: str


@dataclass
class Done:
    """The final answer, with citations and timings."""

    answer: Answer


StreamEvent = Retrieved | Delta | Done


@runtime_checkable
class StreamingAnswerer(Protocol):
    """An answerer that yields text pieces as it writes, then the :class:`Answer`."""

    def answer(self, question: str, docs: list[Document]) -> Answer: ...

    def stream(
        self, question: str, docs: list[Document], history: Sequence[Message]
    ) -> Iterator[str | Answer]: ...


def sentence_deltas(text: str) -> list[str]:
    """Splits an answer into pieces that each end with a sentence's citations.

    Example:
        >>> sentence_deltas("A said so. [1] B agreed. [2]")
        ['A said so. [1]', ' B agreed. [2]']
    """
    return [piece for piece in _AFTER_CITATIONS.split(text) if piece]
