"""The short answer an answer leads with: the name, date, number, place or quote asked for.

"Who called the minerals deal predatory?" is answered by the evidence sentence
"“I think the terms of that deal itself are frankly predatory in nature,” he
said." and the sentence before it, "But Hardie argued ..."; the short answer is
the person those sentences name, expanded to the full name the article gives
("John Hardie"), with its exact offsets in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer import ShortAnswer
from assistant.dates import HOW_LONG_ASKED, date_wanted, fits_when, month_agrees, with_event
from assistant.descriptions import description
from assistant.entities import (
    CREDIT_ASKED,
    SPEECH_ASKED,
    Entity,
    EntityTagger,
    is_credit,
    is_speaker,
    names_a_person,
    of_kind,
    tagged_unlike_a_person,
)
from assistant.kinds import asks_for_doer, name_fits, organization_doers, organization_object
from assistant.language import (
    QUESTION_WORDS,
    STOPWORDS,
    already_named,
    asks_who_did,
    content_terms,
    group_subject,
    names,
    words,
)
from assistant.numbers import (
    AGE_ASKED,
    MONEY_ASKED,
    age_spans,
    figure_span,
    is_age,
    is_amount,
    not_a_figure,
    per_unit,
    rate_asked,
)
from assistant.organizations import ORG_NOUN_ASKED, asked_org_words, called_so, names_ending
from assistant.personnames import (
    NOT_ROLES,
    ROLE_ASKED,
    all_named,
    called_a,
    full_name,
    named_by_surname,
    named_in_full,
    replaced,
)
from assistant.quotes import open_quotes, quotation_alone, quote_answer, spoken_of
from assistant.thingnames import thing_named
from assistant.titles import (
    OTHER_TITLES,
    agent_title,
    asked_title,
    doer_titles,
    named_by_title,
    titled,
)
from assistant.verbs import acted_by as verb_by
from assistant.verbs import deed_after, object_of_asked_verb

# The asker wants the speaker: "who" or "which ..." is the subject of the verb of speech.
_SPEAKER_ASKED = re.compile(
    r"^\s*(?:who\s+|which\s+(?:[\w’'\-]+\s+){0,10}?)(?:has\s+|had\s+)?"
    r"(?:said|says|argued|argues|called|calls|told|tells|warned|wrote|claimed|described|"
    r"stated|declared|suggested|noted|added|critici[sz]ed|praised|condemned|slammed|welcomed|"
    r"dismissed)\b",
    re.IGNORECASE,
)
# "Who plays ...?" asks who does it: in the passive, the one "by" names.
_DOER_ASKED = re.compile(
    r"^\W*(?:and\s+)?who\s+(?!(?:did|does|do|is|was|are|were|will|would|has|have|had|can|"
    r"could|should|else)\b)[a-z]+",
    re.IGNORECASE,
)
_BY_AGENT = re.compile(r"\bby\s+(?:[\w\-]+\s+){0,2}$")
_HE = re.compile(r"\W*(?:He|She)(?:['’]s)?\s")  # a sentence whose subject is a pronoun
_AGE_OF = re.compile(r"(?:the\s+)?ages?\s+of\b", re.IGNORECASE)
# "in the city of St. Augustine": where something is, by the kind of place it is
_SETTLEMENT_OF = r"(?:the\s+(?:city|town|village|state|county|province|region|district)\s+of\s+)?"
_PLACE_AFTER = re.compile(rf"\b(?:in|at|to|from|near)\s+{_SETTLEMENT_OF}$", re.IGNORECASE)
_TITLE_WEIGHT = 100  # terms_beside for a name bearing the title asked for
_BESIDE = 40  # characters: about six words either side of a short answer
_FAR = 300  # characters: a question term farther than this from a candidate does not count
_QUESTION_TERMS_SKIP = STOPWORDS | {"who", "whom", "whose", "what", "when", "where", "which"}


@dataclass
class Evidence:
    """A sentence of a passage, where it sits in the article, and the passage's chunk id."""

    text: str
    start: int
    chunk_id: str


