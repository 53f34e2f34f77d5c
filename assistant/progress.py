"""Progress bars on stderr for long work (ingest, eval)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def ingest_progress(quiet: bool = False) -> Iterator[Callable[[int, int, int], None]]:
    """A files-done bar with the chunks embedded so far, as an ``Ingestor`` progress callback."""
    from tqdm import tqdm

    with tqdm(total=0, unit="file", desc="ingest", disable=quiet, file=sys.stderr) as bar:

        def progress(done: int, total: int, chunks: int) -> None:
            bar.total, bar.n = total, done
            bar.set_postfix(chunks=chunks, refresh=False)
            bar.refresh()

        yield progress
