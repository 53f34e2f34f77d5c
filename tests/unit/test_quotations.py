"""A quotation of several sentences goes on with the speaker named before it opened, whom
spaCy may miss when a clause describes him."""

from __future__ import annotations

from assistant.entities import EntityTagger, of_kind
from assistant.extractive import ExtractiveAnswerer
from assistant.quotes import quotation_alone
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import one_passage

SAID = (
    '"The executive order today is not going to bring back coal jobs," Goldfuss, who helped '
    "develop Obama's climate action plan, told Al Jazeera."
)
GOES_ON = (
    '"The market is just not demanding coal here in the United States. The resurgence of '
    'natural gas is really driving our entire economy when it comes to energy right now."'
)


def test_a_quotation_of_several_sentences_is_a_quotation_alone() -> None:
    first, second = GOES_ON.split(". ", 1)
    assert quotation_alone([first + ".", second])
    assert not quotation_alone([second])  # its end alone is no quotation
    assert not quotation_alone([SAID])  # it has a speaker of its own


def test_the_speaker_named_before_a_describing_clause_is_a_person() -> None:
    tagger = EntityTagger()
    people = [e.text for e in of_kind(tagger.tag([SAID])[0], "person")]
    assert "Goldfuss" in people and "Obama" in people
    assert "Officials" not in [
        e.text
        for e in of_kind(tagger.tag(["Officials, who spoke on Monday, said no."])[0], "person")
    ]


def test_the_speaker_of_a_quotation_that_goes_on_is_named_before_it_opened() -> None:
    answerer = ExtractiveAnswerer(FakeEmbeddings(), min_score=0.0)
    answer = answerer.answer(
        "Who said the resurgence of natural gas is driving the economy's energy?",
        [one_passage(f"Coal miners were disappointed. {SAID} {GOES_ON}")],
    )
    assert answer.short_answer is not None and answer.short_answer.text == "Goldfuss"
    assert "told Al Jazeera" in answer.answer  # the evidence shows who says it