def find(
    tagger: EntityTagger,
    question: str,
    kind: str,
    evidence: list[Evidence],
    previous: Evidence | None,
    article_sentences: list[Evidence],
) -> ShortAnswer | None:
    """The short answer of ``kind`` in ``sentence`` (or the speaker in ``previous``), or None.

    Args:
        tagger: Types the spans.
        question: The (standalone) question.
        kind: What it asks for: person, organization, place, date, number or quote ("" for
            none: then only a "Who is <name>?" question gets one, the description).
        evidence: The best evidence sentence (with the rest of its quotation, in order).
        previous: The sentence before it, when the evidence leans on it ("..., he said.").
        article_sentences: Other sentences of the same article at hand, to expand a surname
            to the full name.
    """
    if kind == "quote":
        return quote_answer(evidence, question)
    if not kind:  # "Who is X?": what he is; "Which film ...?": its name
        return description(question, evidence) or thing_named(question, evidence)
    if kind == "number" and AGE_ASKED.search(question):
        ages = [
            (s, Entity(s.text[a:b], "AGE", a, b)) for s in evidence for a, b in age_spans(s.text)
        ]
        # Not the age of someone else the sentence names: "Tad Cummins, 50, ..." to "How
        # old is Elizabeth Thomas?"; an age nobody owns may be the asked one's ("the 41-year-old").
        owners = [(item, _owner(item)) for item in ages]
        ages = [i for i, o in owners if o and o in words(question)] or [
            i for i, o in owners if not o
        ]
        if ages:
            where, entity = _closest(ages, question, kind)
            start = where.start + entity.start
            return ShortAnswer(entity.text, start, where.start + entity.end, 0, where.chunk_id)
    places = [(s, e) for s in evidence for e in _fresh(tagger, s, kind, question)]
    if kind == "organization":  # not a person's name spaCy tags ORG
        texts = [s.text for s in article_sentences + evidence]
        places = [(s, e) for s, e in places if not names_a_person(tagger, e.text, texts)]
    if kind == "person" and previous is not None and _speaker_pronoun(evidence[-1].text):
        # "“...,” he said.": the person is the one the sentence before names.
        places = [(previous, e) for e in _fresh(tagger, previous, kind, question)] or places
    elif kind == "person" and previous is not None and quotation_alone(e.text for e in evidence):
        # A quotation with no speaker of its own goes on with the one before it.
        texts = [w.text for w in article_sentences + evidence]
        places = [(previous, e) for e in _people_in(tagger, previous, question, texts)] + places
    elif kind == "person" and previous is not None and not places and _HE.match(evidence[0].text):
        # "He admitted last week that ...": the one the sentence before names first ("Barrow
        # is attaching ..."; "his boss, President Donald Trump, ... complaining on Twitter").
        named = _people_in(tagger, previous, question, [w.text for w in article_sentences])
        places = [(previous, named[0])] if named else []
    if kind == "person":
        # "Joanna" to "Who praised Rowsell Shand ...?": the one asked about, by first name.
        texts = [w.text for w in article_sentences + evidence]
        places = [
            (s, e)
            for s, e in places
            if not named_in_full(e.text, question, texts)
            and not named_by_surname(e.text, question, texts)  # "Woods" of "Tiger Woods"
        ]
    if kind == "person" and not SPEECH_ASKED.search(question):
        # "Who was negotiating with no cards?" asks who the quote is about, not who spoke it;
        # unless the speaker is all the evidence names ("Daimler chief executive Dieter
        # Zetsche said ..." to "Who is the chief executive of Daimler?").
        spoken_of = [(s, e) for s, e in places if not is_speaker(s.text, e.start, e.end)]
        # Not for "Who found the diamond?": "..., says Mathew Nyaungwa" only speaks of it.
        places = spoken_of or ([] if asks_for_doer(question) else places)
    if kind == "organization" and (noun := ORG_NOUN_ASKED.search(question)):
        # "Which party does he belong to?": "the Islamist PJD Party", a name spaCy may miss.
        bearing = [(s, e) for s in evidence for e in names_ending(s.text, noun.group(1))]
        places = [item for item in bearing if not already_named(item[1].text, question)] or places
    if kind == "organization" and (kind_said := asked_org_words(question)):
        # "Which chip maker ...?": "US computer chip giant Intel", however spaCy reads it.
        called = [
            (s, Entity(n, "ORG", at, at + len(n)))
            for s in evidence
            for n in names(s.text)
            if (at := s.text.find(n)) >= 0
            and not already_named(n, question)
            and called_so(kind_said, s.text, at, at + len(n))
        ]
        places = called or places
    if kind == "person" and (role := ROLE_ASKED.match(question)):
        # "Who is the former teacher accused of kidnapping a student?": the one the article
        # calls a teacher ("Cummins was a teacher at ..."), not the student the sentence names.
        texts = [w.text for w in article_sentences + evidence]
        roles = [w for w in role.group(1).lower().split() if not NOT_ROLES.fullmatch(w)]
        called = [(s, e) for s, e in places if roles and called_a(e.text, roles, texts)]
        places = called or places
    if kind in ("person", "organization"):
        # "Which fellow argued that ...?" asks who spoke: not a name inside the quotation;
        # nor is the "Cook" of “Cook me up a hamburger” anyone's name.
        # Counted from the quotation's first sentence: "I think he wants a deal with Xi
        # Jinping,” said Charles Kupchan." is inside the quotation until its closing mark.
        def before(s: Evidence) -> str:
            return " ".join(w.text for w in evidence[: evidence.index(s)]) if s in evidence else ""

        outside = [
            (s, e) for s, e in places if open_quotes(f"{before(s)} {s.text[: e.start + 1]}") <= 0
        ]
        places = outside or places
    if kind == "number" and (counted := _counted(question)):
        # "How many Grammy awards ...?": "22 Grammys", not the "seven" Baftas beside them.
        # The first counted word decides: "three back surgeries, four knee operations" to
        # "How many back operations ...?".
        for word in counted:
            following = [(w, e) for w, e in places if _counts(w.text[e.end :], word)]
            if following:
                places = following
                break
    if kind == "number" and MONEY_ASKED.search(question.lower()):
        # "How much did it sell for?": "$63m", not the "813-carat" stone.
        money = [
            (w, e) for w, e in places if e.label == "MONEY" or is_amount(w.text, e.start, e.end)
        ]
        places = money or places
    if kind == "number" and (rate := rate_asked(question)):
        # "How much per hour ...?": "?8.50 an hour", not "Asda's 135,000 staff".
        rated = per_unit(rate)
        given = [(w, e) for w, e in places if rated.match(w.text, e.end)]
        # spaCy misses some ("an additional?2.54 an hour"): the rule's numbers then.
        given = given or [
            (w, Entity(m.group(0), "MONEY", m.start(), m.end()))
            for w in evidence
            for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", w.text)
            if rated.match(w.text, m.end())
        ]
        places = given or places
    if kind == "person" and not _SPEAKER_ASKED.search(question):
        # "Who was negotiating with no cards?": “I’ve been watching him negotiate with no
        # cards ...,” Trump said of the Ukrainian president.: whom the quotation is about.
        about = _spoken_of(question, evidence, article_sentences)
        if about is not None:
            return about
    group = group_subject(evidence[0].text) if kind == "person" and not places else None
    if group is not None and asks_who_did(question):
        # "Who got the first UK licence ...?": the group the sentence opens on, where it
        # names nobody ("Doctors in Newcastle have been given ...").
        where, (start, end) = evidence[0], group
        text = where.text[start:end]
        return ShortAnswer(text, where.start + start, where.start + end, 0, where.chunk_id)
    if kind == "person" and deed_after(question) is not None:
        # no person did it: an organisation did ("Who announced the results?")
        said = [s.text for s in evidence]
        if doers := organization_doers(question, list(zip(said, tagger.tag(said), strict=True))):
            where, e = evidence[doers[0][0]], doers[0][1]
            start, end = where.start + e.start, where.start + e.end
            return ShortAnswer(e.text, start, end, 0, where.chunk_id)
    if kind == "person" and not places:
        # "Who is he sending his report to?": "send a report to Apple", where no person is
        texts = [w.text for w in article_sentences + evidence]
        orgs = [(s, e) for s in evidence for e in _fresh(tagger, s, "organization", question)]
        objects = [(s, e) for s, e in orgs if organization_object(question, s.text, e)]
        places = [(s, e) for s, e in objects if not names_a_person(tagger, e.text, texts)]
    if not places:
        return None
    where, entity = _closest(places, question, kind)
    if kind == "person":  # "Who were the two officers ...?": both, as the article lists them
        entity = all_named(question, where.text, entity, [e for s, e in places if s is where])
    if kind == "number":  # "$10 [trillion] to $12 trillion", "13 ft"
        start, end = figure_span(question, where.text, entity.start, entity.end)
        entity = Entity(where.text[start:end], entity.label, start, end)
    if kind == "date":  # "the night before the Super Bowl"
        end = with_event(where.text, entity.end)
        entity = Entity(where.text[entity.start : end], entity.label, entity.start, end)
    answer = ShortAnswer(
        entity.text, where.start + entity.start, where.start + entity.end, 0, where.chunk_id
    )
    if kind == "person" and len(entity.text.split()) == 1:
        return full_name(answer, article_sentences) or answer
    return answer


