from __future__ import annotations

import base64

import pytest

from assistant.answer import Answer, CheckedSentence, Citation
from assistant.web import render
from assistant.web.auth import parse_auth
from assistant.web.service import safe_file_name
from vectorstore.articles import Rejected
from vectorstore.errors import ConfigurationError
from vectorstore.ingest import IngestReport

pytestmark = pytest.mark.unit

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> *bold* [1](javascript:x) $$x$$"


def citation(**overrides: object) -> Citation:
    fields: dict = dict(
        n=1,
        source="/data/a.txt",
        title="Deal <b>news</b>",
        chunk_id="c1",
        text="Before. He called it predatory. After <i>x</i>.",
        quote="He called it predatory.",
        start=8,
        end=31,
        date="2025-02-21",
        outlet="Outlet & Co",
        url="https://example.org/a?b=1&c=2",
    )
    fields.update(overrides)
    return Citation(**fields)


def test_text_escapes_html_and_markdown() -> None:
    out = render.text(HOSTILE + "\nline two")
    for dangerous in ("<script", "<img", "*bold*", "[1]", "(javascript", "$$"):
        assert dangerous not in out
    assert out.endswith("<br>line two") and out.count("<") == 1  # only the <br>


def test_highlight_marks_the_quote_inside_the_passage() -> None:
    out = render.highlight("A <b> said: it is predatory. Then", "it is predatory.")
    assert out == "A &#60;b&#62; said&#58; <mark>it is predatory.</mark> Then"
    missing = render.highlight("Passage", "elsewhere <x>")
    assert "<mark>elsewhere &#60;x&#62;</mark>" in missing


def test_answer_html_has_chips_and_sources_built_from_escaped_pieces() -> None:
    answer = Answer(
        "He called it predatory <b>. [1] Unknown [7].",
        False,
        [citation()],
        standalone_question="Who said <it>?",
    )
    out = render.answer_html(answer)
    assert "<sup class='dossier-cite dossier-cite-1'" in out and "dossier-cite-7" not in out
    assert "<details class='dossier-source dossier-source-1'>" in out
    assert "<mark>He called it predatory.</mark>" in out
    assert "Deal &#60;b&#62;news&#60;/b&#62;" in out and "Outlet &#38; Co" in out
    assert "Who said &#60;it&#62;?" in out and "&#91;7&#93;" in out
    assert "href='https&#58;//example.org/a?b&#61;1&#38;c&#61;2'" in out
    assert "\n\n" not in out
    for tag in ("<b>", "<i>", "<it>"):
        assert tag not in out


def llm_answer(**overrides: object) -> Answer:
    """What the verifier makes of an LLM answer: one sentence supported, one not."""
    fields: dict = dict(
        answer=f"He called it predatory. [1] {HOSTILE} [1]",
        refused=False,
        citations=[citation()],
        sentences=[
            CheckedSentence("He called it predatory. [1]", [1], True, 1.0),
            CheckedSentence(f"{HOSTILE} [1]", [1], False, 0.4213),
        ],
        answerer="llm:openai",
    )
    fields.update(overrides)
    return Answer(**fields)


def test_an_unsupported_sentence_is_flagged_with_its_score_and_escaped() -> None:
    out = render.answer_html(llm_answer())
    supported, unsupported = out.split("<span class='dossier-sentence", 2)[1:]
    assert "dossier-unsupported" not in supported and "⚠" not in supported
    assert unsupported.startswith(
        " dossier-unsupported' title='Not supported by the cited passage &#40;score 0.42&#41;'>"
        "<span class='dossier-flag' aria-hidden='true'>⚠</span> "
    )
    assert out.count("dossier-unsupported") == 1
    for part in (supported, unsupported):  # the chips work in both
        assert "<sup class='dossier-cite dossier-cite-1'" in part
    for dangerous in ("<script", "<img", "*bold*", "(javascript", "$$"):
        assert dangerous not in out
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;" in out
    assert "Answered by llm&#58;openai · 1 of 2 sentences not supported" in out


def test_an_uncited_unsupported_sentence_says_no_passage_supports_it() -> None:
    answer = llm_answer(
        answer="It rained.",
        citations=[],
        sentences=[CheckedSentence("It rained.", [], False, 0.1)],
    )
    out = render.answer_html(answer)
    assert "title='Not supported by any passage given &#40;best score 0.10&#41;'" in out


def test_an_answer_without_checked_sentences_is_shown_unflagged() -> None:
    out = render.answer_html(Answer("He called it predatory. [1]", False, [citation()]))
    assert "dossier-unsupported" not in out and "dossier-sentence" not in out
    assert "dossier-answerer" not in out and "dossier-notice" not in out
    assert "<sup class='dossier-cite dossier-cite-1'" in out


def test_the_notice_and_the_answerer_are_shown_escaped() -> None:
    notice = "the LLM <b>x</b> is unreachable; This is the extractive answer instead."
    answer = llm_answer(answerer="extractive", notice=notice, sentences=[])
    out = render.answer_html(answer)
    assert (
        "<div class='dossier-notice'>the LLM &#60;b&#62;x&#60;/b&#62; is unreachable; "
        "This is the extractive answer instead.</div>"
    ) in out
    assert "<div class='dossier-answerer'>Answered by extractive</div>" in out
    assert out.index("dossier-notice") < out.index("dossier-text") < out.index("dossier-answerer")


def test_streamed_llm_tokens_and_a_failure_are_inert() -> None:
    partial = render.partial_html("q", "He said <script>x</script> [1")
    assert "<script" not in partial and "&#60;script&#62;" in partial
    failed = render.failed_html("q <i>", "the LLM did not answer <b>in time</b>")
    assert "dossier-failed" in failed and "dossier-streaming" not in failed
    assert "<b>" not in failed and "<i>" not in failed and "No answer: the LLM" in failed


def test_only_web_urls_become_links() -> None:
    out = render.source_html(citation(url="javascript:alert(1)"))
    assert "href" not in out and "javascript" not in out


def test_report_html_names_each_file_escaped() -> None:
    report = IngestReport(added=["/up/a<b>.txt"], rejected=[Rejected("/up/x.json#3", "bad <json>")])
    out = render.report_html(report)
    assert "Added 1: a&#60;b&#62;.txt" in out
    assert "x.json#3" not in out and "x.json&#35;3" in out and "bad &#60;json&#62;" in out


def test_safe_file_name_keeps_uploads_inside_the_folder() -> None:
    assert safe_file_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_file_name("..\\..\\win.md") == "win.md"
    assert safe_file_name(".hidden.txt") == "hidden.txt"
    assert safe_file_name("   ") == "upload.txt"
    assert safe_file_name("a" * 300 + ".json").endswith(".json")


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_auth_accepts_basic_users_and_tokens() -> None:
    credentials = parse_auth("ann:s3cret, bob:pw:with:colons ,TOKEN")
    assert credentials.allows(basic("ann", "s3cret"))
    assert credentials.allows(basic("bob", "pw:with:colons"))
    assert credentials.allows("Bearer TOKEN") and credentials.allows(basic("anyone", "TOKEN"))
    for refused in (
        None,
        "",
        basic("ann", "wrong"),
        basic("eve", "s3cret"),
        "Bearer s3cret",
        "Bearer",
        "Basic !!!",
        "Digest x",
    ):
        assert not credentials.allows(refused), refused


@pytest.mark.parametrize("value", ["", " , ", ":pw", "ann:"])
def test_malformed_auth_is_a_configuration_error(value: str) -> None:
    with pytest.raises(ConfigurationError, match="DOSSIER_AUTH"):
        parse_auth(value)
