"""The Assistant: condense the question, retrieve passages, answer with citations."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.answer import Answer
from assistant.compound import merged
from assistant.condense import Message, condense
from assistant.streaming import (
    Delta,
    Done,
    Retrieved,
    StreamEvent,
    StreamingAnswerer,
    sentence_deltas,
)
from vectorstore.errors import ConfigurationError, EmptyQuestionError, InputError
from vectorstore.unicode import check_unicode, unicode_problem

if TYPE_CHECKING:
    from assistant.settings import Settings
    from assistant.verify import Verifier

Condenser = Callable[[str, Sequence[Message]], str]

MAX_QUESTION_CHARS = 2000


class Answerer(Protocol):
    """Turns a question and retrieved passages into an :class:`Answer`."""

    def answer(self, question: str, docs: list[Document]) -> Answer: ...


class Assistant:
    """Answers questions about the articles, with citations.

    Example:
        >>> from assistant import Assistant, Settings
        >>> bot = Assistant.from_settings(Settings())                     # doctest: +SKIP
        >>> first = bot.ask("Who called the minerals deal predatory?")    # doctest: +SKIP
        >>> history = [{"role": "user", "content": "Who called the minerals deal predatory?"},
        ...            {"role": "assistant", "content": first.answer}]    # doctest: +SKIP
        >>> bot.ask("Which organization does he work for?", history=history)  # doctest: +SKIP

    Args:
        retriever: Any LangChain retriever; ours accepts ``k`` and ``filters``.
        answerer: Writes the answer from the passages.
        top_k: Passages retrieved per question.
        max_question_chars: Longer questions are refused.
        verifier: Checks each answer sentence against the passages it cites.
        condenser: Rewrites a follow-up to stand alone (default: the rules).
    """

    def __init__(
        self,
        retriever: BaseRetriever,
        answerer: Answerer,
        top_k: int = 5,
        max_question_chars: int = MAX_QUESTION_CHARS,
        verifier: Verifier | None = None,
        condenser: Condenser | None = None,
    ) -> None:
        if top_k <= 0:
            raise ConfigurationError(f"top_k must be > 0, got {top_k}")
        if max_question_chars <= 0:
            raise ConfigurationError(f"max_question_chars must be > 0, got {max_question_chars}")
        self.retriever = retriever
        self.answerer = answerer
        self.top_k = top_k
        self.max_question_chars = max_question_chars
        self.verifier = verifier
        self.condenser = condenser or condense

    @classmethod
    def from_settings(cls, settings: Settings) -> Assistant:
        """Builds the assistant the settings describe (store must exist)."""
        from assistant.factory import make_assistant, make_embeddings, make_retriever, make_store

        embeddings = make_embeddings(settings)
        store = make_store(settings, embeddings)
        return make_assistant(settings, embeddings, make_retriever(settings, store, embeddings))

    def ask(
        self,
        question: str,
        history: Sequence[Message] | None = None,
        k: int | None = None,
        filters: Any = None,
    ) -> Answer:
        """Answers ``question``, resolving references to the conversation ``history``.

        Raises:
            EmptyQuestionError: the question is blank.
            InputError: the question is too long or the history malformed.
        """
        for event in self.stream(question, history, k, filters):
            if isinstance(event, Done):
                return event.answer
        raise AssertionError("Assistant.stream ended without an answer")  # pragma: no cover

    def stream(
        self,
        question: str,
        history: Sequence[Message] | None = None,
        k: int | None = None,
        filters: Any = None,
    ) -> Iterator[StreamEvent]:
        """Answers like :meth:`ask`, yielding events as the answer is made.

        Yields :class:`Retrieved` once the passages are found, :class:`Delta`
        pieces of answer text (tokens from a streaming answerer, cited sentences
        otherwise), then :class:`Done` with the final :class:`Answer`. The
        question and history are checked before anything is yielded.

        Example:
            >>> for event in bot.stream("Who called the deal predatory?"):  # doctest: +SKIP
            ...     if isinstance(event, Delta):
            ...         print(event.text, end="", flush=True)

        Raises:
            EmptyQuestionError: the question is blank.
            InputError: the question is too long or the history malformed.
        """
        check_question(question, self.max_question_chars)
        checked = _checked(history or [])
        return self._stream(question, checked, k, filters)

    def _stream(
        self, question: str, history: list[Message], k: int | None, filters: Any
    ) -> Iterator[StreamEvent]:
        started = time.perf_counter()
        standalone = self.condenser(question, history)
        condensed = time.perf_counter()
        kwargs: dict[str, Any] = {"k": k or self.top_k}
        if filters is not None:
            kwargs["filters"] = filters
        docs = self.retriever.invoke(standalone, **kwargs)
        retrieved = time.perf_counter()
        yield Retrieved(standalone, docs)
        answered = time.perf_counter()  # the consumer's time between events is not ours
        answer: Answer | None = None
        if isinstance(self.answerer, StreamingAnswerer):
            for piece in self.answerer.stream(standalone, docs, history):
                if isinstance(piece, Answer):
                    answer = piece
                else:
                    yield Delta(piece)
            if answer is None:
                raise AssertionError("a streaming answerer must yield its Answer last")
            done = time.perf_counter()
            answer = self._verified(answer, docs)
        else:
            found: list[Document] = []  # what a compound question's parts searched for

            def search(part: str) -> list[Document]:
                hits = self.retriever.invoke(part, **kwargs)
                found.extend(hits)
                return hits

            if getattr(self.answerer, "searches_parts", False):
                answer = self.answerer.answer(standalone, docs, search=search)  # type: ignore[call-arg]
                if found:  # a compound question's later part cites passages of its own
                    docs = merged(docs, found)
            else:
                answer = self.answerer.answer(standalone, docs)
            done = time.perf_counter()
            answer = self._verified(answer, docs)
            for piece in sentence_deltas(answer.answer):
                yield Delta(piece)
        verified = time.perf_counter()
        answer.answerer = answer.answerer or getattr(self.answerer, "name", "")
        answer.standalone_question = standalone
        answer.timings_ms = {
            "condense": round((condensed - started) * 1000, 2),
            "retrieve": round((retrieved - condensed) * 1000, 2),
            "answer": round((done - answered) * 1000, 2),
            "verify": round((verified - done) * 1000, 2),
            "total": round((retrieved - started + verified - answered) * 1000, 2),
        }
        yield Done(answer)

    def _verified(self, answer: Answer, docs: list[Document]) -> Answer:
        return self.verifier.check(answer, docs) if self.verifier is not None else answer


def check_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> None:
    """Raises a user-facing error for an empty, overlong or not-Unicode question."""
    if not isinstance(question, str):
        raise InputError(f"the question must be text, got {type(question).__name__}")
    check_unicode(question)
    if not question or not question.strip():
        raise EmptyQuestionError("the question is empty; ask something about the articles")
    if len(question) > max_chars:
        raise InputError(f"the question is {len(question)} characters; keep it under {max_chars}")


def _checked(history: Sequence[Any]) -> list[Message]:
    out = []
    for i, message in enumerate(history):
        if (
            not isinstance(message, dict)
            or message.get("role") not in ("user", "assistant")
            or not isinstance(message.get("content"), str)
        ):
            raise InputError(
                f"history item {i} must be {{'role': 'user'|'assistant', 'content': str}}, "
                f"got {message!r:.80}"
            )
        if unicode_problem(message["content"]):
            check_unicode(message["content"], f"history item {i}")
        out.append({"role": message["role"], "content": message["content"]})
    return out
