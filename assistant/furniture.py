"""Web-page furniture inside article text: buttons, sign-up boxes, link lists.

Articles scraped from news sites carry the page around the story: "Share this
with", "Learn more", "Do you have information you want to share with HuffPost?
Here's how.", "This content will not work on your device, please check
Javascript ...", "Send Facebook Twitter Google+ ... Permalink http://...". Such
a sentence is no evidence: it answers nothing and reads as a name to the tagger
("Javascript" a person). The text stays as the article has it (citations keep
their offsets); the extractive answerer just does not take furniture as a
candidate, and trims it off the front of a sentence it was glued to.
"""

from __future__ import annotations

import re

# Furniture glued to the front of a real sentence (no full stop between them).
_LEADING = re.compile(
    r"(?:"
    r"Share this with"
    r"|Media playback is (?:not supported|unsupported) on (?:this|your) device"
    r"|This content will not work on your device, please check Javascript and cookies"
    r" are enabled or update your browser"
    r"|Send Facebook Twitter Google\+.*?Permalink \S+"
    r")\s*"
)
# A sentence that is furniture from its first word on.
_WHOLE = re.compile(
    r"(?:"
    r"Learn more\b"
    r"|Here's how\.?$"
    r"|Share this slide:"
    r"|Subscribe, choose the community"
    r"|Do you have information you want to share with"
    r"|The views expressed in this (?:article|piece|column)"
    r"|The truth is stranger than fiction"
    r"|Step into the world of"
    r"|Never miss a thing"
    r"|Sign up for (?:up-to-the-minute|our|the)\b"
    r"|Don.t be the last to"
    r"|HuffPost \w+ is your one-stop"
    r"|Please include a contact number"
    r"|You can also contact us"
    r"|If you have a story suggestion"
    r"|Follow us on (?:Facebook|Twitter|Instagram)"
    r"|Get in touch by emailing"
    r"|Check out the full segment"
    r"|READ:"
    r")",
    re.IGNORECASE,
)


def story_start(text: str) -> int | None:
    """Where the story starts in a sentence: past any furniture glued to its front.

    ``0`` for a sentence with no furniture, ``None`` for one that is furniture
    through and through (nothing of the story left in it).
    """
    start = 0
    while match := _LEADING.match(text, start):
        if match.end() == start:
            break
        start = match.end()
    rest = text[start:]
    if not rest.strip() or _WHOLE.match(rest):
        return None
    return start
