"""Acronyms a text spells out: "BFI" is named by "the British Film Institute", "WADA" by
"the World Anti-Doping Agency". A question may give the short form where its passages give
the long one (or the other way round)."""

from __future__ import annotations

import re

from assistant.language import is_acronym

# A run of capitalised words, with the small words a name's initials skip ("of", "and"); a
# mangled text may lower the first after a quotation mark ('the first "saturday Night Live"').
_RUN = re.compile(
    r"(?:[A-Z]|(?<=[\"“])[a-z](?=[\w\-]*\s+[A-Z]))[\w\-]*"
    r"(?:\s+(?:(?:of|and|for|the|on|in|&)\s+)*[A-Z][\w\-]*)*"
)
_SMALL = frozenset({"of", "and", "for", "the", "on", "in", "&"})


def _initials(text: str) -> list[str]:
    """The initials of each run of capitalised words of ``text`` ("British Film Institute":
    "BFI"; "World Anti-Doping Agency": "WADA", a hyphen's parts counted apart)."""
    out = []
    for run in _RUN.finditer(text):
        parts = [p for w in run.group(0).split() if w not in _SMALL for p in w.split("-") if p]
        out.append("".join(p[0].upper() for p in parts))
    return out


def spelled_out(acronym: str, text: str) -> bool:
    """Whether ``text`` names ``acronym`` in full: a run of capitalised words whose initials
    spell it, or (for three letters or more) hold it ("Britain's British Film Institute")."""
    if not is_acronym(acronym) or not acronym.isalpha():
        return False
    return any(
        acronym == initials or (len(acronym) > 2 and acronym in initials)
        for initials in _initials(text)
    )
