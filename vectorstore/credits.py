"""Recognise photo-credit lines in news text pasted from websites.

Articles copied from a browser keep each photo's caption followed by a short
credit line ("Jim Watson/AFP via Getty Images"). The caption describes the
news and is content; the credit only names who took the picture, so it should
not be retrieved or quoted. :func:`is_photo_credit` is deliberately
conservative: a false positive silently drops real content, while a false
negative only leaves a little noise.
"""

from __future__ import annotations

import re

__all__ = ["credited", "is_photo_credit"]

# Credits are short; a longer line is a sentence or a caption.
_MAX_CREDIT_CHARS = 80

# A credit never ends like a sentence; closing quotes mark quoted headings.
_SENTENCE_END = (".", "!", "?", ":", ";", ",", '"', "”", "'", "’", "…")

# "Photo: John Smith/Bloomberg", "Photograph by ...", "Image courtesy of ...".
_PREFIX = re.compile(
    r"^(?:photo(?:graph)?s?|images?|pictures?|credits?|photo credits?|image credits?)"
    r"\s*(?::|\bby\b|\bcourtesy(?: of)?\b)\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)


def _names(spec: str) -> frozenset[str]:
    return frozenset(name.strip() for name in spec.split("|") if name.strip())


# Photo and wire agencies: a line naming only these ("Getty Images") is a credit.
_PHOTO_AGENCIES = _names(
    """ap|associated press|afp|agence france-presse|reuters|getty|getty images|epa|efe|
    shutterstock|rex|rex features|xinhua|sipa|sipa usa|sipa press|alamy|alamy stock photo|
    nurphoto|anadolu|anadolu agency|tass|sputnik|kyodo|kyodo news|yonhap|ansa|dpa|
    picture alliance|picture-alliance|imago|zuma|zuma press|zuma wire|sopa images|lightrocket|
    upi|abaca|aap|pa images|pa wire|pa media|the canadian press|
    canadian press|bettmann|mirrorpix|istock|wikimedia commons|maxar|
    maxar technologies|planet labs"""
)

# Outlets, generic credit words and agencies whose names are also common words: only a
# credit in "Name/Outlet" form, since "The White House" or "Polaris" alone may be a heading.
_OTHER_CREDITS = _names(
    """pool|bloomberg|bloomberg news|abc news|cbs news|nbc news|cnn|bbc|nyt|
    the new york times|new york times|washington post|the washington post|wsj|
    the wall street journal|wall street journal|the guardian|kremlin|ukrinform|handout|
    courtesy|the white house|white house|official white house photo|u.s. army|u.s. navy|
    u.s. air force|dod|nasa|stringer|staff|contributor|tribune news service|medianews group|
    sygma|redux|polaris|corbis|keystone|pa|ukrainian presidential press service|
    presidential press service|press service"""
)
_ALL_CREDITS = _PHOTO_AGENCIES | _OTHER_CREDITS

# Trailing markers saying the photo is old or pooled: ", FILE", " - File".
_FILE_SUFFIX = re.compile(r"(?:\s*[,\-–—]\s*|\s+)(?:file|pool)\s*$", re.IGNORECASE)

# Lower-case words allowed inside a person's name ("Vincent van Gogh", "John Smith for ...").
_NAME_PARTICLES = _names("de|da|del|della|di|du|dos|van|von|der|den|la|le|al|el|bin|ibn|y")
# What joins a photographer to an agency: "Name/AP", "Name | AP", "AP via Getty",
# "Doug Mills for The New York Times".
_JOINER = re.compile(r"\s*[/|]\s*|\s+(?:via|for)\s+")
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|de|da|di|bin|ibn|van|von)-\w")


def _agency_key(segment: str) -> str:
    key = " ".join(segment.lower().split())
    return re.sub(r"\s+photos?$", "", key)  # "AP Photo", "AFP PHOTO"


def _is_agency(segment: str, names: frozenset[str] = _ALL_CREDITS) -> bool:
    """Return True if ``segment`` names an agency in ``names``, e.g. "AFP", "EPA-EFE"."""
    key = _agency_key(segment)
    if key in names:
        return True
    # Compound agencies joined by hyphens ("EPA-EFE") or "via" ("AFP via Getty Images").
    for separator in ("-", " via "):
        pieces = [piece.strip() for piece in key.split(separator)]
        if len(pieces) > 1 and all(piece in _ALL_CREDITS for piece in pieces):
            return any(piece in names for piece in pieces)
    return False


