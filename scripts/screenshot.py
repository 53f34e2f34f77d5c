"""Takes the chat's screenshots for the docs.

docs/chat.png: the chat with a cited answer, one source open, its quote marked.
docs/chat-llm.png (``--llm``): an answer written by the LLM (SmolLM2 over llama.cpp's
OpenAI-compatible server, scripts/llama_server.py) with a sentence verification flagged.

Usage: .venv/bin/python scripts/screenshot.py [--llm] [OUT.png]
Ingests seeds/ into a temporary store, runs `dossier serve` on a free loopback port and drives
Debian's chromium (/usr/bin/chromium) with Playwright, as the browser tests do.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DOSSIER = str(Path(sys.executable).with_name("dossier"))
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
# Asked in turn until the LLM's answer has a sentence verification flags (SmolLM2 varies).
LLM_QUESTIONS = [
    "Who called the minerals deal predatory?",
    "What did Trump say about Zelenskyy?",
    "What does the United States want from Ukraine?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def llama_server() -> Iterator[str]:
    """scripts/llama_server.py on a free port until the block ends; yields its /v1 URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "llama_server.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("scripts/llama_server.py did not start")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.terminate()
        server.wait(timeout=20)


def main(out: Path, llm: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
        env.update(DOSSIER_CHROMA_DIR=f"{tmp}/chroma", DOSSIER_CACHE_DIR=f"{tmp}/cache")
        subprocess.run([DOSSIER, "ingest", str(ROOT / "seeds"), "--quiet"], env=env, check=True)
        if llm:
            with llama_server() as base_url:
                env.update(DOSSIER_LLM="openai", DOSSIER_LLM_BASE_URL=base_url)
                serve(env, out, shoot_llm)
        else:
            serve(env, out, shoot)
    print(f"wrote {out}")


def serve(env: dict[str, str], out: Path, take: Callable[[Page, Path], None]) -> None:
    port = free_port()
    server = subprocess.Popen(
        [DOSSIER, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        while "Dossier chat:" not in server.stdout.readline():
            time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(120_000)
            page.goto(f"http://127.0.0.1:{port}/")
            take(page, out)
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


def shoot(page: Page, out: Path) -> None:
    page.fill("#dossier-question textarea", "Who called the minerals deal predatory?")
    page.click("#dossier-ask")
    page.wait_for_selector(".dossier-answer:not(.dossier-streaming) .dossier-source")
    page.locator(".dossier-cite-2").first.click()
    page.wait_for_timeout(600)
    page.screenshot(path=str(out))


def shoot_llm(page: Page, out: Path) -> None:
    page.locator("#dossier-settings .label-wrap").click()  # shows the Answerer: llm
    for question in LLM_QUESTIONS:  # one at a time: each answer alone in the chat
        page.fill("#dossier-question textarea", question)
        page.click("#dossier-ask")
        page.wait_for_selector(".dossier-answer:not(.dossier-streaming)")
        if page.locator(".dossier-unsupported").count():
            break
        page.click("#dossier-clear")
        page.wait_for_function("!document.querySelector('.dossier-answer')")
    else:
        raise RuntimeError("no LLM answer had an unsupported sentence; nothing to show")
    page.wait_for_timeout(600)
    page.screenshot(path=str(out))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llm", action="store_true", help="an LLM answer, one sentence flagged")
    parser.add_argument("out", nargs="?", type=Path, default=None)
    args = parser.parse_args()
    default = ROOT / "docs" / ("chat-llm.png" if args.llm else "chat.png")
    main(args.out or default, args.llm)
