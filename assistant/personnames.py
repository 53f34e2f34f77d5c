"""Who a name in the evidence is: the role the article calls a person by, and the whole name
a surname or a first name stands for ("Cummins, a former teacher"; "Joanna" of "Joanna
Rowsell Shand"; "Donald Trump" of "President Donald Trump")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answer import ShortAnswer
from assistant.entities import Entity
from assistant.language import PERSON_NOUNS, STOPWORDS, already_named, words
from assistant.places import is_city, is_country
from assistant.titles import is_title

if TYPE_CHECKING:
    from assistant.shortanswer import Evidence

_TITLE_WORD = r"[A-Z][a-zA-Z’'\-]+"

# "Who is the former teacher ...?": the words that may name the role asked about, up to a
# preposition ("the nominee to replace Scalia": a nominee, not a "replace").
ROLE_ASKED = re.compile(
    r"\W*who\s+(?:is|was)\s+the\s+((?:(?!(?:to|of|for|in|at|on|with|from|by)\b)[a-z\-]+\s+){0,2}"
    r"(?!(?:to|of|for|in|at|on|with|from|by)\b)[a-z\-]+)\b",
    re.IGNORECASE,
)


# Words of "Who is the new prime minister accused ...?" that name no role ("President
# Mohamed" is no new prime minister).
NOT_ROLES = re.compile(
    r"new|former|current|then|late|first|second|third|last|next|only|same|other|young|old|"
    r"sitting|acting|interim|who|that|which|whom|whose|\w+ed|\w+ing"
)


def called_a(name: str, roles: list[str], texts: list[str]) -> bool:
    """Whether one of ``texts`` calls the person ``name`` (by surname) one of ``roles``:
    "Cummins was a teacher", "Cummins, a former teacher", "teacher Tad Cummins"."""
    surname = re.escape(name.split()[-1])
    role = "|".join(re.escape(r) for r in roles)
    called = re.compile(
        rf"\b{surname}(?:,|\s+(?:is|was|has been|had been))\s+(?:a|an|the)\s+"
        rf"(?:[\w\-]+\s+){{0,2}}(?:{role})\b|\b(?:{role})\s+(?:[A-Z][\w\-]*\s+)*{surname}\b"
    )
    return any(called.search(t) for t in texts)


def named_in_full(name: str, question: str, texts: list[str]) -> bool:
    """Whether a one-word ``name`` is the first name of someone the question names by the
    rest of the name the article gives ("Joanna" of "Joanna Rowsell Shand")."""
    if " " in name.strip():
        return False
    pattern = re.compile(rf"\b{re.escape(name)}((?:\s+[A-Z][\w’'\-]+){{1,3}})")
    return any(
        already_named(f"{name}{found.group(1)}", question) and found.group(1).strip() in question
        for text in texts
        for found in pattern.finditer(text)
    )


def full_name(answer: ShortAnswer, sentences: list[Evidence]) -> ShortAnswer | None:
    pattern = re.compile(rf"((?:{_TITLE_WORD}\s+){{1,2}}){re.escape(answer.text)}\b")
    for sentence in sentences:
        for match in pattern.finditer(sentence.text):
            lead = match.group(1).split()
            # Not a stopword, a title nor a place: "Donald Trump" of "President Donald
            # Trump"; not "Switzerland Geng" of "Ambassador to Switzerland Geng Wenbing".
            while lead and (
                lead[0].lower() in STOPWORDS
                or is_title(lead[0])
                or is_country(lead[0])
                or is_city(lead[0])
                or lead[0].endswith(("'s", "’s"))  # "HRW's Sunderland"
            ):
                lead.pop(0)
            if not lead:
                continue
            text = " ".join([*lead, answer.text])
            start = sentence.start + match.end() - len(text)
            if sentence.text[match.end() - len(text) : match.end()] == text:
                return ShortAnswer(text, start, start + len(text), 0, sentence.chunk_id)
    return None


# "Who were the two officers indicted?", "Which composers inspired him?": more than one.
_MANY_ASKED = re.compile(
    rf"^\W*(?:and\s+)?(?:who\s+(?:were|are)\b|(?:which|what)\s+(?:[\w\-]+\s+){{0,2}}?"
    rf"(?:(?:{PERSON_NOUNS})s|people)\b)|\b(?:two|three|four|both)\s+(?:[\w\-]+\s+)?"
    rf"(?:(?:{PERSON_NOUNS})s|people)\b|"
    # "Who won gold alongside Rowsell Shand?": whoever was with her, as many as there were
    r"\b(?:alongside|along with|together with|with)\s+(?=him\b|her\b|them\b|(?-i:[A-Z]))",
    re.IGNORECASE,
)
# "by American singers Whitney Houston and Mariah Carey": a list the title before it makes.
_MANY_TITLED = re.compile(rf"\b(?:{PERSON_NOUNS})s\s+$", re.IGNORECASE)
# Between two names of a list: "Sushchin, 43, and Dokuchaev", "Wagner and Tchaikovsky".
# (spaCy may leave a first name out: "and Dmitry [Aleksandrovich Dokuchaev]")
_LISTED = re.compile(r"(?:,\s*\d{1,3})?(?:,\s*|\s+)(?:and\s+)?(?:[A-Z][\w’'\-]+\s+)?")


def all_named(question: str, text: str, chosen: Entity, people: list[Entity]) -> Entity:
    """``chosen`` (a person in ``text``) with the others listed with it (``people``, in
    ``text``), when the question asks for more than one: "Igor Anatolyevich Sushchin, 43, and
    Dmitry Aleksandrovich Dokuchaev" for "Who were the two FSB officers indicted?"."""
    if not _MANY_ASKED.search(question) and not _MANY_TITLED.search(text, 0, chosen.start):
        return chosen
    ordered = sorted(
        {(e.start, e.end): e for e in [*people, chosen]}.values(), key=lambda e: e.start
    )
    at = next(i for i, e in enumerate(ordered) if e.start == chosen.start)
    first = last = at
    while first > 0 and _LISTED.fullmatch(text[ordered[first - 1].end : ordered[first].start]):
        first -= 1
    while last + 1 < len(ordered) and _LISTED.fullmatch(
        text[ordered[last].end : ordered[last + 1].start]
    ):
        last += 1
    start, end = ordered[first].start, ordered[last].end
    return Entity(text[start:end], chosen.label, start, end)


