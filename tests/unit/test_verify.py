from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.answer import REFUSAL, Answer
from assistant.llm.answerer import parse
from assistant.vectors import SentenceVectors
from assistant.verify import Verifier, cited_sentences, passage_spans
from tests.conftest import FakeEmbeddings
from tests.unit.test_extractive import passages

pytestmark = pytest.mark.unit


def verifier(policy: str = "flag", threshold: float = 0.6) -> Verifier:
    return Verifier(SentenceVectors(FakeEmbeddings()), threshold=threshold, policy=policy)  # type: ignore[arg-type]


def hardie(docs: list[Document]) -> int:
    return next(i for i, d in enumerate(docs, 1) if "frankly predatory" in d.page_content)


def test_cited_sentences_split_markers_and_give_leading_ones_to_the_sentence_before() -> None:
    assert cited_sentences("A said so [1]. [2] B left. [3][4] C [1, 5].") == [
        ("A said so.", [1, 2]),
        ("B left.", [3, 4]),
        ("C.", [1, 5]),
    ]
    assert cited_sentences("No citation here.") == [("No citation here.", [])]
    # A short answer that reads as an abbreviation still ends its sentence at its marker.
    assert cited_sentences("U.S. [1] The deal was signed in Washington. [2]") == [
        ("U.S.", [1]),
        ("The deal was signed in Washington.", [2]),
    ]
    assert cited_sentences("DR. [1] Found in DR Congo. [1]") == [
        ("DR.", [1]),
        ("Found in DR Congo.", [1]),
    ]


def test_passage_spans_are_exact_spans_of_the_article(fake_chunker) -> None:
    text, docs = passages(fake_chunker)
    for doc in docs:
        spans = passage_spans(doc)
        assert spans
        for span in spans:
            assert text[span.start : span.end] == span.text


def test_a_quoted_sentence_is_supported_with_its_exact_span(fake_chunker) -> None:
    text, docs = passages(fake_chunker)
    n = hardie(docs)
    raw = parse(
        f"“I think the terms of that deal itself are frankly predatory in nature,” he said [{n}].",
        docs,
    )
    checked = verifier().check(raw, docs)
    assert [s.supported for s in checked.sentences] == [True]
    assert checked.sentences[0].score == 1.0
    (citation,) = checked.citations
    assert citation.n == 1 and checked.answer.endswith("[1]")
    assert text[citation.start : citation.end] == citation.quote
    assert "frankly predatory" in citation.quote


