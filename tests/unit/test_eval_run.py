"""The runner, roll-up, gates and comparison, with a scripted assistant."""

from __future__ import annotations

import json

import pytest
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.answer import Answer, Citation, ShortAnswer
from assistant.evaluation import report
from assistant.evaluation.command import check_gates, parse_gates
from assistant.evaluation.questions import Case
from assistant.evaluation.runner import run_all
from assistant.evaluation.summary import flatten, summarise
from assistant.pipeline import Assistant
from assistant.refusal import CAUTION_NOTICE
from vectorstore.errors import InputError

pytestmark = pytest.mark.unit

PASSAGES = [
    "Trump spoke to reporters.",
    "Hardie called the deal predatory. He works at FDD.",
    "Graham named $12 trillion.",
]


class ListRetriever(BaseRetriever):
    """Returns the same passages for every query, the first k of them."""

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int = 5
    ) -> list[Document]:
        return [Document(page_content=p, metadata={"source": "a.txt"}) for p in PASSAGES[:k]]


class ScriptedAnswerer:
    """Answers from a dict of question -> (answer text, cited passage index) or refuses."""

    def __init__(self, script: dict[str, tuple[str, int]]) -> None:
        self.script = script
        self.questions: list[str] = []

    def answer(self, question: str, docs: list[Document]) -> Answer:
        self.questions.append(question)
        if question not in self.script:
            return Answer("The articles don't say.", refused=True)
        text, index = self.script[question]
        passage = docs[index].page_content
        cite = Citation(1, "a.txt", "A", f"c{index}", passage, passage, 0, len(passage))
        lead = text.split(" called")[0] if " called" in text else text.split(" spoke")[0]
        short = ShortAnswer(lead, 0, len(lead), 1) if lead != text else None
        return Answer(text, refused=False, citations=[cite], short_answer=short)


CASES = [
    Case(
        "right",
        ("Who called it predatory?",),
        ("Hardie",),
        ("called the deal predatory",),
        category="quote",
    ),
    Case("wrong", ("How much?",), ("$12 trillion",), ("$12 trillion",), category="number"),
    Case("refused", ("Where?",), ("White House",), ("White House",), category="fact"),
    Case("abstain", ("Who won the cup?",), unanswerable=True),
    Case("answered", ("Who won the race?",), unanswerable=True),
    Case("turns", ("Who called it predatory?", "Where does he work?"), ("FDD",), ("works at FDD",)),
]
SCRIPT = {
    "Who called it predatory?": ("Hardie called it predatory. [1]", 1),
    "How much?": ("Trump spoke. [1] No figure given.", 0),
    "Who won the race?": ("Trump spoke to reporters. [1]", 0),
    # as condensed from the history
    "Where does he work? (following up on: Who called it predatory?)": ("He works at FDD. [1]", 1),
}


@pytest.fixture
def results():
    answerer = ScriptedAnswerer(SCRIPT)
    bot = Assistant(ListRetriever(), answerer, top_k=3)
    seen = []
    out = run_all(bot, CASES, progress=seen.append)
    assert [r.id for r in seen] == [c.id for c in CASES]
    return out


def test_outcomes_per_case(results) -> None:
    outcome = {r.id: r.outcome for r in results}
    assert outcome == {
        "right": "correct", "wrong": "wrong", "refused": "refused",
        "abstain": "refused", "answered": "answered", "turns": "correct",
    }  # fmt: skip
    by_id = {r.id: r for r in results}
    assert by_id["right"].retrieval_rank == 2 and by_id["right"].supporting_citations == 1
    assert by_id["wrong"].retrieval_rank == 3 and by_id["wrong"].supporting_citations == 0
    assert by_id["wrong"].sentences == 2 and by_id["wrong"].cited_sentences == 1
    assert by_id["turns"].turns == ["Who called it predatory?", "Where does he work?"]


def test_answers_with_the_caution_notice_are_counted(results) -> None:
    by_id = {r.id: r for r in results}
    by_id["answered"].notice = CAUTION_NOTICE  # the unanswerable case that was answered
    by_id["wrong"].notice = f"Something else. {CAUTION_NOTICE}"
    by_id["refused"].notice = CAUTION_NOTICE  # a refusal is not an answer with a caution
    m = summarise(results, k=3)["refusal"]
    assert m["cautioned_unanswerable"] == 1.0
    assert m["cautioned_answerable"] == pytest.approx(1 / 3)  # right, wrong, turns answered
    assert m["refused_or_cautioned"] == 1.0


