"""Dossier: grounded, citable answers from a collection of news articles.

Example:
    >>> from assistant import Assistant, Settings
    >>> bot = Assistant.from_settings(Settings())           # doctest: +SKIP
    >>> print(bot.ask("Who called the minerals deal predatory?").answer)  # doctest: +SKIP

Names are imported on first use, so ``import assistant`` (and ``dossier --help``)
stays fast; ``__all__`` is the public surface.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.answer import Answer, CheckedSentence, Citation
    from assistant.llm.errors import LLMError
    from assistant.pipeline import Assistant
    from assistant.settings import Settings
    from vectorstore.errors import (
        ConfigurationError,
        DossierError,
        EmbeddingMismatchError,
        EmptyQuestionError,
        InputError,
        StoreError,
        StoreNotFoundError,
        StoreUnavailableError,
        UnreadableFileError,
    )
    from vectorstore.retriever import Filters

_WHERE = {
    "Answer": "assistant.answer",
    "Citation": "assistant.answer",
    "CheckedSentence": "assistant.answer",
    "LLMError": "assistant.llm.errors",
    "Assistant": "assistant.pipeline",
    "Settings": "assistant.settings",
    "Filters": "vectorstore.retriever",
    **{
        name: "vectorstore.errors"
        for name in (
            "ConfigurationError",
            "DossierError",
            "EmbeddingMismatchError",
            "EmptyQuestionError",
            "InputError",
            "StoreError",
            "StoreNotFoundError",
            "StoreUnavailableError",
            "UnreadableFileError",
        )
    },
}

__all__ = [
    "Answer",
    "Assistant",
    "CheckedSentence",
    "Citation",
    "ConfigurationError",
    "DossierError",
    "EmbeddingMismatchError",
    "EmptyQuestionError",
    "Filters",
    "InputError",
    "LLMError",
    "Settings",
    "StoreError",
    "StoreNotFoundError",
    "StoreUnavailableError",
    "UnreadableFileError",
]
assert sorted(__all__) == sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
