"""Where places fit a question: "which city" is not answered by a country or a natural
feature, "which country" only by a country (ISO 3166 names from tzdata, and the names news
uses)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# Between "which"/"what" and the kind of place: "which big city", "what is the largest
# city", "what is the capital"; not "what is the state of the economy".
_MODIFIER_WORD = r"(?!(?:is|was|are|were|the|a|an)\b)[\w\-]+ "
PLACE_WORDING = (
    rf"(?:(?:is|was|are|were) the (?:{_MODIFIER_WORD}){{1,2}}|"
    r"(?:is|was|are|were) the (?=(?:city|country|capital|town|village|island|continent)\b)|"
    rf"(?:{_MODIFIER_WORD}){{0,2}}?)"
)

# Countries as people name them in news, beyond the ISO names tzdata ships.
_COUNTRY_ALIASES = frozenset(
    """uk|u.k.|britain|great britain|england|scotland|wales|northern ireland|us|u.s.|usa|
    u.s.a.|america|united states of america|the united states|the uk|the us|russia|
    south korea|north korea|iran|syria|vietnam|laos|taiwan|the netherlands|holland|
    czech republic|czechia|ivory coast|congo|democratic republic of congo|dr congo|
    the philippines|the gambia|the bahamas|vatican|palestine|kosovo|bolivia|venezuela|
    tanzania|moldova|macedonia|north macedonia|micronesia|eswatini|swaziland|burma|myanmar|
    east timor|timor-leste|cape verde|brunei""".replace("\n", "")
    .replace(" |", "|")
    .split("|")
)


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Country names, lower case: ISO 3166 (the table tzdata ships) and common aliases."""
    try:
        table = (resources.files("tzdata") / "zoneinfo" / "iso3166.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - tzdata is a pandas dep
        table = ""
    names = set()
    for line in table.splitlines():
        if line and not line.startswith("#") and "\t" in line:
            name = line.split("\t", 1)[1].strip().lower()
            names.add(name.replace("&", "and"))
            names.add(re.sub(r"\s*\(.*\)$", "", name))  # "Britain (UK)"
    return frozenset(names | {a.strip() for a in _COUNTRY_ALIASES if a.strip()})


# Cities of the time-zone database that are people's names too ("Darwin said", "Sofia").
_NAMES_TOO = frozenset(
    "darwin dawson denver phoenix regina sofia stanley sydney knox santiago halifax lindeman "
    "marengo center wake oral christmas easter canary beulah nome chatham jersey norfolk "
    "resolute thule creston monticello vevay winamac boise perth juba merida salta".split()
)


@lru_cache(maxsize=1)
def _cities() -> frozenset[str]:
    """Cities, lower case: those the time-zone database (tzdata's zone.tab) is named after,
    "Kyiv", "Buenos Aires", but none that is also a person's name."""
    try:
        table = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - tzdata is a pandas dep
        table = ""
    rows = [line.split("\t") for line in table.splitlines() if not line.startswith("#")]
    zones = [row[2] for row in rows if len(row) > 2 and not row[2].startswith("Antarctica/")]
    names = {zone.rsplit("/", 1)[-1].replace("_", " ").lower() for zone in zones}
    return frozenset(names - _NAMES_TOO)


def is_city(name: str) -> bool:
    """Whether ``name`` is a city the time-zone database is named after ("Kyiv")."""
    return " ".join(name.lower().split()) in _cities()


# a city or a part of a country ("From which Afghan province ...?"): no country answers it
_CITY_ASKED = re.compile(
    rf"\b(?:which|what) {PLACE_WORDING}(?:city|town|village|capital|province|county|district|"
    r"prefecture|municipality|neighbou?rhood|suburb)\b"
)
# A named natural feature is neither a city nor a country ("the Iberian Peninsula").
_FEATURE = re.compile(
    r"\b(?:peninsula|sea|ocean|river|mountains?|range|island|islands|lake|bay|gulf|valley|"
    r"desert|coast|strait|channel|basin|plains?|plateau|forest|canyon|delta|falls)$",
    re.IGNORECASE,
)
_COUNTRY_ASKED = re.compile(rf"\b(?:which|what) {PLACE_WORDING}(?:country|nation)\b")


def is_country(name: str) -> bool:
    """Whether ``name`` is a country's ("Sierra Leone", "the UK")."""
    return " ".join(name.lower().split()).removeprefix("the ") in _countries() or (
        name.lower() in _countries()
    )


def place_fits(name: str, question: str) -> bool:
    """Whether a place named ``name`` can answer ``question``: "which city" is not answered
    by a country ("UK") or a natural feature ("the Iberian Peninsula"), "which country" only
    by a country."""
    q = question.lower()
    country = is_country(name)
    if _COUNTRY_ASKED.search(q):
        return country
    if _CITY_ASKED.search(q):
        return not country and not _FEATURE.search(name.strip())
    return True


# The country of a nationality word its first letters do not find ("French", "Dutch"): a
# passage on France is on what "French" asks about.
_IRREGULAR_DEMONYMS = {
    "chinese": "china", "french": "france", "dutch": "netherlands", "swiss": "switzerland",
    "welsh": "wales", "irish": "ireland", "scottish": "scotland", "scots": "scotland",
    "english": "england", "danish": "denmark", "swedish": "sweden", "finnish": "finland",
    "polish": "poland", "turkish": "turkey", "greek": "greece", "spanish": "spain",
    "portuguese": "portugal", "japanese": "japan", "vietnamese": "vietnam",
    "lebanese": "lebanon", "israeli": "israel", "iraqi": "iraq", "pakistani": "pakistan",
    "iranian": "iran", "afghan": "afghanistan", "thai": "thailand", "filipino": "philippines",
    "kiwi": "new zealand", "somali": "somalia", "turkmen": "turkmenistan",
}  # fmt: skip
_DEMONYM_ENDING = re.compile(r"(?:ian|ean|can|ish|ese)$")


def country_forms(word: str) -> list[str]:
    """How a passage may name the country of the nationality ``word`` (lower case): ["france"]
    for "french", the countries that start as it does for a regular one (["britain"] for
    "british"); [] for any other word."""
    if word in _IRREGULAR_DEMONYMS:
        return [_IRREGULAR_DEMONYMS[word]]
    if len(word) < 6 or not _DEMONYM_ENDING.search(word):
        return []
    return sorted(c for c in _countries() if c[:4] == word[:4])  # "norway" for "norwegian"


# "the diamond found in Kono": what the question places somewhere, by the verb that places it
_PLACED = re.compile(
    r"\b([a-z]{3,}(?:ed|en)|born|made|held|built|found|won|shot|sold|kept)\s+in\s+"
    r"((?:[A-Z][\w’'\-]*\s+){0,3}[A-Z][\w’'\-]*)"
)


def placed_elsewhere(question: str, text: str) -> bool:
    """Whether ``text`` places what the question asks of somewhere else, by the same verb:
    "Excelsior Diamond, found in South Africa in 1893, weighed 995 carats" is no answer to
    "How much does the diamond found in Kono weigh?"."""
    asked = _placed_asked(question)
    if asked is None:
        return False
    verb, place = asked
    said = [m for m in _PLACED.finditer(text) if m.group(1) == verb]
    return bool(said) and all(not set(m.group(2).lower().split()) & place for m in said)


@lru_cache(maxsize=256)
def _placed_asked(question: str) -> tuple[str, frozenset[str]] | None:
    """The verb and the place's words of "the diamond found in Kono", once per question."""
    asked = _PLACED.search(question)
    return (asked.group(1), frozenset(asked.group(2).lower().split())) if asked else None
