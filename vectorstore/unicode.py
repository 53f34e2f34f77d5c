"""Text that is not valid Unicode, found before it reaches a tokenizer or a JSON encoder.

Two ways a Python ``str`` can hold something no UTF-8 encoder accepts:

- a lone surrogate (``"\\ud800"``), which JSON allows in ``\\u`` escapes;
- a byte that was not UTF-8 on the command line: Python keeps it as a
  "surrogate escape" (``b"caf\\xe9"`` becomes ``"caf\\udce9"``).

Either would fail deep inside the embedding model's tokenizer or when the
answer is written out; these helpers say what is wrong and where, up front.

Example:
    >>> unicode_problem("café")
    >>> unicode_problem("caf\\udce9")
    'byte 0xe9 at character 3 is not UTF-8'
"""

from __future__ import annotations

from vectorstore.errors import InputError


def unicode_problem(text: str) -> str | None:
    """None when ``text`` is valid Unicode, else what is wrong, for a message."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: an undecodable byte from the OS
            return f"byte 0x{code - 0xDC00:02x} at character {error.start} is not UTF-8"
        return f"a lone surrogate (U+{code:04X}) at character {error.start}"
    return None


def check_unicode(text: str, what: str = "the question") -> str:
    """Returns ``text`` if it is valid Unicode.

    Raises:
        InputError: naming ``what`` and the first bad character.
    """
    problem = unicode_problem(text)
    if problem:
        raise InputError(
            f"{what} is not valid Unicode text: {problem}; send UTF-8 (on a terminal, "
            f"check its encoding, e.g. LANG=C.UTF-8)"
        )
    return text


def valid_unicode(text: str) -> str:
    """A pydantic validator: ``ValueError`` for text that is not valid Unicode."""
    problem = unicode_problem(text)
    if problem:
        raise ValueError(f"not valid Unicode text: {problem}")
    return text
