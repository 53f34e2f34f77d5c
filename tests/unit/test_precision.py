from __future__ import annotations

import pytest

from vectorstore import precision
from vectorstore.errors import ConfigurationError
from vectorstore.precision import cpu_flags, resolve_device, resolve_precision

pytestmark = pytest.mark.unit


def test_cpu_flags_are_read_from_cpuinfo(tmp_path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse avx512f avx512_bf16 amx_bf16\n\n")
    assert {"avx512_bf16", "amx_bf16"} <= cpu_flags(info)
    assert cpu_flags(tmp_path / "missing") == frozenset()


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("fpu sse avx2", "fp32"),  # no bf16 at all
        ("avx512f avx512_bf16", "fp32"),  # measured slower than fp32 without AMX
        ("avx512f avx512_bf16 amx_tile amx_bf16", "bf16"),
    ],
)
def test_auto_precision_follows_the_cpu(tmp_path, monkeypatch, flags, expected) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text(f"flags\t: {flags}\n")
    monkeypatch.setattr(precision, "CPUINFO", info)
    monkeypatch.setattr(precision, "cpu_flags", lambda: cpu_flags(info))
    precision.cpu_has_native_bf16.cache_clear()
    try:
        assert resolve_precision("auto", "cpu") == expected
    finally:
        precision.cpu_has_native_bf16.cache_clear()
    assert resolve_precision("bf16", "cpu") == "bf16"  # an explicit choice is kept
    assert resolve_precision("fp32", "cpu") == "fp32"


def test_bad_names_are_refused_with_the_value() -> None:
    with pytest.raises(ConfigurationError, match="'fp16'"):
        resolve_precision("fp16", "cpu")
    with pytest.raises(ConfigurationError, match="'tpu'"):
        resolve_device("tpu")


def test_auto_device_without_gpu_files_needs_no_torch(monkeypatch) -> None:
    import sys

    monkeypatch.setattr(precision, "GPU_HINTS", ("/nonexistent/nvidiactl",))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setitem(sys.modules, "torch", None)  # importing torch would fail
    assert resolve_device("auto") == "cpu"
    assert resolve_device("cpu") == "cpu"
