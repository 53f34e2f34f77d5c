"""Rare words a question relies on that no passage mentions: "who killed drucilla on young
and the restless" asked of passages that never name Drucilla is about something else.

A question typed in lower case hides its names from the capital-letter rules
(:func:`assistant.refusal.missing_share`); a word English rarely uses tells as much. A word is
rare when the word-piece vocabulary of the packaged embedding model (all-MiniLM-L6-v2, 30,522
pieces of lower-cased English) has no whole piece for it, nor for it without a plural "s"
("drucilla", "merrimac"; not "egypt", "burgers", nor "full-scale", whose parts are common). A
passage mentions it when it holds its first six letters, or a word that spelling slips apart
("chiw" for "chow"), with accents and hyphens dropped ("Brontë", "pre-existing").

:class:`assistant.extractive.ExtractiveAnswerer` refuses an answer the refusal model gives a
low chance (under its caution band) when no passage mentions any of the question's rare words.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.language import STOPWORDS, names, own_words, words
from vectorstore.embeddings import packaged_model_path

CLOSE = 0.75  # difflib's ratio at which a passage word is the same word misspelt


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """The whole words of the packaged embedding model's word-piece vocabulary."""
    try:
        file = Path(packaged_model_path()) / "vocab.txt"
        pieces = file.read_text(encoding="utf-8").split("\n")
    except (ImportError, OSError):  # pragma: no cover - the package is a dependency
        return frozenset()
    return frozenset(p for p in pieces if p.isalpha())


def fold(text: str, hyphens: bool = False) -> str:
    """Lower case, without accents or (unless ``hyphens``) hyphens: "Brontë" is "bronte",
    "pre-existing" one word."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return plain if hyphens else plain.replace("-", "")


def _common(word: str, vocabulary: frozenset[str]) -> bool:
    # "burgers", "jasons" (Jason's): a plural or a possessive without its apostrophe
    return word in vocabulary or any(
        word.endswith(end) and word[: -len(end)] in vocabulary for end in ("s", "es")
    )


@lru_cache(maxsize=256)
def rare_words(question: str) -> tuple[str, ...]:
    """The words of the question (not of the question a follow-up carries, nor of its
    capitalised names, which :func:`assistant.refusal.missing_share` counts) that English
    rarely uses."""
    vocabulary = _vocabulary()
    if not vocabulary:
        return ()
    own = re.sub(r"['’]s\b", "", own_words(question))  # "Kalanick’s" is Kalanick
    named = {fold(w) for n in names(own) for w in words(n)}
    found = []
    for compound in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", fold(own, hyphens=True)):
        parts = compound.split("-")  # "full-scale" is two common words
        word = "".join(parts)
        if len(word) < 4 or word in STOPWORDS or word in named:
            continue
        if not all(_common(p, vocabulary) for p in parts):
            found.append(word)
    return tuple(dict.fromkeys(found))


def rare_absent(question: str, docs: Sequence[Any]) -> float:
    """The share of the question's :func:`rare_words` that no passage (``page_content`` and
    ``title`` metadata of ``docs``) mentions; 0 when it has none."""
    rare = rare_words(question)
    if not rare:
        return 0.0
    text = fold(" ".join(f"{d.page_content} {d.metadata.get('title', '')}" for d in docs))
    said = set(re.findall(r"[^\W\d_]+", text))

    def mentioned(word: str) -> bool:
        return word[:6] in text or bool(difflib.get_close_matches(word, said, 1, CLOSE))

    return sum(not mentioned(w) for w in rare) / len(rare)
