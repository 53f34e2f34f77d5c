"""What a question's verb says of its answer: whom "Who did Gorsuch clerk for?" asks for
stands right after "clerked for"; whom "Who sang it?" asks for, right after "sung by"."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.language import STOPWORDS

# "Who did Gorsuch clerk for?": the verb and its preposition at the question's end.
_VERB_ASKED = re.compile(
    r"^\W*(?:and\s+)?(?:whom|who)\s+(?:did|does|do|will|would|has|had|have)\s+"
    r"(?:[\w.’'\-]+\s+){1,6}?([a-z]+)(?:\s+(for|with|to|against|under|by))?"
    r"(?:\s+(?:in|at|on|against|during|after|before)\s+[\w\s.’'\-]+)?\W*$",
    re.IGNORECASE,
)
# The verb right after the subject: "Who did Trump fire days before Harward turned down the
# job?" asks whom he fired, whatever follows.
_SUBJECT = (
    r"(?:he|she|they|it|we|you|the\s+[a-z\-]+|(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*"
    r"(?:['’]s\s+[a-z\-]+)?)"
)
_VERB_AFTER_SUBJECT = re.compile(
    r"^\W*(?:[Aa]nd\s+)?[Ww]hom?\s+(?:did|does|do|will|would|has|had|have)\s+"
    rf"{_SUBJECT}\s+([a-z]+)\b(?:\s+(for|with|to|against|under|by)\W*$)?"
)
# "Who is he sending his report to?": whom someone is acting on.
_ACTING_ON = re.compile(
    rf"^\W*(?:[Aa]nd\s+)?[Ww]hom?\s+(?:is|was|are|were)\s+{_SUBJECT}\s+[a-z]+ing\b"
)
_REPORTED = re.compile(r"\b(?:say|said|think|believe|claim|expect|want)\b", re.IGNORECASE)
_PAST = {
    "meet": "met", "beat": "beat", "choose": "chose", "hire": "hired", "marry": "married",
    "tell": "told", "teach": "taught", "lead": "led", "fight": "fought", "find": "found",
    "leave": "left", "lose": "lost", "pay": "paid", "sell": "sold", "send": "sent",
    "succeed": "succeeded", "win": "won", "work": "worked", "speak": "spoke", "give": "gave",
    "take": "took", "see": "saw", "bring": "brought", "buy": "bought", "hold": "held",
    "write": "wrote", "sue": "sued", "shoot": "shot", "kill": "killed",
}  # fmt: skip


@lru_cache(maxsize=256)
def object_of_asked_verb(question: str) -> re.Pattern[str] | None:
    """What stands right before the person a "Who did X <verb> (for)?" question asks for:
    the verb in any form, with its preposition and up to three words of a title or an owner
    ("clerked for Judge David B. Sentelle", "beat Latvia's Diana Marcinkevica")."""
    asked = _VERB_AFTER_SUBJECT.match(question)
    if asked is None or asked.group(1).lower() in STOPWORDS:
        asked = _VERB_ASKED.match(question)
    if asked is None or _REPORTED.search(question):  # "Who did Trump say was ...?"
        return None
    verb, preposition = asked.group(1).lower(), asked.group(2)
    if verb in STOPWORDS or len(verb) < 3 or verb.endswith("ing"):
        return None
    stem = verb[:-1] if verb.endswith("y") else verb.removesuffix("e")
    forms = {verb, f"{verb}s", f"{stem}ed", f"{stem}ied", f"{stem}ing", _PAST.get(verb, verb)}
    after = rf"\s+{preposition}" if preposition else ""
    return re.compile(
        rf"\b(?:{'|'.join(sorted(forms))}){after}\s+(?:[A-Z][\w.’'\-]*(?:['’]s)?\s+){{0,3}}$"
    )


def acted_by(question: str) -> re.Pattern[str] | None:
    """ "sung by" for "Who sang ...?": the question's verb as a passive's participle, before
    "by" and up to two words of the name."""
    verb = re.match(r"\W*(?:and\s+)?who\s+([a-z]+)", question, re.IGNORECASE)
    if verb is None:
        return None
    said = verb.group(1).lower()
    forms = {said, _PARTICIPLES.get(said, said), said.removesuffix("s") + "ed"}
    return re.compile(rf"\b(?:{'|'.join(sorted(forms))})\s+by\s+(?:[\w\-]+\s+){{0,2}}$", re.I)


_PARTICIPLES = {
    "sang": "sung", "sing": "sung", "sings": "sung", "wrote": "written", "write": "written",
    "writes": "written", "drew": "drawn", "draws": "drawn", "drove": "driven", "gave": "given",
    "took": "taken", "made": "made", "built": "built", "sold": "sold", "won": "won",
    "led": "led", "began": "begun", "ran": "run", "spoke": "spoken", "chose": "chosen",
    "stole": "stolen", "broke": "broken", "shot": "shot", "taught": "taught", "bought": "bought",
}  # fmt: skip


_DOER_VERB = re.compile(r"^\W*(?:and\s+)?who\s+([a-z]{3,})\b", re.IGNORECASE)
_NOT_DEEDS = re.compile(
    r"(?:is|was|are|were|has|had|have|did|does|do|will|would|can|could|may|might|must|should)$"
)


@lru_cache(maxsize=256)
def deed_after(question: str) -> re.Pattern[str] | None:
    """What follows the one who did what a "Who <verb>ed ...?" question asks about, in the
    verb's forms ("announced on Monday" for "Who announced the results?"), or None; to be
    matched right after a name (``pattern.match(text, end)``)."""
    asked = _DOER_VERB.match(question)
    if asked is None or _NOT_DEEDS.fullmatch(asked.group(1).lower()):
        return None
    verb = asked.group(1).lower()
    stem = verb
    if len(re.sub(r"(?:ed|es)$", "", verb)) >= 4:
        stem = re.sub(r"(?:ed|es)$", "", verb)  # "announced", "reaches"
    elif len(verb) > 3:
        stem = re.sub(r"[sd]$", "", verb)  # "makes", "used"
    forms = {stem, _PAST.get(verb, verb), *(v for v, p in _PAST.items() if p == verb)}
    return re.compile(
        rf"\s+(?:(?:has|have|had|also|then)\s+)*(?:{'|'.join(sorted(forms))})\w{{0,3}}\b"
    )


def asks_object(question: str) -> bool:
    """Whether ``question`` asks whom someone acts on ("Who did she attack?", "Who is he
    sending his report to?"), not who did it."""
    return object_of_asked_verb(question) is not None or _ACTING_ON.match(question) is not None
