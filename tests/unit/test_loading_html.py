"""Loader tests: HTML pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.loading_helpers import load_one, only_rejection, write

pytestmark = pytest.mark.unit


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
