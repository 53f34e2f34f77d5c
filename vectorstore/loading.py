"""Turn files and folders into :class:`Article` records.

Supported: plain text, Markdown, HTML, and JSON / JSONL / CSV dumps with one
article per row. Loading never raises for a bad file: every problem becomes a
:class:`Rejected` entry whose reason is one line the user can act on.

This module finds the files, reads and decodes them, and parses plain text and
Markdown itself; HTML pages go to :mod:`vectorstore.html_text` and row dumps to
:mod:`vectorstore.records` (which also owns :func:`normalize_date`, re-exported
here).

For .txt and .md files ``Article.text`` is the decoded file content, byte for
byte (no stripping, "\\r\\n" kept), because citation offsets index into it and
quotes are checked against the file itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from vectorstore.articles import Article, Rejected
from vectorstore.html_text import html_article
from vectorstore.records import is_url, load_records, normalize_date

__all__ = [
    "DEFAULT_MAX_ARTICLE_CHARS",
    "DEFAULT_MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "discover",
    "load_file",
    "normalize_date",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".csv"}
)
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
# Longest article (text + title) in the 3,824-article news corpus: 28,558 characters; long-form
# magazine pieces reach ~250,000. A million characters (a long novel) is no news article, and
# would take ~30 s to embed: a row or cell that size is a mistake, rejected by name.
DEFAULT_MAX_ARTICLE_CHARS = 1_000_000

_SNIFF_BYTES = 8 * 1024
_TITLE_MAX_CHARS = 120
_SENTENCE_END = (".", "!", "?", "”", '"')

# A metadata line near the top of a plain-text file: "Date: 2025-02-21".
_HEADER_LINE = re.compile(
    r"^\s*(title|date|published|publication date|source|outlet|url)\s*:\s*(\S.*?)\s*$",
    re.IGNORECASE,
)
_HEADER_SCAN_LINES = 10


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejected]]:
    """Expand files and folders into the supported files they contain.

    Folders are walked recursively in sorted order, skipping hidden files and
    folders; unsupported files inside folders are skipped silently. A file named
    explicitly is kept even if hidden, but is rejected if its type is unsupported.

    Args:
        paths: Files and folders, as given by the user.

    Returns:
        The supported files (each once, in order) and the rejected paths.
    """
    found: list[Path] = []
    rejected: list[Rejected] = []
    seen: set[Path] = set()

    def add(file: Path) -> None:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            found.append(file)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                add(file)
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                add(path)
            else:
                rejected.append(Rejected(str(path), _unsupported(path)))
        else:
            rejected.append(Rejected(str(path), "no such file or folder"))
    return found, rejected


def _walk(folder: Path) -> Iterator[Path]:
    """Yield supported, non-hidden files under ``folder`` in sorted order."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            file = Path(root) / name
            if not name.startswith(".") and file.suffix.lower() in SUPPORTED_SUFFIXES:
                yield file


def _unsupported(path: Path) -> str:
    kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
    return f"unsupported file type {kind}; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}"


def load_file(
    path: Path,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
) -> tuple[list[Article], list[Rejected]]:
    """Load the articles in one file.

    Never raises for a bad file: problems become :class:`Rejected` entries. In
    a JSON/JSONL/CSV dump a bad row (or one over ``max_chars``) is rejected on
    its own and the other rows still load.

    Args:
        path: The file to load; its suffix selects the format.
        max_bytes: Files larger than this are rejected without being read.
        max_chars: Articles whose text and title together are longer are rejected.

    Returns:
        The loaded articles and the rejected file or rows.
    """
    articles, rejected = _load(Path(path), max_bytes)
    kept = [a for a in articles if _chars(a) <= max_chars]
    if len(kept) < len(articles):
        rejected += [
            Rejected(
                a.source,
                f"article is {_chars(a):,} characters, over the {max_chars:,}-character limit "
                f"(DOSSIER_MAX_ARTICLE_CHARS)",
            )
            for a in articles
            if _chars(a) > max_chars
        ]
    return kept, rejected


def _chars(article: Article) -> int:
    return len(article.text) + len(article.title or "")


