from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult

from assistant.answer import REFUSAL, Answer
from assistant.condense import condense
from assistant.llm.answerer import LLMAnswerer
from assistant.llm.errors import LLMError, describe
from assistant.llm.llamacpp import _delta
from assistant.llm.prompts import Prompts
from tests.unit.test_extractive import passages

pytestmark = pytest.mark.unit


def scripted(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(r) for r in replies]))


class Failing(BaseChatModel):
    """A chat model whose server is not there."""

    @property
    def _llm_type(self) -> str:
        return "failing"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, **kw: Any) -> ChatResult:
        raise ConnectionError("connection refused")


class Dripping(BaseChatModel):
    """A chat model that sends a token every 50 ms, forever."""

    calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "dripping"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, **kw: Any) -> ChatResult:
        raise NotImplementedError

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, **kw: Any
    ) -> Iterator[ChatGenerationChunk]:
        while True:
            time.sleep(0.05)
            yield ChatGenerationChunk(message=AIMessageChunk(content="la "))


class FixedAnswerer:
    def answer(self, question: str, docs: list[Document]) -> Answer:
        return Answer("Extractive. [1]", False)


def answerer(model: BaseChatModel, **kwargs: Any) -> LLMAnswerer:
    return LLMAnswerer(model, Prompts.load(), "test-llm", **kwargs)


def test_streams_tokens_then_an_answer_citing_the_passages(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    bot = answerer(scripted("Hardie called the deal predatory [2]. He said so [9]."))
    pieces = list(bot.stream("Who called it predatory?", docs[:3]))
    *tokens, answer = pieces
    assert len(tokens) > 3 and all(isinstance(t, str) for t in tokens)
    assert isinstance(answer, Answer) and answer.answer == "".join(tokens)
    assert [c.n for c in answer.citations] == [2]  # [9] was never given: no citation
    assert answer.citations[0].chunk_id == docs[1].id and answer.answerer == "llm:llm"
    assert answer.context["dropped_passages"] == [] and answer.context["prompt_tokens"] > 0


def test_a_refusal_from_the_llm_is_a_refusal(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    answer = answerer(scripted("The articles don't say.")).answer("Who won the cup?", docs)
    assert answer.refused and answer.answer == REFUSAL


def test_no_passages_refuses_without_calling_the_llm() -> None:
    answer = answerer(Failing()).answer("Anything?", [])
    assert answer.refused


def test_an_unreachable_llm_falls_back_to_the_extractive_answer_with_a_notice(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    answer = answerer(Failing(), fallback=FixedAnswerer()).answer("Who?", docs)
    assert answer.answer == "Extractive. [1]" and answer.answerer == "extractive"
    assert "test-llm is unreachable" in answer.notice and "extractive answer" in answer.notice


def test_without_fallback_the_error_is_one_line_that_says_what_to_do(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    with pytest.raises(LLMError, match=r"unreachable .*DOSSIER_LLM_BASE_URL") as caught:
        answerer(Failing()).answer("Who?", docs)
    assert "\n" not in str(caught.value)


def test_a_server_that_never_finishes_is_cut_off_at_the_timeout(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    started = time.monotonic()
    with pytest.raises(LLMError, match="did not answer within 0.3 s"):
        answerer(Dripping(), timeout=0.3).answer("Who?", docs)
    assert time.monotonic() - started < 2


def test_passages_that_do_not_fit_are_dropped_whole_lowest_ranked_first(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    bot = answerer(scripted("Fine [1]."), context_tokens=900, answer_tokens=100)
    answer = bot.answer("Who called it predatory?", docs[:6])
    dropped = answer.context["dropped_passages"]
    assert dropped and dropped == [d.id for d in docs[6 - len(dropped) : 6]][::-1]
    assert answer.context["prompt_tokens"] <= answer.context["limit"]


def test_history_goes_oldest_first_and_the_last_exchange_is_kept(fake_chunker) -> None:
    from assistant.llm.budget import pack

    _, docs = passages(fake_chunker)
    history = [{"role": r, "content": f"turn {i} " + "word " * 200} for i, r in
               enumerate(["user", "assistant"] * 3)]  # fmt: skip
    prompts = Prompts.load()
    packed = pack(lambda d, h: prompts.answer_messages("Q?", d, h), docs[:2], history, 1200, 100)
    assert packed.dropped_messages >= 1 and packed.history == history[packed.dropped_messages :]
    assert len(packed.history) >= 2 or len(packed.docs) == 1


def test_condense_uses_the_llm_and_falls_back_to_rules_on_nonsense() -> None:
    history = [
        {"role": "user", "content": "Who called the minerals deal predatory?"},
        {"role": "assistant", "content": "John Hardie did. [1]"},
    ]
    good = answerer(scripted("Rewritten question: Which organization does John Hardie work for?"))
    assert good.condense("Which organization does he work for?", history) == (
        "Which organization does John Hardie work for?"
    )
    rules = condense("Which organization does he work for?", history)
    rambling = answerer(scripted("He works for the FDD, a think tank in Washington."))
    assert rambling.condense("Which organization does he work for?", history) == rules
    assert answerer(Failing()).condense("Which organization does he work for?", history)
    assert good.condense("A question with no history?", []) == "A question with no history?"


def test_describe_names_the_failure_and_the_fix() -> None:
    class APIStatusError(Exception):
        status_code = 401

    assert "DOSSIER_LLM_API_KEY" in str(describe(APIStatusError("bad key"), "x", 1))
    assert "within 5 s" in str(describe(TimeoutError(), "x", 5))


def test_llamacpp_chunks_parse_and_errors_raise() -> None:
    assert _delta('{"choices":[{"delta":{"content":"Hi"}}]}') == "Hi"
    assert _delta('{"choices":[{"delta":{"role":"assistant","content":null}}]}') == ""
    with pytest.raises(LLMError, match="context"):
        _delta('{"error":{"message":"context too long"}}')


def test_a_wrong_gguf_setting_is_an_error_to_fix_not_an_outage(tmp_path) -> None:
    from assistant.llm.models import make_chat_model
    from assistant.settings import Settings
    from vectorstore.errors import ConfigurationError

    not_gguf = tmp_path / "model.gguf"
    not_gguf.write_text("hello")
    with pytest.raises(ConfigurationError, match="is not a GGUF model file"):
        make_chat_model(Settings(llm="llamacpp", llm_gguf=not_gguf, _env_file=None))
    with pytest.raises(ConfigurationError, match="no GGUF file at"):
        make_chat_model(Settings(llm="llamacpp", llm_gguf=tmp_path / "none.gguf", _env_file=None))
    with pytest.raises(ConfigurationError, match="no LLM is configured"):
        make_chat_model(Settings(_env_file=None))


def test_the_openai_backend_takes_its_settings() -> None:
    from assistant.llm.models import make_chat_model
    from assistant.settings import Settings

    model = make_chat_model(
        Settings(
            llm="openai",
            llm_base_url="http://127.0.0.1:9/v1",
            llm_model="m",
            llm_api_key="k",
            llm_timeout=7,
            _env_file=None,
        )  # fmt: skip
    )
    assert model.model_name == "m" and model.max_retries == 0 and model.request_timeout == 7
    assert str(model.openai_api_base) == "http://127.0.0.1:9/v1"
