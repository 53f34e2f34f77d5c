"""The Assistant: condense the question, retrieve passages, answer with citations."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Protocol

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.answer import Answer
from assistant.condense import Message, condense
from assistant.extractive import ExtractiveAnswerer
from assistant.settings import Settings
from vectorstore.errors import ConfigurationError, EmptyQuestionError, InputError

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
    """

    def __init__(self, retriever: BaseRetriever, answerer: Answerer, top_k: int = 5) -> None:
        if top_k <= 0:
            raise ConfigurationError(f"top_k must be > 0, got {top_k}")
        self.retriever = retriever
        self.answerer = answerer
        self.top_k = top_k

    @classmethod
    def from_settings(cls, settings: Settings) -> Assistant:
        """Builds the assistant the settings describe (store must exist)."""
        from assistant.factory import make_embeddings, make_retriever, make_store

        embeddings = make_embeddings(settings)
        store = make_store(settings, embeddings)
        retriever = make_retriever(settings, store, embeddings)
        kwargs: dict[str, Any] = {}
        if settings.min_answer_score is not None:
            kwargs["min_score"] = settings.min_answer_score
        return cls(retriever, ExtractiveAnswerer(embeddings, **kwargs), top_k=settings.top_k)

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
        check_question(question)
        history = _checked(history or [])
        started = time.perf_counter()
        standalone = condense(question, history)
        condensed = time.perf_counter()
        kwargs: dict[str, Any] = {"k": k or self.top_k}
        if filters is not None:
            kwargs["filters"] = filters
        docs = self.retriever.invoke(standalone, **kwargs)
        retrieved = time.perf_counter()
        answer = self.answerer.answer(standalone, docs)
        done = time.perf_counter()
        answer.standalone_question = standalone
        answer.timings_ms = {
            "condense": round((condensed - started) * 1000, 2),
            "retrieve": round((retrieved - condensed) * 1000, 2),
            "answer": round((done - retrieved) * 1000, 2),
            "total": round((done - started) * 1000, 2),
        }
        return answer


def check_question(question: str) -> None:
    """Raises a user-facing error for an empty or overlong question."""
    if not question or not question.strip():
        raise EmptyQuestionError("the question is empty; ask something about the articles")
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(
            f"the question is {len(question)} characters; keep it under {MAX_QUESTION_CHARS}"
        )


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
        out.append({"role": message["role"], "content": message["content"]})
    return out