def terms_beside(question: str, kind: str, text: str, start: int, end: int) -> int:
    """How many of the question's terms stand within :data:`_BESIDE` characters of the span
    ``text[start:end]`` (on either side): the words an answer is given with. -1 for the
    speaker of a quote the question does not ask about ("Steve Curtler said charging a
    phone in the bath is a risk" to "Who was electrocuted charging his phone in the bath?")."""
    if kind == "person" and not SPEECH_ASKED.search(question) and is_speaker(text, start, end):
        return -1
    title = asked_title(question) if kind == "person" else None
    if title is not None and titled(title, text, start):
        return _TITLE_WEIGHT  # "Which president ...?": the name the evidence titles so leads
    verb = object_of_asked_verb(question) if kind == "person" else None
    if verb is not None and verb.search(text[:start]):
        return _TITLE_WEIGHT  # "Who did he clerk for?": "He clerked for Judge ..."
    if kind == "organization" and called_so(asked_org_words(question), text, start, end):
        return _TITLE_WEIGHT  # "Which chip maker ...?": as a title does for a person
    around = f"{text[max(0, start - _BESIDE) : start]} {text[end : end + _BESIDE]}"
    return len(set(content_terms(question)) & set(content_terms(around)))


def _people_in(
    tagger: EntityTagger, sentence: Evidence, question: str, texts: list[str]
) -> list[Entity]:
    """The people ``sentence`` names that the question does not, in order: spaCy's, and a bare
    surname it tags ORG, or a place that speaks ("Sunderland said."), that ``texts`` (the
    article) give in full ("Barrow", "Judith Sunderland")."""
    found = _fresh(tagger, sentence, "person", question) + [
        e
        for e in tagger.tag([sentence.text])[0]
        if tagged_unlike_a_person(sentence.text, e)
        and not already_named(e.text, question)
        and names_a_person(tagger, e.text, texts)
    ]  # fmt: skip
    return sorted(found, key=lambda e: e.start)