def test_an_invented_claim_is_flagged_with_a_low_score(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    raw = parse("Brazil won the 2022 World Cup in Qatar after penalties [1].", docs)
    checked = verifier().check(raw, docs)
    (sentence,) = checked.sentences
    assert not sentence.supported and sentence.score < 0.6
    assert checked.unsupported == [sentence]
    assert not checked.refused  # flagged, still shown


def test_citations_to_passages_never_given_are_removed(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    n = hardie(docs)
    raw = parse(f"The terms of that deal itself are frankly predatory in nature [{n}][99].", docs)
    checked = verifier().check(raw, docs)
    assert "[99]" not in checked.answer and "[2]" not in checked.answer
    assert checked.sentences[0].citations == [1]
    assert "1 citation(s) to passages that were not given were removed" in checked.notice


def test_an_uncited_supported_sentence_gets_the_citation_it_lacked(fake_chunker) -> None:
    text, docs = passages(fake_chunker)
    raw = parse("I think the terms of that deal itself are frankly predatory in nature.", docs)
    checked = verifier().check(raw, docs)
    assert checked.sentences[0].supported and checked.sentences[0].citations == [1]
    assert text[checked.citations[0].start : checked.citations[0].end] == checked.citations[0].quote
    assert "cited to the passage supporting them" in checked.notice


def test_drop_removes_unsupported_sentences_and_refuses_when_none_is_left(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    n = hardie(docs)
    mixed = parse(
        f"The terms of that deal itself are frankly predatory in nature [{n}]. "
        "Brazil won the 2022 World Cup in Qatar [1].",
        docs,
    )
    checked = verifier("drop").check(mixed, docs)
    assert "Brazil" not in checked.answer and "predatory" in checked.answer
    assert "1 sentence(s) the cited passages do not support were removed" in checked.notice
    invented = parse("Brazil won the 2022 World Cup in Qatar [1].", docs)
    refused = verifier("drop").check(invented, docs)
    assert refused.refused and refused.answer == REFUSAL and refused.citations == []


def test_off_resolves_citations_to_whole_passages_without_flags(fake_chunker) -> None:
    text, docs = passages(fake_chunker)
    raw = parse("Brazil won the 2022 World Cup [2].", docs)
    checked = verifier("off").check(raw, docs)
    assert checked.sentences == [] and checked.answer == "Brazil won the 2022 World Cup. [1]"
    (citation,) = checked.citations
    assert text[citation.start : citation.end] == citation.quote
    assert citation.chunk_id == docs[1].id


def test_refusals_pass_through_untouched(fake_chunker) -> None:
    _, docs = passages(fake_chunker)
    for text in ("The articles don't say.", "The articles do not say. [1]", ""):
        answer = parse(text, docs)
        assert answer.refused and answer.answer == REFUSAL
        assert verifier().check(answer, docs) is answer
    assert not parse("Hardie says the articles don't say enough about the terms [1].", docs).refused


def test_the_extractive_answer_verifies_as_fully_supported(fake_chunker) -> None:
    from assistant.extractive import ExtractiveAnswerer

    text, docs = passages(fake_chunker)
    vectors = SentenceVectors(FakeEmbeddings())
    answer = ExtractiveAnswerer(vectors.embeddings, min_score=0.1, vectors=vectors).answer(
        "Who called the terms of the minerals deal predatory?", docs
    )
    checked = Verifier(vectors).check(answer, docs)
    assert checked.sentences and all(s.supported and s.score == 1.0 for s in checked.sentences)
    assert [(c.quote, c.start) for c in checked.citations] == [
        (c.quote, c.start) for c in answer.citations
    ]


def test_answer_json_has_per_sentence_supported_and_score() -> None:
    from assistant.answer import CheckedSentence

    answer = Answer("A. [1]", False, sentences=[CheckedSentence("A. [1]", [1], True, 0.9)])
    assert answer.to_dict()["sentences"] == [
        {"text": "A. [1]", "citations": [1], "supported": True, "score": 0.9}
    ]


def test_the_lead_cites_the_sentence_its_short_answer_comes_from() -> None:
    from assistant.answer import ShortAnswer, cite
    from tests.unit.test_extractive import one_passage

    text = "But Hardie argued against it. The deal is predatory, Hardie continued."
    doc = one_passage(text)
    start = text.rindex("Hardie")
    short = ShortAnswer("Hardie", start, start + 6, 1, chunk_id="c0")
    answer = Answer(
        "Hardie. [1] The deal is predatory, Hardie continued. [1]",
        refused=False,
        citations=[cite(doc, 1)],
        short_answer=short,
    )
    checked = verifier().check(answer, [doc])
    lead = checked.citations[0]
    assert checked.answer.startswith("Hardie. [1]")
    assert lead.start <= start and start + 6 <= lead.end
    assert checked.short_answer is not None and checked.short_answer.n == 1


def test_a_quotation_two_passages_share_is_cited_once_to_the_one_holding_it_whole() -> None:
    import json

    from assistant.answer import cite

    article = (
        "“We are close. They want it, and they feel good about it,” Trump told reporters. "
        "“And they are very happy about it.”"
    )
    first = article.index("They want")  # the second passage starts inside the quotation

    def passage(id_: str, start: int, end: int, cuts: list[tuple[int, int]]) -> Document:
        table = [[b - start, b, e] for b, e in cuts]
        meta = {"source": "a.txt", "spans": json.dumps(table)}
        return Document(id=id_, page_content=article[start:end], metadata=meta)

    told = article.index("“And")
    whole = passage("c0", 0, told - 1, [(0, first - 1), (first, told - 1)])
    part = passage("c1", first, len(article), [(first, len(article))])
    claim = article[: told - 1]
    answer = Answer(f"{claim} [1] [2]", refused=False, citations=[cite(whole, 1), cite(part, 2)])
    checked = verifier().check(answer, [whole, part])
    assert checked.answer == f"{claim} [1]"
    assert [(c.chunk_id, c.start, c.end) for c in checked.citations] == [("c0", 0, told - 1)]
