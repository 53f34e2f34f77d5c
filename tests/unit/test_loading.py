"""Unit tests for vectorstore.loading: every format, every rejection, discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.loading_helpers import load_one, only_rejection, write
from vectorstore.articles import Rejected
from vectorstore.loading import (
    DEFAULT_MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    discover,
    load_file,
    normalize_date,
)

pytestmark = pytest.mark.unit


# --- plain text ---------------------------------------------------------------------------


def test_txt_text_is_file_content_exactly_including_crlf(tmp_path: Path) -> None:
    content = "  Headline here\r\n\r\nFirst “quoted” paragraph.\r\nSecond line, café.\r\n\r\n"
    path = write(tmp_path / "story.txt", content)
    article = load_one(path)
    assert article.text == content
    assert article.text == path.read_bytes().decode("utf-8")
    start = article.text.index("First")
    end = article.text.index("café") + len("café")
    assert path.read_bytes().decode("utf-8")[start:end] == article.text[start:end]
    assert article.source == str(path.resolve())


def test_txt_title_from_short_first_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "\nTrump eyes Ukraine minerals\n\nThe president said so.\n")
    assert load_one(path).title == "Trump eyes Ukraine minerals"


@pytest.mark.parametrize(
    "content",
    [
        "This first line is a sentence.\nSecond line.\n",
        "Is this a question?\nMore.\n",
        "“A quoted line”\nMore.\n",
        "Only one line and nothing after it",
        "x" * 121 + "\nMore.\n",
    ],
)
def test_txt_title_falls_back_to_file_name(tmp_path: Path, content: str) -> None:
    path = write(tmp_path / "fallback.txt", content)
    assert load_one(path).title == "fallback.txt"


def test_txt_date_and_outlet_header(tmp_path: Path) -> None:
    content = "Minerals deal nears\nDate: 2025-02-21\nSource: ABC News\n\nBody text.\n"
    article = load_one(write(tmp_path / "d.txt", content))
    assert article.title == "Minerals deal nears"
    assert article.date == "2025-02-21"
    assert article.outlet == "ABC News"
    assert article.text == content


def test_txt_without_date_header_has_no_date(tmp_path: Path) -> None:
    article = load_one(write(tmp_path / "n.txt", "Headline\nOn 2025-02-21 things happened.\n"))
    assert article.date is None


def test_txt_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfHeadline\nBody.\n")
    article = load_one(path)
    assert article.text == "Headline\nBody.\n"
    assert article.title == "Headline"


# --- markdown -------------------------------------------------------------------------------


def test_markdown_heading_title_and_exact_text(tmp_path: Path) -> None:
    content = "Intro line without heading\n\n# The Real Title\r\n\r\nBody **bold**.\r\n"
    article = load_one(write(tmp_path / "m.md", content))
    assert article.title == "The Real Title"
    assert article.text == content


def test_markdown_front_matter(tmp_path: Path) -> None:
    content = (
        "---\n"
        'title: "Front matter title"\n'
        "date: Feb. 21, 2025\n"
        "outlet: ABC News\n"
        "url: https://abcnews.go.com/x\n"
        "---\n"
        "# Heading\n\nBody.\n"
    )
    article = load_one(write(tmp_path / "fm.markdown", content))
    assert article.title == "Front matter title"
    assert article.date == "2025-02-21"
    assert article.outlet == "ABC News"
    assert article.url == "https://abcnews.go.com/x"
    assert article.text == content


def test_markdown_source_url_in_front_matter_is_url(tmp_path: Path) -> None:
    content = "---\nsource: https://example.com/a\n---\n# H\n\nBody.\n"
    article = load_one(write(tmp_path / "s.md", content))
    assert article.url == "https://example.com/a"
    assert article.outlet is None
    assert article.title == "H"


def test_markdown_heading_inside_code_fence_is_ignored(tmp_path: Path) -> None:
    content = "```\n# not a title\n```\n\nSome body text follows here.\n"
    assert load_one(write(tmp_path / "c.md", content)).title == "c.md"


# --- whole-file rejections ------------------------------------------------------------------


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_empty_file_rejected(tmp_path: Path, suffix: str) -> None:
    assert only_rejection(write(tmp_path / f"empty{suffix}", b"")) == "file is empty"


def test_whitespace_only_rejected(tmp_path: Path) -> None:
    reason = only_rejection(write(tmp_path / "ws.txt", " \r\n\t\n"))
    assert reason == "file contains only whitespace"


def test_too_large_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "a" * 2048)
    assert only_rejection(path, max_bytes=1024) == "file is 2.0 KB, over the 1.0 KB limit"


def test_too_large_message_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no 80 MB actually written
        handle.truncate(80 * 1024 * 1024)
    reason = only_rejection(path, max_bytes=DEFAULT_MAX_FILE_BYTES)
    assert reason == "file is 80.0 MB, over the 50.0 MB limit"


def test_binary_rejected(tmp_path: Path) -> None:
    reason = only_rejection(write(tmp_path / "bin.txt", b"GIF89a\x00\x01\x02text"))
    assert "binary" in reason


def test_latin1_rejected_not_guessed(tmp_path: Path) -> None:
    reason = only_rejection(write(tmp_path / "latin.txt", "café au lait".encode("latin-1")))
    assert "not UTF-8 text" in reason and "re-save it as UTF-8" in reason


def test_utf16_rejected(tmp_path: Path) -> None:
    reason = only_rejection(write(tmp_path / "u16.txt", "Hello".encode("utf-16")))
    assert "UTF-16" in reason and "re-save it as UTF-8" in reason


def test_unsupported_suffix_rejected_by_load_file(tmp_path: Path) -> None:
    assert "unsupported file type '.pdf'" in only_rejection(write(tmp_path / "x.pdf", "%PDF"))


def test_bad_file_does_not_stop_other_files(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", b"")
    write(tmp_path / "b.txt", "Good\nText.\n")
    files, rejected = discover([tmp_path])
    assert rejected == []
    results = [load_file(f) for f in files]
    assert [len(arts) for arts, _ in results] == [0, 1]
    assert [len(bad) for _, bad in results] == [1, 0]


# --- discover -------------------------------------------------------------------------------


def test_discover_folder_recursive_sorted_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "sub/c.json",
        "sub/deeper/d.CSV",
        "image.png",
        "notes.pdf",
        ".hidden.txt",
        ".git/e.txt",
        "sub/.cache/f.txt",
    ]:
        write(tmp_path / name, "x")
    files, rejected = discover([tmp_path])
    assert rejected == []
    assert files == [
        tmp_path / "a.md",
        tmp_path / "b.txt",
        tmp_path / "sub" / "c.json",
        tmp_path / "sub" / "deeper" / "d.CSV",
    ]


def test_discover_missing_and_unsupported_explicit_files(tmp_path: Path) -> None:
    good = write(tmp_path / "good.html", "<p>x</p>")
    pdf = write(tmp_path / "paper.pdf", "x")
    missing = tmp_path / "missing.txt"
    files, rejected = discover([str(missing), pdf, good])
    assert files == [good]
    assert rejected[0] == Rejected(str(missing), "no such file or folder")
    assert rejected[1].source == str(pdf)
    assert rejected[1].reason.startswith("unsupported file type '.pdf'; supported: ")
    assert all(suffix in rejected[1].reason for suffix in SUPPORTED_SUFFIXES)


def test_discover_explicit_hidden_file_and_duplicates(tmp_path: Path) -> None:
    hidden = write(tmp_path / ".notes.txt", "x")
    plain = write(tmp_path / "plain.txt", "x")
    files, rejected = discover([hidden, plain, tmp_path, str(plain)])
    assert rejected == []
    assert files == [hidden, plain]


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-02-21", "2025-02-21"),
        ("2025-02-21T10:00:00Z", "2025-02-21"),
        ("2025-02-21T10:00:00.123+01:00", "2025-02-21"),
        ("2017-01-05 12:00:00", "2017-01-05"),
        ("20250221", "2025-02-21"),
        ("2025/02/21", "2025-02-21"),
        ("Jan 5, 2017", "2017-01-05"),
        ("January 5, 2017", "2017-01-05"),
        ("Feb. 21, 2025", "2025-02-21"),
        ("Sept. 27, 2024", "2024-09-27"),
        ("5 January 2017", "2017-01-05"),
        ("Friday, February 21, 2025", "2025-02-21"),
        ("Fri, 21 Feb 2025 10:00:00 GMT", "2025-02-21"),
        ("05/01/2017", None),
        ("2025-13-01", None),
        ("yesterday", None),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_normalize_date(raw: str | None, expected: str | None) -> None:
    assert normalize_date(raw) == expected
