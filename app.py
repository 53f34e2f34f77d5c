"""The web entry: `python app.py` serves the chat and the REST API (like `dossier serve`).

Settings come from ``DOSSIER_*`` variables and ``.env`` (``DOSSIER_HOST``,
``DOSSIER_PORT``, ``DOSSIER_AUTH``, ``DOSSIER_CHROMA_DIR``, ...). To run it under
another ASGI server: ``uvicorn --factory app:create_app``.
"""

from __future__ import annotations

import sys

from fastapi import FastAPI

from assistant.settings import Settings
from assistant.web.server import build_app, serve
from vectorstore.errors import DossierError


def create_app() -> FastAPI:
    """The application for an ASGI server (``uvicorn --factory app:create_app``)."""
    return build_app(Settings())


def main() -> int:
    try:
        serve(Settings())
    except DossierError as error:
        print(f"dossier: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
