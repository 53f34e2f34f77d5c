"""Rare words of a question: names a question typed in lower case relies on."""

from __future__ import annotations

from langchain_core.documents import Document

from assistant.rarewords import fold, rare_words


def passage(text: str, title: str = "") -> Document:
    return Document(page_content=text, metadata={"title": title})


def test_rare_words_are_those_english_rarely_uses() -> None:
    assert rare_words("who killed drucilla on young and the restless") == ("drucilla",)
    # common words, a plural or a possessive typed without its apostrophe are not rare
    assert rare_words("how many burgers did jasons team sell in egypt") == ()
    # a compound of common words is common; one of a rare word is rare as one word
    assert rare_words("when did the full-scale invasion begin") == ()
    assert rare_words("who said cells come from pre-existing cells") == ()
    assert rare_words("who said cells come from preexisting cells") == ("preexisting",)
    # a capitalised name is the ``missing`` signal's, not this one's
    assert rare_words("What did Alexsey Belan do?") == ()
    # the question a follow-up carries is not its own
    assert rare_words("Who won? (following up on: who killed drucilla)") == ()
    assert fold("Brontë pre-existing") == "bronte preexisting"


def test_evidence_from_a_passage_without_the_rare_words_is_about_something_else() -> None:
    from types import SimpleNamespace

    from assistant.refusal import about_something_else

    def sentence(text: str) -> SimpleNamespace:
        return SimpleNamespace(text=text, doc=passage(text))

    question = "when did the dodo become extinct"
    cavy = sentence("Some species of cavy identified in the 20th century may have become feral.")
    dodo = sentence("The last widely accepted sighting of a dodo was in 1662.")
    assert about_something_else(question, cavy, [cavy, dodo])
    assert not about_something_else(question, dodo, [cavy, dodo])
    assert not about_something_else(question, cavy, [cavy])  # no better passage to go by
