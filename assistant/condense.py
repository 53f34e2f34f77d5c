"""Rewrites a follow-up question into one that stands alone, without an LLM.

"Which organization does he work for?" after "Who called the minerals deal
predatory?" (answered "… Hardie argued …") becomes "Which organization does
Hardie work for?". "Did it comment?" after "Which company is the coroner
sending his report to?" (answered "Apple.") becomes "Did Apple comment?", and
still carries the question it follows up on: "it" may be the topic instead. A
follow-up that leans on the conversation in another way ("When was it
proposed?", "And Putin?") keeps its words and carries the previous question
along, so the search still finds the topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.compound import gender_of, is_who_said_it, split_compound
from assistant.entities import EntityTagger
from assistant.language import (
    FOLLOWING_UP,
    MONTH_WORDS,
    ORG_WORDS,
    PERSON_NOUNS,
    already_named,
    answer_type,
    carried_question,
    content_terms,
    is_acronym,
    names,
    own_words,
    persons,
    words,
)
from assistant.photocredit import asks_photo_credit, photo_subject
from vectorstore.sentences import split_sentences

Message = dict[str, str]
_PERSON_PRONOUNS = re.compile(r"\b(he|him|his|she|her|hers)\b", re.IGNORECASE)
_OTHER_PRONOUNS = re.compile(
    r"\b(it|its|they|them|their|this|that|these|those|there|then)\b", re.IGNORECASE
)
_THING_PRONOUNS = re.compile(r"\b(it|its|they|them|their)\b", re.IGNORECASE)
_ELLIPSIS = re.compile(r"^\s*(and|what about|how about|and what about|what of)\b", re.IGNORECASE)
_WHOLE_NAME = re.compile(r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3}")
_CITATION = re.compile(r"\s*\[\d+\]")
_FIRST_STOP = re.compile(r"(?<!\b[A-Z])\.\s")  # not the initial of "George W. Bush"
_CONNECTOR = re.compile(r"\s+(?:of|for|on)\s+")
_POSSESSIVE = re.compile(r"['’]s$")  # "Bessent's trip": Bessent
_TAGGER = EntityTagger()
# A word after "her" that makes it a possessive: none of those after an object ("give her the").
_OWNED_BY_HER = re.compile(
    r"\s+(?!(?:the|a|an|to|in|on|at|for|with|from|about|and|or|that|up|out|down|off|back|"
    r"again|as|by|into|over|after|before|when|if|so|this|these|those|some|any|all|what)\b)"
    r"[a-z]"
)
# spaCy labels of what a personal pronoun cannot stand for (ORG stays: it tags some surnames).
_NOT_A_PERSON = frozenset(
    "DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY EVENT GPE LOC NORP LANGUAGE".split()
)
_NOT_PEOPLE = frozenset(
    "us u.s ukraine russia america china europe washington moscow kyiv white house".split()
)


def _last(history: Sequence[Message], role: str) -> str:
    for message in reversed(history):
        if message.get("role") == role and message.get("content", "").strip():
            return _CITATION.sub("", message["content"]).strip()
    return ""


def _last_person(history: Sequence[Message]) -> str | None:
    """The person a pronoun of the next question points to: the one the conversation is
    about, not whoever the last answer happens to quote."""
    messages = list(history)
    for i in range(len(messages) - 1, -1, -1):
        message = messages[i]
        content = _CITATION.sub("", message.get("content", ""))
        if message.get("role") == "assistant":
            asked = messages[i - 1].get("content", "") if i else ""
            lead = _lead(content) if answer_type(asked) == "person" else None
            if lead:  # the short answer to a "who" question
                return lead
        else:
            # People's names have no "of", "for" or "on" ("Zelenskyy on Feb" is Zelenskyy).
            # Not the pieces of an organisation's name ("Foundation for Defense of Democracies").
            whole = [n for n in persons(content) + names(content) if not set(words(n)) & ORG_WORDS]
            pieces = [_POSSESSIVE.sub("", p) for n in whole for p in _CONNECTOR.split(n)]
            named = [n for n in pieces if _looks_personal(n) and not _named_otherwise(n)]
            if _PERSON_PRONOUNS.search(content) and not _owns(content, named):
                # "Why did he withdraw from the Dubai Desert Classic?", "What did he say Trump
                # wants?": the question was still about him, someone earlier.
                continue
            people = [n for n in named if _tagged_person(n, content)]
            if people or named:
                return (people or named)[-1]
            if role := _ROLE.search(content):
                # "When was the president elected?": the next "he" is the president, not the
                # prime minister an earlier answer named; by name when the conversation
                # gave one with that title ("Somalia's new President Mohamed Abdullahi ...").
                return _titled(role.group(1), messages) or role.group(0)
    # No short answer and no name in the questions: the most recent message naming someone.
    for message in reversed(history):
        found = persons(_CITATION.sub("", message.get("content", "")))
        # "DOJ" is nobody; "Mrs May's first speech" names Mrs May
        found = [_POSSESSIVE.sub("", p) for p in found if not is_acronym(p)]
        if found:
            return found[0] if message.get("role") == "assistant" else found[-1]
    return None


_SUBJECT = re.compile(r"\b(he|she)\b", re.IGNORECASE)
_OBJECT = re.compile(r"\b(him|her)\b(?!\s+own\b)", re.IGNORECASE)


def _doer_beside(question: str, person: str, history: Sequence[Message]) -> str | None:
    """Who "he" is when "him" of the same ``question`` is ``person``: one cannot be both
    ("Why did he oust him?"); the one the last question named other than ``person``, by
    name or by role ("the king" of "Who did the king replace as prime minister?")."""
    subject = _SUBJECT.search(question)
    objects = [
        m for m in _OBJECT.finditer(question) if _OWNED_BY_HER.match(question, m.end()) is None
    ]
    if subject is None or not objects:
        return None
    if gender_of(subject.group(1)) != gender_of(objects[0].group(1)):
        return None
    previous = _last(history, "user")
    others = [
        n
        for n in dict.fromkeys(persons(previous) + names(previous))
        if _looks_personal(n) and not _named_otherwise(n) and not already_named(n, person)
    ]
    if len(others) == 1:
        return others[0]
    role = _ROLE.search(previous)
    return role.group(0) if role and not others else None


def _owns(question: str, named: list[str]) -> bool:
    """Whether the person pronouns of ``question`` are all possessives after the one person
    it names: "Where did Theresa May give her speech?" is about her."""
    found = list(_PERSON_PRONOUNS.finditer(question))
    first = question.find(named[0]) if len(set(named)) == 1 else -1
    return 0 <= first < found[0].start() and all(
        m.group(1).lower() in ("his", "her") for m in found
    )


_ONE_PERSON = "|".join(n for n in PERSON_NOUNS.split("|") if n not in ("people", "person"))
_ROLE = re.compile(rf"\bthe (?:[a-z]+ ){{0,2}}?({_ONE_PERSON})\b")


_WHO_DID_IT_TO = re.compile(r"^\s*(?:and\s+)?who\s+[a-z]+\s+(?:him|her)\b", re.IGNORECASE)
_WHO_ASKED = re.compile(
    r"^\s*(?:and\s+)?who\s+(?!(?:is|was|are|were|did|does|do|has|had|have|will|would|can|"
    r"could)\b)[a-z]+\s+(.+?)(?:\s+(?:in|on|at|for|during|after|before|from|with)\b.*)?\W*$",
    re.IGNORECASE,
)


def _asked_object(question: str, history: Sequence[Message]) -> str | None:
    """Whom "him" or "her" of "Who <did something to> her?" stands for after a question that
    asked who did something to someone: that someone, not the answer ("Who played her in the
    1991 film?" after "Who played the wife in the Addams Family?": the wife, not the actress
    who answered)."""
    if not _WHO_DID_IT_TO.match(question):
        return None
    asked = _WHO_ASKED.match(_previous_question(history))
    if asked is None:
        return None
    whom = asked.group(1).strip()
    if _ROLE.fullmatch(whom):
        return whom  # "the wife"
    named = names(whom)
    return named[0] if len(named) == 1 and named[0] == whom and _looks_personal(whom) else None


_SPEAKER_ASKED = re.compile(
    r"\b(?:did|does|do|has|had|will|would|else)\s+(?:he|she)\s+(?:say|tell|think|argue|claim|"
    r"mean|call|describe|add)\b",
    re.IGNORECASE,
)
_SAID_IT = re.compile(r"(?:^|[.!?]\s+)([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}) said it\b")


def _speaker_of_it(question: str, history: Sequence[Message]) -> str | None:
    """Whom "he" of "What did he say ...?" stands for after "Who X, and who said it?": the
    speaker the answer named ("Trump said it."), not the one the first part asked about."""
    if not _SPEAKER_ASKED.search(question) or not is_who_said_it(
        split_compound(_last(history, "user"))[-1]
    ):
        return None
    said = _SAID_IT.search(_last(history, "assistant"))
    return said.group(1) if said else None


def _topic_person(history: Sequence[Message], gender: str) -> str | None:
    """Whom the last question's pronoun of the same gender stood for: the conversation is
    still about him ("Who did he replace?" after "Who nominated him?" (him: Gorsuch) is about
    Gorsuch, not the George W. Bush who answered)."""
    messages = list(history)
    asked = [i for i, m in enumerate(messages) if m.get("role") == "user"]
    if not asked:
        return None
    said = _PERSON_PRONOUNS.search(messages[asked[-1]].get("content", ""))
    if said is None or gender_of(said.group(1)) != gender:
        return None
    return _asked_object(messages[asked[-1]]["content"], messages[: asked[-1]]) or _agreeing_person(
        messages[: asked[-1]], gender
    )


def _agreeing_person(history: Sequence[Message], gender: str) -> str | None:
    """The last person (:func:`_last_person`) whom the asker has not called by a pronoun of
    the other gender: "What car was he driving?" after "How old is she?" (she: Elizabeth
    Thomas) points to the man the conversation named before her (Tad Cummins)."""
    messages = list(history)
    called: dict[str, str] = {}  # person -> the gender of the asker's pronoun for them
    for i, message in enumerate(messages):
        said = _PERSON_PRONOUNS.search(message.get("content", ""))
        if message.get("role") == "user" and said and (whom := _last_person(messages[:i])):
            called[whom] = gender_of(said.group(1))
    first = _last_person(messages)
    if called.get(first or "", gender) == gender:
        return first  # the usual case: no earlier pronoun says otherwise
    for end in range(len(messages) - 1, 0, -1):
        person = _last_person(messages[:end])
        if person and called.get(person, gender) == gender:
            return person
    return first


def _titled(role: str, history: Sequence[Message]) -> str | None:
    """The name the conversation last gave the title ``role`` ("Mohamed Abdullahi Mohamed"
    of "President Mohamed Abdullahi Mohamed" for "president")."""
    titled = re.compile(rf"\b(?i:{role})\s+([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){{0,3}})")
    for message in reversed(history):
        found = titled.search(_CITATION.sub("", message.get("content", "")))
        if found and _looks_personal(found.group(1)):
            return found.group(1)
    return None


def _swapped(question: str, previous: str) -> str:
    """The previous question about the name an elliptical one asks about instead ("And
    Putin?" after "Where was Zelenskyy on Feb. 15?": "Where was Putin on Feb. 15?"), when
    the previous question names one person; else ""."""
    asked = _ELLIPSIS.sub("", question).strip(" ?.!,")
    if not _ELLIPSIS.search(question) or not _WHOLE_NAME.fullmatch(asked):
        return ""
    pieces = [p for n in names(previous) for p in _CONNECTOR.split(n)]  # "Zelenskyy on Feb"
    named = [n for n in pieces if _looks_personal(n) and not _named_otherwise(n)]
    if len(named) != 1 or named[0] == asked:
        return ""
    return previous.replace(named[0], asked)


def _tagged_person(name: str, text: str) -> bool:
    """Whether spaCy reads ``name`` as a person's in ``text``."""
    return any(e.label == "PERSON" and name in e.text for e in _TAGGER.tag([text])[0])


def _lead(answer: str) -> str | None:
    first = _FIRST_STOP.split(answer, 1)[0].strip().rstrip(".")
    if 1 <= len(first.split()) <= 4 and all(w[:1].isupper() for w in first.split()):
        return first if _looks_personal(first) and not _named_otherwise(first) else None
    return None


def _last_organization(history: Sequence[Message]) -> str | None:
    """The organisation the last answer gave to a "which company ...?" question, if the
    last exchange was one: what "it" or "they" in the next question points to first."""
    messages = list(history)
    if len(messages) < 2 or messages[-1].get("role") != "assistant":
        return None
    if answer_type(messages[-2].get("content", "")) != "organization":
        return None
    first = _FIRST_STOP.split(_CITATION.sub("", messages[-1].get("content", "")), 1)[0].strip()
    name = re.sub(r"^the\s+", "", first.rstrip("."), flags=re.IGNORECASE)
    # A short answer is a name ("Apple", "the Foundation for Defense of Democracies"),
    # not a sentence of evidence.
    return first.rstrip(".") if name[:1].isupper() and len(name.split()) <= 8 else None


_THAT_ORGANIZATION = re.compile(
    r"\b(?:that|this|the same)\s+(?:company|firm|organi[sz]ation|group|agency|carmaker|"
    r"automaker|bank|business|startup|network|outlet|newspaper|party|club|university|"
    r"charity|retailer|airline)\b",
    re.IGNORECASE,
)


def _named_organization(history: Sequence[Message]) -> str | None:
    """The organisation the latest answer to a "which company ...?" question gave."""
    messages = list(history)
    for end in range(len(messages), 1, -1):
        if organization := _last_organization(messages[:end]):
            return organization
    return None


def _named_otherwise(name: str) -> bool:
    """spaCy reads ``name`` as something no "he" or "she" stands for: a date, a place, a
    number ("Christmas", the wrong short answer to a "which composer" question)."""
    whole = [e for e in _TAGGER.tag([name])[0] if e.start == 0 and e.end == len(name)]
    return any(e.label in _NOT_A_PERSON for e in whole)  # not "Scotland" in "Scotland's ..."


def _looks_personal(name: str) -> bool:
    lowered = set(words(name))
    return (
        bool(lowered)
        and not is_acronym(name)  # "DOJ", "FBI": nobody's name
        and not lowered & ORG_WORDS
        and not lowered & _NOT_PEOPLE
        # "May 15" is a date, "Theresa May" a person
        and (not lowered & MONTH_WORDS or (len(lowered) > 1 and name.replace(" ", "").isalpha()))
    )


# "the film", not "the article" (the collection itself: "Who did the article say ...?")
_DEFINITE = re.compile(
    r"\bthe\s+(?!(?:articles?|story|stories|report|text|passages?|news)\b)[a-z]", re.IGNORECASE
)


def _previous_question(history: Sequence[Message]) -> str:
    """The last question asked, as it stood alone ("What did Lindsey Graham say?" for "What
    did he say?"), without the question it carried in turn; when nothing in it could be
    resolved ("How much is it worth?"), the question it followed up on, which has the topic
    ("Who found the huge diamond in Sierra Leone?")."""
    messages = list(history)
    for i in range(len(messages) - 1, -1, -1):
        content = messages[i].get("content", "").strip()
        if messages[i].get("role") == "user" and content:
            standalone = condense(content, messages[:i])
            own = own_words(standalone)
            carried = carried_question(standalone)
            return carried if carried and own == content else own
    return ""


def condense(question: str, history: Sequence[Message]) -> str:
    """The standalone form of ``question`` given the conversation ``history``.

    Args:
        question: The new user message.
        history: Earlier messages, ``{"role": "user" | "assistant", "content": str}``.

    Returns:
        ``question`` itself when it needs no context.
    """
    question = question.strip()
    if not history:
        return question
    rewritten = question
    # "Who called the deal predatory, and where does he work?": the later part's "he" is the
    # first part's answer (assistant.compound), not someone the conversation named.
    parts = split_compound(question)
    later = question.rfind(parts[-1]) if len(parts) > 1 else -1
    leaning, rest = (question[:later], question[later:]) if later > 0 else (question, "")
    if pronoun := _PERSON_PRONOUNS.search(leaning):
        person = (
            _asked_object(leaning, history)
            or _speaker_of_it(leaning, history)
            or _topic_person(history, gender_of(pronoun.group(1)))
            or _agreeing_person(history, gender_of(pronoun.group(1)))
        )
        # "Why did he oust him?" after "Who did the king replace?" (Benkirane): "him" is the
        # answer, "he" who did it, whom the last question named.
        doer = _doer_beside(leaning, person, history) if person else None
        if person:

            def replace(match: re.Match[str]) -> str:
                word = match.group(1).lower()
                owned = word in ("his", "hers") or (
                    word == "her" and _OWNED_BY_HER.match(match.string, match.end()) is not None
                )  # "her retirement", not "beat her in"
                if doer and word in ("he", "she"):
                    return doer
                return f"{person}’s" if owned else person

            rewritten = _PERSON_PRONOUNS.sub(replace, leaning) + rest
            if person.startswith("the ") and (previous := _previous_question(history)):
                # "How many votes did the president get?": which president, the last question says
                return rewritten + FOLLOWING_UP.format(previous=previous)
    if (that := _THAT_ORGANIZATION.search(rewritten)) and (named := _named_organization(history)):
        # "Who runs that company?" after "Which company did Uber partner with?" -> "Daimler."
        return rewritten[: that.start()] + named + rewritten[that.end() :]
    organization = _last_organization(history) if _THING_PRONOUNS.search(rewritten) else None
    if organization:
        # "Did it comment?" after "Which company ...?" -> "Apple.": the question still carries
        # the last one, for "it" may be the topic ("When was it released?").
        owned = f"{organization}’s"
        rewritten = _THING_PRONOUNS.sub(
            lambda m: owned if m.group(1).lower() in ("its", "their") else organization,
            rewritten,
        )
        previous = _previous_question(history)
        return rewritten + FOLLOWING_UP.format(previous=previous) if previous else rewritten
    if asks_photo_credit(question) and not re.search(r"\w", photo_subject(question)):
        # "Who took the photo?" of the caption the last answer gave.
        said = _last(history, "assistant")
        shown = [said[a:b] for a, b in split_sentences(said)]  # the short answer, then evidence
        caption = shown[1] if len(shown) > 1 and len(shown[0].split()) <= 6 else shown[0]
        return f"{question.rstrip(' ?')} of {caption.rstrip('.')}?" if shown else question
    asked_before = [m for m in history if m.get("role") == "user" and m.get("content")]
    full = [m["content"] for m in asked_before if not _ELLIPSIS.search(m["content"])]
    # "And Hardie?" after "Where does he work?" (he: Jensen) swaps the name it stood for.
    last = [q for q in (_previous_question(history), *full[-1:]) if not _ELLIPSIS.search(q)]
    for before in last if _ELLIPSIS.search(question) else []:
        if swapped := _swapped(question, before):
            return swapped  # "And Putin?" after "Where was Zelenskyy on Feb. 15?"
    # In "Who X, and who said it?" the "it" is the first part: only that part can lean back.
    first = split_compound(rewritten)[0]
    needs_topic = (
        _OTHER_PRONOUNS.search(first) is not None
        or _ELLIPSIS.search(first) is not None
        # "Why?" leans back; "Who is Kupchan?" names what it asks about.
        or (len(content_terms(first)) <= 1 and not names(first))
        # "Who directed the film?": a short question that names nothing, of "the" something.
        or (len(content_terms(first)) <= 4 and not names(first) and _DEFINITE.search(first))
    )
    previous = _previous_question(history)
    if needs_topic and previous and rewritten == question:
        return question + FOLLOWING_UP.format(previous=previous)
    if previous and rewritten != question and _THING_PRONOUNS.search(first):
        # "Where did he say it?": "he" is resolved, "it" still leans on the last question.
        return rewritten + FOLLOWING_UP.format(previous=previous)
    return rewritten
