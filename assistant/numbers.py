"""Numbers a question asks for: how many of what, an age, money, a share, a measure.

"How many senators ...?" wants a number of senators, "how old" an age, "how far"
a length; :func:`number_fits` tells whether a sentence holds one (the rules'
side of answer typing, which spaCy's CARDINAL alone cannot do).
"""

from __future__ import annotations

import itertools
import re

# Month names and their abbreviations ("Jan", "Sept"), for dates and for a day's number.
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_NUMBER = re.compile(
    r"(?:[$€£]\s?\d|\b(?!\d{1,2}\.\d{1,2}\.\d{4}\b)\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|"
    r"dozens?|half)\b|%|\bper ?cent\b)",
    re.IGNORECASE,
)


# "a 49-year-old", "aged 49", "49 years old", "at the age of 49", "Gorsuch, 49, is ..."
_AGE = re.compile(
    r"\b\d+[- ]year[- ]old\b|\baged? \d+|\b\d+ years old\b|\bage of \d+|\b\d+ years of age\b|"
    r"\b\d{1,3}(?:st|nd|rd|th) birthday\b|"  # "celebrates his 85th birthday"
    r"[a-z’'], (\d{1,3})(?:[,;)]|\.(?!\d))|\(\d{1,3}\)"
)


# "How old is he?", "What age ...?", "What is the gambling age in New Jersey?"
AGE_ASKED = re.compile(
    r"\b(?:how old|what age|(?:what|which) (?:is|was|are|were) the ((?:[\w-]+ ){0,2}?)age)\b",
    re.IGNORECASE,
)


