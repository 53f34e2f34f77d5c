"""Whether a sentence holds an answer of the kind a question asks for (a person, a date, a
number, an organisation, a place, a nationality), read by spaCy's named entities, by the
rules of :mod:`assistant.language`, or both (:data:`assistant.extractive` ``typing``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from assistant.dates import date_wanted, month_agrees
from assistant.entities import (
    CREDIT_ASKED,
    NOT_PLACES,
    POST_ASKED,
    SPEECH_ASKED,
    Entity,
    EntityTagger,
    is_credit,
    is_speaker,
    may_be_a_person,
    of_kind,
    read_as,
    tagged_unlike_a_person,
)
from assistant.language import (
    ORG_WORDS,
    already_named,
    asks_who_did,
    group_subject,
    has_type,
    names,
    own_words,
    words,
)
from assistant.numbers import asks_specific_number, in_a_name, is_age
from assistant.organizations import org_fits
from assistant.places import place_fits
from assistant.quotes import outside_quotes, unquoted
from assistant.verbs import asks_object, deed_after

NAMED_KINDS = frozenset({"person", "organization", "place"})


def holds_kind(
    tagger: EntityTagger,
    typing: str,
    texts: list[str],
    opening: str,
    kind: str,
    question: str,
    a_person: Callable[[str], bool],
) -> bool:
    """Whether ``texts`` (a sentence, the rest of its quotation, the sentence before it for
    "..., he said.") hold an answer of ``kind`` that the question does not already name.

    Args:
        tagger: spaCy's entities.
        typing: "model", "rules" or "both" (either may type).
        texts: The sentences read together.
        opening: The sentence itself, for the group it may open on ("Doctors in Newcastle").
        kind: The kind of answer asked for.
        question: The (standalone) question.
        a_person: Whether an organisation's name is a person's in the article (then it is
            no organisation, and it is a person).
    """
    joined = " ".join(texts)
    by_rules = has_type(joined, kind, question)
    if typing == "rules":
        return by_rules
    tagged = tagger.tag(texts)
    read = tuple(e for found in tagged for e in found)
    said = outside_quotes(texts, tagged) if kind in NAMED_KINDS - {"place"} else read
    pairs = list(zip(texts, tagged, strict=True))
    if kind == "date":  # "Tad Cummins, 50, ...": an age, not a date
        said = tuple(e for t, found in pairs for e in found if not is_age(t, e.start))
    if kind == "number":  # "Galaxy Note 7s": a name, not a count
        said = tuple(e for t, found in pairs for e in found if not in_a_name(t, e.start))
    if kind in NAMED_KINDS - {"place"} and not CREDIT_ASKED.search(question):
        credits = {id(e) for t, found in pairs for e in found if is_credit(t, e.start)}
        said = tuple(e for e in said if id(e) not in credits)
    # "Who found the diamond?": not "..., says Mathew Nyaungwa", who only speaks of it.
    doer = kind == "person" and asks_for_doer(question)
    if doer:
        said = tuple(
            e
            for t, found in pairs
            for e in found
            if e in said and not is_speaker(t, e.start, e.end)
        )
    found = of_kind(tuple(said), kind)
    if kind == "person":  # spaCy tags some bare surnames ORG, or a place: "Barrow", and
        # "Sunderland said." (a place that speaks, and the article's Judith Sunderland)
        found += [
            e
            for t, tags in pairs
            for e in tags
            if e in said and tagged_unlike_a_person(t, e) and a_person(e.text)
        ]
    by_model = any(
        not already_named(e.text, question)
        and name_fits(e.text, kind, question)
        and (kind != "organization" or not a_person(e.text))
        for e in found
    )
    if kind == "number" and by_model:
        by_model = by_rules or not asks_specific_number(question)
    if kind == "date" and (wanted := date_wanted(question)):  # a year, a calendar date
        return any(d not in question and month_agrees(question, d) for d in wanted.findall(joined))
    if kind == "person" and by_rules and not by_model:
        # The rules take any fresh capitalised name for a person's; not one spaCy reads
        # as a place, a date or a title ("Georgia", "Smokey and the Bandit").
        by_rules = any(
            may_be_a_person(n, read)
            for n in names(unquoted(joined))
            if not already_named(n, question)
            and not set(words(n)) & ORG_WORDS
            and not (doer and _speaks(n, texts))
        )
    if kind == "place" and by_rules and not by_model:
        # Nor any capitalised name for a place: not one spaCy reads as a date ("Friday"),
        # a person or a nationality ("Theresa May", "Conservatives").
        by_rules = any(
            place_fits(n, question) and not read_as(n, read, NOT_PLACES)
            for n in names(joined)
            if not already_named(n, question)
        )
    if kind == "organization" and by_rules and not by_model:
        # Nor any capitalised name for an organisation of another kind ("the Supreme Court"
        # to "Where did he go to college?").
        by_rules = any(
            org_fits(n, question) and set(words(n)) & ORG_WORDS
            for n in names(joined)
            if not already_named(n, question)
        )
    if kind == "person" and not by_model:
        # "Who announced the results?": "the Central Election Commission announced ..."
        by_model = bool(organization_doers(question, pairs))
    if kind == "person" and not by_model and asks_who_did(question):
        # "Who got the first UK licence ...?": "Doctors in Newcastle have been given ..."
        by_model = group_subject(opening) is not None
    return by_model or (typing == "both" and by_rules)


def name_fits(name: str, kind: str, question: str) -> bool:
    """Whether a place or an organisation so named can be the one asked for: "which city" is
    not answered by a country, "Where did he go to college?" not by "the Supreme Court"."""
    if kind == "place":
        return place_fits(name, question)
    return kind != "organization" or org_fits(name, question)


@lru_cache(maxsize=256)
def asks_for_doer(question: str) -> bool:
    """Whether ``question`` asks who did something ("Who found the diamond?") that no one who
    merely speaks of it did: not who said it, nor who holds a post ("Who chairs ...?")."""
    return (
        asks_who_did(question)
        and not SPEECH_ASKED.search(question)
        and not POST_ASKED.match(own_words(question))
    )


def _speaks(name: str, texts: list[str]) -> bool:
    """Whether ``name`` is only ever the speaker of ``texts`` ("says Mathew Nyaungwa")."""
    at = [(t, m) for t in texts for m in re.finditer(re.escape(name), t)]
    return bool(at) and all(is_speaker(t, m.start(), m.end()) for t, m in at)


def organization_doers(
    question: str, tagged: list[tuple[str, tuple[Entity, ...]]]
) -> list[tuple[int, Entity]]:
    """The organisations that did what "Who <verb>ed ...?" asks ("the Central Election
    Commission announced on Monday" for "Who announced the results?"), as (index of the text,
    entity) of ``tagged`` (texts with their entities), when no person there did it; not for
    a post ("Who leads the party?" asks for a person)."""
    deed = deed_after(question)
    if deed is None or POST_ASKED.match(own_words(question)):
        return []
    if any(deed.match(t, e.end) for t, found in tagged for e in of_kind(found, "person")):
        return []
    return [
        (i, e)
        for i, (t, found) in enumerate(tagged)
        for e in of_kind(found, "organization")
        if deed.match(t, e.end) and not already_named(e.text, question)
    ]


_AFTER_PREPOSITION = re.compile(r"\b(?:to|on|against|with|at|for|from)\s+(?:the\s+)?$", re.I)


def organization_object(question: str, text: str, organization: Entity) -> bool:
    """Whether ``organization`` in ``text`` may be whom a "Who did she attack?" question asks
    for: named after a preposition ("a scathing attack on Labour", "send a report to
    Apple"); not "the 1997 film Titanic" to "Who was he going to give it to?"."""
    return asks_object(own_words(question)) and bool(
        _AFTER_PREPOSITION.search(text[: organization.start])
    )
