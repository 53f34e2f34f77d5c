"""The LLM's failures, as errors the user can act on."""

from __future__ import annotations

from vectorstore.errors import DossierError


class LLMError(DossierError):
    """The LLM could not answer: unreachable, too slow, refused the request, or broken."""


def describe(exc: BaseException, label: str, timeout: float) -> LLMError:
    """One line that says what went wrong with the LLM ``label`` and what to do."""
    if isinstance(exc, LLMError):
        return exc
    name = type(exc).__name__
    text = " ".join(str(exc).split())[:200]
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return LLMError(
            f"the LLM {label} did not answer within {timeout:g} s; "
            "raise DOSSIER_LLM_TIMEOUT or check the server's load"
        )
    if "Connection" in name or isinstance(exc, ConnectionError):
        return LLMError(
            f"the LLM {label} is unreachable ({text or name}); "
            "start it, or fix DOSSIER_LLM_BASE_URL"
        )
    status = getattr(exc, "status_code", None)
    if status is not None:
        hint = "check DOSSIER_LLM_API_KEY" if status in (401, 403) else "check DOSSIER_LLM_MODEL"
        return LLMError(f"the LLM {label} refused the request (HTTP {status}: {text}); {hint}")
    return LLMError(f"the LLM {label} failed: {name}: {text}")
