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

from assistant.language import STOPWORDS

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


# A link to another story, its headline glued to the next sentence with no full stop:
# "READ MORE: Al-Shabab attack at Mogadishu hotel 'kills 28' While falling well short ...",
# "INTERACTIVE: ...", "PROFILE: ..." (not "FACT:" nor "VIDEO:", which may lead the story).
_READ_MORE = re.compile(
    r"(?:READ MORE|Read more|ALSO READ|RELATED|OPINION|WATCH|INTERACTIVE|IN PICTURES|PROFILE|"
    r"EXPLAINER|TIMELINE|INFOGRAPHIC|INSIDE STORY):\s*"
)
_OPENERS = STOPWORDS | {"last", "earlier", "later", "meanwhile", "despite", "although", "however"}
# Words a headline's name may follow: "amid Pakistan crackdown", "near Mosul".
_GLUE = STOPWORDS | set(
    "amid amidst among across near toward towards via within without behind beyond beside "
    "along around inside outside onto past since despite versus vs".split()
)


def _past_headline(text: str, start: int) -> int | None:
    """Where the sentence resumes after the headline that starts at ``start``: the first
    capitalised word after a quotation or a figure ("'kills 28' While") or a sentence's
    opening word ("from Pakistan Last year"), else after a lower-case word that is no
    stopword ("opposition Abdel Rahman said"). When none follows, the headline is kept (it
    may be a sentence of the story), unless it is a question of its own ("WATCH: Will
    latest Iraqi offensive mean end of ISIL in Mosul?"): None."""
    words = list(re.finditer(r"\S+", text[start:]))
    after_lower = None
    for before, word in zip(words[1:], words[2:], strict=False):
        first, prev = word.group().lstrip("\"“‘'("), before.group()
        if not first[:1].isupper() or prev[-1] in "-–—:":  # "split - A crossroads for"
            continue
        if prev[-1] in "'’\"”" or prev[-1].isdigit() or first.lower() in _OPENERS:
            return start + word.start()
        if after_lower is None and prev[0].islower() and prev.lower() not in _GLUE:
            after_lower = start + word.start()
    if text.rstrip().endswith("?"):
        return None
    return start if after_lower is None else after_lower


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
    if link := _READ_MORE.match(text, start):
        resumed = _past_headline(text, link.end())
        if resumed is None:
            return None
        start = resumed
    rest = text[start:]
    if not rest.strip() or _WHOLE.match(rest):
        return None
    return start
