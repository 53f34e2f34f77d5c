"""Fits passages and history into the LLM's context window, counted with tiktoken.

The answer's room is reserved first. Then, while the prompt is too long, the
oldest turn of the conversation goes (keeping the last exchange), then the
lowest-ranked passage (keeping the best one), then the rest of the history.
Passages and messages are dropped whole, never cut, and what was dropped is
recorded in the Answer's ``context``.

tiktoken's cl100k counts are close to, not equal to, a local model's own
tokenizer, so only ``SAFETY`` of the window is used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.documents import Document
from langchain_core.messages import BaseMessage

from vectorstore.tokens import get_encoding

SAFETY = 0.9
PER_MESSAGE = 4  # role and separators around each message


@dataclass
class Packed:
    """What goes into the prompt, and what did not fit."""

    docs: list[Document]
    history: list[dict[str, str]]
    messages: list[BaseMessage]
    prompt_tokens: int
    limit: int
    dropped_passages: list[str] = field(default_factory=list)
    dropped_messages: int = 0

    def record(self) -> dict[str, Any]:
        """The Answer's ``context`` field."""
        return {
            "prompt_tokens": self.prompt_tokens,
            "limit": self.limit,
            "dropped_passages": self.dropped_passages,
            "dropped_messages": self.dropped_messages,
        }


def count_tokens(messages: Sequence[BaseMessage]) -> int:
    """cl100k tokens of a chat prompt, with a little per message for the template."""
    encoding = get_encoding()
    return sum(len(encoding.encode(str(m.content))) + PER_MESSAGE for m in messages)


def pack(
    build: Callable[[list[Document], list[dict[str, str]]], list[BaseMessage]],
    docs: Sequence[Document],
    history: Sequence[dict[str, str]],
    context_tokens: int,
    answer_tokens: int,
) -> Packed:
    """Drops whole history turns and passages until ``build(docs, history)`` fits.

    Args:
        build: Makes the prompt messages from the passages and history kept.
        docs: Passages, best first.
        history: The conversation, oldest first.
        context_tokens: The model's context window.
        answer_tokens: Room kept for the answer.
    """
    limit = int(context_tokens * SAFETY) - answer_tokens
    kept_docs, kept_history = list(docs), list(history)
    dropped: list[str] = []
    dropped_messages = 0
    messages = build(kept_docs, kept_history)
    tokens = count_tokens(messages)
    while tokens > limit:
        if len(kept_history) > 2:
            kept_history.pop(0)
            dropped_messages += 1
        elif len(kept_docs) > 1:
            doc = kept_docs.pop()
            dropped.append(str(doc.id or doc.metadata.get("chunk_id", "")))
        elif kept_history:
            kept_history.pop(0)
            dropped_messages += 1
        else:
            break  # the best passage alone: the model truncates; nothing else to drop
        messages = build(kept_docs, kept_history)
        tokens = count_tokens(messages)
    return Packed(kept_docs, kept_history, messages, tokens, limit, dropped, dropped_messages)
