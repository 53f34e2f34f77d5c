"""Compound questions, answered part by part.

"Who did the article say was negotiating with no cards, and who said it?" is
two questions: the second leans on the first's evidence (who said *it*: the
speaker of the sentence that answers the first). Each part is answered on its
own and the answers are joined, one short answer after the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from assistant.answer import REFUSAL, Answer, Citation, ShortAnswer, doc_id
from assistant.language import (
    FOLLOWING_UP,
    GROUP_ASKED,
    answer_type,
    asked_name,
    carried_question,
    own_words,
)

if TYPE_CHECKING:
    from langchain_core.documents import Document

    from assistant.entities import EntityTagger

_SPLIT = re.compile(
    r"(?:,\s*and|;\s*and|,|;|\s+and)\s+(?=(?:who|whom|what|when|where|which|why|how)\b)",
    re.IGNORECASE,
)
# Two questions run together with no mark between them ("where is catalonia what is the
# most important city in catalonia"), as people type into a search box. Not "who" or
# "which", which also start relative clauses ("the actor who is ...").
_RUN_ON = re.compile(
    r"^((?:who|whom|what|when|where|which|why|how)\b[^?,;]*?)\s+"
    r"((?:what|when|where|how)\s+(?:is|are|was|were|did|does|do|can|will)\b.*)$",
    re.IGNORECASE,
)
_WHO_SAID_IT = re.compile(
    r"^(?:and\s+)?who\s+(?:said|says|made|wrote|argued|claimed)\s+(?:it|that|this|so)\b",
    re.IGNORECASE,
)
# What a first part must hold to ask something: a question word, or an opening verb.
_ASKS = re.compile(
    r"\b(?:who|whom|whose|what|when|where|which|why|how)\b|^(?:is|are|was|were|do|does|did|"
    r"can|could|will|would|has|have|had|should|tell|name|list|give)\b",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\[(\d+)\]")


@dataclass
class Part:
    """One part of a question, its answer, and the answerer's analysis (opaque here)."""

    question: str
    answer: Answer
    analysis: Any = None


def split_compound(question: str) -> list[str]:
    """The parts of a compound question; ``[question]`` when it is one question.

    Example:
        >>> split_compound("Who was negotiating with no cards, and who said it?")
        ['Who was negotiating with no cards?', 'who said it?']
    """
    carried = carried_question(question)
    if carried is not None:
        # "Who called the deal predatory, and where does he work? (following up on: ...)":
        # each part carries the topic.
        parts = split_compound(own_words(question))
        if len(parts) == 1:
            return [question]
        return [p + FOLLOWING_UP.format(previous=carried) for p in parts]
    pieces = _SPLIT.split(question.strip())
    if len(pieces) == 1 and (run_on := _RUN_ON.match(question.strip())):
        pieces = [run_on.group(1), run_on.group(2)]
    if len(pieces) != 2:
        return [question]
    first, second = (p.strip() for p in pieces)
    if len(first.split()) < 3 or len(second.split()) < 2:
        return [question]  # "Who met Trump and when?" is one question with two asks
    if not _ASKS.search(first):
        return [question]  # "In the article on the lead study, which city ...?": one question
    if not first.endswith("?"):
        first += "?"
    return [first, second]


Search = Callable[[str], list["Document"]]  # passages for a query, best first

_PERSON_PRONOUN = re.compile(r"\b(he|him|his|she|her)\b", re.IGNORECASE)


