"""Whether to answer: a small logistic model over several signals, not one threshold.

One similarity threshold fitted to one collection does not carry to the next:
scores shift with the kind of text, the length of sentences and the retriever.
The decision combines signals whose meaning does not depend on the collection:

- ``score``: the best candidate sentence's combined score (meaning and words);
- ``coverage``: the share (IDF-weighted) of the question's key terms that the
  evidence sentence and its neighbours hold;
- ``dense``: the embedding similarity of question and evidence sentence;
- ``margin``: how far the best candidate is ahead of the next one;
- ``typed``: whether a sentence holds the kind of answer asked for (a person,
  a date, ...) near the top, and ``needs_type`` whether the question asks for one;
- ``missing``: the share of the names and numbers of the question that no
  passage mentions;
- ``agree``: whether dense search and BM25 both found the evidence's passage,
  and ``passage_rank`` its place in the fused ranking;
- ``unmatched``: how many of the question's key terms the evidence (with its
  neighbours) lacks, and ``focus`` whether it holds the question's rarest term;
- ``absent``: how many of the question's key terms no passage holds at all (an
  unanswerable question on the right topic usually asks about something the
  articles never mention), and ``specific_held`` the share of its rare terms
  (in at most a fifth of the candidate sentences) that the evidence holds.

Besides the model, two rules: :func:`about_something_else` refuses when the evidence's
passage names none of the names the question asks about, while other good candidates'
passages do; :func:`lacks_role` when the question asks who holds a role ("Who chairs the
committee?", "Which surgeon ...?", "... appoint as prime minister?") and the evidence never
mentions that role.

An answer the model gives a low chance, under its ``caution`` (over the threshold), comes
with :data:`CAUTION_NOTICE`: a warning that the evidence may not answer, not a refusal.

A second model over the same signals, ``off_topic``, tells answerable questions from
questions the collection has nothing on at all ("Who discovered penicillin?" of news
articles). The first model never saw such questions and can give them a high chance (a
passage that only dense search found looks like a paraphrase to it); the second refuses
them, at a threshold that refuses at most 1% of the answerable development questions.

The weights live in ``refusal_model.json`` beside this module, fitted by
``bench/fit_refusal.py`` on the development sets only (never the test sets).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assistant.candidates import sentence_before
from assistant.entities import POST_VERBS
from assistant.language import (
    PERSON_NOUNS,
    already_named,
    content_terms,
    names,
    own_words,
    words,
)
from assistant.rarewords import rare_words

MODEL_FILE = Path(__file__).with_name("refusal_model.json")
# Shown with an answer the refusal model gave a low chance (under its ``caution``): on the
# dev parts about a third of the unanswerable questions still answered fall under it.
CAUTION_NOTICE = "The evidence matches the question only loosely: check that it answers it."
FEATURES = (
    "score",
    "coverage",
    "dense",
    "margin",
    "typed",
    "needs_type",
    "missing",
    "agree",
    "passage_rank",
    "unmatched",
    "focus",
    "absent",
    "specific_held",
)


@dataclass(frozen=True)
class RefusalModel:
    """Logistic regression over standardised :data:`FEATURES`.

    Attributes:
        weights: One weight per feature.
        bias: The intercept.
        mean: Per-feature mean used to standardise.
        scale: Per-feature standard deviation used to standardise.
        threshold: Answer when the probability is at or over this.
        caution: An answer under this probability comes with :data:`CAUTION_NOTICE`
            (0: never).
        off_topic: The model of "the collection has nothing on this" (its own weights and
            threshold), or None.
    """

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    caution: float = 0.0
    off_topic: RefusalModel | None = None

    def off_topic_refuses(self, features: dict[str, float]) -> bool:
        """Whether the off-topic model puts the question outside the collection."""
        return self.off_topic is not None and (
            self.off_topic.probability(features) < self.off_topic.threshold
        )

    def probability(self, features: dict[str, float]) -> float:
        """The model's probability that the evidence answers the question."""
        z = self.bias
        for name, w, m, s in zip(FEATURES, self.weights, self.mean, self.scale, strict=True):
            z += w * (features[name] - m) / (s or 1.0)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def to_dict(self) -> dict[str, object]:
        """The JSON form written by the fitting script."""
        extra = {"off_topic": self.off_topic.to_dict()} if self.off_topic is not None else {}
        return {
            "features": list(FEATURES),
            "weights": list(self.weights),
            "bias": self.bias,
            "mean": list(self.mean),
            "scale": list(self.scale),
            "threshold": self.threshold,
            "caution": self.caution,
            **extra,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> RefusalModel:
        """Reads the JSON form; the feature list must match :data:`FEATURES`."""
        if tuple(data.get("features", ())) != FEATURES:  # type: ignore[arg-type]
            raise ValueError(
                f"refusal model features {data.get('features')} do not match {list(FEATURES)}"
            )
        return cls(
            weights=tuple(float(x) for x in data["weights"]),  # type: ignore[attr-defined]
            bias=float(data["bias"]),  # type: ignore[arg-type]
            mean=tuple(float(x) for x in data["mean"]),  # type: ignore[attr-defined]
            scale=tuple(float(x) for x in data["scale"]),  # type: ignore[attr-defined]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            caution=float(data.get("caution", 0.0)),  # type: ignore[arg-type]
            off_topic=cls.from_dict(data["off_topic"]) if data.get("off_topic") else None,  # type: ignore[arg-type]
        )


@lru_cache(maxsize=1)
def default_model() -> RefusalModel:
    """The fitted model shipped with Dossier."""
    return RefusalModel.from_dict(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def signals(
    question: str,
    kind: str,
    best: Any,
    ranked: Sequence[Any],
    held: set[str],
    candidates: Sequence[frozenset[str]],
    typed: bool,
    missing: float,
) -> dict[str, float]:
    """The :data:`FEATURES` of the evidence for ``question``.

    Args:
        question: The (standalone) question.
        kind: The kind of answer it asks for ("" for any).
        best: The best evidence sentence: ``text``, ``score``, ``coverage``, ``dense``,
            ``rank`` and ``doc`` (its passage, with ``dense_score``/``bm25_score`` metadata).
        ranked: All candidate sentences, best first.
        held: The content terms of the best sentence and its neighbours in the passage.
        candidates: The content terms of every candidate sentence (counted once by the
            answerer's scoring, not again here).
        typed: Whether a good sentence holds the kind of answer asked for.
        missing: Share of the question's names and numbers no passage mentions.
    """
    asked = set(content_terms(question))
    counts = Counter(t for terms in candidates for t in terms)
    present = [t for t in content_terms(question) if counts[t]]
    rarest = min(present, key=lambda t: counts[t]) if present else None
    specific = [t for t in asked if counts[t] <= max(1, len(candidates) // 5)]
    others = [s for s in ranked if s is not best and s.text not in best.text]
    meta = best.doc.metadata
    return {
        "score": best.score,
        "coverage": best.coverage,
        "dense": best.dense,
        "margin": best.score - (others[0].score if others else 0.0),
        "typed": 1.0 if typed else 0.0,
        "needs_type": 1.0 if kind and kind != "quote" else 0.0,
        "missing": missing,
        "agree": 1.0 if "dense_score" in meta and "bm25_score" in meta else 0.0,
        "passage_rank": 1.0 / (1 + best.rank),
        "unmatched": float(len(asked - held)),
        "focus": 1.0 if rarest is None or rarest in held else 0.0,
        "absent": float(sum(1 for t in asked if not counts[t])),
        "specific_held": sum(t in held for t in specific) / len(specific) if specific else 1.0,
    }


# "Kalanick’s company", "Britain's women's team": names() keeps the "’s" of the owner.
_OWNED_GROUP = (
    r"(?<=['’]s)\s+(?:[\w’'\-]+\s+){0,2}?(?:company|firm|team|squad|party|government|"
    r"administration|club|organi[sz]ation|group|agency|employer|business|campaign|band)\b"
)


def about_something_else(question: str, lead: Any, pool: Sequence[Any]) -> bool:
    """Whether the ``lead`` sentence's passage (with its article's title) names none of the
    names the question asks about, while the passage of one of ``pool`` (the best candidate
    sentences) does: the evidence is about something else ("Which judge will hear the case
    against the Yahoo hackers?" answered from an article on Gorsuch). A name counts by its
    first five letters ("Moroccan" is named by "Morocco"). The owner of an organisation is
    not what is asked about: "What did Travis Kalanick’s company use?" asks about the company,
    which the evidence may name instead ("Uber"). The question's rare words count as names
    (:mod:`assistant.rarewords`): "when did the dodo become extinct", typed in lower case."""
    asked = _asked_name_lasts(question) + [([w[:5]], w[:5]) for w in rare_words(question)]
    if not asked:
        return False

    def names_one(sentence: Any) -> bool:
        # Half the words of a name, at least ("Trump" of "Donald Trump"; not the "Road" of
        # "Abbey Road Studios" for "Peachtree Road Race").
        # Of a two-word name, the second ("Momoh", not the "Emmanuel" of "Emmanuel Macron").
        # The outlet too, by its web address: "According to a China Daily column, ..."
        meta = sentence.doc.metadata
        # Or its first, when the passage uses it alone ("Faraday unveiled" for Faraday Future).
        outlet = urlsplit(str(meta.get("url", ""))).netloc
        raw = f"{sentence.doc.page_content} {meta.get('title', '')} {outlet}"
        text = raw.lower()
        return any(
            2 * sum(w in text for w in name) >= len(name)
            and (len(name) != 2 or last in text or _alone(name[0], raw))
            for name, last in asked
        )

    return not names_one(lead) and any(names_one(s) for s in pool)


def _alone(first: str, text: str) -> bool:
    """Whether ``text`` names something by a word starting with ``first`` with no capitalised
    word after it: "Faraday unveiled", not "Emmanuel Macron"."""
    return re.search(rf"(?i:\b{re.escape(first)})[\w’']*(?![\w’']|\s+[A-Z])", text) is not None


def _asked_name_lasts(question: str) -> list[tuple[list[str], str]]:
    """For each name the question asks about, the first five letters of its words, in
    order, and of its last word."""
    asked = [
        [w[:5] for w in words(n) if len(w) > 2]
        for n in names(question)
        if not any(_OWNED.match(question, m.end()) for m in re.finditer(re.escape(n), question))
    ]
    return [(list(dict.fromkeys(name)), name[-1]) for name in asked if name]


def _asked_names(question: str) -> set[str]:
    """The first five letters of each word of the names the question asks about."""
    return set().union(*(set(name) for name, _ in _asked_name_lasts(question)))


def tells_of_someone_else(question: str, text: str, people: Callable[[str], Sequence[Any]]) -> bool:
    """Whether the sentence ``text`` opens on a person the question does not ask about and
    names none it does: "Mohamed is with the Darod clan." is no answer to "Where did Hassan
    Ali Khaire work?". ``people`` gives a text's PERSON entities; it is asked only when the
    sentence opens on a capital and names nobody asked about (a tagger run costs ~10 ms)."""
    asked = _asked_names(question)
    opening = _OPENING.match(text)
    if not asked or any(a in text.lower() for a in asked) or not opening:
        return False
    if not text[opening.end() : opening.end() + 1].isupper():
        return False
    found = people(text)
    return bool(found) and bool(_OPENING.fullmatch(text[: found[0].start]))


_OPENING = re.compile(r"\W*(?:(?:but|and|so|yet|meanwhile|still|now|then)\W+)?", re.IGNORECASE)
_OWNED = re.compile(_OWNED_GROUP)

_ROLE_NOUNS = (
    r"surgeon|doctor|coach|director|chair|chairman|chairwoman|captain|manager|officer|lawyer|"
    r"attorney|judge|spokesman|spokeswoman|spokesperson|ceo|chief executive|deputy|minister|"
    r"prime minister|secretary|ambassador|governor|mayor|senator|president|vice president|"
    r"trainer|host|editor|founder|composer|producer|architect|author|source|owner"
)
_KIN = (
    r"mother|father|parent|wife|husband|son|daughter|brother|sister|sibling|grandmother|"
    r"grandfather|grandparent|uncle|aunt|cousin|widow|widower|fianc[ée]e?|girlfriend|boyfriend"
)
_ROLE_ASKED = (
    # "Whom did X appoint as the new prime minister?"
    re.compile(
        r"\b(?:hire|hired|appoint|appointed|name|named|pick|picked|choose|chose|select|"
        r"selected|nominate|nominated)\b.*?\bas\s+(?:(?:his|her|its|their|the|a|an)\s+)?"
        rf"(?:new\s+)?((?:[\w\-]+\s+){{0,3}}?(?:{_ROLE_NOUNS}))\b",
        re.IGNORECASE,
    ),
    # "Who is the chief executive officer of SDCmaterials?", "What is the name of the lawyer
    # representing Theo?": the post itself, all its words.
    re.compile(
        r"^\W*(?:and\s+)?(?:who\s+(?:is|was|are|were)|what\s+(?:is|was|are|were)\s+the\s+"
        rf"names?\s+of)\s+the\s+((?:[\w\-]+\s+){{0,2}}(?:{_ROLE_NOUNS}))s?\b",
        re.IGNORECASE,
    ),
    # "Which surgeon performed ...?" (not "Which composers inspired him?": any composer)
    re.compile(
        rf"^\W*(?:and\s+)?(?:which|what)\s+((?:[\w\-’']+\s+){{0,3}}?(?:{_ROLE_NOUNS}))\b",
        re.IGNORECASE,
    ),  # fmt: skip
    # "Who chairs (will chair) the committee?": verbs that name a post, not "won" or "played".
    re.compile(
        rf"^\W*(?:and\s+)?who\s+(?:(?:will|would|is\s+to|is\s+set\s+to|is\s+going\s+to)\s+)?"
        rf"((?:{POST_VERBS})\w*|founded)\b",
        re.IGNORECASE,
    ),
    # "What are the names of Elizabeth Thomas's parents?": a kin the article must call so.
    re.compile(rf"\b[\w\-]+['’]s\s+(?:(?:late|eldest|youngest|older|younger)\s+)?({_KIN})s?\b"),
)


_COUNTS = frozenset("two three four five six seven eight nine ten both".split())


def asked_role(question: str) -> list[str]:
    """The words of the role a "who holds it?" question asks for, as prefixes ("chair" of
    "Who chairs ...?", ["deput", "prime", "minist"] of "... pick as his deputy prime
    minister?"), stemmed, or [] for a question that asks for no role."""
    for pattern in _ROLE_ASKED:
        if found := pattern.search(question):
            # one stem a word: "found" of "founder", which "founded" says too; no count ("the
            # two FSB officers")
            terms = [t for t in content_terms(found.group(1)) if t not in _COUNTS]
            role = [t for t in terms if not any(t != o and t.startswith(o) for o in terms)]
            return role[-3:] if pattern in _ROLE_ASKED[:2] else role[-1:]
    return []


def lacks_role(question: str, kind: str, sentences: Sequence[Any]) -> bool:
    """Whether a person asked for by their role ("Who chairs the Senate Judiciary
    Committee?") is given by evidence (``sentences``, with ``text``; None skipped) that never
    mentions the role: the person it names holds another ("Justice Antonin Scalia")."""
    return _lacks(asked_role(question) if kind == "person" else [], sentences)


def _lacks(role: list[str], sentences: Sequence[Any]) -> bool:
    if not role:
        return False
    said = set(content_terms(" ".join(s.text for s in sentences if s is not None)))
    return not all(any(w.startswith(_doing(r)) for w in said) for r in role)  # "Sen." too


def _doing(role: str) -> str:
    """What a role's holder does, as a prefix: "found" of "founder" ("founded by")."""
    return role[:-2] if role.endswith("er") and len(role) >= 6 else role


def led_by_role(question: str, kind: str, typed: list[Any], candidates: list[Any]) -> list[Any]:
    """``typed`` (the evidence sentences, best first) led by the first that mentions the role
    the question asks for (itself or the sentence before it among ``candidates``), or []
    when none does; ``typed`` as it is when the question asks for no role."""
    role = asked_role(question) if kind == "person" else []
    if not role:
        return typed
    holding = [t for t in typed if not _lacks(role, [t, sentence_before(t, candidates)])]
    return holding[:1] + [t for t in typed if t not in holding[:1]] if holding else []


# "Who came second ...?", "Which team finished third?": a place in a ranking.
_PLACE_ASKED = re.compile(
    r"\b(?:came|come|comes|finished|finish|finishes|placed|place|ranked|rank|was|is|were)\s+"
    r"(second|third|fourth|fifth|last|runner-up)\b",
    re.IGNORECASE,
)
_PLACE_SAID = {"second": r"second|runner-up|runners-up|2nd", "third": r"third|3rd"}


def misses_the_place_asked(question: str, text: str) -> bool:
    """Whether ``question`` asks who came second (third, last ...) and ``text`` says nothing of
    that place: "Gurbanguly Berdymukhamedov received 97.69 percent of all votes" tells who won."""
    asked = _PLACE_ASKED.search(own_words(question))  # not "Who won it? (following up on: ...)"
    if asked is None:
        return False
    place = asked.group(1).lower()
    return re.search(rf"\b(?:{_PLACE_SAID.get(place, place)})\b", text, re.IGNORECASE) is None


# "Who will replace Rowsell Shand in the squad?": a successor the evidence must speak of.
_SUCCESSOR_ASKED = re.compile(
    r"^\W*(?:and\s+)?who\b.*?\b(?:replace[sd]?|replacing|succeed(?:s|ed)?|succeeding|"
    r"(?:take|takes|took|taking)\s+over\s+from)\b",
    re.IGNORECASE,
)
_SUCCESSION_SAID = re.compile(
    r"\b(?:replac\w*|succe(?:ed|ssor)\w*|(?:take|takes|took|taken|taking)\s+over|"
    r"in\s+place\s+of|instead\s+of|step(?:s|ped)?\s+in|stand(?:s|ing)?\s+in|fill(?:s|ed)?\s+in)\b",
    re.IGNORECASE,
)


def misses_what_is_asked(question: str, text: str) -> bool:
    """Whether ``text`` says nothing of the place in a ranking the question asks for
    (:func:`misses_the_place_asked`) or of the successor it asks for: "Rowsell Shand won
    gold in the team pursuit alongside Elinor Barker" is no answer to "Who will replace
    Rowsell Shand in the squad?"."""
    own = own_words(question)
    succession = _SUCCESSOR_ASKED.search(own) and not _SUCCESSION_SAID.search(text)
    return bool(succession) or misses_the_place_asked(question, text)


_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|hers|they|them|their)\b", re.IGNORECASE)


def only_of_someone_else(question: str, text: str, people: Callable[[str], Sequence[Any]]) -> bool:
    """Whether a lead no better sentence could replace tells of someone the question does not
    ask about and of no one else (:func:`tells_of_someone_else`): "Othmani served as foreign
    minister between 2011-2013 ..." is no answer to "In what year did Mohammed VI become
    king?". Not when a pronoun may stand for the one asked about ("Trump nominated him ...")."""
    return not _PRONOUN.search(text) and tells_of_someone_else(question, text, people)


# The role a name bears right before it: "embattled chief executive Travis Kalanick".
_ROLE_BEFORE = re.compile(rf"((?:[\w\-]+\s+){{0,2}}(?:{PERSON_NOUNS}))\s+$", re.IGNORECASE)
_ROLE_APPOSED = re.compile(
    rf"((?:[\w\-]+\s+){{0,2}}(?:{PERSON_NOUNS})),\s+(?:[\w\-]+\s+){{0,2}}$", re.IGNORECASE
)
# The role set after a name, between commas: ", the head of activist group NextGen Climate."
_ROLE_AFTER = re.compile(r",\s+((?:the|a|an|its|their|his|her)\s+[^,.;:()\"“”]{1,60})")


def bears_another_role(
    question: str, kind: str, text: str, people: Callable[[str], Sequence[Any]]
) -> bool:
    """Whether everyone ``text`` names that the question does not is named with a role other
    than the one it asks for: "... to help embattled chief executive Travis Kalanick" is no
    answer to "Who did Uber hire as its new chief operating officer?", nor "former captain
    Judy Murray" to "Who is Britain's current Fed Cup captain?"."""
    role = asked_role(question) if kind == "person" else []
    now = kind == "person" and _NOW_ASKED.search(question) is not None
    if not role and not now:
        return False  # spaCy (people) costs ~10 ms: only for the questions that ask for a post
    fresh = [e for e in people(text) if not already_named(e.text, question)]

    def another(start: int, end: int) -> bool:
        before = _ROLE_BEFORE.search(text[:start])
        if before is None:
            return False
        if now and _FORMER.search(before.group(1)):
            return True
        said = content_terms(before.group(1))
        # "its chairman, Canadian sports law professor Richard McLaren": both roles are his
        if (apposed := _ROLE_APPOSED.search(text[: before.start()])) is not None:
            said += content_terms(apposed.group(1))
        # "activist Tom Steyer, the head of activist group NextGen Climate": so is the one after
        if (after := _ROLE_AFTER.match(text, end)) is not None:
            said += content_terms(after.group(1))
        return bool(role) and not all(any(w.startswith(r) for w in said) for r in role)

    return bool(fresh) and all(another(e.start, e.end) for e in fresh)


_NOW_ASKED = re.compile(r"\b(?:current|currently|now|new|present|incumbent)\b", re.IGNORECASE)
_FORMER = re.compile(r"\b(?:former|ex|late|then|outgoing|previous|past)\b", re.IGNORECASE)


# "What is the name of the president's favourite horse?", "What was his ship called?"
_NAME_ASKED = re.compile(
    r"\bnames?\s+of\s+(?:the|a|an|his|her|its|their)\b|\b(?:called|named)\W*$", re.IGNORECASE
)


def lacks_the_name_asked(question: str, text: str) -> bool:
    """Whether a question that asks for a name is answered by a sentence (``text``) that gives
    none the question does not already give: the article does not say it."""
    if not _NAME_ASKED.search(own_words(question)):
        return False
    return all(already_named(n, question) for n in names(text))
