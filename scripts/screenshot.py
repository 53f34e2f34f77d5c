"""Takes docs/chat.png: the chat with a cited answer, one source open, its quote marked.

Usage: .venv/bin/python scripts/screenshot.py [OUT.png]
Ingests seeds/ into a temporary store, runs `dossier serve` on a free loopback port and drives
Debian's chromium (/usr/bin/chromium) with Playwright, as the browser tests do.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DOSSIER = str(Path(sys.executable).with_name("dossier"))
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
        env.update(DOSSIER_CHROMA_DIR=f"{tmp}/chroma", DOSSIER_CACHE_DIR=f"{tmp}/cache")
        subprocess.run([DOSSIER, "ingest", str(ROOT / "seeds"), "--quiet"], env=env, check=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [DOSSIER, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, text=True
        )
        try:
            assert server.stdout is not None
            while "Dossier chat:" not in server.stdout.readline():
                time.sleep(0.1)
            shoot(f"http://127.0.0.1:{port}/", out)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=20)
    print(f"wrote {out}")


def shoot(url: str, out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.fill("#dossier-question textarea", "Who called the minerals deal predatory?")
        page.click("#dossier-ask")
        page.wait_for_selector(".dossier-answer:not(.dossier-streaming) .dossier-source")
        page.locator(".dossier-cite-2").first.click()
        page.wait_for_timeout(600)
        page.screenshot(path=str(out))
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "chat.png")
