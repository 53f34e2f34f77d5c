"""The REST API with httpx against `dossier serve` on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEEDS
from tests.integration.web_server import ARTICLE, Server, running_server, sse_events

QUESTION = "Who called the minerals deal predatory?"


@pytest.fixture(scope="module")
def server(seeded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(seeded_store, tmp_path_factory.mktemp("web-api")) as running:
        yield running


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


def test_health_reports_store_model_and_documents(client: httpx.Client) -> None:
    health = client.get("/api/health")
    assert health.status_code == 200
    body = health.json()
    assert body["ok"] and body["store_reachable"] and body["model_loaded"]
    assert body["documents"] >= 1 and body["chunks"] >= 1
    assert body["answerers"] == ["extractive"] and body["llm"] is None


def test_ask_returns_the_answer_json_with_exact_spans(client: httpx.Client) -> None:
    response = client.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    assert {"answer", "refused", "citations", "standalone_question", "timings_ms"} <= set(answer)
    assert not answer["refused"] and "Hardie" in answer["answer"]
    for c in answer["citations"]:
        article = Path(c["source"]).read_text(encoding="utf-8")
        assert article[c["start"] : c["end"]] == c["quote"] and c["quote"] in c["text"]
    short = answer["short_answer"]
    assert set(short) == {"text", "start", "end", "n"} and short["text"] == "John Hardie"
    cited = next(c for c in answer["citations"] if c["n"] == short["n"])
    article = Path(cited["source"]).read_text(encoding="utf-8")
    assert article[short["start"] : short["end"]] == "John Hardie"
    assert cited["start"] <= short["start"] and short["end"] <= cited["end"]


def test_who_took_a_photo_is_answered_from_its_credit_line(client: httpx.Client) -> None:
    answer = client.post(
        "/api/ask", json={"question": "Who took the photo of Putin in St. Petersburg?"}
    ).json()
    assert not answer["refused"]
    short = answer["short_answer"]
    assert short["text"] == "Getty Images/AP"  # the composite's credit names no photographer
    cited = next(c for c in answer["citations"] if c["n"] == short["n"])
    article = Path(cited["source"]).read_text(encoding="utf-8")
    assert article[short["start"] : short["end"]] == "Getty Images/AP"
    assert cited["quote"] == "Getty Images/AP" and cited["quote"] in cited["text"]
    assert all(s["supported"] for s in answer["sentences"])


def test_a_follow_up_uses_the_history(client: httpx.Client) -> None:
    first = client.post("/api/ask", json={"question": QUESTION}).json()
    history = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": first["answer"]},
    ]
    follow = client.post(
        "/api/ask", json={"question": "Which organization does he work for?", "history": history}
    ).json()
    assert "Hardie" in follow["standalone_question"]
    assert not follow["refused"]


def test_ask_stream_sends_retrieval_deltas_then_the_answer(client: httpx.Client) -> None:
    with client.stream("POST", "/api/ask/stream", json={"question": QUESTION}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response.read().decode())
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "retrieved" and kinds[-1] == "answer"
    assert set(kinds[1:-1]) == {"delta"} and len(kinds) >= 3
    assert events[0][1]["standalone_question"] == QUESTION and events[0][1]["passages"]
    final = events[-1][1]
    assert "".join(data["text"] for kind, data in events if kind == "delta") == final["answer"]
    assert final["citations"] and not final["refused"]


def test_retrieve_returns_passages_with_ids_scores_and_metadata(client: httpx.Client) -> None:
    response = client.post("/api/retrieve", json={"query": "minerals deal", "k": 3})
    assert response.status_code == 200
    passages = response.json()["passages"]
    assert len(passages) == 3
    for p in passages:
        assert p["id"] and p["text"] and isinstance(p["score"], float)
        assert {"title", "source", "doc_id", "start", "end"} <= set(p["metadata"])
        assert "spans" not in p["metadata"]
    scores = [p["score"] for p in passages]
    assert scores == sorted(scores, reverse=True)
    name = SEEDS.glob("*.txt").__next__().name
    only = client.post(
        "/api/retrieve", json={"query": "minerals", "filters": {"sources": ["nope.txt"]}}
    )
    assert only.status_code == 200 and only.json()["passages"] == []
    some = client.post("/api/retrieve", json={"query": "minerals", "filters": {"sources": [name]}})
    assert some.json()["passages"]


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"question": "   "}, 400, "the question is empty"),
        ({"question": "x" * 2001}, 400, "keep it under 2000"),
        ({"question": "who?", "filters": {"author": "x"}}, 422, "unknown field filters.author"),
        ({"question": "who?", "filters": {"date_from": "March"}}, 422, "YYYY-MM-DD"),
        ({"question": "who?", "k": 0}, 422, "k: "),
        ({"question": "who?", "answerer": "gpt"}, 400, "unknown answerer 'gpt'"),
        ({"question": "who?", "history": [{"role": "bot", "content": "x"}]}, 422, "history.0.role"),
        ({}, 422, "question: Field required"),
    ],
)
def test_bad_requests_get_a_4xx_json_error(
    client: httpx.Client, body: dict, status: int, says: str
) -> None:
    response = client.post("/api/ask", json=body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert says in response.json()["error"]
    stream = client.post("/api/ask/stream", json=body)
    assert stream.status_code == status and says in stream.json()["error"]


def test_malformed_json_and_empty_query_are_4xx(client: httpx.Client) -> None:
    broken = client.post(
        "/api/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422 and "not valid JSON" in broken.json()["error"]
    empty = client.post("/api/retrieve", json={"query": ""})
    assert empty.status_code == 400 and "empty" in empty.json()["error"]
    assert client.get("/api/nothing-here").status_code == 404


def test_upload_keeps_the_good_files_and_reports_the_bad(client: httpx.Client) -> None:
    files = [
        ("files", ("harbour.txt", ARTICLE.encode(), "text/plain")),
        ("files", ("broken.json", b"{this is not json", "application/json")),
        ("files", ("binary.txt", bytes(range(256)) * 4, "text/plain")),
        ("files", ("program.exe", b"MZ", "application/octet-stream")),
    ]
    response = client.post("/api/ingest", files=files)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["added"] == ["harbour.txt"]
    assert sorted(r["file"] for r in report["rejected"]) == [
        "binary.txt",
        "broken.json",
        "program.exe",
    ]
    assert all(r["reason"] for r in report["rejected"])

    docs = client.get("/api/documents").json()["documents"]
    harbour = next(d for d in docs if d["name"] == "harbour.txt")
    assert harbour["title"] == "Harbour bridge reopens" and harbour["date"] == "2025-03-04"
    assert harbour["outlet"] == "Coast Gazette" and harbour["chunks"] >= 1

    answer = client.post("/api/ask", json={"question": "Who is the mayor of Marlow?"}).json()
    assert "Edith Quarrie" in answer["answer"]
    cited = answer["citations"][0]
    assert (
        Path(cited["source"]).read_text(encoding="utf-8")[cited["start"] : cited["end"]]
        == (cited["quote"])
    )

    removed = client.delete(f"/api/documents/{harbour['doc_id']}")
    assert removed.status_code == 200 and removed.json()["removed"]["doc_id"] == harbour["doc_id"]
    assert all(d["name"] != "harbour.txt" for d in client.get("/api/documents").json()["documents"])
    again = client.delete(f"/api/documents/{harbour['doc_id']}")
    assert again.status_code == 404 and harbour["doc_id"] in again.json()["error"]
    after = client.post("/api/retrieve", json={"query": "Marlow harbour bridge Quarrie"}).json()
    assert all("Marlow" not in p["text"] for p in after["passages"])


def test_an_upload_with_only_bad_files_is_a_400(client: httpx.Client) -> None:
    response = client.post("/api/ingest", files=[("files", ("empty.txt", b"", "text/plain"))])
    assert response.status_code == 400
    assert "empty.txt" in response.json()["error"]


def test_openapi_documents_every_endpoint(client: httpx.Client) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/ask",
        "/api/ask/stream",
        "/api/retrieve",
        "/api/ingest",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/health",
    } <= set(paths)


def test_openapi_shows_the_answer_with_its_checked_sentences(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/api/ask"]["post"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/Answer")
    schemas = spec["components"]["schemas"]
    assert {"sentences", "answerer", "notice", "context", "citations"} <= set(
        schemas["Answer"]["properties"]
    )
    assert {"text", "citations", "supported", "score"} <= set(
        schemas["CheckedSentence"]["properties"]
    )
    assert "503" in spec["paths"]["/api/ask"]["post"]["responses"]
