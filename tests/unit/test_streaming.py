from __future__ import annotations

from collections.abc import Iterator

import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.answer import Answer, Citation
from assistant.pipeline import Assistant
from assistant.streaming import Delta, Done, Retrieved, sentence_deltas
from vectorstore.errors import EmptyQuestionError, InputError

pytestmark = pytest.mark.unit

PASSAGE = Document(id="c1", page_content="Hardie said the deal is predatory.", metadata={})


class FakeRetriever(BaseRetriever):
    def _get_relevant_documents(self, query: str, **kwargs: object) -> list[Document]:
        return [PASSAGE]


class FakeAnswerer:
    def answer(self, question: str, docs: list[Document]) -> Answer:
        citation = Citation(1, "a.txt", "A", "c1", docs[0].page_content, "predatory", 0, 9)
        return Answer("Hardie did. [1] He said so twice. [1]", False, [citation])


class FakeTokenAnswerer(FakeAnswerer):
    def stream(
        self, question: str, docs: list[Document], history: object = ()
    ) -> Iterator[str | Answer]:
        answer = self.answer(question, docs)
        for token in answer.answer.split(" "):
            yield token + " "
        yield answer


def test_sentence_deltas_join_back_to_the_answer() -> None:
    text = "A said so. [1] B agreed [2][3]. C. [1]"
    assert "".join(sentence_deltas(text)) == text
    assert sentence_deltas("The articles don't say.") == ["The articles don't say."]


def test_stream_yields_retrieved_then_sentences_then_the_answer() -> None:
    bot = Assistant(FakeRetriever(), FakeAnswerer())
    events = list(bot.stream("Who called it predatory?"))
    assert isinstance(events[0], Retrieved) and events[0].passages == [PASSAGE]
    assert events[0].standalone_question == "Who called it predatory?"
    deltas = [e.text for e in events if isinstance(e, Delta)]
    assert deltas == ["Hardie did. [1]", " He said so twice. [1]"]
    done = events[-1]
    assert isinstance(done, Done) and done.answer.answer == "".join(deltas)
    assert done.answer.standalone_question == "Who called it predatory?"
    assert set(done.answer.timings_ms) == {"condense", "retrieve", "answer", "verify", "total"}


def test_a_streaming_answerer_streams_its_own_tokens() -> None:
    bot = Assistant(FakeRetriever(), FakeTokenAnswerer())
    deltas = [e.text for e in bot.stream("Who?") if isinstance(e, Delta)]
    assert len(deltas) == 8 and deltas[0] == "Hardie "
    assert bot.ask("Who?").answer == "Hardie did. [1] He said so twice. [1]"


def test_stream_checks_input_before_yielding() -> None:
    bot = Assistant(FakeRetriever(), FakeAnswerer(), max_question_chars=10)
    with pytest.raises(EmptyQuestionError):
        bot.stream("  ")
    with pytest.raises(InputError, match="keep it under 10"):
        bot.stream("x" * 11)
    with pytest.raises(InputError, match="history item 0"):
        bot.stream("Who?", history=[{"role": "bot", "content": "hi"}])  # type: ignore[list-item]


OTHER = Document(id="c2", page_content="Hardie works for the Foundation.", metadata={})


class PartRetriever(BaseRetriever):
    def _get_relevant_documents(self, query: str, **kwargs: object) -> list[Document]:
        return [OTHER] if "works" in query else [PASSAGE]


class PartSearchingAnswerer:
    """Cites, for a compound question's later part, a passage only its own search finds."""

    searches_parts = True

    def answer(self, question: str, docs: list[Document], search=None) -> Answer:  # type: ignore[no-untyped-def]
        found = search("where he works") if search else []
        first = Citation(1, "a.txt", "A", "c1", docs[0].page_content, "predatory", 0, 9)
        later = Citation(2, "a.txt", "A", "c2", found[0].page_content, "Foundation", 0, 9)
        return Answer("Hardie. [1] The Foundation. [2]", False, [first, later])


def test_a_compound_questions_parts_are_searched_and_their_passages_cited() -> None:
    from assistant.vectors import SentenceVectors
    from assistant.verify import Verifier
    from tests.conftest import FakeEmbeddings

    verifier = Verifier(SentenceVectors(FakeEmbeddings()), policy="off")  # type: ignore[arg-type]
    bot = Assistant(PartRetriever(), PartSearchingAnswerer(), verifier=verifier)
    answer = bot.ask("Who called it predatory, and where does he work?")
    # The verifier drops a citation whose passage was not retrieved: the part's must count.
    assert [c.chunk_id for c in answer.citations] == ["c1", "c2"]
    assert answer.answer == "Hardie. [1] The Foundation. [2]"
