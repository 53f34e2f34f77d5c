"""Where and in what precision the embedding model runs.

``auto`` is decided from the hardware, never assumed: a GPU when torch sees one,
and bfloat16 autocast only where it is fast. A CPU computes bfloat16 natively
with AMX or AVX512-BF16 (all-MiniLM-L6-v2 encodes about 4x faster there, with
cosine >= 0.9999 to the fp32 vectors); without them bf16 is *slower* than fp32,
so ``auto`` stays in fp32.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from vectorstore.errors import ConfigurationError

Device = Literal["auto", "cpu", "cuda", "mps"]
Precision = Literal["auto", "fp32", "bf16"]
DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda", "mps")
PRECISIONS: tuple[str, ...] = ("auto", "fp32", "bf16")
# /proc/cpuinfo flags of CPUs that compute bfloat16 natively.
BF16_CPU_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})
CPUINFO = Path("/proc/cpuinfo")


def cpu_flags(cpuinfo: Path = CPUINFO) -> frozenset[str]:
    """The CPU's feature flags (Linux); empty where /proc/cpuinfo is not readable."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


@lru_cache(maxsize=1)
def cpu_has_native_bf16() -> bool:
    """True when the CPU computes bfloat16 natively (AMX or AVX512-BF16).

    Reads the flags from /proc/cpuinfo (no torch import needed); elsewhere asks
    torch, and says no when neither knows.
    """
    flags = cpu_flags()
    if flags:
        return bool(flags & BF16_CPU_FLAGS)
    try:  # no /proc/cpuinfo (macOS, Windows): torch's own checks
        import torch

        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except Exception:  # an unknown CPU is treated as one without native bf16
        return False


def resolve_device(device: str) -> str:
    """``auto`` -> ``cuda`` when torch sees a GPU, else ``mps`` (Apple), else ``cpu``.

    Raises:
        ConfigurationError: an unknown device, or one torch cannot use here.
    """
    if device not in DEVICES:
        raise ConfigurationError(f"device must be one of {', '.join(DEVICES)}, got {device!r}")
    if device == "cpu":
        return device
    import torch

    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    if device == "auto":
        return "cuda" if cuda else "mps" if mps else "cpu"
    if (device == "cuda" and not cuda) or (device == "mps" and not mps):
        raise ConfigurationError(
            f"device {device!r} is not available to torch here; use DOSSIER_DEVICE=auto or cpu"
        )
    return device


def resolve_precision(precision: str, device: str) -> Literal["fp32", "bf16"]:
    """``auto`` -> ``bf16`` where ``device`` (resolved) computes it natively, else ``fp32``.

    Raises:
        ConfigurationError: an unknown precision.
    """
    if precision not in PRECISIONS:
        raise ConfigurationError(
            f"embedding precision must be one of {', '.join(PRECISIONS)}, got {precision!r}"
        )
    if precision != "auto":
        return "bf16" if precision == "bf16" else "fp32"
    if device == "cpu":
        return "bf16" if cpu_has_native_bf16() else "fp32"
    if device == "cuda":
        import torch

        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    return "fp32"  # mps: bf16 autocast support varies by macOS version