def resolve_pronouns(
    part: str, short: ShortAnswer | None, docs: Sequence[Document] = (), asked: str = ""
) -> str:
    """A later part with its person pronouns replaced by the first part's short answer.

    A one-word short answer (a surname, "Hardie") is given as the passages name it in
    full ("John Hardie"), so that a search for the part finds the person, not the word.
    When the passages call the answer "he" and the part says "she" (or the other way
    round), the pronoun is the one person the first part ``asked`` about: "Who kidnapped
    Elizabeth Thomas, and how old is she?".
    """
    if is_who_said_it(part):
        return part
    if asked_name(asked):
        named = fullest_name(asked_name(asked), docs)  # "John Hardie" of "Who is Hardie?"
        # "Who is Benjamin Jensen, and what does he think ...?": he is Jensen, not the
        # description that answers the first part.
        return _PERSON_PRONOUN.sub(
            lambda m: f"{named}’s" if m.group(1).lower() == "his" else named, part
        )
    if short is None and (group := _asked_group(asked)):
        # "who were the chartists and what did they do?": they are the chartists
        return _THEY.sub(lambda m: f"{group}’" if m.group(1).lower() == "their" else group, part)
    if short is None:
        return part
    full = fullest_name(short.text, docs)
    said = _PERSON_PRONOUN.search(part)
    wanted = gender_of(said.group(1)) if said else ""
    people = [n for n in _asked_people(asked) if n.split()[-1] not in full]
    if wanted and len(people) == 1 and _gender_in(full, docs, people[0]) not in ("", wanted):
        full = people[0] if _gender_in(people[0], docs, full) in ("", wanted) else full

    def name(match: re.Match[str]) -> str:
        return f"{full}’s" if match.group(1).lower() == "his" else full

    return _PERSON_PRONOUN.sub(name, part)


_THEY = re.compile(r"\b(they|them|their)\b", re.IGNORECASE)


def _asked_group(asked: str) -> str:
    """ "the chartists" of "who were the chartists", a question of what a group is, or ""."""
    question = asked.strip().lower()
    if not question or answer_type(asked) or not GROUP_ASKED.match(question):
        return ""
    return re.sub(r"^(?:and\s+)?who\s+(?:are|were)\s+|\W+$", "", question)


def gender_of(pronoun: str) -> str:
    """ "f" for she, her, hers; "m" for he, him, his."""
    return "f" if pronoun.lower() in ("she", "her", "hers") else "m"


def _gender_in(name: str, docs: Sequence[Document], other: str) -> str:
    """ "m" or "f" by the pronouns of the passages' sentences that name ``name`` (by its last
    word) and not the ``other`` person, with the sentence after each if it does not name
    the other either; "" when they do not tell."""

    def naming(who: str) -> re.Pattern[str]:
        return re.compile(rf"\b{re.escape(who.split()[-1])}\b")

    own, others = naming(name), naming(other)
    counts = {"m": 0, "f": 0}
    for doc in docs:
        sentences = re.split(r"(?<=[.!?])\s+", doc.page_content)
        for i, sentence in enumerate(sentences):
            if own.search(sentence) and not others.search(sentence):
                told = [t for t in sentences[i : i + 2] if not others.search(t)]
                for pronoun in _PERSON_PRONOUN.findall(" ".join(told)):
                    counts[gender_of(pronoun)] += 1
    if counts["m"] == counts["f"]:
        return ""
    return "m" if counts["m"] > counts["f"] else "f"


