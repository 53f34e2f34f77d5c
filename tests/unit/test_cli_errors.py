"""The CLI turns user errors into one line and a non-zero exit, before loading models."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main

pytestmark = pytest.mark.unit


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_store(capsys) -> None:
    code, _, err = run(capsys, "ask", "Who called the deal predatory?")
    assert code == 1
    assert err.count("\n") == 1 and "dossier ingest PATH" in err and "Traceback" not in err


def test_empty_question(capsys) -> None:
    code, _, err = run(capsys, "ask", "   ")
    assert code == 1 and err.strip() == (
        "dossier: error: the question is empty; ask something about the articles"
    )


def test_bad_setting(capsys, monkeypatch) -> None:
    monkeypatch.setenv("DOSSIER_TOP_K", "zero")
    code, _, err = run(capsys, "ask", "Who?")
    assert (
        code == 2 and err.startswith("dossier: error: bad setting top_k") and err.count("\n") == 1
    )


def test_bad_history_file(capsys, tmp_path) -> None:
    (tmp_path / "h.json").write_text(json.dumps({"not": "a list"}))
    code, _, err = run(capsys, "ask", "Who?", "--history", str(tmp_path / "h.json"))
    assert code == 1 and "must be a JSON list" in err


def test_unknown_command_is_argparse_usage(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_ingest_of_nothing_loadable_fails_with_what_to_do(capsys, tmp_path) -> None:
    (tmp_path / "empty-folder").mkdir()
    code, out, err = run(
        capsys, "ingest", "--quiet", str(tmp_path / "nope"), str(tmp_path / "empty-folder")
    )
    assert code == 1
    assert "rejected " in err and "no such file or folder" in err
    assert (
        err.strip().splitlines()[-1].startswith("dossier: error: no article could be loaded from")
    )
    assert out == ""  # failed before loading the model or opening a store


@pytest.mark.parametrize("date", ["2025-13-01", "21/02/2025", "yesterday"])
def test_bad_date_filter(capsys, date) -> None:
    code, _, err = run(capsys, "ask", "Who?", "--date-from", date)
    assert code == 1 and err.startswith("dossier: error: bad filter date_from:") and date in err


def test_eval_needs_a_question_set_or_beir(capsys) -> None:
    code, _, err = run(capsys, "eval")
    assert code == 1 and err.strip() == (
        "dossier: error: give a question set (dossier eval QUESTIONS.jsonl) or --beir DIR"
    )


def test_eval_bad_question_file_fails_before_loading(capsys, tmp_path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "a", "question": "Q?"}\n')
    code, _, err = run(capsys, "eval", str(bad), "--corpus", "nowhere")
    assert code == 1 and err.count("\n") == 1
    assert "q.jsonl:1: an answerable case needs at least one gold answer" in err


def test_eval_bad_gate_and_missing_corpus(capsys, tmp_path) -> None:
    good = tmp_path / "q.jsonl"
    good.write_text('{"id": "a", "question": "Q?", "answers": ["a"]}\n')
    code, _, err = run(capsys, "eval", str(good), "--fail-under", "accuracy")
    assert code == 1 and "--fail-under takes METRIC=NUMBER" in err
    code, _, err = run(capsys, "eval", str(good), "--corpus", str(tmp_path / "nowhere"))
    assert code == 1 and "does not exist" in err and err.count("\n") == 1


def test_eval_missing_store_says_how_to_make_one(capsys, tmp_path) -> None:
    good = tmp_path / "q.jsonl"
    good.write_text('{"id": "a", "question": "Q?", "answers": ["a"]}\n')
    code, _, err = run(capsys, "eval", str(good))
    assert code == 1 and "dossier ingest PATH" in err and err.count("\n") == 1


def test_eval_compare_unreadable_run(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "eval", "--compare", str(tmp_path / "a"), str(tmp_path / "b"))
    assert code == 1 and "cannot read" in err and "dossier eval --out" in err


@pytest.mark.parametrize("k", ["0", "-3", "two"])
def test_k_must_be_at_least_one(capsys, k) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ask", "Who?", "-k", k])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "argument -k: must be" in err


def test_a_question_that_is_not_utf8_is_one_line(capsys) -> None:
    # What Python makes of `dossier ask $'...caf\xe9?'` on a UTF-8 system (surrogate escape).
    question = b"Who runs the caf\xe9?".decode("utf-8", "surrogateescape")
    code, _, err = run(capsys, "ask", question)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "not valid Unicode text: byte 0xe9 at character 16 is not UTF-8" in err


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("But Hardie argued it.", "“But Hardie argued it.”"),
        ("“I think so,” he said.", "“I think so,” he said."),  # no doubled opening mark
    ],
)
def test_source_quotes_are_never_doubly_quoted(quote: str, shown: str) -> None:
    from assistant.cli import _quoted

    assert _quoted(quote) == shown
