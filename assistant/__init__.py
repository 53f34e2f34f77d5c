"""Dossier: grounded, citable answers from a collection of news articles.

Example:
    >>> from assistant import Assistant, Settings
    >>> bot = Assistant.from_settings(Settings())           # doctest: +SKIP
    >>> print(bot.ask("Who called the minerals deal predatory?").answer)  # doctest: +SKIP
"""

from assistant.answer import Answer, Citation
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

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "ConfigurationError",
    "DossierError",
    "EmbeddingMismatchError",
    "EmptyQuestionError",
    "Filters",
    "InputError",
    "Settings",
    "StoreError",
    "StoreNotFoundError",
    "StoreUnavailableError",
    "UnreadableFileError",
]
