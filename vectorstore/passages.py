"""What of a stored passage is embedded and searched.

A passage (a chunk) quotes its photo-credit lines under their captions, so an
answer can cite who took a picture; the credits are not embedded or searched,
and the headline indexed with a chunk is. These helpers rebuild that text from a
chunk's text and its store metadata, with no model or tokenizer at hand.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any


def without_credits(text: str, sentences: Sequence[Sequence[int]], credits: Sequence[int]) -> str:
    """A passage's text with its photo-credit lines left out (as chunks were before v4)."""
    if not credits:
        return text
    skip = set(credits)
    parts: list[str] = []
    for k, (offset, start, end) in enumerate(sentences):
        if k in skip:
            continue
        if parts:
            parts.append(text[offset - 1] if offset else " ")  # the separator before it
        parts.append(text[offset : offset + (end - start)])
    return "".join(parts)


def searchable_text(text: str, metadata: dict[str, Any]) -> str:
    """What was embedded for a stored chunk (see :attr:`Chunk.embed_text`), from its
    text and store metadata: what the lexical index searches too."""
    credits = metadata.get("credits")
    if credits:
        text = without_credits(text, json.loads(metadata.get("spans") or "[]"), json.loads(credits))
    headline = metadata.get("headline")
    return f"{headline}\n{text}" if headline else text
