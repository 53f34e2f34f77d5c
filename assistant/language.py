"""Light English analysis the extractive answerer and the condenser share.

No NLP model ships for offline use here, so this is rules: content terms
(stemmed, stop words out), the kind of answer a question asks for, and
mentions of named things in a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from assistant.numbers import LONG_THINGS, MONTHS, number_fits
from assistant.places import PLACE_WORDING, place_fits

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each else ever few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me might more most much must my myself no nor not now of off on
    once only or other our ours out over own same shall she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up
    upon us very was we were what when where which while who whom whose why will with would you
    your yours yourself according say said says tell told did does describe mention mentioned
    article articles call called named kind sort way many much organization organisation
    person date year day month number city country place""".split()
)
QUESTION_WORDS = frozenset("what which who whom whose when where why how".split())
MONTH_WORDS = frozenset(MONTHS.split("|"))
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'\-]*")
_DATE = re.compile(
    rf"\b(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|(?:{MONTHS})\.?\s+\d{{4}}|"
    r"(?:1[89]|20)\d\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|tonight|last (?:week|month|year)|this (?:week|month|year)|"
    r"earlier this (?:week|month|year))\b",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"\b[A-Z][a-zA-Z’'\-]+(?:\s+(?:(?:of|for|on)\s+)?(?:[A-Z][a-zA-Z’'\-]+|[A-Z]\.))*"
)
ORG_WORDS = frozenset(
    """council center centre foundation institute university department ministry agency office
    committee commission program programme bank fund group company corporation inc news times
    post party union association organization organisation house senate congress parliament
    administration lab laboratory school court army navy force forces reuters press""".split()
)

# "person" | "organization" | "date" | "number" | "place" | "nationality" | "quote" | ""
AnswerType = str


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


# Forms a stemmer cannot join: irregular verbs and title abbreviations.
# Titles as news abbreviates them before a name ("Sen. Lindsey Graham").
TITLE_ABBREVIATIONS = (
    ("sen", "senator"),
    ("rep", "representative"),
    ("rep", "congressman"),
    ("rep", "congresswoman"),
    ("gov", "governor"),
    ("gen", "general"),
    ("pres", "president"),
    ("sec", "secretary"),
    ("prof", "professor"),
    ("dr", "doctor"),
)
_LEMMAS = {
    "told": "tell",
    "said": "say",
    "says": "say",
    "met": "meet",
    "spoke": "speak",
    "spoken": "speak",
    "went": "go",
    "gone": "go",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "made": "make",
    "won": "win",
    "lost": "lose",
    "left": "leave",
    "led": "lead",
    "began": "begin",
    "begun": "begin",
    "wrote": "write",
    "written": "write",
    "sought": "seek",
    "thought": "think",
    "brought": "bring",
    "bought": "buy",
    "sold": "sell",
    "held": "hold",
    "paid": "pay",
    "sent": "send",
    **{abbreviation: title for abbreviation, title in reversed(TITLE_ABBREVIATIONS)},
    "dept": "department",
}


def words(text: str) -> list[str]:
    """Word tokens, apostrophes normalised (``Ukraine’s`` -> ``ukraine``)."""
    out = []
    for token in _WORD.findall(text):
        token = token.lower().replace("’", "'")
        out.append(token[:-2] if token.endswith("'s") else token)
    return out


def normalize_answer(text: str) -> str:
    """Lower case without punctuation, articles or extra spaces (SQuAD-style), for matching
    gold answers against an answer."""
    text = re.sub(r"[^\w\s$]", " ", text.lower().replace("’", "'"))
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def content_terms(text: str) -> list[str]:
    """Stemmed words of ``text`` without stop words or question words, in order."""
    kept = [_LEMMAS.get(w, w) for w in words(text)]
    kept = [w for w in kept if w not in STOPWORDS and w not in QUESTION_WORDS]
    return _stemmer().stemWords(kept)


