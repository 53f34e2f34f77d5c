"""Turn article records (metadata fields plus text) into :class:`Article` objects.

Mainly JSON, JSONL and CSV dumps with one article per row. The field readers
every format needs, :func:`normalize_date` and :func:`is_url`, live here too,
so the HTML and plain-text loaders can use them without importing
:mod:`vectorstore.loading` (which would be circular).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from vectorstore.articles import Article, Rejected

__all__ = ["is_url", "load_records", "normalize_date"]

# Record field names, lower-case, in order of preference.
_TEXT_KEYS = ("text", "body", "content", "article", "full_text", "maintext")
_TITLE_KEYS = ("title", "headline")
# The lede or standfirst a dump keeps apart from the body ("(CNN)Leicester City Football Club
# has sacked manager Claudio Ranieri ..."), or a photo's caption: part of what the article
# says. Not a "description" or "summary": often a site's own blurb, not the article's words.
_LEDE_KEYS = ("subtitle", "subheadline", "standfirst", "dek", "lede")
_DATE_KEYS = ("date", "publish_date", "published", "published_at", "pubdate") + (
    "publishedat",  # NewsAPI "publishedAt"
    "date_publish",  # news-please
)
_URL_KEYS = ("url", "link", "article_source_link", "source_url")
_OUTLET_KEYS = ("outlet", "publisher", "source", "site", "source_name")
_ID_KEYS = ("id", "_id", "article_id", "uuid", "url")
_LIST_KEYS = ("articles", "data", "items", "documents")

# Dates that are unambiguous; "05/01/2017" (day or month first?) is deliberately absent.
_DATE_FORMATS = ("%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%b %d, %Y", "%B %d, %Y", "%b %d %Y") + (
    ("%B %d %Y", "%d %b %Y", "%d %B %Y")
)
# "2025-02-21", "20250221", "2017-01-05 12:00:00", "2025-02-21T10:00:00.5+01:00".
_ISO_PREFIX = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:$|[T ])")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)


def normalize_date(value: str | None) -> str | None:
    """Return ``value`` as an ISO ``YYYY-MM-DD`` date, or None if it cannot be read safely.

    Accepts ISO 8601 dates and timestamps ("2025-02-21T10:00:00Z"),
    "2017-01-05 12:00:00", "Jan 5, 2017", "5 January 2017" and RFC 2822
    ("Fri, 21 Feb 2025 10:00:00 GMT"). Ambiguous forms such as "05/01/2017"
    give None rather than a guess.

    Args:
        value: A date as found in the source, or None.

    Returns:
        The date as "YYYY-MM-DD", or None.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return datetime.fromisoformat("-".join(match.groups())).date().isoformat()
        except ValueError:
            return None  # shaped like ISO but impossible, e.g. month 13
    # "Feb. 21, 2025" and "Sept. 27, 2024": strptime knows neither the dot nor "Sept".
    text = _WEEKDAY.sub("", text).replace(".", "").replace("Sept ", "Sep ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def is_url(value: str) -> bool:
    """Tell whether a metadata value is a web address rather than a name.

    Args:
        value: A field value such as a "source" or "outlet".

    Returns:
        True if ``value`` starts with "http://", "https://" or "www.".
    """
    return value.lower().startswith(("http://", "https://", "www."))


def load_records(
    source: str, text: str, suffix: str, file_name: str
) -> tuple[list[Article], list[Rejected]]:
    """Load a JSON, JSONL or CSV dump with one article per row.

    A bad row is rejected on its own (its source is ``"<source>#<row id>"``)
    and the other rows still load; a file that cannot be parsed at all gives
    one rejection for the whole file.

    Args:
        source: The resolved path of the file, used as the articles' source.
        text: The decoded file content.
        suffix: The lower-case suffix: ".json", ".jsonl" or ".csv".
        file_name: The file's name, for titles of rows that have none.

    Returns:
        The loaded articles and the rejected file or rows; both may be empty.
    """
    rows: list[Any] = []
    rejected: list[Rejected] = []
    if suffix == ".jsonl":
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        for lineno, line in lines:
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                # Keep row numbers stable for the rows that do load.
                rows.append(None)
                rejected.append(Rejected(source, f"invalid JSON on line {lineno}: {exc.msg}"))
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            reason = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            return [], [Rejected(source, reason)]
        if isinstance(data, dict):
            lists = [v for k, v in data.items() if k.lower() in _LIST_KEYS and isinstance(v, list)]
            if not lists:
                article = _record_article(source, None, data, file_name)
                return ([article], []) if isinstance(article, Article) else ([], [article])
            data = lists[0]
        if not isinstance(data, list):
            kind = type(data).__name__
            return [], [Rejected(source, f"JSON holds a {kind}; expected objects with a text")]
        rows = data
    else:
        # News dumps carry whole articles in one field, far over csv's 128 KiB default.
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            columns = [str(c).strip().lower() for c in reader.fieldnames or []]
            if not set(columns) & set(_TEXT_KEYS):
                found = ", ".join(c for c in columns if c) or "none"
                reason = f"CSV has no text column (expected one of {', '.join(_TEXT_KEYS)})"
                return [], [Rejected(source, f"{reason}; columns: {found}")]
            rows = list(reader)
        except csv.Error as exc:
            return [], [Rejected(source, f"invalid CSV on line {reader.line_num}: {exc}")]
    articles: list[Article] = []
    for index, row in enumerate(rows):
        if row is not None:
            result = _record_article(source, index, row, file_name)
            if isinstance(result, Article):
                articles.append(result)
            else:
                rejected.append(result)
    return articles, rejected


def _record_article(source: str, index: int | None, row: Any, file_name: str) -> Article | Rejected:
    """Build one article from a JSON object or CSV row; ``index`` is None for a lone object."""
    if not isinstance(row, dict):
        return Rejected(f"{source}#{index}", f"row is a JSON {type(row).__name__}, not an object")
    fields = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    row_id = next((_scalar(fields[k]) for k in _ID_KEYS if _scalar(fields.get(k))), None)
    title = file_name
    if index is not None:
        row_id = row_id or str(index)
        source, title = f"{source}#{row_id}", f"{file_name} #{row_id}"
    text = _first(fields, _TEXT_KEYS)
    if text is None:
        keys = ", ".join(_TEXT_KEYS)
        return Rejected(source, f"no text: expected a non-empty field named one of {keys}")
    outlet = fields.get("source")
    if isinstance(outlet, dict):  # NewsAPI: "source": {"id": ..., "name": "Reuters"}
        fields["source"] = outlet.get("name")
    elif isinstance(outlet, str) and is_url(outlet):
        del fields["source"]
        fields.setdefault("source_url", outlet)
    return Article(
        source=source,
        text=_with_lede(_first(fields, _LEDE_KEYS), text),
        title=_first(fields, _TITLE_KEYS) or title,
        date=normalize_date(_first(fields, _DATE_KEYS)),
        outlet=_first(fields, _OUTLET_KEYS),
        url=_first(fields, _URL_KEYS),
    )


def _with_lede(lede: str | None, text: str) -> str:
    """The body with the lede as its first paragraph, unless the body already opens with it.
    A credit glued to the first word ("(CNN)Leicester") is spaced from it."""
    if lede is None:
        return text
    lede = re.sub(r"^(.{0,60}?\([A-Z][\w.]{1,20}\))(?=[A-Z])", r"\1 ", lede)
    opening = " ".join(lede.split())[:80]
    if opening.lower() in " ".join(text[: 4 * len(lede) + 200].split()).lower():
        return text
    return f"{lede}\n\n{text}"


def _scalar(value: Any) -> str | None:
    """Return a string id for a str/int value, else None."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _first(fields: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """Return the first non-blank string among ``keys``, stripped; a list of strings is joined."""
    for key in keys:
        value = fields.get(key)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = "\n\n".join(value)  # paragraphs stored as a list
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
