"""Whether the passages at hand mention what a question relies on: its names and numbers,
however a passage writes them ("4" as "four", "British" as "Britain", "BFI" as "British Film
Institute", "January" as "Jan", "the Trumps" as "Trump"). The ``missing`` signal of
:mod:`assistant.refusal`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from assistant.acronyms import spelled_out
from assistant.language import MONTH_WORDS, STOPWORDS, names, words
from assistant.numbers import MONTHS
from assistant.places import country_forms


def missing_share(question: str, texts: Sequence[Any]) -> float:
    """The ``missing`` signal: the share of the names and numbers the question relies on
    that no passage (``page_content`` of ``texts``, the year and month of its article's
    ``date``, its outlet's web address) mentions; the passages are about something else
    ("Who won the 2022 World Cup?")."""
    # A news article's year and month are its date's ("Xi's January 2017 visit", in an
    # article of January 2017).
    # Its outlet by its web address: "According to a China Daily column" (chinadaily.com.cn).
    said = " ".join(
        f"{d.page_content} {_dated(d.metadata.get('date', ''))} "
        f"{urlsplit(str(d.metadata.get('url', ''))).netloc}"
        for d in texts
    )
    body = " ".join(words(_plain(said)))
    lost = _lost_letters(said)
    # not the apostrophe of "the Games' image"
    wanted = [w.rstrip("'’") for n in names(question) for w in words(n) if w not in STOPWORDS]
    wanted += [w for w in words(question) if w.isdigit()]
    if not wanted:
        return 0.0
    short = {w.lower(): w for w in re.findall(r"\b[A-Z]{2,6}\b", " ".join(names(question)))}

    def mentioned(word: str) -> bool:
        if any(f in body for f in _forms(word)) or any(w.fullmatch(word) for w in lost):
            return True
        if word in short:  # "BFI": "British Film Institute"
            return spelled_out(short[word], said)
        parts = [p for p in word.split("-") if len(p) > 2]  # "China-Switzerland"
        return "-" in word and bool(parts) and all(mentioned(p) for p in parts)

    return sum(not mentioned(w) for w in wanted) / len(wanted)


_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def _forms(word: str) -> list[str]:
    """How a passage may write a word of the question: "4" as "four", "1000" as "1,000"."""
    forms = [word[:6], *country_forms(word)]  # "British" is named by "Britain"
    if word.endswith("s") and len(word) > 4 and not word.endswith("ss"):
        forms.append(word[:-1][:6])  # "the Trumps": "Trump"
    if word in MONTH_WORDS and len(word) > 3:
        forms.append(word[:3])  # "January" as "Jan"
    if word.isdigit():
        value = int(word)
        if value < len(_NUMBER_WORDS):
            forms.append(_NUMBER_WORDS[value])
        if value >= 1000:
            forms.append(f"{value:,}".replace(",", " "))  # words() splits "1,000" in two
    return forms


def _dated(date: str) -> str:
    """The year and the month an article's ``date`` ("2017-02-27") names it by: "2017 february"."""
    month = int(date[5:7]) if date[5:7].isdigit() else 0
    return f"{date[:4]} {MONTHS.split('|')[month - 1]}" if 1 <= month <= 12 else date[:4]


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _plain(text: str) -> str:
    """``text`` lower-cased and without accents, twice: its umlauts spelt out ("Schröder":
    "schroeder"), then dropped ("schroder"), as English texts write them."""

    def bare(t: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))

    return f"{bare(text.lower().translate(_UMLAUTS))} {bare(text.lower())}"


def _lost_letters(text: str) -> list[re.Pattern[str]]:
    """The words of ``text`` with a "?" for a letter the corpus lost ("Schr?der"), each as a
    pattern that a question's spelling of it matches ("schroeder")."""
    found = re.findall(r"\b[A-Za-z]{2,}(?:\?[A-Za-z]+)+\b", text)
    return [
        re.compile("[a-z]{1,2}".join(re.escape(p) for p in w.lower().split("?")))
        for w in dict.fromkeys(found)
    ]
