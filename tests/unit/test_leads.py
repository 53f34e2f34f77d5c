"""A lead sentence that mentions the one the question asks to be named, but never names it,
does not answer: the article does not say who it is."""

from __future__ import annotations

import pytest

from assistant.leads import mentions_unnamed
from tests.unit.test_extractive import refused_unless_named

SPOKESPERSON = (
    "A White House spokesperson said Trump did not misspeak by calling deportations a "
    "'military operation'."
)


@pytest.mark.parametrize(
    ("question", "text", "unnamed"),
    [
        (
            "What is the name of the White House spokesperson who said Trump did not misspeak?",
            SPOKESPERSON,
            True,
        ),
        (
            "Which contractor did Faraday Future miss payments to?",
            "Faraday's missed payments to a contractor working on the factory spurred doubts.",
            True,
        ),
        (
            "What is the name of the former Jammeh bodyguard who was arrested in a mosque?",
            "Last Friday one of Jammeh's former bodyguards was arrested in a mosque.",
            True,
        ),
        ("Which attorneys filed the suit?", "Several attorneys filed the suit on Monday.", True),
        # named after the mention, or before it
        (
            "Which White House spokesperson said Trump did not misspeak?",
            "A White House spokesperson, Lindsay Walters, said Trump did not misspeak.",
            False,
        ),
        (
            "Which friend of President Park ran the foundations?",
            "The foundations were run by Choi Soon-sil, a friend of Ms Park.",
            False,
        ),
        (
            "Which company makes the phone?",
            "Samsung is one of the biggest electronics companies in the world.",
            False,
        ),
        # the one asked for is not mentioned, or another is asked for
        ("Which spokesperson said it?", "Sean Spicer said it was false.", False),
        ("What was the man wearing?", "She was holding hands with a grown man.", False),
        (
            "What general design did Charles Babbage realize was possible in 1833?",
            "In 1833 he realized that a much more general design was possible.",
            False,
        ),
        ("Which company's chief resigned?", "A firm said its chief, John Roe, resigned.", False),
    ],
)
def test_mentions_unnamed(question: str, text: str, unnamed: bool) -> None:
    assert mentions_unnamed(question, text) is unnamed


def test_the_answerer_refuses_to_name_whom_the_article_leaves_unnamed() -> None:
    refused_unless_named(
        "What is the name of the former Jammeh bodyguard who was arrested in a mosque?",
        "Last Friday one of Jammeh's former bodyguards was arrested in a mosque, as Barrow prayed.",
        "Last Friday Lamin Sanneh, a former Jammeh bodyguard, was arrested in a mosque.",
        "Lamin Sanneh",
    )
