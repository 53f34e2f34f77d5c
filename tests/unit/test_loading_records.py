"""Loader tests: JSON, JSONL and CSV news dumps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.loading_helpers import load_one, only_rejection, write
from vectorstore.articles import Article
from vectorstore.loading import load_file

pytestmark = pytest.mark.unit


# --- json / jsonl / csv ---------------------------------------------------------------------


def test_json_list_with_ids_and_fields(tmp_path: Path) -> None:
    rows = [
        {
            "ID": "a1",
            "Headline": "First",
            "Body": "Text one.",
            "Published": "2017-01-05 12:00:00",
            "Publisher": "Reuters",
            "Link": "https://r.com/1",
        },
        {
            "title": "Second",
            "text": "Text two.",
            "description": "not the text",
            "date": "05/01/2017",
            "source": "https://ap.org/2",
        },
    ]
    path = write(tmp_path / "dump.json", json.dumps(rows))
    articles, rejected = load_file(path)
    assert rejected == []
    first, second = articles
    resolved = str(path.resolve())
    assert first == Article(
        source=f"{resolved}#a1",
        text="Text one.",
        title="First",
        date="2017-01-05",
        outlet="Reuters",
        url="https://r.com/1",
    )
    # No id-like field ("source" is not one, even holding a URL): the row index is the id.
    assert second.source == f"{resolved}#1"
    assert second.text == "Text two."
    assert second.date is None  # ambiguous day/month is not guessed
    assert second.url == "https://ap.org/2"
    assert second.outlet is None


@pytest.mark.parametrize("key", ["articles", "data", "items", "documents", "Articles"])
def test_json_object_with_list(tmp_path: Path, key: str) -> None:
    data = {"meta": {"count": 2}, key: [{"content": "One."}, {"maintext": "Two."}]}
    path = write(tmp_path / "wrapped.json", json.dumps(data))
    articles, rejected = load_file(path)
    assert rejected == []
    assert [a.text for a in articles] == ["One.", "Two."]
    assert [a.source for a in articles] == [f"{path.resolve()}#0", f"{path.resolve()}#1"]
    assert [a.title for a in articles] == ["wrapped.json #0", "wrapped.json #1"]


def test_json_single_object(tmp_path: Path) -> None:
    data = {
        "full_text": "Lone article.",
        "publish_date": "Jan 5, 2017",
        "source": {"id": None, "name": "BBC"},
    }
    path = write(tmp_path / "one.json", json.dumps(data))
    article = load_one(path)
    assert article.source == str(path.resolve())
    assert article.title == "one.json"
    assert article.date == "2017-01-05"
    assert article.outlet == "BBC"


def test_json_row_without_text_is_rejected_others_load(tmp_path: Path) -> None:
    rows = [
        {"id": 1, "text": "Good."},
        {"id": 2, "title": "No text"},
        {"id": 30, "body": "  "},
        "not an object",
        {"_id": "x", "article": "Also good."},
    ]
    path = write(tmp_path / "mixed.json", json.dumps(rows))
    articles, rejected = load_file(path)
    resolved = str(path.resolve())
    assert [a.source for a in articles] == [f"{resolved}#1", f"{resolved}#x"]
    assert [r.source for r in rejected] == [f"{resolved}#2", f"{resolved}#30", f"{resolved}#3"]
    assert "no text" in rejected[0].reason and "body" in rejected[0].reason
    assert "not an object" in rejected[2].reason


def test_json_url_is_the_id_of_last_resort(tmp_path: Path) -> None:
    rows = [
        {"text": "A.", "url": "https://e.com/a"},
        {"text": "B.", "id": 5, "url": "https://e.com/b"},
    ]
    path = write(tmp_path / "urls.json", json.dumps(rows))
    articles, _ = load_file(path)
    resolved = str(path.resolve())
    assert [a.source for a in articles] == [f"{resolved}#https://e.com/a", f"{resolved}#5"]
    assert [a.title for a in articles] == ["urls.json #https://e.com/a", "urls.json #5"]


def test_json_invalid(tmp_path: Path) -> None:
    reason = only_rejection(write(tmp_path / "bad.json", '[{"text": "a"},\n {"text": }]'))
    assert reason.startswith("invalid JSON at line 2")


def test_json_wrong_top_level(tmp_path: Path) -> None:
    assert "expected objects" in only_rejection(write(tmp_path / "n.json", "42"))


def test_json_all_rows_bad_is_one_file_rejection(tmp_path: Path) -> None:
    path = write(tmp_path / "none.json", json.dumps([{"title": "a"}, {"title": "b"}]))
    reason = only_rejection(path)
    assert "no article could be loaded" in reason and "2 row(s)" in reason


def test_json_empty_list_is_rejected(tmp_path: Path) -> None:
    assert "no articles" in only_rejection(write(tmp_path / "e.json", "[]"))


def test_jsonl_rows_blank_lines_and_bad_line(tmp_path: Path) -> None:
    content = '{"text": "One.", "uuid": "u1"}\n\n{"text": broken}\n{"text": "Three."}\n'
    path = write(tmp_path / "rows.jsonl", content)
    articles, rejected = load_file(path)
    resolved = str(path.resolve())
    assert [a.text for a in articles] == ["One.", "Three."]
    # Row indices count non-blank lines, so a bad line does not renumber the rest.
    assert [a.source for a in articles] == [f"{resolved}#u1", f"{resolved}#2"]
    assert len(rejected) == 1
    assert rejected[0].reason.startswith("invalid JSON on line 3")


def test_jsonl_every_line_bad_is_one_file_rejection(tmp_path: Path) -> None:
    reason = only_rejection(write(tmp_path / "bad.jsonl", "{oops\n[1,\n"))
    assert "no article could be loaded (2 row(s) rejected" in reason
    assert "invalid JSON on line 1" in reason


def test_csv_rows_large_field_and_missing_text(tmp_path: Path) -> None:
    big = "word " * 60_000  # over csv's default 128 KiB field limit
    content = (
        "Article_ID,Title,Text,Date,Source_Name,URL\r\n"
        f'7,Big one,"{big}",2025-02-21,Reuters,https://r.com/7\r\n'
        '8,Multi,"line one\r\nline two",Jan 5 2017,AP,\r\n'
        "9,Empty,,2025-01-01,AP,\r\n"
    )
    path = write(tmp_path / "news.csv", content)
    articles, rejected = load_file(path)
    resolved = str(path.resolve())
    assert [a.source for a in articles] == [f"{resolved}#7", f"{resolved}#8"]
    assert articles[0].text == big.strip()
    assert articles[0].outlet == "Reuters" and articles[0].date == "2025-02-21"
    assert articles[1].text == "line one\r\nline two"
    assert articles[1].date == "2017-01-05"
    assert articles[1].url is None
    assert [r.source for r in rejected] == [f"{resolved}#9"]


def test_csv_without_text_column(tmp_path: Path) -> None:
    reason = only_rejection(write(tmp_path / "cols.csv", "id,title\n1,Hello\n"))
    assert "no text column" in reason and "columns: id, title" in reason


def test_csv_header_only(tmp_path: Path) -> None:
    assert "no articles" in only_rejection(write(tmp_path / "h.csv", "id,text\n"))


def test_a_giant_cell_is_rejected_by_row_and_the_rest_loads(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "dump.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "title", "text"])
        writer.writerow(["small", "Fine", "A normal article."])
        writer.writerow(["huge", "Too big", "word " * 250_000])  # 1.25 million characters
        writer.writerow(["last", "Also fine", "Another normal article."])
    articles, rejected = load_file(path)
    assert [a.title for a in articles] == ["Fine", "Also fine"]
    assert len(rejected) == 1 and rejected[0].source.endswith("dump.csv#huge")
    assert rejected[0].reason == (
        "article is 1,250,006 characters, over the 1,000,000-character limit "
        "(DOSSIER_MAX_ARTICLE_CHARS)"
    )


def test_the_article_limit_applies_to_plain_files_too(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Headline\n\n" + "x" * 100)
    articles, rejected = load_file(path, max_chars=50)
    assert not articles and rejected[0].source == str(path.resolve())
    assert "over the 50-character limit" in rejected[0].reason


def test_csv_subtitle_is_the_first_paragraph(tmp_path: Path) -> None:
    # A news dump keeps the lede (or a photo caption) apart from the body: it is part of what
    # the article says, once, and a credit glued to it ("(CNN)Leicester") is spaced.
    content = (
        "article_id,title,subtitle,text\r\n"
        '1,Sacked,"(CNN)Leicester City has sacked Claudio Ranieri.","Ranieri, who became ..."\r\n'
        '2,Same,"Daimler and Uber team up.","Daimler and Uber team up. More."\r\n'
        '3,None,,"Body only."\r\n'
    )
    articles, rejected = load_file(write(tmp_path / "news.csv", content))
    assert rejected == []
    assert [a.text for a in articles] == [
        "(CNN) Leicester City has sacked Claudio Ranieri.\n\nRanieri, who became ...",
        "Daimler and Uber team up. More.",
        "Body only.",
    ]
