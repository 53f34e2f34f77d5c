"""The article record every loader produces and every later stage consumes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One news article, as loaded.

    Attributes:
        source: Stable identity of the article: the resolved file path, or
            ``"<path>#<row id>"`` for one row of a JSON/JSONL/CSV dump.
        text: The article text. Citation offsets (``start``/``end``) are
            character offsets into exactly this string; for .txt/.md files it
            is the decoded file content, unchanged.
        title: The headline, or the file name when there is none.
        date: Publication date as ISO ``YYYY-MM-DD`` when known.
        outlet: The publishing outlet (e.g. "Reuters") when known.
        url: The article's URL when known.
    """

    source: str
    text: str
    title: str
    date: str | None = None
    outlet: str | None = None
    url: str | None = None

    @property
    def file_name(self) -> str:
        """The name of the file the article came from (without any ``#row``)."""
        return source_file(self.source).replace("\\", "/").rsplit("/", 1)[-1]


def source_file(source: str) -> str:
    """The file part of a source: ``"/a/dump.jsonl#7"`` -> ``"/a/dump.jsonl"``."""
    return source.split("#", 1)[0]


@dataclass(frozen=True)
class Rejected:
    """A file (or row) that could not be loaded, and why, in one line."""

    source: str
    reason: str


def date_to_int(value: str | None) -> int:
    """``"2025-02-21"`` -> ``20250221``; 0 for None or a malformed date."""
    if not value or len(value) < 10:
        return 0
    digits = value[:10].replace("-", "")
    return int(digits) if digits.isdigit() and len(digits) == 8 else 0
