"""Unit tests for vectorstore.loading: every format, every rejection, discovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vectorstore.articles import Article, Rejected
from vectorstore.loading import (
    DEFAULT_MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    discover,
    load_file,
    normalize_date,
)

pytestmark = pytest.mark.unit


def write(path: Path, content: str | bytes) -> Path:
    """Write ``content`` byte for byte (no newline translation) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def load_one(path: Path) -> Article:
    articles, rejected = load_file(path)
    assert rejected == []
    assert len(articles) == 1
    return articles[0]


def only_rejection(path: Path, **kwargs: int) -> str:
    articles, rejected = load_file(path, **kwargs)
    assert articles == []
    assert len(rejected) == 1
    assert rejected[0].source == str(path.resolve())
    assert "\n" not in rejected[0].reason
    return rejected[0].reason


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


# --- html -----------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Page title | Site</title>
<meta property="og:title" content="OG headline">
<meta property="og:site_name" content="ABC News">
<meta property="og:url" content="https://abcnews.go.com/og">
<meta property="article:published_time" content="2025-02-21T15:04:05Z">
<link rel="canonical" href="https://abcnews.go.com/canonical">
<style>body { color: red; }</style>
<script>var tracking = "SECRET_SCRIPT";</script>
</head>
<body>
<nav>Home | World | NAV_LINK</nav>
<article>
<h1>Visible   heading</h1>
<p>First paragraph with <b>bold</b> and
   <a href="#">a link</a>.</p>
<script>alert("INLINE_SCRIPT")</script>
<noscript>NOSCRIPT_TEXT</noscript>
<!-- HTML_COMMENT -->
<p>Second paragraph.<br>After break.</p>
<ul><li>Item one</li><li>Item two</li></ul>
</article>
<aside>ASIDE_TEXT</aside>
<footer>FOOTER_TEXT</footer>
</body></html>
"""


def test_html_text_keeps_content_and_drops_scripts_and_chrome(tmp_path: Path) -> None:
    article = load_one(write(tmp_path / "page.html", HTML_PAGE))
    assert article.text == (
        "Visible heading\n\n"
        "First paragraph with bold and a link.\n\n"
        "Second paragraph.\nAfter break.\n\n"
        "Item one\nItem two"
    )
    for hidden in (
        "SECRET_SCRIPT",
        "color: red",
        "INLINE_SCRIPT",
        "NOSCRIPT_TEXT",
        "HTML_COMMENT",
        "NAV_LINK",
        "ASIDE_TEXT",
        "FOOTER_TEXT",
        "Page title",
    ):
        assert hidden not in article.text


def test_html_metadata(tmp_path: Path) -> None:
    article = load_one(write(tmp_path / "page.htm", HTML_PAGE))
    assert article.title == "OG headline"
    assert article.date == "2025-02-21"
    assert article.outlet == "ABC News"
    assert article.url == "https://abcnews.go.com/canonical"
    assert article.source == str((tmp_path / "page.htm").resolve())


def test_html_fallbacks_title_tag_time_og_url(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Tag title</title>"
        '<meta property="og:url" content="https://e.com/og"></head>'
        '<body><h1>H1</h1><p>Text <time datetime="2024-09-27">Sept 27</time>.</p></body></html>'
    )
    article = load_one(write(tmp_path / "t.html", html))
    assert article.title == "Tag title"
    assert article.date == "2024-09-27"
    assert article.url == "https://e.com/og"
    assert article.outlet is None


def test_html_title_from_h1_and_meta_date(tmp_path: Path) -> None:
    html = '<meta name="date" content="Jan 5, 2017"><h1>Only H1</h1><div>Body</div>'
    article = load_one(write(tmp_path / "h.html", html))
    assert article.title == "Only H1"
    assert article.date == "2017-01-05"
    assert article.text == "Only H1\n\nBody"


def test_html_collapses_blank_runs(tmp_path: Path) -> None:
    html = "<div><div><p>A</p></div>\n\n\n<div></div><p></p><section><p>B</p></section></div>"
    assert load_one(write(tmp_path / "b.html", html)).text == "A\n\nB"


def test_html_deep_nesting_does_not_overflow(tmp_path: Path) -> None:
    html = "<div>" * 5000 + "deep text" + "</div>" * 5000
    assert load_one(write(tmp_path / "deep.html", html)).text == "deep text"


def test_html_without_text_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.html", "<html><head><script>x()</script></head><body></body>")
    assert "no readable text" in only_rejection(path)


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
