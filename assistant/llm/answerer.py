"""The LLM answerer: the passages into the prompt, the LLM's answer streamed out.

The answer's ``[n]`` refer to the passages in prompt order; its citations name
those passages, and the verifier (:mod:`assistant.verify`) then resolves each to
the exact span that supports the sentence. When the LLM fails (unreachable,
too slow, an error), the extractive answer is given instead with a notice, or
the error is raised, as configured.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.answer import REFUSAL, Answer, cite
from assistant.condense import Message, condense
from assistant.language import content_terms, normalize_answer
from assistant.llm.budget import pack
from assistant.llm.errors import describe
from assistant.llm.prompts import Prompts

_REFUSALS = ("articles don t say", "articles do not say", "articles dont say")
_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_CONDENSE_PREFIX = re.compile(r"^(?:rewritten|standalone)?\s*question\s*:\s*", re.IGNORECASE)
MAX_CONDENSED_CHARS = 400


class LLMAnswerer:
    """Answers from the passages with a chat model, citing them ``[n]``.

    Example:
        >>> model = make_chat_model(settings)                              # doctest: +SKIP
        >>> answerer = LLMAnswerer(model, Prompts.load(), "openai")        # doctest: +SKIP
        >>> for piece in answerer.stream("Who called it predatory?", docs):  # doctest: +SKIP
        ...     print(piece if isinstance(piece, str) else "", end="")

    Args:
        model: Any LangChain chat model.
        prompts: The prompt templates.
        label: What the LLM is, for notices and errors.
        context_tokens: The model's context window.
        answer_tokens: Room kept for the answer.
        timeout: Seconds from the request to the last token.
        fallback: Answers when the LLM fails (with a notice); None raises instead.
    """

    def __init__(
        self,
        model: BaseChatModel,
        prompts: Prompts,
        label: str,
        context_tokens: int = 4096,
        answer_tokens: int = 384,
        timeout: float = 60.0,
        fallback: Any = None,
        backend: str = "llm",
    ) -> None:
        self.model = model
        self.prompts = prompts
        self.label = label
        self.context_tokens = context_tokens
        self.answer_tokens = answer_tokens
        self.timeout = timeout
        self.fallback = fallback
        self.name = f"llm:{backend}"

    def answer(
        self, question: str, docs: list[Document], history: Sequence[Message] = ()
    ) -> Answer:
        """The whole answer at once (see :meth:`stream`)."""
        for piece in self.stream(question, docs, history):
            if isinstance(piece, Answer):
                return piece
        raise AssertionError("LLMAnswerer.stream ended without an Answer")  # pragma: no cover

    def stream(
        self, question: str, docs: list[Document], history: Sequence[Message] = ()
    ) -> Iterator[str | Answer]:
        """Yields the LLM's text as it comes, then the :class:`Answer`.

        Raises:
            LLMError: the LLM failed and there is no fallback.
        """
        if not docs:
            yield Answer(REFUSAL, refused=True, answerer=self.name)
            return
        packed = pack(
            lambda d, h: self.prompts.answer_messages(question, d, h),
            docs,
            history,
            self.context_tokens,
            self.answer_tokens,
        )
        pieces: list[str] = []
        try:
            for text in self._generate(packed.messages):
                pieces.append(text)
                yield text
        except Exception as exc:
            error = describe(exc, self.label, self.timeout)
            if self.fallback is None:
                raise error from exc
            answer = self.fallback.answer(question, docs)
            answer.answerer = "extractive"
            answer.notice = f"{error}. This is the extractive answer instead."
            yield answer
            return
        answer = parse("".join(pieces), packed.docs)
        answer.answerer = self.name
        answer.context = packed.record()
        yield answer

    def condense(self, question: str, history: Sequence[Message]) -> str:
        """``question`` rewritten to stand alone by the LLM; the rules when the LLM
        fails or gives something that is not a question about the same things."""
        if not history:
            return question.strip()
        rules = condense(question, history)
        try:
            text = "".join(self._generate(self.prompts.condense_messages(question, history)))
        except Exception:
            return rules
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        rewritten = _CONDENSE_PREFIX.sub("", lines[0]).strip(" \"'") if lines else ""
        if (
            not rewritten
            or len(rewritten) > MAX_CONDENSED_CHARS
            or (question.rstrip().endswith("?") and not rewritten.endswith("?"))
            or not set(content_terms(question)) <= set(content_terms(rewritten))
        ):
            return rules  # it answered, rambled, or lost words of the question
        return rewritten

    def _generate(self, messages: list[BaseMessage]) -> Iterator[str]:
        deadline = time.monotonic() + self.timeout
        for chunk in self.model.stream(messages):
            text = chunk.content if isinstance(chunk.content, str) else ""
            if text:
                yield text
            if time.monotonic() > deadline:
                raise TimeoutError(f"no complete answer within {self.timeout:g} s")


def parse(text: str, docs: Sequence[Document]) -> Answer:
    """The LLM's text as an Answer whose citations name the passages its ``[n]`` cite.

    Numbers outside ``1..len(docs)`` get no citation (the verifier removes them).
    An answer that is only the refusal sentence is a refusal.

    Example:
        >>> parse("The articles don't say.", []).refused
        True
    """
    text = text.strip()
    plain = normalize_answer(_MARKER.sub("", text))
    if not plain or (
        any(plain.startswith(r) or plain.startswith("the " + r) for r in _REFUSALS)
        and len(plain) < 80
    ):
        return Answer(REFUSAL, refused=True)
    cited = sorted({int(n) for group in _MARKER.findall(text) for n in re.split(r"\s*,\s*", group)})
    citations = [cite(docs[n - 1], n) for n in cited if 1 <= n <= len(docs)]
    return Answer(text, refused=False, citations=citations)
