"""Helpers shared by the loader tests."""

from __future__ import annotations

from pathlib import Path

from vectorstore.articles import Article
from vectorstore.loading import load_file


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
