"""Whether the sentence that would lead an answer answers the question at all.

The rules of :mod:`assistant.refusal` that read the lead sentence, and one more: the one the
question asks to be named is mentioned in it, but not named ("A White House spokesperson said
..." to "What is the name of the White House spokesperson who said ...?").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from assistant.language import PERSON_NOUNS, own_words
from assistant.refusal import (
    about_something_else,
    bears_another_role,
    lacks_the_name_asked,
    misses_what_is_asked,
    only_of_someone_else,
)


def refuses_lead(
    question: str,
    kind: str,
    lead: Any,
    pool: Sequence[Any],
    people: Callable[[str], Sequence[Any]],
) -> bool:
    """Whether a rule says ``lead`` (a candidate sentence) does not answer ``question``.

    Args:
        question: The (standalone) question.
        kind: The kind of answer it asks for.
        lead: The sentence that would lead the answer.
        pool: The best candidates, for :func:`assistant.refusal.about_something_else`.
        people: The people a text names (spaCy's, cached by the answerer).
    """
    text = lead.text
    return (
        about_something_else(question, lead, pool)
        or only_of_someone_else(question, text, people)
        or misses_what_is_asked(question, text)
        or bears_another_role(question, kind, text, people)
        or lacks_the_name_asked(question, text)
        or mentions_unnamed(question, text)
    )


_NOUN = rf"(?:{PERSON_NOUNS}|academic|classmate|contractor|company|firm)"
_NOT_A_NOUN = r"(?!(?:is|was|are|were|did|does|do|has|have|had|will)\b)"
# The noun phrase ends: "... aide who", "... contractor did", "... academic credited with".
_ENDS = (
    r"(?=\W*$|\s*[,?]|\s+(?:who|whom|whose|that|which|did|does|do|is|was|are|were|has|have|"
    r"had|will|would|can|could|said|says|told|\w+ed)\b)"
)
# "What is the name of the aide who ...?", "Which contractor did ...?"; "Which company's
# chief ...?" asks for the chief; "What general design ...?" for no general.
_ASKED = re.compile(
    rf"\b(?:names?\s+of\s+(?:the|a|an|this|that|his|her|its|their)|which|what)\s+"
    rf"(?:{_NOT_A_NOUN}[\w\-'’]+\s+){{0,3}}?({_NOUN})(?:e?s)?{_ENDS}",
    re.IGNORECASE,
)
# Someone not named: "a contractor working on", "one of Jammeh's former bodyguards".
_UNNAMED = re.compile(
    r"\b(?:[Aa]n?|[Aa]nother|[Oo]ne\s+of(?:\s+the)?|[Ss]everal|[Ss]ome|[Uu]nnamed|"
    r"[Uu]nidentified)\s+(?:[\w\-'’]+\s+){0,3}$"
)
_NAMED_BEFORE = re.compile(r"[A-Z][\w\-'’]+(?:,|\s+(?:is|was|as))\s+$")  # "Choi Soon-sil, a friend"
_NAME_AFTER = re.compile(r",?\s+[A-Z][\w\-'’]+")  # "a spokesman, John Smith"


def mentions_unnamed(question: str, text: str) -> bool:
    """Whether every mention in ``text`` of the one the question asks to be named leaves it
    unnamed: "... Faraday's missed payments to a contractor working on the factory" does not
    say which contractor; "Choi Soon-sil, a friend of Ms Park" names the friend."""
    asked = _ASKED.search(own_words(question))
    if asked is None:
        return False
    noun = asked.group(1).lower()
    # "company", "companies"; "attorney", "attorneys"
    ies = re.search(r"[^aeiou]y$", noun) is not None
    forms = rf"{re.escape(noun[:-1])}(?:y|ies)" if ies else rf"{re.escape(noun)}(?:e?s)?"
    mentions = list(re.finditer(rf"\b{forms}\b", text))
    if not mentions:
        return False
    for mention in mentions:
        before = _UNNAMED.search(text[: mention.start()])
        if (
            before is None
            or _NAMED_BEFORE.search(text[: before.start()])
            or _NAME_AFTER.match(text, mention.end())
        ):
            return False
    return True
