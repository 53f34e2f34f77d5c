"""Dates a question asks for: a year, a calendar date, a span of time; and which dates are
on the calendar rather than relative to the day of writing ("Feb. 12, 2025", not "earlier
this month")."""

from __future__ import annotations

import re

from assistant.language import MONTHS

_YEAR_ASKED = re.compile(r"\b(?:what|which) years?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[0-9]|20)[0-9]{2}\b")
_DAY_ASKED = re.compile(r"\b(?:what|which) (?:exact |precise |specific )?date\b", re.I)
_CALENDAR_DATE = re.compile(
    rf"\b(?:(?:{MONTHS})\.? \d{{1,2}}\b|\d{{1,2}} (?:{MONTHS})\b|"
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4})",
    re.IGNORECASE,
)
# "How long has he been in power?" asks for a span of time or when it began, not "Monday".
HOW_LONG_ASKED = re.compile(
    r"\bhow long (?:has|have|had|did|does|do|is|are|was|were|will|after|before)\b", re.I
)
_SPAN = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|"
    r"few|\w+teen|\w+ty)[\s-]+(?:years?|months?|weeks?|days?|hours?|decades?|centur(?:y|ies))"
    r"\b(?![\s-]+old\b)"  # not "the 59-year old"
)
_DURATION = re.compile(rf"\b(?:(?:1[0-9]|20)[0-9]{{2}}\b|{_SPAN})", re.IGNORECASE)
# "How long after the crash did they arrive?": a span of time ("six months later"), no year.
_AFTER_ASKED = re.compile(r"\bhow long (?:after|before)\b", re.IGNORECASE)
_SPAN_WANTED = re.compile(rf"\b{_SPAN}", re.IGNORECASE)
# A span of time that says when nothing happened: "just days", "10 years", "several weeks".
SPAN_ONLY = re.compile(
    r"(?:(?:just|only|about|some|several|a few|few|many|the|recent|past)\s+)*"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of)?\s*"
    r"(?:days?|weeks?|months?|years?|decades?|hours?|minutes?)",
    re.IGNORECASE,
)


def is_calendar_date(text: str) -> bool:
    """Whether ``text`` is a date on the calendar ("Feb. 12, 2025", "1962"), not one relative
    to the day of writing ("earlier this month", "Friday")."""
    return _CALENDAR_DATE.search(text) is not None or _YEAR.search(text) is not None


def date_wanted(question: str) -> re.Pattern[str] | None:
    """What a date must hold for ``question``: a year for "which year" ("10 years" and "just
    days" are dates to spaCy), a calendar date for "on what date" (not "Friday"), a span of
    time or a year for "how long has ..." (not "Monday"), a span alone for "how long after"."""
    if _YEAR_ASKED.search(question):
        return _YEAR
    if _DAY_ASKED.search(question):
        return _CALENDAR_DATE
    if _AFTER_ASKED.search(question):
        return _SPAN_WANTED
    if HOW_LONG_ASKED.search(question):
        return _DURATION
    return None


_MONTH_STEMS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_IN_MONTH = re.compile(rf"\bin ({MONTHS})\b", re.IGNORECASE)
_MONTH_NAMED = re.compile(rf"\b({MONTHS})\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]\d{2,4}\b")


def _month(name: str) -> int:
    """The month's number (1-12) of its name or abbreviation."""
    return _MONTH_STEMS.index(name[:3].lower()) + 1


def month_agrees(question: str, text: str) -> bool:
    """Whether the date ``text`` may be the one "On what date in January ...?" asks for: not
    "26.04.2016" nor "April 26", when the question says the month. A date that names no
    month, or a question that names none, agrees."""
    asked = {_month(m) for m in _IN_MONTH.findall(question)}
    said = {_month(m) for m in _MONTH_NAMED.findall(text)}
    said |= {int(n) for m in _NUMERIC.finditer(text) for n in m.groups() if 1 <= int(n) <= 12}
    return not asked or not said or bool(asked & said)


# "When will they start ...?", "next week's meeting": a time to come, which a time past does
# not give ("five years ago"), nor today for next week.
_TO_COME = re.compile(
    r"\b(?:will|next|upcoming|(?:is|are) (?:due|expected|scheduled|set|going) to)\b", re.I
)
_PAST = re.compile(r"\b(?:ago|yesterday|last|earlier|previously|former)\b", re.I)
_NEXT_ASKED = re.compile(r"\bnext (?:week|month|year)\b", re.I)
_NOW = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening|week))\b", re.I)


def fits_when(question: str, text: str) -> bool:
    """Whether the date ``text`` may tell when: not a span of time alone ("just days"), and
    of the question's tense: "five years ago" does not tell when something will happen, nor
    "today" when next week's meeting is."""
    if SPAN_ONLY.fullmatch(text):
        return False
    if not _TO_COME.search(question):
        return True
    return not _PAST.search(text) and not (_NEXT_ASKED.search(question) and _NOW.search(text))


# "the night before the Super Bowl": an event's name after a time told by it; not "the
# Brexit" of "a day after the Brexit vote" (a lower-case word that goes on with the name).
_EVENT_AFTER = re.compile(
    r"\s+(?:before|after|ahead of|following)\s+the\s+[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*"
    r"(?![\w’'\-]|\s+(?!(?:in|on|at|and|or|to|for|with|by|as|when|where|which|that|who)\b)[a-z])"
)


def with_event(text: str, end: int) -> int:
    """Where a time ending at ``end`` of ``text`` ends with the event that tells it ("the
    night before the Super Bowl"), or ``end``."""
    event = _EVENT_AFTER.match(text, end)
    return event.end() if event else end
