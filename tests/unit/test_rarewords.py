"""Rare words of a question that no passage mentions: a signal of the refusal model."""

from __future__ import annotations

import math
from dataclasses import replace

from langchain_core.documents import Document

from assistant.extractive import ExtractiveAnswerer
from assistant.rarewords import fold, rare_absent, rare_words
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import one_passage


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


def test_a_rare_word_counts_as_mentioned_however_a_passage_spells_it() -> None:
    question = "who were the bronte sisters and what did they write about drucilla"
    assert rare_absent(question, [passage("The Brontë sisters wrote novels.")]) == 0.5
    assert rare_absent(question, [passage("Drucilla dies.", "The Brontë sisters")]) == 0.0
    assert rare_absent("lo mein and chiw mein", [passage("Chow mein is fried.")]) == 0.0
    assert rare_absent("who killed drucilla", [passage("Elliot kills a woman.")]) == 1.0
    assert rare_absent("who killed the king", [passage("Elliot kills a woman.")]) == 0.0


def test_a_loose_match_is_refused_when_no_passage_has_the_rare_words_asked() -> None:
    from assistant.answer import REFUSAL
    from assistant.refusal import FEATURES, RefusalModel

    # a model that gives every answer a chance of 0.25: over its threshold, under its caution
    n = len(FEATURES)
    loose = RefusalModel((0.0,) * n, math.log(0.25 / 0.75), (0.0,) * n, (1.0,) * n, 0.2, 0.3)
    answerer = ExtractiveAnswerer(FakeEmbeddings(), model=loose)
    question = "who killed drucilla on young and the restless"
    elliot = [one_passage("In the finale, Elliot is forced to kill a young woman.")]
    assert answerer.answer(question, elliot).answer == REFUSAL
    dru = [one_passage("In the finale, Phyllis kills Drucilla on Young and the Restless.")]
    assert answerer.answer(question, dru).answer != REFUSAL
    sure = replace(loose, caution=0.2)  # a closer match than the caution band: answered
    assert (
        ExtractiveAnswerer(FakeEmbeddings(), model=sure).answer(question, elliot).answer != REFUSAL
    )


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
