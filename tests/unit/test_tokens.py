from __future__ import annotations

import pytest

from vectorstore import tokens
from vectorstore.errors import ConfigurationError

pytestmark = pytest.mark.unit


def test_encoding_installs_from_the_package_into_an_empty_cache(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    tokens.get_encoding.cache_clear()
    import tiktoken.registry

    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})  # force a real load from the cache
    try:
        encoding = tokens.get_encoding("cl100k_base")
        assert list(tmp_path.iterdir())  # the file tiktoken read was put there by us
        assert encoding.encode("hello world") == [15339, 1917]
        assert tokens.count_tokens(["hello world", "Zelenskyy"]) == [
            2,
            len(encoding.encode("Zelenskyy")),
        ]
    finally:
        tokens.get_encoding.cache_clear()


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="tiktoken encoding must be one of"):
        tokens.get_encoding("gpt2")