def age_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` gives someone's age: the spans of the numbers."""
    out = []
    for match in _AGE.finditer(text):
        number = re.search(r"\d+", match.group(0))
        if number:
            out.append((match.start() + number.start(), match.start() + number.end()))
    return out


def is_age(text: str, start: int) -> bool:
    """Whether the span of ``text`` at ``start`` is someone's age ("Tad Cummins, 50, is ...",
    which spaCy tags a DATE)."""
    return any(a <= start < b for a, b in age_spans(text))


_LARGE = r"million|billion|trillion"  # "500 million" alone counts anything: accounts too
_CURRENCIES = r"dollars?|euros?|pounds?|yuan|rupees?|yen|cents|pence|francs?"
# Sums of money by what they pay for: "How much ransom ...?" asks for a ransom.
_PAID = (
    r"ransoms?|fines?|fees?|salary|salaries|wages?|budgets?|bail|bonus(?:es)?|compensation|"
    r"revenues?|profits?|funding|donations?"
)
MONEY_ASKED = re.compile(
    rf"\b(dollars?|money|costs?|worth|values?|amounts?|prices?|{_PAID})\b|"
    # "How much did Lucara sell its stone for?": a price
    r"\bhow much (?:did|does|do|will|would|has|have|had|was|were|is) (?:[\w'’\-]+ ){1,4}?"
    r"(?:(?:sell|sold|buy|bought)\b.*\bfor|pay|paid|spend|spent|earn|earned|raise|raised|"
    r"fetch|fetched|charge|charged|invest|invested)\b"
)
_UNIT_END = re.compile(
    r"^(?:have|has|had|did|do|does|are|were|is|was|will|would|can|could|should|may|might|"
    r"per|of|in|on|at|for|from|to|by|with|than|there|against|about|over|under|into|during|"
    r"after|before|since|among|between|through|across|"
    # past tenses not in -ed: "how many candidates ran against him"
    r"ran|run|won|got|took|made|went|came|saw|gave|left|lost|held|sold|bought|built|fell|"
    r"rose|became|began|kept|met|paid|spent|stood|brought|found|fought|wrote|told|said)$"
)


# The verb of "how many people were killed / have died ...", and the words a count may follow.
_COUNTED_VERB = re.compile(  # "how many were killed", "how many did police arrest"
    r"\bhow many (?:[\w-]+ ){1,3}?(?:were|was|have been|had been|are|is|have|had)?\s*"
    r"(kill|injur|wound|arrest|detain|rescu|evacuat|displac|hurt|die)(?:ed|e|d)?\b"
)
_ABOUT = r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to)\s+)?"
# How a text tells of what the counted verb asks ("killed": "dead", "deaths", "died" ...).
_DEATH = r"kill|dead|death|die|died|dying|fatal|lives|bodies|perish|murder|massacre|drown"
_HARM = r"injur|wound|hurt|casualt"
_HELD = r"arrest|detain|detention|custody|held|charged|apprehend"
_TOLD = {
    **dict.fromkeys(("kill", "die"), _DEATH),
    **dict.fromkeys(("injur", "wound", "hurt"), _HARM),
    **dict.fromkeys(("arrest", "detain"), _HELD),
    "rescu": r"rescu|saved|pulled",
    "evacuat": r"evacuat|flee|fled|moved|relocat",
    "displac": r"displac|flee|fled|homeless|refugee",
}


def counted_units(question: str) -> list[str]:
    """What "how many" counts, as stems of the words of its noun phrase, up to the verb or
    preposition that follows ("how many Grammy awards does he hold" -> "gramm", "award";
    "how many types of lemurs are there" -> "type", "lemur"). Empty without "how many"."""
    counted = re.search(r"\bhow many (.*)", question)
    if not counted:
        return []
    kept = []
    for word in counted.group(1).lower().split()[:5]:
        word = word.strip("?,.!;:")
        if word in ("of", "the", "a", "an"):
            continue
        if _UNIT_END.match(word) or (word.endswith("ed") and len(word) > 4):
            break  # the verb or preposition after the counted noun ("attended", "per")
        kept.append(word)
    return [(w[:-1] if w.endswith("s") and len(w) > 3 else w)[:5] for w in kept if w]


# Things a length is asked of ("How long is the Peachtree Road Race course?").
LONG_THINGS = (
    r"course|race|road|river|bridge|track|tunnel|wall|border|coastline|trail|route|runway|"
    r"canal|pipeline|railway|highway|beach|island|lake|fence"
)
_LENGTH = (
    r"feet|foot|ft|metres?|meters?|m|km|kilomet(?:re|er)s?|millimet(?:re|er)s?|mm|miles?|"
    r"inch(?:es)?|cm|yards?"
)
# A measurement asked for, and the units its answer is given in.
_MEASURES = (
    (
        re.compile(r"\bhow (?:warm|hot|cold|cool)\b|\btemperatures?\b"),
        r"°(?:\s?[CF]\b)?|degrees?\b(?:\s(?:Celsius|Fahrenheit)\b)?",
    ),
    (re.compile(r"\bhow (?:tall|high|deep|wide|thick)\b"), rf"(?:{_LENGTH})\b"),
    (re.compile(r"\bhow far\b"), rf"(?:{_LENGTH}|light-years?)\b"),
    (re.compile(rf"^how long (?:is|was|are|were)\b.*\b(?:{LONG_THINGS})"), rf"(?:{_LENGTH})\b"),
    (
        re.compile(r"\bhow heavy\b|\bweigh"),
        r"(?:kg|kilograms?|pounds?|lbs?|tons?|tonnes?|grams?|ounces?|carats?)\b",
    ),
)


_COUNTED_MEASURE = re.compile(
    r"\bhow many (tons|tonnes|kilograms|pounds|carats|barrels|litres|liters|gallons|miles|"
    r"kilometres|kilometers|metres|meters|feet|acres|hectares|hours|days|weeks|months|years|"
    r"minutes|seconds|times)\b"
)


# "How much per hour ...?", "how much extra ... a year": a rate, given per that unit.
_RATE_ASKED = re.compile(
    r"\bhow much\b.*?\b(?:per|an?|each|every)\s+(hour|day|week|month|year|night|shift)\b"
)


def rate_asked(question: str) -> str | None:
    """The unit of time a "how much ... per hour?" question asks a rate per, or None."""
    asked = _RATE_ASKED.search(question.lower())
    return asked.group(1) if asked else None


_ADVERBS = {"hour": "hourly", "day": "daily", "week": "weekly", "month": "monthly"}


def per_unit(unit: str) -> re.Pattern[str]:
    """What follows a number given per ``unit``: "?8.50 an hour", "150 liters of water per
    hour and square meter", "$3.7 billion annually"."""
    adverb = "annually|yearly|per annum" if unit == "year" else _ADVERBS.get(unit, unit + "ly")
    return re.compile(
        rf"\W*(?:[\w-]+\W+){{0,4}}?(?:(?:per|an?|each|every)\s+{unit}\b|(?:{adverb})\b)", re.I
    )


def asks_measure(question: str) -> bool:
    """Whether ``question`` asks for a measurement in units ("how warm", "how far")."""
    return measure_unit(question) is not None


def measure_unit(question: str) -> str | None:
    """The units (a pattern) of the measurement ``question`` asks for ("how tall": a
    length), or None."""
    q = question.lower()
    return next((unit for asked, unit in _MEASURES if asked.search(q)), None)


def number_fits(text: str, question: str) -> bool:
    """Whether ``text`` holds the number ``question`` asks for: an age for "how old", a share
    for "what percentage", a measure in its units, money, a count of what "how many" counts."""
    q = question.lower()
    t = _unnamed(text).lower()
    if age := AGE_ASKED.search(q):
        # "the gambling age": an age to gamble at, not the one to drink at
        kinds = [w[:4] for w in (age.group(1) or "").split() if len(w) >= 4]
        if kinds and not any(re.search(rf"\b{re.escape(w)}", t) for w in kinds):
            return False
        return _AGE.search(t) is not None
    if re.search(r"\b(percentage|percent|share)\b", q):
        return re.search(r"\d\s?%|\bper ?cent\b|\b(half|third|quarter)\b", t) is not None
    if rate := rate_asked(q):  # "how much per hour": a number given per hour
        rated = per_unit(rate)
        return any(rated.match(t, m.end()) for m in _NUMBER.finditer(t))
    for asked, unit in _MEASURES:  # "how warm" wants degrees, "how far" a distance
        if asked.search(q):
            # "a 2,500km-long border": the unit may follow the figure with no space
            return re.search(rf"({_NUMBER.pattern}|\d[\d,.]*)\W*(?:{unit})", t) is not None
    if MONEY_ASKED.search(q):
        # "How much ransom did the rebels demand?": a ransom, not "a levy of $10,000"; "What
        # was Mobileye's total revenue?": revenue, not "net income of $173.3 million"
        paid = re.search(rf"(?:\bhow much|\bthe|['’]s)(?: total| annual| net)? ({_PAID})\b", q)
        if paid and not re.search(rf"\b{paid.group(1)[:5]}", t):
            return False
        return (
            re.search(rf"[$€£]\s?\d|\b\d[\d,.]*\s*(?:(?:{_LARGE})\s+)?(?:{_CURRENCIES})\b", t)
            is not None
        )
    if measured := _COUNTED_MEASURE.search(q):  # "how many tons of ...": a number of tons
        unit = re.escape(measured.group(1).removesuffix("s"))
        return re.search(rf"({_NUMBER.pattern})\W*(?:[\w-]+\W+)?{unit}", t) is not None
    # "How many civilians have been killed?": not "600,000 civilians may be caught inside"
    verb = _COUNTED_VERB.search(q)
    if verb and not re.search(rf"\b(?:{_TOLD[verb.group(1)]})", t):
        return False
    units = counted_units(q)
    # the names right after "how many", the text must name: "How many North Korean athletes
    # ...?" is not answered by "nearly 3,000 athletes from nearly 100 countries"
    names = {w[:5].lower() for w in re.findall(r"(?<!^)\b[A-Z][\w-]*", question.strip())}
    named = list(itertools.takewhile(lambda u: u in names, units[:-1]))
    if any(u not in t for u in named):
        return False
    if units:
        # The counted noun within four words of the number ("101 species and subspecies of
        # lemur"); a word before it only right after the number ("22 Grammys", "five-time
        # world"), so "Feb. 19, 2025, amid the Russian attack" counts no Russian troops.
        head, modifiers = re.escape(units[-1]), "|".join(map(re.escape, units[:-1]))
        # A stem cut at five letters takes any ending; a whole word only a plural's
        # ("cars", not "carmaker").
        head += r"\w*" if len(units[-1]) >= 5 else r"(?:e?s)?\b"
        near = rf"(?:[\w-]+\W+){{0,4}}{head}"
        if modifiers:
            near += rf"|(?:[\w-]+\W+)?(?:{modifiers})"
        # a count, not a share: "59% of UK films" counts no films
        found = re.finditer(rf"({_NUMBER.pattern})\W+(?:{near})", t)
        if any(
            not _SHARE.match(t, m.start(1))
            and not _SHARE.match(t, m.end(1))
            and not _MONTH_BEFORE.search(t[: m.start(1)])  # "January 25, the FIS Panel"
            for m in found
        ):
            return True
        # "How many people were killed ...?": "a car bomb killed at least 34" counts them.
        after = rf"\b{verb.group(1)}\w*\W+{_ABOUT}(?:{_NUMBER.pattern})" if verb else None
        return after is not None and re.search(after, t) is not None
    return any(m.group(0).strip() not in q for m in _NUMBER.finditer(t))


def asks_specific_number(question: str) -> bool:
    """Whether the question wants a particular number (of senators, of money, an age, a
    share, a measure), not just any number."""
    q = question.lower()
    counts = bool(counted_units(q))  # "how many senators": a number of senators
    money = MONEY_ASKED.search(q) is not None
    return (
        counts
        or money
        or asks_measure(q)
        or rate_asked(q) is not None
        or AGE_ASKED.search(q) is not None
        or any(w in q for w in ("percent", "share"))
    )


_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s$", re.IGNORECASE)
_SHARE = re.compile(r"\s?(?:%|per ?cent\b)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:[$€£]|US\$)\s?$")
_CURRENCY_AFTER = re.compile(r"\s(?:euros?|dollars?|pounds?|yuan|yen|rupees?|francs?)\b")
_MAGNITUDE_AFTER = re.compile(r"(?:\s?(?:m|bn|k|tn)\b|\s(?:million|billion|trillion)\b)")


def is_amount(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is money: a currency sign before it or a
    currency after it ("$63m", "234 million euros")."""
    before = _CURRENCY_BEFORE.search(text[max(0, start - 3) : start])
    return before is not None or _CURRENCY_AFTER.match(text, end) is not None


def whole_amount(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the amount at ``text[start:end]`` with its currency sign, magnitude and
    currency ("$63m" and "234 million euros", where spaCy gives "63" and "234 million")."""
    if sign := _CURRENCY_BEFORE.search(text[max(0, start - 3) : start]):
        start -= len(sign.group(0))
    magnitude = _MAGNITUDE_AFTER.match(text, end)
    if magnitude is not None and not re.search(r"million|billion|trillion", text[start:end]):
        end = magnitude.end()
    if currency := _CURRENCY_AFTER.match(text, end):
        end = currency.end()
    # A range is one answer: "$10 [trillion] to $12 trillion"; of figures alike, not "fell
    # 53% to $28.8 million".
    if (first := _RANGE_START.search(text[:start])) and _alike(first.group(1), text[start:end]):
        start = first.start(1)
    elif (last := _RANGE_END.match(text, end)) and _alike(text[start:end], last.group(0)):
        end = last.end()
    return start, end


def _alike(one: str, other: str) -> bool:
    """Whether two figures are of one kind: both money, both shares, or both neither."""

    def kind(figure: str) -> tuple[bool, bool]:
        return bool(re.search(r"[$€£]", figure)), bool(re.search(r"%|per\s?cent", figure))

    return kind(one) == kind(other)


_FIGURE = (
    r"(?:[$€£]\s?)?\d[\d,.]*(?:\s?\[?(?:m|bn|tn|million|billion|trillion)\]?)?"
    r"(?:\s?(?:%|percent|per cent))?"
)
_RANGE_START = re.compile(rf"(?<![\w.,])({_FIGURE})\s*(?:to|–|—)\s*$")
_RANGE_END = re.compile(
    rf"\s?(?:\[?(?:m|bn|tn|million|billion|trillion)\]?\s?)?(?:to|–|—)\s*{_FIGURE}(?![\w,])"
)


# "$500-million (460-million-euro)", "18 ft (5.5 m)": a figure's conversion in brackets
_CONVERSION = re.compile(r"\d[\w.,%\-]*(?:\s?[A-Za-z°]{1,10}\.?)?\s*\(\W{0,2}$")


def is_conversion(text: str, start: int) -> bool:
    """Whether the figure at ``start`` of ``text`` converts the one before it, in brackets."""
    return _CONVERSION.search(text[:start]) is not None


# The capitalised words a count may follow ("Nearly 3,000", "In 2016", "March 7"); after any
# other, a number ends a name and counts nothing: "Galaxy Note 7s", "Flight 370", "Windows 10".
_COUNT_AFTER = re.compile(
    rf"(?:{MONTHS}|in|on|at|by|for|from|to|of|and|or|but|about|some|nearly|almost|around|"
    r"over|under|more|less|fewer|only|just|roughly|approximately|up|all|the|between|since|"
    r"until|after|before|with|than|top|no)",
    re.IGNORECASE,
)
_CAPITALISED_BEFORE = re.compile(r"\b([A-Z][\w\-]*)\s$")
_NUMBER_AT = re.compile(r"\d[\d,.]*(?:s\b)?(?![\-–/]\d)")  # not a score: "33-7"


def in_a_name(text: str, start: int) -> bool:
    """Whether the number at ``start`` of ``text`` ends a name ("Note 7" of "Galaxy Note 7s")
    rather than counting anything."""
    window = max(0, start - 40)  # the word right before: no need to scan the whole text
    before = _CAPITALISED_BEFORE.search(text, window, start)
    return (
        before is not None
        and bool(text[: before.start()].strip(" \"“‘'("))  # not "Setting 30 years after"
        and not _COUNT_AFTER.fullmatch(before.group(1))
        and _NUMBER_AT.match(text, start) is not None
    )


def not_a_figure(text: str, start: int) -> bool:
    """Whether the number at ``start`` of ``text`` is no figure of its own: a conversion of
    the one before it, or the end of a name."""
    return is_conversion(text, start) or in_a_name(text, start)


def _unnamed(text: str) -> str:
    """``text`` with the numbers that end a name blanked out ("Galaxy Note #s")."""
    for found in re.finditer(r"\d[\d,.]*", text):
        if in_a_name(text, found.start()):
            text = text[: found.start()] + "#" * len(found.group()) + text[found.end() :]
    return text


def figure_span(question: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The whole figure around ``text[start:end]`` (:func:`whole_amount`), with the unit the
    question measures in: "13 ft" to "How tall is it?", not "13"."""
    start, end = whole_amount(text, start, end)
    unit = measure_unit(question)
    if unit is not None and (in_units := re.compile(rf"\s?(?:{unit})").match(text, end)):
        end = in_units.end()
    return start, end
