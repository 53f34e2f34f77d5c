"""The question-set reader accepts DESIGN.md's format and names the bad line otherwise."""

from __future__ import annotations

import json

import pytest

from assistant.evaluation.questions import load_cases
from tests.conftest import QUESTIONS
from vectorstore.errors import InputError

pytestmark = pytest.mark.unit


def write(tmp_path, *rows) -> object:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_single_multi_turn_and_unanswerable(tmp_path) -> None:
    path = write(
        tmp_path,
        {"id": "a", "question": "Who?", "answers": ["Hardie"], "support": ["Hardie"]},
        {"id": "b", "turns": ["Who?", "Where does he work?"], "answers": ["FDD"]},
        "",
        {"id": "c", "question": "Who won?", "answers": [], "support": [], "unanswerable": True},
    )
    a, b, c = load_cases(path)
    assert (a.question, a.group) == ("Who?", "single")
    assert (b.question, b.turns, b.group) == (
        "Where does he work?",
        ("Who?", "Where does he work?"),
        "multi-turn",
    )
    assert c.unanswerable and c.group == "unanswerable"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{not json", "not JSON"),
        ('["a list"]', "expected a JSON object"),
        ({"id": "x", "answers": ["a"]}, 'needs "question"'),
        ({"id": "x", "question": "", "answers": ["a"]}, "non-empty strings"),
        ({"id": "x", "question": "Q?", "answers": "a"}, "lists of strings"),
        ({"id": "x", "question": "Q?", "answers": []}, "at least one gold answer"),
        ({"id": "x", "question": "Q?", "unanswerable": "yes"}, "true or false"),
    ],
)
def test_a_bad_line_is_named(tmp_path, row, message) -> None:
    path = write(tmp_path, {"id": "ok", "question": "Q?", "answers": ["a"]}, row)
    with pytest.raises(InputError, match=message) as caught:
        load_cases(path)
    assert f"{path}:2" in str(caught.value)


def test_duplicate_ids_and_empty_files_are_refused(tmp_path) -> None:
    row = {"id": "same", "question": "Q?", "answers": ["a"]}
    with pytest.raises(InputError, match="duplicate id 'same'"):
        load_cases(write(tmp_path, row, row))
    with pytest.raises(InputError, match="no questions"):
        load_cases(write(tmp_path, ""))
    with pytest.raises(InputError, match="cannot read"):
        load_cases(tmp_path / "missing.jsonl")


def test_our_question_set_is_what_the_issue_asks_for() -> None:
    cases = load_cases(QUESTIONS)
    assert len(cases) >= 40
    assert sum(c.unanswerable for c in cases) >= 8
    assert sum(len(c.turns) > 1 for c in cases) >= 5
    kinds = {c.category for c in cases}
    assert {"caption", "date", "number", "quote"} <= kinds
    assert all(c.support for c in cases if not c.unanswerable)
