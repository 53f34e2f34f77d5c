"""Extract an article's readable text and metadata from an HTML page."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from vectorstore.articles import Article
from vectorstore.records import normalize_date

__all__ = ["html_article"]

# HTML elements that never hold article text; "head" goes after metadata is read.
_HTML_DROP = frozenset(
    ("script", "style", "noscript", "template", "iframe", "svg", "nav", "footer", "aside")
    + ("head", "title", "meta", "link", "base", "button")
)
# Break strength around a block element: 2 = blank line, 1 = line break.
_HTML_BLOCKS = dict.fromkeys(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl")
    + ("figure", "article", "section", "header", "main", "hr", "address", "details"),
    2,
) | dict.fromkeys(
    ("div", "li", "tr", "td", "th", "dt", "dd", "figcaption", "caption", "summary", "br"), 1
)


def html_article(source: str, html: str, name: str) -> Article | None:
    """Extract readable text and metadata from an HTML page.

    The title comes from ``og:title``, ``<title>`` or the first ``<h1>``; the
    date from ``article:published_time``, a ``<time datetime>`` or date meta
    tags; the URL from the canonical link or ``og:url``; the outlet from
    ``og:site_name``. Scripts, styles, navigation and other page chrome are
    dropped from the text.

    Args:
        source: The resolved path of the file, used as the article's source.
        html: The decoded HTML.
        name: The file's name, the title of last resort.

    Returns:
        The article, or None if the page has no readable text.
    """
    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            meta.setdefault(key.strip().lower(), content.strip())
    title_tag, h1 = soup.find("title"), soup.find("h1")
    title = (
        meta.get("og:title")
        or (title_tag.get_text(" ", strip=True) if title_tag else "")
        or (h1.get_text(" ", strip=True) if h1 else "")
        or name
    )
    time_tag = soup.find("time", attrs={"datetime": True})
    raw_date = (
        meta.get("article:published_time")
        or (time_tag.get("datetime") if time_tag else None)
        or meta.get("date")
        or meta.get("datepublished")
        or meta.get("pubdate")
    )
    canonical = soup.find("link", rel="canonical", href=True)
    url = (canonical.get("href") if canonical else None) or meta.get("og:url")
    text = _visible_text(soup)
    if not text:
        return None
    return Article(
        source=source,
        text=text,
        title=title,
        date=normalize_date(raw_date if isinstance(raw_date, str) else None),
        outlet=meta.get("og:site_name"),
        url=url if isinstance(url, str) else None,
    )


def _visible_text(soup: BeautifulSoup) -> str:
    """Render the visible text: block elements become line breaks, blank runs collapse."""
    parts: list[str] = []
    pending = 0  # strongest break requested since the last text (see _HTML_BLOCKS)
    # An explicit stack, not recursion: deeply nested pages must not hit the recursion limit.
    stack: list[Any] = [soup]
    while stack:
        item = stack.pop()
        if isinstance(item, int):
            pending = max(pending, item)
        elif isinstance(item, NavigableString):
            # Subclasses are comments, doctypes, CDATA and the like: not visible text.
            if type(item) is not NavigableString:
                continue
            chunk = re.sub(r"\s+", " ", str(item))
            if chunk.strip() or not pending:
                if pending and parts:
                    parts.append("\n" * pending)
                pending = 0
                parts.append(chunk)
        elif isinstance(item, Tag) and item.name not in _HTML_DROP:
            level = _HTML_BLOCKS.get(item.name, 0)
            stack.extend(
                [level, *reversed(item.contents), level] if level else reversed(item.contents)
            )
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
