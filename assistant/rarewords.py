"""Rare words of a question: "who killed drucilla on young and the restless" relies on
"drucilla" as a capitalised question relies on its names.

A question typed in lower case hides its names from the capital-letter rules; a word English
rarely uses tells as much. A word is rare when the word-piece vocabulary of the packaged
embedding model (all-MiniLM-L6-v2, 30,522 pieces of lower-cased English) has no whole piece
for it, nor for it without a plural "s" ("drucilla", "merrimac"; not "egypt", "burgers", nor
"full-scale", whose parts are common). :func:`assistant.refusal.about_something_else` counts
them as names: evidence from a passage that has none of them, while another good candidate's
passage has them, is about something else.

Refusing a loosely matched answer (under the refusal model's caution band) when no passage
mentions the rare words was tried (eighteenth session): right on the dev parts, but on the
wiki test part it refused two right answers from passages that never name their page's
subject ("mcculloch", "sonargaon": the passages carry no title). Dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from assistant.language import STOPWORDS, names, own_words, singulars, words
from vectorstore.embeddings import packaged_model_path


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
    return any(w in vocabulary for w in singulars(word))


@lru_cache(maxsize=256)
def rare_words(question: str) -> tuple[str, ...]:
    """The words of the question (not of the question a follow-up carries, nor of its
    capitalised names, which :func:`assistant.mentions.missing_share` counts) that English
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
