"""Whole quotations: an answer sentence never starts or ends inside one.

The sentence splitter cuts a long quotation into several sentences (“We will
not sign it. It is predatory,” he said.). An answer that cites only the second
would start mid-quote, without its opening mark; one that cites only the first
would end without the closing mark. :func:`complete_quotes` adds the
neighbouring sentences of the same passage until the marks balance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from assistant.answer import ShortAnswer
from assistant.language import content_terms

if TYPE_CHECKING:
    from assistant.shortanswer import Evidence

MAX_EXTRA = 4  # sentences added on either side at most: a runaway quote is a markup accident


class _Located(Protocol):
    text: str
    start: int
    end: int


S = TypeVar("S", bound=_Located)

MAX_GAP = 3  # characters between two sentences that follow each other in the article


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...


E = TypeVar("E", bound=_Spanned)
_QUOTATION = re.compile(r"[“\"][^”\"]*[”\"]")


def outside_quotes(texts: Sequence[str], found: Sequence[Sequence[E]]) -> list[E]:
    """The spans ``found`` in each of ``texts`` that stand outside a quotation: the "Cook" of
    “Cook me up a hamburger” names no cook."""
    return [e for t, spans in zip(texts, found, strict=True) for e in spans
            if open_quotes(t[: e.start + 1]) <= 0]  # fmt: skip


_ALL_QUOTED = re.compile(r"\W*[“\"][^“”\"]*[”\"]\W*")


def all_quoted(text: str) -> bool:
    """Whether ``text`` is a quotation and nothing else: no speaker of its own."""
    return _ALL_QUOTED.fullmatch(text) is not None


def quotation_alone(texts: Iterable[str]) -> bool:
    """Whether the sentences ``texts`` are one quotation and nothing else (“The market is just
    not demanding coal ... . The resurgence of natural gas ... .”): its speaker is named
    before it."""
    return all_quoted(" ".join(texts))


def unquoted(text: str) -> str:
    """``text`` with its quotations blanked out."""
    return _QUOTATION.sub(" ", text)


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
    opens = (
        first + 1 < len(text)
        and not text[first + 1].isspace()
        and (first == 0 or text[first - 1].isspace() or text[first - 1] in "([—-")
    )
    return 1 if opens else -1


def complete_quotes(sentence: S, article: list[S]) -> list[S]:
    """``sentence`` with the sentences before or after it that its quotation needs to be
    whole; just ``sentence`` when it is whole or cannot be completed from ``article``.

    Args:
        sentence: One of ``article``.
        article: Sentences of one article at hand, in any order; only those that follow
            each other in the article (a gap of whitespace) count as neighbours.
    """
    ordered = sorted(article, key=lambda s: s.start)
    at = next((i for i, s in enumerate(ordered) if s is sentence), None)
    balance = open_quotes(sentence.text)
    if at is None or balance == 0:
        return [sentence]
    out = [sentence]
    step = 1 if balance > 0 else -1
    i = at
    for _ in range(MAX_EXTRA):
        j = i + step
        if not 0 <= j < len(ordered):
            break
        near, far = (ordered[i], ordered[j]) if step > 0 else (ordered[j], ordered[i])
        if far.start - near.end > MAX_GAP:
            break
        out = [*out, ordered[j]] if step > 0 else [ordered[j], *out]
        balance += open_quotes(ordered[j].text)
        i = j
        if balance == 0:
            return out
    return [sentence]


def whole_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans with a quotation the splitter cut joined back into one."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        balance = open_quotes(text[start:end])
        j = i
        while balance > 0 and j + 1 < len(spans) and j - i < MAX_EXTRA:
            j += 1
            balance += open_quotes(text[spans[j][0] : spans[j][1]])
        if balance == 0 and j > i:
            out.append((start, spans[j][1]))
            i = j + 1
        else:
            out.append((start, end))
            i += 1
    return out


# "..., he said of the Ukrainian president.": whom the quotation is about.
_SAID_OF = re.compile(
    r"[”\"],?\s+(?:[\w’'.\-]+\s+){1,4}?(?:said|says|wrote|writes|added|remarked)\s+of\s+"
    r"((?:the\s+)?(?:[\w’'.\-]+\s+){0,3}?[\w’'\-]+)\s*[.,;]?\s*$"
)
_ABOUT_SOMEONE = re.compile(r"\b(?:him|her|he|she|his)\b", re.IGNORECASE)


def spoken_of(text: str, before: str = "") -> tuple[int, int] | None:
    """The span of whom a quotation is about, when its attribution says so and the quotation
    (``before`` holds the start of it that other sentences tell) speaks of a "him" or "her"
    (“I’ve been watching him negotiate with no cards,” Trump said of the Ukrainian
    president.): "the Ukrainian president"; None else."""
    found = _SAID_OF.search(text)
    if found is None or not _ABOUT_SOMEONE.search(before + " " + text[: found.start()]):
        return None
    return found.span(1)


_QUOTED = re.compile(r"[“\"]([^“”\"]{8,}?)[”\"]")


def quote_answer(evidence: Sequence[Evidence], question: str) -> ShortAnswer | None:
    """The quotation of ``evidence`` that holds the most terms of the question (“We get our
    money back” to "What did Trump say the US gets from the deal?"), the longest of those."""
    quoted = [(s, m) for s in evidence for m in _QUOTED.finditer(s.text)]
    if not quoted:
        return None
    terms = set(content_terms(question))
    sentence, best = max(
        quoted,
        key=lambda item: (len(terms & set(content_terms(item[1].group(1)))), len(item[1].group(1))),
    )
    text = best.group(1).strip().rstrip(",")
    offset = sentence.text.index(text, best.start(1))
    start = sentence.start + offset
    return ShortAnswer(text, start, start + len(text), 0, sentence.chunk_id)
