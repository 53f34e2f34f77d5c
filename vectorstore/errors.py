"""Errors that are safe to show to the user.

Every error Dossier raises on purpose derives from :class:`DossierError`. The
entry points (the CLI, the web app) turn a ``DossierError`` into a one-line
message and an exit code or an HTTP 4xx; anything else is a bug and propagates.

Hierarchy::

    DossierError                      safe to show the user
    ├── ConfigurationError            a bad setting or constructor argument
    ├── InputError                    bad input from the user
    │   ├── EmptyQuestionError        the question is empty or blank
    │   └── UnreadableFileError       a file cannot be loaded as articles
    └── StoreError                    the vector store cannot be used as asked
        ├── StoreNotFoundError        no store / no collection where expected
        ├── DocumentNotFoundError     no article with that id in the collection
        ├── StoreUnavailableError     the Chroma server does not answer
        └── EmbeddingMismatchError    the collection was built with another model

``vectorstore`` owns this module because it is the lowest layer; ``assistant``
re-exports it, so users import everything from ``assistant``.
"""

from __future__ import annotations


class DossierError(Exception):
    """Base class: the message is meant for the user and says what to do."""


class ConfigurationError(DossierError):
    """A setting or constructor argument has a value that cannot work."""


class InputError(DossierError):
    """The user gave input that cannot be used."""


class EmptyQuestionError(InputError):
    """The question is empty or only whitespace."""


class UnreadableFileError(InputError):
    """A file cannot be read as articles (binary, empty, undecodable, too large)."""


class StoreError(DossierError):
    """The vector store cannot be used as asked."""


class StoreNotFoundError(StoreError):
    """There is no store or no collection where one was expected."""


class DocumentNotFoundError(StoreError):
    """No article with the given id is in the collection."""


class StoreUnavailableError(StoreError):
    """The Chroma server cannot be reached."""


class EmbeddingMismatchError(StoreError):
    """The collection was built with a different embedding model or dimension."""
