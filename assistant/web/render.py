"""HTML for the chat: answers with citation chips, and their sources with the quote marked.

Chip ``[n]`` (class ``dossier-cite-n``) opens source ``n`` (class ``dossier-source-n``)
of the same answer; classes, because the chat's sanitizer drops ``data-`` attributes.
A sentence verification did not find in its cited passage is flagged (class
``dossier-unsupported``, a ⚠ and a tooltip with its score); how the answer was
made shows as a notice (``dossier-notice``) and a line naming the answerer.

Article text and LLM output are untrusted. Every piece of them (titles, passages,
quotes, source and file names, outlets, the answer as it streams and when done,
notices, error messages) goes through :func:`text`, which escapes HTML *and*
Markdown (the chat renders Markdown), so markup inside an article or an answer
shows as the characters it is and never runs. The only tags in the output are the ones
written here. Nothing here emits a blank line, so Markdown never re-enters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlparse

from assistant.answer import Answer, CheckedSentence, Citation
from vectorstore.articles import Rejected
from vectorstore.ingest import IngestReport

# HTML's five plus what Markdown or LaTeX would act on: each becomes a numeric entity.
_INERT = {c: f"&#{ord(c)};" for c in "&<>\"'`*_[](){}#|~$\\!=:"}
_NEWLINES = re.compile(r"\r\n|\r|\n")
_MARKER = re.compile(r"\[(\d+)\]")


def text(value: str) -> str:
    """``value`` as inert HTML text: shown literally, line breaks kept.

    Example:
        >>> text("<b>*hi*</b>")
        '&#60;b&#62;&#42;hi&#42;&#60;/b&#62;'
    """
    escaped = "".join(_INERT.get(c, c) for c in value)
    return _NEWLINES.sub("<br>", escaped)


def _attr(value: str) -> str:
    return "".join(_INERT.get(c, c) for c in value).replace("\n", " ")


def source_name(source: str) -> str:
    """The file name of a source, with its ``#row`` if any: ``/a/b.jsonl#3`` -> ``b.jsonl#3``."""
    path, hash_, row = source.partition("#")
    return path.replace("\\", "/").rsplit("/", 1)[-1] + hash_ + row


def highlight(passage: str, quote: str) -> str:
    """The passage as inert HTML with ``quote`` wrapped in ``<mark>``."""
    at = passage.find(quote) if quote else -1
    if at < 0:
        marked = f"<mark>{text(quote)}</mark>" if quote else ""
        return f"{text(passage)}<br><span class='dossier-quote'>Quoted: {marked}</span>"
    end = at + len(quote)
    return f"{text(passage[:at])}<mark>{text(quote)}</mark>{text(passage[end:])}"


def answer_text(value: str, numbers: Iterable[int] = ()) -> str:
    """Answer text as inert HTML, each known ``[n]`` a clickable citation chip."""
    known = set(numbers)
    out: list[str] = []
    last = 0
    for match in _MARKER.finditer(value):
        n = int(match.group(1))
        if n not in known:
            continue
        out.append(text(value[last : match.start()]))
        out.append(
            f"<sup class='dossier-cite dossier-cite-{n}' role='button' tabindex='0' "
            f"title='Show source {n}'>&#91;{n}&#93;</sup>"
        )
        last = match.end()
    out.append(text(value[last:]))
    return "".join(out)


def _searched(standalone: str) -> str:
    if not standalone:
        return ""
    return f"<div class='dossier-searched'>Searched for: <q>{text(standalone)}</q></div>"


def source_html(c: Citation) -> str:
    """One citation as a ``<details>``: title, date, outlet, source; the passage, quote marked."""
    meta = " · ".join(text(x) for x in (c.date, c.outlet) if x)
    where = f"{text(source_name(c.source))}, characters {c.start}–{c.end}"
    if c.url and urlparse(c.url).scheme in ("http", "https"):
        where += f" · <a href='{_attr(c.url)}' target='_blank' rel='noopener noreferrer'>link</a>"
    return (
        f"<details class='dossier-source dossier-source-{c.n}'>"
        f"<summary><span class='dossier-n'>&#91;{c.n}&#93;</span> "
        f"<span class='dossier-title'>{text(c.title or source_name(c.source))}</span>"
        + (f" <span class='dossier-meta'>{meta}</span>" if meta else "")
        + "</summary>"
        f"<div class='dossier-where'>{where}</div>"
        f"<blockquote class='dossier-passage'>{highlight(c.text, c.quote)}</blockquote>"
        "</details>"
    )


