"""Where and in what precision the embedding model runs.

``auto`` is decided from the hardware, never assumed: a GPU when torch sees one,
and bfloat16 autocast only where it is fast. A CPU with AMX computes bfloat16
matrix products natively (all-MiniLM-L6-v2 encoded about 4x faster there, with
cosine >= 0.9999 to the fp32 vectors). AVX512-BF16 alone is not enough: on this
project's build machine (AVX512-BF16, no AMX) bf16 encoding was 1.6x *slower*
than fp32 (bench/precision.py), and so is it on CPUs with neither. So ``auto``
means bf16 with AMX, fp32 everywhere else.
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
# /proc/cpuinfo flags of CPUs where bf16 autocast is faster than fp32 (see above).
BF16_CPU_FLAGS = frozenset({"amx_bf16"})
# Files that say a GPU may be there; without one, ``auto`` needs no torch import.
GPU_HINTS = ("/dev/nvidiactl", "/dev/nvidia0", "/dev/kfd", "/dev/dxg")
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
    """True when the CPU computes bfloat16 matrix products natively (AMX).

    Reads the flags from /proc/cpuinfo (no torch import needed); elsewhere asks
    torch, and says no when neither knows.
    """
    flags = cpu_flags()
    if flags:
        return bool(flags & BF16_CPU_FLAGS)
    try:  # no /proc/cpuinfo (macOS, Windows): torch's own checks
        import torch

        return bool(torch.cpu._is_amx_tile_supported())
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
    import sys

    if device == "auto" and sys.platform != "darwin" and not any(map(_exists, GPU_HINTS)):
        return "cpu"  # no GPU device file: no need to import torch to know
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


def _exists(path: str) -> bool:
    return Path(path).exists()


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