PERSON_NOUNS = (
    r"person|people|official|expert|senator|analyst|president|secretary|man|woman|fellow|"
    r"leader|director|spokesperson|spokesman|spokeswoman|minister|ally|reporter|journalist|"
    r"negotiator|envoy|nominee|chief|ceo|author|economist|executive|chairman|chairwoman|"
    r"chair|judge|justice|lawyer|attorney|player|coach|manager|founder|composer|singer|"
    r"actor|actress|writer|politician|governor|mayor|ambassador|candidate|professor|"
    r"scientist|researcher|doctor|king|queen|prince|princess|emperor|pope|commander|"
    r"officer|lawmaker|legislator|activist|artist|musician|athlete|rider|cyclist|driver|"
    r"pilot|victim|suspect|inventor|engineer|producer|owner|boss|teammate|partner|"
    r"son|daughter|wife|husband|mother|father|brother|sister|general|cartoonist|creator|"
    r"architect|painter|poet|novelist|playwright|filmmaker|photographer|host|presenter|"
    r"surgeon|soldier|astronaut|explorer|settler|coroner|accused|teacher|pastor|priest|"
    r"captain|baby|child|boy|girl|infant|teenager|student|pupil|golfer|swimmer|boxer|"
    r"footballer|champion|commissioner|adviser|advisor|aide|diplomat|prosecutor|detective|"
    r"correspondent|columnist|comedian|historian|skier|bodyguard|staffer|chancellor|nurse|"
    r"guest|widow|widower|survivor|witness|volunteer|employee"
)


# A word between "which" and the noun it asks about: not a verb of the question.
_MODIFIER = (
    r"(?!(?:do|does|did|is|was|are|were|has|have|had|will|would|can|could|may|might|must|"
    r"should|shall|say|said)\b)[\w'’.-]+"
)


_AUX = r"(?:do|does|did|is|was|are|were|has|have|had|will|would|can|could)"
_QUOTE_QUESTION = re.compile(
    r"\b(?:what|how) (?:did|does|do|has|have|had|would|will) (?:[\w'’.-]+ ){1,5}?"
    r"(?:say|said|tell|told|call|called|describe|described|write|wrote|argue|argued|warn|warned)\b"
    r"|\bwhat (?:was|is) (?:the )?(?:quote|words?)\b"
)


_SPEAKER_OF_QUOTE = re.compile(
    r"\b(?:what|how) (?:did|does|do|has|have|had|would|will) ((?:[\w'’.-]+ ){1,5}?)"
    r"(?:say|said|tell|told|call|called|describe|described|write|wrote|argue|argued|warn|warned)\b",
    re.IGNORECASE,
)


def quoted_speaker(question: str) -> str:
    """The surname of whom a quote question asks the words of ("Trump" of "What did Donald
    Trump say about the deal?"), or "" ("What did the article say ...?")."""
    found = _SPEAKER_OF_QUOTE.search(own_words(question))
    named = re.findall(r"\b[A-Z][\w’'\-]+", found.group(1)) if found else []
    return named[-1] if named else ""


_GROUPS = (
    r"doctors|scientists|researchers|police|officials|investigators|authorities|surgeons|"
    r"engineers|astronomers|archaeologists|experts|officers|prosecutors|detectives|workers|"
    r"residents|lawmakers|activists|protesters|rebels|troops|soldiers|firefighters|rescuers|"
    r"volunteers|campaigners|regulators|economists|analysts"
)
_GROUP_SUBJECT = re.compile(
    rf"(?:(?:The|A team of|A group of) )?(?:[A-Z]?[a-z]+ )??(?i:{_GROUPS})"
    r"(?: (?:in|at|from|of) (?:the )?[A-Z][\w\-]+(?: [A-Z][\w\-]+){0,3})?(?= [a-z])"
)


def is_acronym(name: str) -> bool:
    """Whether ``name`` is an acronym ("IVF", "DOJ", "NATO"): nobody's name."""
    return len(name) >= 2 and name.isupper()


def asks_who_did(question: str) -> bool:
    """Whether ``question`` asks who did something ("Who got ...?", "Who said ...?"), not who
    someone is nor which holder of a post ("Which senator ...?")."""
    q = own_words(question).strip()
    return bool(re.match(r"(?:and )?who\b(?!(?:'s| is| was| are| were)\b)", q, re.IGNORECASE))


def group_subject(text: str) -> tuple[int, int] | None:
    """The span of the group a sentence opens on, who did what it tells ("Doctors in
    Newcastle have been given the first UK licence ..."): the answer to "who" where the
    article names nobody."""
    found = _GROUP_SUBJECT.match(text)
    return None if found is None or found.group(0).split()[0].islower() else found.span()


