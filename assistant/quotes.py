"""Whole quotations: an answer sentence never starts or ends inside one.

The sentence splitter cuts a long quotation into several sentences (“We will
not sign it. It is predatory,” he said.). An answer that cites only the second
would start mid-quote, without its opening mark; one that cites only the first
would end without the closing mark. :func:`complete_quotes` adds the
neighbouring sentences of the same passage until the marks balance.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

MAX_EXTRA = 4  # sentences added on either side at most: a runaway quote is a markup accident


class _Located(Protocol):
    text: str
    position: int
    doc: object


S = TypeVar("S", bound=_Located)


def open_quotes(text: str) -> int:
    """Quotations ``text`` opens and leaves open (negative: closes ones opened before it)."""
    curly = text.count("“") - text.count("”")
    if curly:
        return curly
    # Straight quotes do not say which way they go: an odd count leaves one open or
    # closes one, told apart by whether the first one opens a word.
    straight = text.count('"')
    if straight % 2 == 0:
        return 0
    first = text.index('"')
    opens = first + 1 < len(text) and not text[first + 1].isspace() and (
        first == 0 or text[first - 1].isspace() or text[first - 1] in "([—-"
    )
    return 1 if opens else -1


def complete_quotes(sentence: S, candidates: list[S]) -> list[S]:
    """``sentence`` with the sentences before or after it (same passage, in order) that its
    quotation needs to be whole; just ``sentence`` when it is whole or cannot be completed."""
    at = {(id(c.doc), c.position): c for c in candidates}
    balance = open_quotes(sentence.text)
    out = [sentence]
    step = 1 if balance > 0 else -1
    position = sentence.position
    for _ in range(MAX_EXTRA):
        if balance == 0:
            return out
        position += step
        neighbour = at.get((id(sentence.doc), position))
        if neighbour is None:
            break
        out = [*out, neighbour] if step > 0 else [neighbour, *out]
        balance += open_quotes(neighbour.text)
    return out if balance == 0 else [sentence]