def _fresh(tagger: EntityTagger, sentence: Evidence, kind: str, question: str) -> list[Entity]:
    """Entities of the kind that the question does not already name."""
    found = of_kind(tagger.tag([sentence.text])[0], kind)
    found = [e for e in found if name_fits(e.text, kind, question)]  # "which city": no country
    if kind == "date" and (wanted := date_wanted(question)):
        found = [e for e in found if wanted.search(e.text)] or [
            Entity(m.group(0), "DATE", m.start(), m.end()) for m in wanted.finditer(sentence.text)
        ]
        found = [e for e in found if month_agrees(question, e.text)]
    if kind == "date":  # "the age of 79", "Tad Cummins, 50, is ...": ages, not dates
        found = [e for e in found if not _AGE_OF.match(e.text)]
        found = [e for e in found if not is_age(sentence.text, e.start)]
    if kind == "date" and not HOW_LONG_ASKED.search(question):  # not "just days", "ago"
        found = [e for e in found if fits_when(question, e.text)]
    if kind in ("person", "organization") and not CREDIT_ASKED.search(question):
        found = [e for e in found if not is_credit(sentence.text, e.start)]
    if kind == "number":  # not the conversion of "$500-million (460-million-euro)", "Note 7"
        found = [e for e in found if not not_a_figure(sentence.text, e.start)]
    return [e for e in found if not already_named(e.text, question)]