def _is_name(segment: str) -> bool:
    """Return True if ``segment`` looks like a photographer's name (1-5 capitalised words)."""
    words = segment.split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in segment):
        return False
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w in _NAME_PARTICLES or _PARTICLE_PREFIX.match(w) for w in words)


def _is_credit_body(body: str) -> bool:
    """Return True if ``body`` is a bare credit: agencies and names joined by "/" or "via"."""
    body = _FILE_SUFFIX.sub("", body).strip()
    if not body:
        return False
    if _is_agency(body, _PHOTO_AGENCIES):
        return True
    if not _JOINER.search(body):
        return False
    segments = _JOINER.split(body)
    # "Tetiana Dzhafarova/via Reuters": a segment may itself start with "via".
    segments = [re.sub(r"^via\s+", "", s.strip(), flags=re.IGNORECASE) for s in segments]
    segments = [_FILE_SUFFIX.sub("", s).strip() for s in segments]
    segments = [s for s in segments if s and s.lower() not in {"file", "pool"}]
    if not any(_is_agency(s) for s in segments):
        return False
    return all(_is_agency(s) or _is_name(s) for s in segments)


def is_photo_credit(line: str) -> bool:
    """Return True if ``line`` is a photo credit rather than article content.

    Recognised shapes: "Name/Agency" with optional "via"/"for" and ", FILE"
    ("Jim Watson/AFP via Getty Images", "Shannon Stapleton/Reuters, FILE"),
    agency-only credits ("Getty Images/AP", "EPA-EFE/Shutterstock",
    "AFP PHOTO / POOL"), parenthesised AP credits ("(AP Photo/Evan Vucci)"),
    and short lines with a "Photo:", "Credit:", "Image:" or "Photograph:" prefix.

    Args:
        line: One line of text, with or without surrounding whitespace.

    Returns:
        True for a credit line; False for headings, captions and sentences,
        including sentences that merely mention an agency.
    """
    text = " ".join(line.split())
    if not text or len(text) > _MAX_CREDIT_CHARS:
        return False
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    if not text or text.endswith(_SENTENCE_END):
        return False
    if _PREFIX.match(text):
        # The prefix says outright that this is a credit; the checks above already
        # rejected lines that read like a sentence.
        return True
    return _is_credit_body(text)


def credited(line: str, agency: bool = False, besides: str = "") -> tuple[int, int]:
    """Where ``line``, a photo credit, names who took the picture: the photographer
    ("Jim Watson" of "Jim Watson/AFP via Getty Images"), or, when it names none, the
    agencies ("Getty Images/AP" of "Getty Images/AP, FILE"). With ``agency``, the first
    agency that ``besides`` (the question) does not name ("AFP" of the line above, besides
    "... along with Getty Images?").

    Returns:
        ``(start, end)`` offsets into ``line``.
    """
    start = len(line) - len(line.lstrip())
    end = len(line.rstrip())
    prefix = _PREFIX.match(line[start:end])
    if prefix:
        start += prefix.start("rest")
    if line[start:end].startswith("(") and line[start:end].endswith(")"):
        start, end = start + 1, end - 1
    marker = _FILE_SUFFIX.search(line, start, end)
    if marker and marker.start() > start:
        end = marker.start()
    while end > start and line[end - 1] in " /|,-–—":  # "AFP PHOTO / POOL"
        end -= 1
    cuts = [start, *(p for m in _JOINER.finditer(line, start, end) for p in m.span()), end]
    for begin, stop in zip(cuts[::2], cuts[1::2], strict=True):
        via = re.match(r"via\s+", line[begin:stop], re.IGNORECASE)
        begin += via.end() if via else 0
        segment = line[begin:stop]
        if agency:
            if _is_agency(segment) and _agency_key(segment) not in besides.lower():
                return begin, stop
            continue
        agency_word = any(w.lower() in _ALL_CREDITS | {"photo"} for w in segment.split())
        if _is_name(segment) and not agency_word:
            return begin, stop
    return start, end