def _asked_people(asked: str) -> list[str]:
    """The names of two or more capitalised words in ``asked`` ("Elizabeth Thomas")."""
    return re.findall(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+", asked)


def naming(
    short: ShortAnswer | None, docs: Sequence[Document], search: Search | None
) -> Sequence[Document]:
    """Where to look for the full name of a one-word short answer: ``docs``, or when they give
    only the surname ("Hardie"), the passages a search for it finds ("said John Hardie")."""
    if search is None or short is None or " " in short.text:
        return docs
    return docs if fullest_name(short.text, docs) != short.text else search(short.text)


def fullest_name(surname: str, docs: Sequence[Document]) -> str:
    """``surname`` with the given names the passages put before it, if any ("John Hardie")."""
    if " " in surname or not surname[:1].isupper():
        return surname
    pattern = re.compile(rf"\b((?:[A-Z][\w’'-]+ ){{1,2}}){re.escape(surname)}\b")
    for doc in docs:
        for match in pattern.finditer(doc.page_content):
            given = [w for w in match.group(1).split() if w not in _NOT_GIVEN]
            if given:
                return " ".join([*given, surname])
    return surname


# Capitalised words before a surname that are not given names.
_NOT_GIVEN = frozenset(
    "The A An But And Or So Then When While After Before Mr Mrs Ms Dr Sir President Senator "
    "Minister Secretary General Judge Justice Chairman Director Professor".split()
)


def is_who_said_it(part: str) -> bool:
    """Whether a part asks for the speaker of the first part's evidence."""
    return _WHO_SAID_IT.match(part) is not None


def answer_parts(questions: list[str], parts: list[Part], tagger: EntityTagger) -> Answer:
    """One answer from the answers to each part, citations renumbered in order."""
    first = parts[0]
    if len(parts) == 2 and is_who_said_it(questions[1]) and not first.answer.refused:
        speaker = speaker_of(first, tagger)
        if speaker is not None:
            text, n = speaker
            answer = first.answer
            return replace(answer, answer=_after_short(answer.answer, f"{text} said it [{n}]."))
    # The parts ask different things: a later part answered with the first part's own short
    # answer (the same span) found nothing of its own.
    parts = [first] + [
        replace(p, answer=Answer(REFUSAL, refused=True)) if _repeats(p.answer, first.answer) else p
        for p in parts[1:]
    ]
    answered = [p for p in parts if not p.answer.refused]
    if not answered:
        return Answer(REFUSAL, refused=True)
    answered = _saying_more(answered)
    texts: list[str] = []
    citations: list[Citation] = []
    for part in answered:
        offset = len(citations)
        for c in part.answer.citations:
            citations.append(replace(c, n=c.n + offset))
        texts.append(_shifted(part.answer.answer, offset))
    missing = [p.question for p in parts if p.answer.refused]
    notes = list(dict.fromkeys(p.answer.notice for p in answered if p.answer.notice))
    if missing:
        notes.append("The articles don't answer: " + " ".join(missing))
    notice = " ".join(notes)
    short = answered[0].answer.short_answer
    return Answer(
        " ".join(texts),
        refused=False,
        citations=citations,
        score=min(p.answer.score or 0.0 for p in answered),
        notice=notice,
        short_answer=short,
    )


def _saying_more(answered: list[Part]) -> list[Part]:
    """The answered parts less a later one that only repeats sentences an earlier one cites
    (no short answer of its own): "and what is his position?" answered by the sentence that
    named him for "Who praised ...?"."""
    kept: list[Part] = []
    cited: set[tuple[str, int, int]] = set()
    for part in answered:
        spans = {(c.source, c.start, c.end) for c in part.answer.citations}
        if kept and part.answer.short_answer is None and spans <= cited:
            continue
        kept.append(part)
        cited |= spans
    return kept


def _repeats(later: Answer, first: Answer) -> bool:
    """Whether ``later`` leads with the same span as ``first`` does."""
    a, b = later.short_answer, first.short_answer
    return (
        not later.refused
        and a is not None
        and b is not None
        and (a.chunk_id, a.start, a.end) == (b.chunk_id, b.start, b.end)
    )


def _shifted(text: str, offset: int) -> str:
    """``text`` with every ``[n]`` marker moved up by ``offset``."""
    return _MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", text)


def speaker_of(part: Part, tagger: EntityTagger) -> tuple[str, int] | None:
    """Who said the evidence of an answered part, with the citation naming them."""
    from assistant.entities import of_kind

    for citation in part.answer.citations:
        found = of_kind(tagger.tag([citation.quote])[0], "person")
        speakers = [
            e
            for e in found
            if _says_after(citation.quote, e.end) or _said_before(citation.quote, e.start)
        ]
        if speakers:
            return speakers[0].text, citation.n
    return None


def _says_after(text: str, end: int) -> bool:
    return re.match(r"^,?\s*(?:said|says|argued|told|added|wrote|noted)\b", text[end:]) is not None


def _said_before(text: str, start: int) -> bool:
    return re.search(r"\b(?:said|says)\s*$", text[:start]) is not None


def _after_short(answer: str, sentence: str) -> str:
    """``sentence`` placed after the answer's first cited sentence (its short answer)."""
    head, sep, rest = answer.partition("] ")
    if not sep:
        return f"{answer} {sentence}"
    return f"{head}{sep}{sentence} {rest}"


def merged(first: list[Document], then: list[Document]) -> list[Document]:
    """``first``, then the passages of ``then`` it does not hold (by chunk id)."""
    seen = {doc_id(d) for d in first}
    return first + [d for d in then if doc_id(d) not in seen]