def _spoken_of(
    question: str, evidence: list[Evidence], article_sentences: list[Evidence]
) -> ShortAnswer | None:
    """The person a quotation of ``evidence`` is said to be about, when it holds a term of the
    question: by the name the article gives that description ("Volodymyr Zelenskyy" for "the
    Ukrainian president"), else the description itself."""
    terms = set(content_terms(question))
    for i, sentence in enumerate(evidence):
        before = " ".join(s.text for s in evidence[:i])
        span = spoken_of(sentence.text, before)
        if span is None or not terms & set(content_terms(before + " " + sentence.text[: span[0]])):
            continue
        start, end = span
        text = sentence.text[start:end]
        if text[:1].isupper() and not text.startswith("The "):  # a name: "said of Zelenskyy"
            answer = ShortAnswer(text, sentence.start + start, sentence.start + end, 0,
                                 sentence.chunk_id)  # fmt: skip
            return full_name(answer, article_sentences) if " " not in text else answer
        others = [*article_sentences, *evidence]
        if (named := named_by_title(text, [s.text for s in others])) is not None:
            i, start, end = named
            sentence = others[i]
        return ShortAnswer(sentence.text[start:end], sentence.start + start,
                           sentence.start + end, 0, sentence.chunk_id)  # fmt: skip
    return None


def _owner(item: tuple[Evidence, Entity]) -> str:
    """The name an age stands right after, lower case ("dokuchaev" of "Dmitry Dokuchaev,
    33"), or ""."""
    where, entity = item
    owner = re.search(r"([A-Z][\w’'\-]+)(?:,\s*|\s*\()$", where.text[: entity.start])
    return owner.group(1).lower() if owner else ""


def _counted(question: str) -> list[str]:
    """The thing "how many" counts, as word stems ("Grammy awards" -> ["gramm", "award"])."""
    match = re.search(r"\bhow many\s+((?:[\w\-]+\s+){0,3})", question, re.IGNORECASE)
    if not match:
        return []
    counted = []
    for word in words(match.group(1)):
        if word in STOPWORDS:
            break
        counted.append(word[:5])
    return counted


def _counts(after: str, word: str) -> bool:
    """Whether the counted word follows a number within three words."""
    return any(w[:5] == word for w in words(after)[:3])