FOLLOWING_UP = " (following up on: {previous})"  # how a follow-up carries the last question
_FOLLOWING_UP = re.compile(r"\s*\(following up on: (.*)\)\s*$", re.DOTALL)
# A reason, a manner, what something is about: no kind of name, whatever the last question's.
_NO_KIND = re.compile(
    r"(?:and |but |so )?(?:why|how\b(?! (?:much|many|old|long|far))|what (?:is|was|are|were) "
    r"\w+ about\W)",
    re.IGNORECASE,
)
# A follow-up that leans on the last question for its kind: "And what will it rise to?",
# "What about the walls?", or one of three words or fewer ("And then?").
_ELLIPTIC = re.compile(
    r"\W*(?:and|but|so|then|what about|how about)\b|(?:\W*\w+){1,3}\W*$", re.IGNORECASE
)
_YES_NO = re.compile(
    r"^(?:and |but |so )?(?:did|does|do|is|was|are|were|has|have|had|can|could|will|would|"
    r"should)\b",
    re.IGNORECASE,
)


def own_words(question: str) -> str:
    """A condensed question without the question it carries ("(following up on: ...)")."""
    return _FOLLOWING_UP.sub("", question)


def new_terms(question: str) -> list[str]:
    """The content terms a follow-up brings that the question it carries has not ("organic",
    "farms" of "And on organic farms? (following up on: How many earthworms ...?)"); none for a
    question that carries none."""
    carried = carried_question(question)
    if carried is None:
        return []
    before = set(content_terms(carried))
    return [t for t in dict.fromkeys(content_terms(own_words(question))) if t not in before]


def asked_part(question: str) -> str:
    """What a question itself asks: a follow-up's own words and the names of the question it
    carries ("Where was it filmed? Smokey Bandit" of "Where was it filmed? (following up on:
    Who directed the 1977 film Smokey and the Bandit?)"), not the rest of what that one
    asked ("directed", "1977"), which its answer need not hold."""
    carried = carried_question(question)
    if carried is None:
        return question
    return " ".join([own_words(question), *names(carried)])


def carried_question(question: str) -> str | None:
    """The question a condensed follow-up carries ("(following up on: ...)"), if any."""
    carried = _FOLLOWING_UP.search(question)
    return carried.group(1) if carried else None


# "Who is Benjamin Jensen?", "Who was Tad Cummins?": the question is a name and nothing more.
_WHO_IS_NAME = re.compile(
    r"\W*(?:[Aa]nd |[Bb]ut |[Ss]o )?[Ww]ho (?:is|was|are|were) "
    r"((?:[A-Z][\w.’'\-]*)(?:\s+(?:[A-Z][\w.’'\-]*|de|van|von|der|bin|al|da|la|le))*)\W*"
)


def asked_name(question: str) -> str:
    """The name of a question that asks who a named person is ("Benjamin Jensen" of "Who is
    Benjamin Jensen?": what he is or does, not a person's name), or "". "Who is Scotland's
    First Minister?" asks for a name: ""."""
    found = _WHO_IS_NAME.fullmatch(question.strip())
    return found.group(1) if found and not re.search(r"['’]s\b", found.group(1)) else ""


def asks_who_someone_is(question: str) -> bool:
    """Whether ``question`` asks who a named person is (see :func:`asked_name`)."""
    return bool(asked_name(question))


_ORG_NOUNS = (
    r"organi[sz]ation|group|agency|company|think tank|"
    r"institution|outlet|news organi[sz]ation|network|program|center|centre|council|station|"
    r"newspaper|channel|firm|university|institute|department|union|"
    r"school|college|maker|manufacturer|carmaker|bank|club|party|charity|"
    r"broadcaster|publisher|airline|retailer"
)
ORG_ASKED = re.compile(rf"\b(which|what|name of the) ((?:{_MODIFIER} ){{0,2}})({_ORG_NOUNS})\b")


# "who are the griots", "who were the groundlings who attended the globe": a group by its name
GROUP_ASKED = re.compile(
    r"(?:and )?who (?:are|were) (?!they\b|you\b|we\b|these\b|those\b)(?:the )?"
    r"(?:[\w\-]+ ){0,2}?([a-z\-]+)(?: who\b.*)?\W*$"
)
_PEOPLE_NOUN = (
    rf"(?:{PERSON_NOUNS}|winner|finalist|member|contestant|character|star|child|kid|parent|"
    r"sibling|twin|people|team|cast|crew|guest|judge|candidate|nominee)"
)


def singulars(word: str) -> list[str]:
    """``word`` and what it may be the plural of ("coaches": "coache", "coach")."""
    irregular = re.sub(r"men$", "man", word).removesuffix("ren")  # "women", "children"
    return [word, word.removesuffix("s"), word.removesuffix("es"), irregular]


