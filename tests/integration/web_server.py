"""Runs `dossier serve` as a user would, on a free loopback port, over a copy of a store."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.integration.conftest import free_port

DOSSIER = str(Path(sys.executable).with_name("dossier"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# An article to upload: a headline, a date and an outlet, and facts found nowhere else.
ARTICLE = (
    "Harbour bridge reopens\n"
    "Date: 2025-03-04\n"
    "Outlet: Coast Gazette\n\n"
    "The Marlow harbour bridge reopened on Tuesday after two years of repairs. "
    "The mayor, Edith Quarrie, said the repairs cost 14 million pounds.\n"
)


@dataclass
class Server:
    url: str
    folder: Path
    log: Path


@contextmanager
def running_server(
    seeded_store: Path | None, folder: Path, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """`dossier serve` over a copy of ``seeded_store`` (None: the store ``env`` names, e.g. a
    Chroma server); stopped on exit."""
    store_args: list[str] = []
    if seeded_store is not None:
        chroma = folder / "chroma"
        shutil.copytree(seeded_store, chroma)
        store_args = ["--chroma-dir", str(chroma)]
    port = free_port()
    log = folder / "serve.log"
    out = open(log, "wb")  # noqa: SIM115 - closed below
    full_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")},
        "DOSSIER_CACHE_DIR": str(folder / "cache"),
        **(env or {}),
    }
    process = subprocess.Popen(
        [DOSSIER, "serve", "--port", str(port), *store_args],
        stdout=out,
        stderr=subprocess.STDOUT,
        env=full_env,
        cwd=folder,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while "Dossier chat: " not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dossier serve did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        while True:  # the URL is printed once the socket listens; wait until it answers
            try:
                httpx.get(f"{url}/api/health", timeout=5)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield Server(url, folder, log)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        out.close()


def require_chromium() -> None:
    """Skips (with the reason) where no chromium is installed, except in CI, where it fails."""
    import pytest

    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (scripts/test.sh does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def browser_page(**context: object) -> Iterator[object]:
    """A page of headless Debian chromium driven by Playwright (no `playwright install`)."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_context(
                viewport={"width": 1400, "height": 1000}, **context
            ).new_page()
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()


def ask_in_chat(page: object, question: str) -> object:
    """Types ``question``, sends it and returns the locator of the finished answer."""
    before = page.locator(".dossier-answer:not(.dossier-streaming)").count()  # type: ignore[attr-defined]
    page.fill("#dossier-question textarea", question)  # type: ignore[attr-defined]
    page.click("#dossier-ask")  # type: ignore[attr-defined]
    done = page.locator(".dossier-answer:not(.dossier-streaming)")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "n => document.querySelectorAll('.dossier-answer:not(.dossier-streaming)').length > n",
        arg=before,
    )
    return done.nth(before)


def sse_events(body: str) -> list[tuple[str, dict]]:
    """The ``(event, data)`` pairs of a server-sent events body."""
    out = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out
