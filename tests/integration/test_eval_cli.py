"""`dossier eval` end to end with the real model: question sets, BEIR sets, gates, servers."""

from __future__ import annotations

import json

import httpx
import pytest

from assistant.cli import main
from tests.conftest import QUESTIONS, SEEDS

TOPICS = {
    "wing": "Boundary layer separation on a swept wing at high angles of attack.",
    "heat": "Heat transfer to a blunt body in hypersonic flow measured in a shock tube.",
    "panel": "Flutter of thin panels exposed to supersonic airflow on one side.",
    "buckle": "Buckling of thin-walled cylinders under axial compression and pressure.",
    "jet": "Noise radiated by a turbulent jet exhausting from a nozzle.",
    "orbit": "Re-entry trajectories of a satellite returning from a circular orbit.",
}
QUERIES = {
    "q1": ("What happens to thin panels in supersonic flow?", "panel"),
    "q2": ("How loud is a turbulent jet from a nozzle?", "jet"),
    "q3": ("Heat transfer in hypersonic flow to blunt bodies", "heat"),
}


def test_question_set_over_its_own_corpus(tmp_path, capsys) -> None:
    out = tmp_path / "run"
    code = main(["eval", str(QUESTIONS), "--corpus", str(SEEDS), "--out", str(out), "--quiet",
                 "--fail-under", "answer.accuracy=0.999"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 3, captured.err
    assert "gate failed: answer.accuracy" in captured.err
    assert "answer accuracy" in captured.out and "wrote" in captured.out
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["cases"]["total"] == len(QUESTIONS.read_text().splitlines())
    assert 0.8 < metrics["answer"]["accuracy"] < 0.999
    assert metrics["citations"]["sentence_coverage"] == 1.0
    assert metrics["retrieval"]["hit_at_k"] > 0.9
    assert metrics["run"]["corpus"] == str(SEEDS)
    results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert {r["outcome"] for r in results} >= {"correct", "refused"}
    for png in ("by_category.png", "latency.png"):
        assert (out / png).read_bytes()[:4] == b"\x89PNG"
    assert "## Failures" in (out / "report.md").read_text()
    # The temporary collection went away with the run: nothing was written here.
    assert not (tmp_path / "chroma").exists()

    code = main(["eval", "--compare", str(out), str(out / "metrics.json")])
    table = capsys.readouterr().out
    assert code == 0 and "answer.accuracy" in table and "+0.000" in table


def test_beir_set_compares_retrievers(tmp_path, capsys) -> None:
    beir = tmp_path / "tiny"
    beir.mkdir()
    corpus = [{"_id": k, "title": k, "text": v} for k, v in TOPICS.items()]
    (beir / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in corpus))
    queries = [{"_id": q, "text": t} for q, (t, _) in QUERIES.items()]
    (beir / "queries.jsonl").write_text("".join(json.dumps(r) + "\n" for r in queries))
    (beir / "qrels.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t1\n" for q, (_, d) in QUERIES.items())
    )
    out = tmp_path / "beir-run"
    argv = ["eval", "--beir", str(beir), "--out", str(out), "--quiet", "-k", "20",
            "--retriever", "bm25", "--retriever", "dense", "--retriever", "hybrid",
            "--fail-under", "retrievers.hybrid.ndcg@10=0.9"]  # fmt: skip
    assert main(argv) == 0, capsys.readouterr().err
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics["retrievers"]) == {"bm25", "dense", "hybrid"}
    assert metrics["queries"] == 3 and metrics["chunks_in_store"] == len(TOPICS)
    for scores in metrics["retrievers"].values():
        assert scores["recall@10"] == 1.0 and scores["ndcg@10"] > 0.9
    assert (out / "retrievers.png").read_bytes()[:4] == b"\x89PNG"
    assert "| hybrid |" in (out / "report.md").read_text()
    # A second run re-uses the collection: nothing is embedded again.
    assert main(argv) == 0
    assert "unchanged 6, removed 0, rejected 0 (0 chunks embedded)" in capsys.readouterr().err


def test_scratch_collection_on_a_server_is_removed(chroma_server, tmp_path, monkeypatch) -> None:
    host, port = chroma_server
    monkeypatch.setenv("DOSSIER_CHROMA_HOST", host)
    monkeypatch.setenv("DOSSIER_CHROMA_PORT", str(port))
    questions = tmp_path / "q.jsonl"
    questions.write_text(QUESTIONS.read_text().splitlines()[0] + "\n")
    before = httpx.get(
        f"http://{host}:{port}/api/v2/tenants/default_tenant/databases/default_database/collections"
    ).json()
    code = main(["eval", str(questions), "--corpus", str(SEEDS), "--out", str(tmp_path / "o"),
                 "--quiet"])  # fmt: skip
    assert code == 0
    after = httpx.get(
        f"http://{host}:{port}/api/v2/tenants/default_tenant/databases/default_database/collections"
    ).json()
    assert [c["name"] for c in after] == [c["name"] for c in before]
    assert json.loads((tmp_path / "o" / "metrics.json").read_text())["cases"]["total"] == 1


@pytest.mark.parametrize("flag", ["--fail-under", "--fail-over"])
def test_unknown_gate_metric_is_a_user_error(tmp_path, capsys, flag) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(QUESTIONS.read_text().splitlines()[0] + "\n")
    code = main(["eval", str(questions), "--corpus", str(SEEDS), "--out", str(tmp_path / "o"),
                 "--quiet", flag, "answer.acuracy=0.5"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "unknown metric 'answer.acuracy'; one of: cases.total" in err