def named_by_surname(name: str, question: str, texts: list[str]) -> bool:
    """Whether the question names the person ``name`` by surname alone ("Woods" of "Tiger
    Woods", however spelt: "Zelenskyy" of "Volodymyr Zelenskiy"), and ``texts`` (the article)
    give no one else that surname: "Cummins" may be Tad or Jill Cummins."""
    parts = name.split()
    if len(parts) < 2 or not parts[-1][:1].isupper():
        return False
    surname = parts[-1]
    given = re.findall(r"\b[A-Z][\w\-]+", question)
    if question[1:].islower():  # typed in lower case: "who met zelenskyy on the sidelines ..."
        given += [w.capitalize() for w in re.findall(r"\b[\w\-]+", question)]
    if not any(_spelt_alike(surname, w) for w in given):
        return False
    others = {
        found.group(1)
        for text in texts
        for found in re.finditer(rf"(?=\b([A-Z][\w\-]+)\s+(?:[A-Z]\.\s+)?({_TITLE_WORD})\b)", text)
        if _spelt_alike(found.group(2), surname) and not is_title(found.group(1))
    }
    return len(others - {parts[0]}) == 0


def _spelt_alike(a: str, b: str) -> bool:
    """One name, maybe spelt two ways ("Zelenskyy", "Zelenskiy")."""
    return a == b or (min(len(a), len(b)) >= 6 and a[:6] == b[:6] and abs(len(a) - len(b)) <= 1)


# "nominee to replace Justice Antonin Scalia, Judge Neil Gorsuch": Scalia is the one replaced.
_REPLACED = re.compile(
    r"\b(?:replac(?:e|es|ed|ing)|succeed(?:s|ed|ing)?|in place of|successor to|take over from)"
    r"\s+(?:the\s+late\s+)?(?:[A-Z][\w.]*\s+){0,2}$"
)
_REPLACING_ASKED = re.compile(r"\b(?:replac|succe|place of|take over)", re.IGNORECASE)


def replaced(question: str, text: str, start: int, end: int) -> bool:
    """Whether the person at ``start:end`` of ``text`` is the one someone replaces, when the
    question does not ask who was replaced, or names this one ("Who did Gorsuch replace?")."""
    if not _REPLACED.search(text[max(0, start - 40) : start]):
        return False
    asked = _REPLACING_ASKED.search(question) is not None
    return not asked or bool(set(words(text[start:end])) & set(words(question)))