def _closest(
    places: list[tuple[Evidence, Entity]], question: str, kind: str
) -> tuple[Evidence, Entity]:
    """The candidate in the thick of the words the evidence shares with the question.

    Each question term found in the evidence counts by its distance to the candidate
    (nearest occurrence, capped); a possessive ("Ukraine’s President") is a modifier,
    not an answer; a place after "in", "at", "to" or "from" is where something happened.
    """
    terms = {w[:5] for w in words(question) if w not in _QUESTION_TERMS_SKIP}
    title = asked_title(question) if kind == "person" else None
    agent_asked = kind == "person" and _DOER_ASKED.match(question) is not None
    doers = doer_titles(question) if kind == "person" else []
    # the title asked, or the doer's ("Who sings ...?": a singer)
    bearing = [t for t in (title, agent_title(question) if kind == "person" else None) if t]
    others = OTHER_TITLES[title.pattern] if title is not None else []
    acted_by = verb_by(question) if agent_asked else None
    verb = (
        re.match(r"\W*(?:and\s+)?who\s+([a-z]+)", question, re.IGNORECASE) if agent_asked else None
    )
    org_said = asked_org_words(question) if kind == "organization" else frozenset()
    qualifying = {t[:5] for t in org_said}
    object_of = object_of_asked_verb(question) if kind == "person" else None
    role = ROLE_ASKED.match(question) if kind == "person" else None
    roles = [w for w in role.group(1).lower().split() if not NOT_ROLES.fullmatch(w)] if role else []
    # "Who is the nominee ...?": not "Trump" of "Trump's nominee", whose nominee it is
    owner_of_role = (
        re.compile(rf"^[’']s\s+(?:[\w\-]+\s+){{0,2}}?(?:{'|'.join(roles)})\b", re.IGNORECASE)
        if roles
        else None
    )
    asked_in = _named_in(question) if kind == "place" else None
    # "Who nominated Gorsuch?": "President Donald Trump's nominee ...", the doer's possessive.
    owned = re.compile(rf"^[’']s\s+{verb.group(1)[:5]}", re.IGNORECASE) if verb else None

    def cost(item: tuple[Evidence, Entity]) -> tuple[float, int]:
        where, entity = item
        found: dict[str, int] = {}
        for m in re.finditer(r"[A-Za-z0-9][\w’'\-]*", where.text):
            key = m.group(0).lower()[:5]
            if key not in terms:
                continue
            if not entity.start <= m.start() < entity.end:
                d = min(abs(m.start() - entity.start), abs(m.start() - entity.end))
                found[key] = min(found.get(key, _FAR), d)
            elif key in qualifying:  # "Which Russian agency ...?": "the Russian Federal
                found[key] = 0  # Security Service"; not "league" of "... in the French league?"
        total = sum(found.get(t, _FAR) for t in terms) / max(1, len(terms))
        after = where.text[entity.end : entity.end + 2]
        if after in ("’s", "'s") and kind != "person":
            total += _FAR
        before = where.text[max(0, entity.start - 30) : entity.start].lower()
        if kind == "place" and _PLACE_AFTER.search(before):
            total -= 40
            if asked_in and asked_in.search(where.text[max(0, entity.start - 40) : entity.start]):
                total -= 60  # "Where was Putin ...?": "Putin in St. Petersburg"
        if any(titled(t, where.text, entity.start) for t in bearing):
            total -= _FAR
        elif title is not None and any(titled(t, where.text, entity.start) for t in others):
            total += _FAR  # "Who is the new prime minister?": not "President Mohamed"
        if object_of is not None and object_of.search(where.text[: entity.start]):
            total -= _FAR  # "Who did he clerk for?": "clerked for Judge David B. Sentelle"
        if kind == "person" and replaced(question, where.text, entity.start, entity.end):
            total += _FAR  # "Who did Trump nominate?": not the justice his nominee replaces
        if called_so(org_said, where.text, entity.start, entity.end):
            total -= _FAR  # "Which chip maker ...?": "US computer chip giant Intel"
        if any(titled(d, where.text, entity.start) for d in doers):
            total += _FAR  # "Whom did the president appoint?": not the one titled President
        if owner_of_role is not None and owner_of_role.match(where.text[entity.end :]):
            total += _FAR
        if owned is not None and owned.match(where.text[entity.end :]):
            total -= 80
        ahead = where.text[max(0, entity.start - 40) : entity.start]
        if agent_asked and _BY_AGENT.search(ahead):
            total -= 40  # "Who plays the mother?": "she is portrayed by Alicia Silverstone"
            if acted_by is not None and acted_by.search(ahead):
                total -= 80  # "Who sang it?": "sung by Phil Harris", not "written by ..."
        return (total, entity.start)

    return min(places, key=cost)


@lru_cache(maxsize=256)
def _named_in(question: str) -> re.Pattern[str] | None:
    """A name the question gives, or another of its words, right before "in" or "at" and a
    place: "Putin in ", "performed the procedure in " (not "doctors in New York")."""
    given = {w for n in names(question) for w in n.split() if len(w) > 2 and w.isalpha()}
    said = {
        w[:5]
        for w in words(question)
        if len(w) > 3 and w not in STOPWORDS and w not in QUESTION_WORDS and w.isalpha()
    } - {w.lower()[:5] for w in given}
    if not given and not said:
        return None
    named = "|".join([*map(re.escape, sorted(given)), *(rf"(?i:{w})\w*" for w in sorted(said))])
    return re.compile(rf"\b(?:{named}),?\s+(?:in|at)\s+{_SETTLEMENT_OF}$")


def _speaker_pronoun(text: str) -> bool:
    return re.search(
        r"[”\"],?\s+(?:he|she|they)\s+(?:said|says|added|argued|told)\b", text
    ) is not None or (
        re.search(r"\b(?:[Hh]e|[Ss]he)\s+(?:said|says|added|argued|told)\b", text) is not None
        and not re.search(r"\b(?!He\b|She\b)[A-Z][a-z]+\s+(?:said|says|added|argued|told)\b", text)
    )