def answer_type(question: str) -> AnswerType:
    """The kind of answer the question asks for, or ``""`` when any text will do.

    A follow-up carrying the last question ("Which state is it in? (following up on: when
    was the fort built)") asks for what its own words ask: a place, not the date the last
    question wanted. Only a follow-up whose words ask for no kind ("And what will it rise
    to?") asks for the last question's kind; a yes/no follow-up asks for none.
    """
    carried = _FOLLOWING_UP.search(question)
    if carried:
        own = answer_type(question[: carried.start()])
        if (
            own
            or _YES_NO.match(question.strip())
            or _NO_KIND.match(question.strip())
            or asks_who_someone_is(question[: carried.start()])
            # "What is it made of?" asks for no kind; "And what will it rise to?", "And
            # then?" ask for the last one's
            or not _ELLIPTIC.match(question[: carried.start()])
        ):
            return own
        return answer_type(carried.group(1))
    q = question.lower().strip()
    if asks_who_someone_is(question):
        return ""  # "Who is Benjamin Jensen?" asks what he is, not for another person's name
    if re.search(r"\b(?:what|which) (?:nationality|language)\b", q):
        return "nationality"  # "What nationality was he?": "English"
    if re.search(
        # not a modifier of the noun after it: "What general design did he realize ...?"
        rf"^(?:\w+ )?(which|what) ({_MODIFIER} ){{0,5}}?({PERSON_NOUNS})s?\b(?! [a-z]+ {_AUX}\b)",
        q,
    ):
        return "person"
    if (group := GROUP_ASKED.match(q)) and not any(
        re.fullmatch(_PEOPLE_NOUN, w) for w in singulars(group.group(1))
    ):
        return ""  # "who were the chartists?" asks what the group is, not for a name
    if re.match(r"(?:and |but |so )?(who|whom|whose)\b", q):
        return "person"  # before the dates: "Who rode with her when she won?" asks for a person
    if ORG_ASKED.search(q):
        return "organization"
    if re.search(
        r"\b(how many|how much|what percentage|what percent|what share|what number|"
        r"how old|what (?:exact |total )?(?:amount|sum)|dollar amount|how large|how big|"
        r"what age|how (?:far|tall|"
        r"high|deep|fast|warm|cold|hot|heavy|wide|thick)|what (?:is|was) the (?:[\w\-]+ ){0,2}?"
        r"(?:percentage|proportion|number|amount|sum|age))\b|"
        r"^what (?:[\w'’\-]+ ){1,8}?(?:worth|ranking)\W*$|"  # "What is the palace worth?"
        # a measure by its name ("What voltage ...?"), in a currency
        r"\b(?:what|which) (?:is |was |were |are )?(?:the |[\w\-]+['’]s )?"
        r"(?:final |average |total |dollar |annual |net )?(?:voltage|temperature|speed|weight|"
        r"height|population|salary|wage|value|price|cost|revenue|profit)\b|"
        r"\bin (?:dollars|euros|pounds)\W*$|"
        # "How long is the course?": a length
        rf"^how long (?:is|was|are|were) (?:the |a |an )?(?:[\w'’\-]+ ){{0,4}}?"
        rf"(?:{LONG_THINGS})s?\b",
        q,
    ):
        return "number"
    # "When ...?" asks for a date; the "when" of "what does it mean when ..." joins a clause,
    # and "when do you use a memo?" asks in what case.
    if re.match(r"(?:and )?when (?:do|can|should|would|must) (?:you|i|we|one)\b", q):
        return ""
    if re.search(
        r"^(?:(?:and|but|so|then) )?(?:when|how long (?:has|have|had|did|does|do|was|were|will|"
        r"after|before))\b|"  # "How long after the crash did ...?": a span of time
        # "How long is a presidential term?": a span of time, not a length
        r"^how long (?:is|was|are|were) (?:a|an|the|his|her|its|their|[\w\s\-]+?['’]s) "
        r"(?:[\w'’\-]+ ){0,3}?"
        r"(?:term|tenure|mandate|sentence|season|contract|reign|ban|suspension|delay|wait|"
        r"visit|stay|war|process|period)s?\b|"
        r"\b((?:what|which) (?:exact |precise |specific )?date|what day|what year|what month|"
        r"(?:what|which) (?:is|was|are|were) the dates?|"
        r"what years|which day|which years?|which month)\b|"
        # "Since when ...?", not "where does the air come from when you burp"
        r"^(?:since|until|by|from|till) when\b|\b(?:since|until|by|from|till) when\W*$|"
        r"^(?:and )?(?:the )?(?:exact )?(?:date|year)\b",  # "And the exact date?"
        q,
    ):
        return "date"
    if re.match(
        r"(?:(?:and|but|so|then) )?where (?:[\w'’.\-]+ ){1,5}?(?:work|works|worked|study|studied|"
        r"fellow|professor|lecturer|researcher|employed|attend|attends|attended|graduate|"
        r"graduated|(?:go|goes|went) to (?:college|school|university|law school))\b",
        q,
    ):
        return "organization"  # "Where does he work?" the employer; "go to college?" the college
    if re.match(r"(?:(?:and|but|so|then) )?where\b", q):
        return "place"  # not a person for "Where are the doctors who ...?"
    if re.search(
        r"^(who|whom|whose)\b|\b(who|whom|whose) (?!is|was|are|were)|"
        r"\bnames? of (?:the |a |an |his |her |their |this |that |"
        r"(?:[\w\-]+ ){0,2}[\w\-]+['’]s )?"
        rf"(?:{_MODIFIER} ){{0,2}}?(?:{PERSON_NOUNS}|parent|grandparent|sibling|relative)s?\b"
        r"(?!['’]s)",
        q,
    ) or q.startswith(("who ", "who's")):
        return "person"  # not "the name of the book": a title
    if re.search(
        rf"^where\b|\b(which|what) {PLACE_WORDING}"
        r"(cit(?:y|ies)|countr(?:y|ies)|count(?:y|ies)|place|town|state|region|province|"
        r"continent|island|village|district|capital)s?\b|\bin which city\b",
        q,
    ):
        return "place"
    if _QUOTE_QUESTION.search(q):
        return "quote"
    return ""


