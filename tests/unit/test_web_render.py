from __future__ import annotations

import base64

import pytest

from assistant.answer import Answer, Citation
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