def sentence_html(sentence: CheckedSentence, numbers: Iterable[int] = ()) -> str:
    """One checked sentence with its chips; flagged with a ⚠ and its score when unsupported."""
    body = answer_text(sentence.text, numbers)
    if sentence.supported:
        return f"<span class='dossier-sentence'>{body}</span>"
    if sentence.citations:
        why = f"Not supported by the cited passage (score {sentence.score:.2f})"
    else:
        why = f"Not supported by any passage given (best score {sentence.score:.2f})"
    return (
        f"<span class='dossier-sentence dossier-unsupported' title='{_attr(why)}'>"
        f"<span class='dossier-flag' aria-hidden='true'>⚠</span> {body}</span>"
    )


def _answered_by(answer: Answer) -> str:
    if not answer.answerer:
        return ""
    line = f"Answered by {text(answer.answerer)}"
    if answer.unsupported:
        total = len(answer.sentences)
        line += f" · {len(answer.unsupported)} of {total} sentence{'s' * (total > 1)} not supported"
    return f"<div class='dossier-answerer'>{line}</div>"


def answer_html(answer: Answer) -> str:
    """A finished answer: the question searched for, any notice, the text with chips
    (unsupported sentences flagged), who answered, the sources."""
    numbers = [c.n for c in answer.citations]
    sentences = answer.sentences
    lead = ""
    if answer.short_answer is not None and sentences and _leads(sentences[0], answer):
        # The short answer first, in bold, then the evidence it comes from.
        chips = answer_text("".join(f" [{n}]" for n in sentences[0].citations), numbers)
        lead = (
            f"<div class='dossier-short'><strong>{text(answer.short_answer.text)}</strong>{chips}"
            "</div>"
        )
        sentences = sentences[1:]
    if sentences:  # the verified sentences are the answer's text, in order
        body = " ".join(sentence_html(s, numbers) for s in sentences)
    else:
        body = answer_text(answer.answer, numbers)
    if lead:
        body = f"{lead}<div class='dossier-evidence'>{body}</div>"
    kind = "dossier-answer dossier-refused" if answer.refused else "dossier-answer"
    notice = f"<div class='dossier-notice'>{text(answer.notice)}</div>" if answer.notice else ""
    sources = "".join(source_html(c) for c in answer.citations)
    if sources:
        sources = f"<div class='dossier-sources'>{sources}</div>"
    return (
        f"<div class='{kind}'>{_searched(answer.standalone_question)}{notice}"
        f"<div class='dossier-text'>{body}</div>{_answered_by(answer)}{sources}</div>"
    )


def _leads(sentence: CheckedSentence, answer: Answer) -> bool:
    short = answer.short_answer
    return short is not None and sentence.text.lstrip('“"').startswith(short.text)


def partial_html(standalone: str, so_far: str) -> str:
    """An answer while it streams in."""
    return (
        f"<div class='dossier-answer dossier-streaming'>{_searched(standalone)}"
        f"<div class='dossier-text'>{text(so_far)}<span class='dossier-cursor'>▍</span></div></div>"
    )


def failed_html(standalone: str, reason: str) -> str:
    """An answer that failed while it was being written: why, instead of the partial text."""
    return (
        f"<div class='dossier-answer dossier-failed'>{_searched(standalone)}"
        f"<div class='dossier-notice'>No answer: {text(reason)}</div></div>"
    )


def report_html(report: IngestReport) -> str:
    """What an upload did, one line per outcome, file names escaped."""

    def names(sources: list[str]) -> str:
        return ", ".join(text(source_name(s)) for s in sources)

    def rejected(items: list[Rejected]) -> str:
        return "".join(
            f"<li><b>{text(source_name(r.source))}</b>: {text(r.reason)}</li>" for r in items
        )

    lines = []
    for label, sources in (
        ("Added", report.added),
        ("Updated", report.updated),
        ("Unchanged", report.unchanged),
    ):
        if sources:
            lines.append(f"<div>{label} {len(sources)}: {names(sources)}</div>")
    if report.rejected:
        lines.append(
            f"<div class='dossier-rejected'>Not added {len(report.rejected)}:"
            f"<ul>{rejected(report.rejected)}</ul></div>"
        )
    return "<div class='dossier-report'>" + ("".join(lines) or "Nothing to add.") + "</div>"