def _load(path: Path, max_bytes: int) -> tuple[list[Article], list[Rejected]]:
    source = str(path.resolve())
    text_or_reason = _read_text(path, max_bytes)
    if isinstance(text_or_reason, Rejected):
        return [], [Rejected(source, text_or_reason.reason)]
    text = text_or_reason
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return [_plain_article(source, text, path.name)], []
    if suffix in (".md", ".markdown"):
        return [_markdown_article(source, text, path.name)], []
    if suffix in (".html", ".htm"):
        article = html_article(source, text, path.name)
        if article is None:
            return [], [Rejected(source, "no readable text found in the HTML")]
        return [article], []
    articles, rejected = load_records(source, text, suffix, path.name)
    if not articles and not rejected:
        rejected.append(Rejected(source, "no articles found in the file"))
    elif not articles and (len(rejected) > 1 or rejected[0].source != source):
        # Every row failed: one line for the file reads better than thousands alike.
        first = rejected[0]
        where = f"{first.source.removeprefix(source)}: " if first.source != source else ""
        reason = f"no article could be loaded ({len(rejected)} row(s) rejected; first {where}"
        rejected = [Rejected(source, f"{reason}{first.reason})")]
    return articles, rejected


def _read_text(path: Path, max_bytes: int) -> str | Rejected:
    """Read and decode ``path``, or say in one line why it cannot be loaded."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return Rejected(str(path), _unsupported(path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Rejected(str(path), f"file is {_size(size)}, over the {_size(max_bytes)} limit")
        data = path.read_bytes()
    except OSError as exc:
        return Rejected(str(path), f"cannot read the file: {exc.strerror or exc}")
    if not data:
        return Rejected(str(path), "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Rejected(str(path), "not UTF-8 text (looks like UTF-16); re-save it as UTF-8")
    if b"\x00" in data[:_SNIFF_BYTES]:
        return Rejected(str(path), "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Rejected(
            str(path), f"not UTF-8 text (bad byte at offset {exc.start}); re-save it as UTF-8"
        )
    if not text.strip():
        return Rejected(str(path), "file contains only whitespace")
    return text


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"


def _title_from_lines(lines: list[str], fallback: str) -> str:
    """Use the first non-empty line as the title if it reads like a headline."""
    for i, line in enumerate(lines):
        first = line.strip()
        if not first:
            continue
        headline = len(first) <= _TITLE_MAX_CHARS and not first.endswith(_SENTENCE_END)
        if headline and any(rest.strip() for rest in lines[i + 1 :]):
            return first
        break
    return fallback


def _header_fields(lines: list[str], limit: int = _HEADER_SCAN_LINES) -> dict[str, str]:
    """Read "Key: value" metadata lines (date, source, url, ...) among the first ``limit``."""
    fields: dict[str, str] = {}
    for line in lines[:limit]:
        match = _HEADER_LINE.match(line)
        if match:
            fields.setdefault(match.group(1).lower(), match.group(2).strip("\"'"))
    return fields


def _from_fields(source: str, text: str, title: str, fields: dict[str, str]) -> Article:
    """Build an article from free-form metadata (text headers or Markdown front matter)."""
    date = normalize_date(
        fields.get("date") or fields.get("published") or fields.get("publication date")
    )
    url = fields.get("url")
    outlet = fields.get("outlet") or fields.get("source")
    if outlet and is_url(outlet):
        url, outlet = url or outlet, None
    return Article(
        source=source,
        text=text,
        title=fields.get("title") or title,
        date=date,
        outlet=outlet,
        url=url,
    )


def _plain_article(source: str, text: str, name: str) -> Article:
    lines = text.splitlines()
    fields = _header_fields(lines)
    fields.pop("title", None)  # "Title:" lines are too rare to trust over the first line.
    # A "Date: ..." header line is not a headline.
    candidates = [
        ln for i, ln in enumerate(lines) if i >= _HEADER_SCAN_LINES or not _HEADER_LINE.match(ln)
    ]
    return _from_fields(source, text, _title_from_lines(candidates, name), fields)


def _markdown_article(source: str, text: str, name: str) -> Article:
    lines = text.splitlines()
    fields: dict[str, str] = {}
    body = lines
    if lines and lines[0].strip() == "---":
        end = next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() in ("---", "...")), None)
        if end is not None:
            fields = _header_fields(lines[1:end], limit=end)
            body = lines[end + 1 :]
    heading = None
    prose: list[str] = []  # lines outside code fences: "# x" in code is no heading
    in_fence = False
    for line in body:
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence:
            prose.append(line)
            match = re.match(r"^#\s+(.+?)(?:\s+#+)?\s*$", line)
            if match:
                heading = match.group(1).strip()
                break
    title = heading or _title_from_lines(prose, name)
    return _from_fields(source, text, title, fields)