def test_roll_up(results) -> None:
    m = summarise(results, k=3)
    assert m["cases"] == {
        "total": 6,
        "answerable": 4,
        "unanswerable": 2,
        "multi_turn": 1,
        "errors": 0,
    }
    assert m["answer"]["accuracy"] == pytest.approx(2 / 4)
    # short answers: "Hardie" (right), "Trump" (wrong, for "$12 trillion"), none for "turns"
    assert m["answer"]["short_right"] == pytest.approx(1 / 4)
    assert m["answer"]["short_given"] == pytest.approx(2 / 3)
    assert m["answer"]["short_precision"] == pytest.approx(1 / 2)
    assert m["refusal"] == {
        "refusal_rate": 0.5,
        "false_refusal_rate": 0.25,
        "cautioned_unanswerable": 0.0,
        "cautioned_answerable": 0.0,
        "refused_or_cautioned": 0.5,
    }
    # citations in answers to answerable cases: right (supports), wrong (no), turns (supports)
    assert m["citations"]["precision"] == pytest.approx(2 / 3)
    assert m["citations"]["support_recall"] == pytest.approx(2 / 4)
    # sentences of non-refused answers: 1 + 2 + 1 + 1, of which 4 cited
    assert m["citations"]["sentence_coverage"] == pytest.approx(4 / 5)
    assert m["citations"]["fully_cited"] == pytest.approx(3 / 4)
    # support ranks among answerable: 2, 3, None (White House not retrieved), 2
    assert m["retrieval"]["hit_at_k"] == pytest.approx(3 / 4)
    assert m["retrieval"]["mrr"] == pytest.approx((1 / 2 + 1 / 3 + 0 + 1 / 2) / 4)
    assert m["by_category"]["unanswerable"] == {"cases": 2, "handled": 0.5}
    assert set(m["latency_ms"]) == {"condense", "retrieve", "answer", "verify", "total"}
    assert m["latency_ms"]["total"]["p50"] >= 0
    assert m["answerers"] == {"": 6}  # the scripted answerer has no name


def test_verification_roll_up_counts_caught_wrong_answers_and_false_alarms(results) -> None:
    def sentence(ok: bool) -> dict[str, object]:
        return {"text": "x", "citations": [1], "supported": ok, "score": 0.9 if ok else 0.1}

    by_id = {r.id: r for r in results}
    by_id["right"].checked = [sentence(True)]  # correct, not flagged
    by_id["turns"].checked = [sentence(True), sentence(False)]  # correct, flagged: false alarm
    by_id["wrong"].checked = [sentence(False), sentence(True)]  # wrong, caught
    by_id["answered"].checked = [sentence(True)]  # answered the unanswerable, missed
    v = summarise(results, k=3)["verification"]
    assert v["supported_rate"] == pytest.approx(4 / 6)
    assert v["flagged_answers"] == pytest.approx(2 / 4)
    assert v["caught_wrong"] == pytest.approx(1 / 2)
    assert v["flagged_right"] == pytest.approx(1 / 2)


def test_a_case_that_raises_is_recorded_not_fatal() -> None:
    bot = Assistant(ListRetriever(), ScriptedAnswerer(SCRIPT), top_k=3)
    bad = Case("long", ("x" * 5000,), ("a",), ("a",))
    [result] = run_all(bot, [bad])
    assert result.outcome == "error" and "characters" in (result.error or "")
    assert summarise([result], k=3)["cases"]["errors"] == 1


def test_gates(results) -> None:
    m = summarise(results, k=3)
    under = parse_gates(["answer.accuracy=0.4", "citations.precision=0.9"], "--fail-under")
    over = parse_gates(["refusal.false_refusal_rate=0.1"], "--fail-over")
    failures = check_gates(m, under, over)
    assert failures == [
        "citations.precision = 0.6667 is under the gate 0.9",
        "refusal.false_refusal_rate = 0.25 is over the gate 0.1",
    ]
    assert check_gates(m, {"answer.accuracy": 0.5}, {}) == []
    with pytest.raises(InputError, match="unknown metric 'accuracy'"):
        check_gates(m, {"accuracy": 0.5}, {})
    for bad in ("answer.accuracy", "answer.accuracy=high", "=0.5"):
        with pytest.raises(InputError, match="METRIC=NUMBER"):
            parse_gates([bad], "--fail-under")


def test_write_and_compare(results, tmp_path) -> None:
    m = summarise(results, k=3)
    m["run"] = {"questions": "q.jsonl", "answerer": "extractive", "retriever": "hybrid",
                "collection": "c", "when": "now"}  # fmt: skip
    written = report.write_run(tmp_path / "a", m, results)
    names = {p.name for p in written}
    assert names == {"metrics.json", "report.md", "results.jsonl", "by_category.png", "latency.png"}
    for png in ("by_category.png", "latency.png"):
        assert (tmp_path / "a" / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = (tmp_path / "a" / "report.md").read_text()
    assert "## Failures (3)" in md and "### wrong (number): wrong" in md and "### answered" in md
    assert "## Wrong short answers (1)" in md and "| wrong | How much? | Trump |" in md
    lines = (tmp_path / "a" / "results.jsonl").read_text().splitlines()
    assert json.loads(lines[1])["outcome"] == "wrong"

    better = json.loads((tmp_path / "a" / "metrics.json").read_text())
    better["answer"]["accuracy"] = 0.75
    (tmp_path / "b.json").write_text(json.dumps(better))
    table = report.compare(
        report.load_metrics(tmp_path / "a"), report.load_metrics(tmp_path / "b.json")
    )
    row = next(line for line in table.splitlines() if line.startswith("answer.accuracy"))
    assert row.split() == ["answer.accuracy", "0.500", "0.750", "+0.250"]
    with pytest.raises(InputError, match="cannot read"):
        report.load_metrics(tmp_path / "nowhere")


def test_flatten_keeps_numbers_only() -> None:
    tree = {"a": {"b": 1, "c": None, "d": True}, "e": 0.5, "f": "x"}
    assert flatten(tree) == {"a.b": 1, "e": 0.5}
