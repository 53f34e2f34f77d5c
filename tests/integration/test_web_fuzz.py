"""Property-based fuzzing of the REST API from its OpenAPI schema (schemathesis), against
`dossier serve` over a copy of the seeded store: valid and invalid requests to every
operation, and never a 5xx; every error is a JSON ``{"error": ...}``.

Bounded (``MAX_EXAMPLES`` per operation and mode, derandomized) so CI stays fast; raise it
locally with DOSSIER_FUZZ_EXAMPLES=200 for a deeper run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.integration.web_server import Server, running_server

MAX_EXAMPLES = int(os.environ.get("DOSSIER_FUZZ_EXAMPLES", "12"))


@pytest.fixture(scope="module")
def server(seeded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(seeded_store, tmp_path_factory.mktemp("web-fuzz")) as running:
        yield running


# Every operation the API documents; a new one must be added here (and so gets fuzzed).
OPERATIONS = [
    "POST /api/ask",
    "POST /api/ask/stream",
    "POST /api/retrieve",
    "POST /api/ingest",
    "GET /api/documents",
    "DELETE /api/documents/{doc_id}",
    "GET /api/health",
]


@pytest.fixture(scope="module")
def api_schema(server: Server) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


def test_every_operation_is_fuzzed(api_schema: schemathesis.BaseSchema) -> None:
    found = sorted(op.ok().label for op in api_schema.get_all_operations())
    assert found == sorted(OPERATIONS)


# Invalid requests for the operations that take a body (a path's doc_id has no invalid value).
CASES = [(label, GenerationMode.POSITIVE) for label in OPERATIONS] + [
    (label, GenerationMode.NEGATIVE) for label in OPERATIONS if label.startswith("POST")
]


@pytest.mark.parametrize(("label", "mode"), CASES, ids=[f"{lb} {m.value}" for lb, m in CASES])
def test_no_request_gets_a_server_error(
    api_schema: schemathesis.BaseSchema, server: Server, label: str, mode: GenerationMode
) -> None:
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label
    seen: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def fuzz(case: schemathesis.Case) -> None:
        response = case.call(base_url=server.url, timeout=120)
        seen.append(response.status_code)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
        )
        if response.status_code >= 400:
            assert "error" in response.json(), response.text[:300]

    fuzz()
    assert seen  # requests were made
