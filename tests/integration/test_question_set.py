"""The real pipeline (model + embedded Chroma) on our question set over seeds/, through the
evaluation harness. Quality thresholds are gated by `dossier eval` in scripts/test.sh; here,
what must hold for every single answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation.questions import load_cases
from assistant.evaluation.runner import run_all
from tests.conftest import QUESTIONS


@pytest.fixture(scope="module")
def results(seeded):
    return run_all(seeded, load_cases(QUESTIONS))


def test_no_case_errors(results) -> None:
    assert [r.id for r in results if r.error] == []


def test_every_citation_is_an_exact_span_of_its_article(results) -> None:
    checked = 0
    for r in results:
        for c in r.citations:
            text = Path(c["source"]).read_text(encoding="utf-8")
            assert text[c["start"] : c["end"]] == c["quote"]
            assert c["quote"] in c["text"]
            checked += 1
    assert checked > 40


def test_refusals_say_so_and_cite_nothing(results) -> None:
    refused = [r for r in results if r.refused]
    assert refused
    for r in refused:
        assert r.citations == [] and r.answer == "The articles don't say."


def test_every_answer_sentence_is_cited(results) -> None:
    answered = [r for r in results if not r.refused]
    assert answered and all(r.sentences and r.cited_sentences == r.sentences for r in answered)
