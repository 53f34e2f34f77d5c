"""Titles a name bears in news text ("Sen. Lindsey Graham", "President George W. Bush") and
the titles a question asks for ("Which senator ...?") or names its doer by ("Whom did
Somalia's new president appoint?")."""

from __future__ import annotations

import re

from assistant.language import PERSON_NOUNS, TITLE_ABBREVIATIONS
from assistant.places import country_forms

# "Which senator ...?": the person the evidence gives that title ("Sen. Lindsey Graham").
_TITLES = {
    title: "|".join([title, *(rf"{a}\.?" for a, t in TITLE_ABBREVIATIONS if t == title)])
    for title in (
        "senator president governor representative congressman congresswoman general "
        "professor doctor minister secretary judge justice mayor chancellor ambassador king "
        "queen prince princess pope coach director chairman chairwoman ceo spokesman "
        "spokeswoman spokesperson commissioner"
    ).split()
}
_TITLES["vice president"] = r"vice[- ]president"  # "Which vice president ...?": not "President"
# Each title before a name ("Sen. Lindsey Graham"), compiled once.
TITLED = {t: re.compile(rf"\b(?:{pattern})\s", re.IGNORECASE) for t, pattern in _TITLES.items()}
_TITLE_WORD_OF = {t: re.compile(rf"\b{t}\b", re.IGNORECASE) for t in _TITLES}
# For each title asked for, the others a name may bear instead ("President Mohamed" when a
# prime minister is asked for); "president" is part of "vice president", so not another.
OTHER_TITLES = {
    TITLED[asked].pattern: [p for t, p in TITLED.items() if t not in asked] for asked in _TITLES
}
_TITLE_ASKED = re.compile(
    # "Which senator ...?", and "Who is Somalia's new prime minister?" (the title ends it).
    rf"(?:\b(?:which|what)\s+(?:[\w\-]+\s+){{0,3}}?|"
    rf"^\W*who\s+(?:is|was|are|were)\s+(?:[\w’'\-]+\s+){{0,4}}?)"
    rf"({'|'.join(t.replace(' ', '[- ]') for t in _TITLES)})\b",
    re.IGNORECASE,
)
_ABBREVIATED = re.compile(
    rf"\b({'|'.join(sorted({a for a, _ in TITLE_ABBREVIATIONS}))})\.", re.IGNORECASE
)
_TITLE_REACH = 60  # characters before a name where its title may stand ("Secretary of ... X")
# "Whom did X appoint?" asks for the one X acted on.
_OBJECT_ASKED = re.compile(
    r"^\W*(?:and\s+)?(?:whom|who)\s+(?:did|does|do|will|would|has|had|have)\s+", re.IGNORECASE
)
_NAME_RUN = re.compile(r"(?:(?:[A-Z][\w.’'\-]*|of|the|and|for)\s+)*")


def asked_title(question: str) -> re.Pattern[str] | None:
    """The title a "which senator / president ...?" question asks for, as a pattern."""
    asked = _TITLE_ASKED.search(question)
    if asked is None:
        return None
    return TITLED[asked.group(1).lower().replace("-", " ")]


def doer_titles(question: str) -> list[re.Pattern[str]]:
    """The titles by which a "whom did X ...?" question names X ("Whom did Somalia's new
    president appoint?"), as patterns: the person the evidence so titles is X, not the
    answer."""
    if not _OBJECT_ASKED.match(question):
        return []
    return [TITLED[t] for t, named in _TITLE_WORD_OF.items() if named.search(question)]


def titled(title: re.Pattern[str], text: str, start: int) -> bool:
    """Whether the name at ``start`` bears the title: in the stretch since the name before
    it, with nothing but a name between ("President George W. Bush"; not "President
    Trump's nominee to replace Justice Antonin Scalia")."""
    reach = text[max(0, start - _TITLE_REACH) : start]
    reach = _ABBREVIATED.sub(r"\1", reach)  # "Sen. " ends no clause
    reach = re.split(r"[,;:.]\s", reach)[-1]
    said = list(title.finditer(reach))
    return bool(said) and _NAME_RUN.fullmatch(reach[said[-1].end() :]) is not None


_TITLE_NAMES = frozenset(PERSON_NOUNS.split("|")) | {a for a, _ in TITLE_ABBREVIATIONS} | {
    "mr", "mrs", "ms", "dr", "prof", "sir", "dame", "lord", "lady", "rev", "st"
}  # fmt: skip


def is_title(word: str) -> bool:
    """Whether ``word`` is a title or a role before a name ("President", "Sen.", "Mr")."""
    return word.lower().rstrip(".") in _TITLE_NAMES


_NAME_AFTER = r"\s+((?:[A-Z][\w’'\-]+\s+){0,2}[A-Z][\w’'\-]+)"


def named_by_title(description: str, texts: list[str]) -> tuple[int, int, int] | None:
    """Where ``texts`` name the person a description like "the Ukrainian president" stands
    for: a name after that title, with the rest of the description just before it
    ("Ukraine’s President Volodymyr Zelenskyy"), as (index of the text, start, end); None
    when the description is no title or no text names it so."""
    if not is_description(description):
        return None
    words = description.split()
    head = words[-1].lower()
    qualifiers = [w.lower() for w in words[1:-1]]
    after = re.compile(rf"\b(?i:{_TITLES.get(head, re.escape(head))}){_NAME_AFTER}")
    for i, text in enumerate(texts):
        for found in after.finditer(text):
            before = text[max(0, found.start() - _TITLE_REACH) : found.start()].lower()
            if all(q in before or any(c in before for c in country_forms(q)) for q in qualifiers):
                return i, found.start(1), found.end(1)
    return None


def is_description(text: str) -> bool:
    """Whether ``text`` names a person by what they are ("the Ukrainian president")."""
    words = text.split()
    return len(words) >= 2 and words[0].lower() == "the" and is_title(words[-1])


# "Who sings it?": the one the evidence calls a singer ("by American singers Whitney Houston
# and Mariah Carey"), not "writer-producer Babyface".
_AGENTS = {
    "singers?": "sing sings sang sung",
    "(?:song)?writers?|authors?|lyricists?": "write writes wrote written",
    "directors?": "direct directs directed",
    "producers?": "produce produces produced",
    "composers?": "compose composes composed",
    "painters?": "paint paints painted",
    "inventors?": "invent invents invented",
    "founders?": "founds founded",  # not "found" of "Who found the diamond?"
    "designers?": "design designs designed",
    "narrators?": "narrate narrates narrated",
    "illustrators?": "illustrate illustrates illustrated",
}
_AGENT_OF = {verb: nouns for nouns, verbs in _AGENTS.items() for verb in verbs.split()}


def agent_title(question: str) -> re.Pattern[str] | None:
    """The title of whoever does what a "Who sings ...?" question asks ("singer"), as a
    pattern for :func:`titled`, or None."""
    asked = re.match(r"\W*(?:and\s+)?who\s+([a-z]+)\b", question, re.IGNORECASE)
    nouns = _AGENT_OF.get(asked.group(1).lower()) if asked else None
    return re.compile(rf"\b(?:{nouns})\s", re.IGNORECASE) if nouns else None
