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
