"""The Answer object every answerer returns, and its JSON form (DESIGN.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

if TYPE_CHECKING:
    from langchain_core.documents import Document

REFUSAL = "The articles don't say."


@dataclass
class Citation:
    """A numbered source of an answer.

    Attributes:
        n: The number used as ``[n]`` in the answer.
        source: The article's source (file path, or path#row).
        title: The article's title.
        chunk_id: The cited passage.
        text: The passage text.
        quote: The exact span of the article that supports the cited sentence.
        start: Offset of ``quote`` in the article text.
        end: Offset just past ``quote``; ``article_text[start:end] == quote``.
    """

    n: int
    source: str
    title: str
    chunk_id: str
    text: str
    quote: str
    start: int
    end: int
    date: str = ""
    outlet: str = ""
    url: str = ""


def doc_id(doc: Document) -> str:
    """The chunk id of a retrieved passage (what a citation names)."""
    return str(doc.id or doc.metadata.get("chunk_id", ""))


def cite(doc: Document, n: int, quote: str = "", start: int = -1, end: int = -1) -> Citation:
    """Citation ``[n]`` of a retrieved passage, quoting ``quote`` at ``start:end`` of its
    article (``start`` -1: the span is not resolved yet)."""
    meta = doc.metadata
    return Citation(
        n=n,
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        chunk_id=doc_id(doc),
        text=doc.page_content,
        quote=quote,
        start=start,
        end=end,
        date=str(meta.get("date", "")),
        outlet=str(meta.get("outlet", "")),
        url=str(meta.get("url", "")),
    )


@dataclass
class ShortAnswer:
    """The span that answers the question (a name, date, number, place or quote).

    Attributes:
        text: The span as the article gives it.
        start: Its offset in the article text.
        end: Offset just past it; ``article[start:end] == text``.
        n: The citation ``[n]`` of the passage it was found in.
        chunk_id: That passage.
    """

    text: str
    start: int
    end: int
    n: int = 0
    chunk_id: Annotated[str, Field(exclude=True)] = ""  # internal: not in the Answer JSON

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"text", "start", "end", "n"}``."""
        return {"text": self.text, "start": self.start, "end": self.end, "n": self.n}


@dataclass
class CheckedSentence:
    """One sentence of an answer, checked against the passages it cites.

    Attributes:
        text: The sentence as shown, with its ``[n]`` markers.
        citations: The ``n`` of the citations it carries.
        supported: True when its best cited span scores at or over the
            verification threshold.
        score: Verification score in [0, 1] of the best cited span (0 without
            a citation to a given passage).
    """

    text: str
    citations: list[int]
    supported: bool
    score: float


@dataclass
class Answer:
    """An answer with its citations.

    Attributes:
        answer: The answer text; each sentence ends with ``[n]`` citations.
        refused: True when the articles don't answer the question.
        citations: Sources in order of ``n``.
        standalone_question: The question actually searched for, with
            references to the conversation resolved.
        timings_ms: Milliseconds per stage (``condense``, ``retrieve``, ``answer``, ``total``).
        score: The answerer's confidence in its best evidence (the extractive
            answerer's sentence score; it refuses under its threshold), or None
            when there was no evidence to score.
        sentences: Each sentence with its verification (empty when
            verification is off or the answer is a refusal).
        answerer: Which answerer wrote it ("extractive", "llm:openai", "llm:llamacpp").
        notice: Something the reader should know about how it was made, e.g.
            that the LLM was unreachable and this is the extractive answer.
        context: How the LLM's context window was filled: ``prompt_tokens``,
            ``limit``, and what did not fit (``dropped_passages`` as chunk ids,
            ``dropped_messages`` of the history).
        short_answer: The name, date, number, place or quote the answer leads
            with, cited (None when the question asks for none or none was found).
    """

    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    standalone_question: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)
    score: float | None = None
    sentences: list[CheckedSentence] = field(default_factory=list)
    answerer: str = ""
    notice: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    short_answer: ShortAnswer | None = None

    @property
    def unsupported(self) -> list[CheckedSentence]:
        """The sentences verification could not find in the cited passages."""
        return [s for s in self.sentences if not s.supported]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``dossier ask --json``."""
        out = asdict(self)
        out["short_answer"] = self.short_answer.to_dict() if self.short_answer else None
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """The Answer of a :meth:`to_dict` object (e.g. from ``POST /api/ask``)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        cited = {f.name for f in fields(Citation)}
        checked = {f.name for f in fields(CheckedSentence)}
        values["citations"] = [
            Citation(**{k: v for k, v in c.items() if k in cited})
            for c in data.get("citations", [])
        ]
        values["sentences"] = [
            CheckedSentence(**{k: v for k, v in s.items() if k in checked})
            for s in data.get("sentences", [])
        ]
        short = data.get("short_answer")
        values["short_answer"] = ShortAnswer(**short) if isinstance(short, dict) else None
        return cls(**values)


def lead_text(short: ShortAnswer, kind: str) -> str:
    """The answer's first sentence: the short answer, cited (a quote in quotation marks)."""
    shown = f"“{short.text}”" if kind == "quote" else short.text
    stop = "" if shown.rstrip("”’\"'")[-1:] in (".", "!", "?") else "."  # “wasted trip.”
    return f"{shown}{stop} [{short.n}]"