def names(text: str) -> list[str]:
    """Capitalised runs that name things (``Donald Trump``, ``Council on Foreign Relations``).

    The first word of the text is kept only when more capitalised words follow
    it, so a sentence-initial "But" is not a name.
    """
    found = []
    for match in _NAME.finditer(text):
        name = match.group(0)
        start = match.start()
        sentence_initial = start == 0 or text[:start].rstrip()[-1:] in {".", "“", '"', "!", "?"}
        if sentence_initial:
            first, _, rest = name.partition(" ")
            if first.lower() in STOPWORDS or not rest:
                if not rest:
                    continue
                name = rest
        if name.lower() in STOPWORDS or name.lower() in {"i", "i'm", "i’ve"}:
            continue
        found.append(name)
    return found


def already_named(name: str, question: str) -> bool:
    """Whether the question already names ``name``: all its words are the question's, or it
    is a longer form of a name of two words or more the question gives ("Joanna Rowsell
    Shand" to "Who rode with Rowsell Shand?"; not "Jill Cummins" to "... for Cummins"). Only
    a follow-up's own words count: "Sierra Leone" may answer "Where was it found? (following
    up on: Who found the huge diamond in Sierra Leone?)"."""
    question = own_words(question)
    named = set(words(name))
    if named <= set(words(question)):
        return True
    return any(len(given) >= 2 and set(given) <= named for given in map(words, names(question)))


_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ish|ian|ese|an|ic|i|ch)$")


def has_type(text: str, kind: AnswerType, question: str = "") -> bool:
    """Whether ``text`` contains an answer of ``kind`` that the question does not already name."""
    if not kind or kind == "quote":
        return True
    if kind == "date":
        return any(m.group(0).lower() not in question.lower() for m in _DATE.finditer(text))
    if kind == "number":
        return number_fits(text, question)
    fresh = [n for n in names(text) if not already_named(n, question)]
    if kind == "nationality":  # "English", "Italian", "Japanese"
        return any(_DEMONYM.search(n) for n in fresh)
    if kind == "organization":
        return any(set(words(n)) & ORG_WORDS for n in fresh)
    if kind == "place":
        return any(place_fits(n, question) for n in fresh)
    # person: a fresh name that is not an organisation
    return any(not set(words(n)) & ORG_WORDS for n in fresh)


def persons(text: str) -> list[str]:
    """Names of people in ``text``, most reliable first (speakers of quotes, titled names)."""
    speakers = re.findall(
        r"([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*)\s+(?:said|says|argued|told|added|continued|"
        r"wrote|noted|declared|asked|argues)\b|\b(?:said|says)\s+([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)+)",
        text,
    )
    out = [_drop_leading_stopwords(a or b) for a, b in speakers]
    out += [
        n
        for n in names(text)
        if not set(words(n)) & ORG_WORDS and len(n.split()) >= 2 and n not in out
    ]
    return [n for n in out if n and n.lower() not in STOPWORDS]


def _drop_leading_stopwords(name: str) -> str:
    parts = name.split()
    while parts and parts[0].lower() in STOPWORDS:
        parts.pop(0)
    return " ".join(parts)
