"""The same model's vectors from torch fp32, torch bf16 autocast and ONNX Runtime agree."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import SEEDS
from vectorstore.embeddings import SentenceTransformerEmbeddings

pytestmark = pytest.mark.integration


def test_onnx_and_bf16_vectors_match_torch_fp32(tmp_path) -> None:
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    texts = [s for s in text.split(". ") if s.strip()][:40] + ["Kyiv", "x " * 400]
    fp32 = SentenceTransformerEmbeddings(precision="fp32", runtime="torch").encode(texts)
    onnx = SentenceTransformerEmbeddings(precision="fp32", runtime="onnx", cache_dir=tmp_path)
    assert onnx.runtime_name == "onnxruntime"
    exported = onnx.encode(texts)
    assert list((tmp_path / "onnx").glob("*.onnx"))  # exported once, into the cache folder
    bf16 = SentenceTransformerEmbeddings(precision="bf16", runtime="torch").encode(texts)
    for vectors, floor in ((exported, 0.99999), (bf16, 0.999)):
        assert vectors.dtype == np.float32 and vectors.shape == fp32.shape
        assert float((vectors * fp32).sum(axis=1).min()) >= floor
    again = SentenceTransformerEmbeddings(precision="fp32", runtime="onnx", cache_dir=tmp_path)
    assert np.allclose(again.encode(texts[:3]), exported[:3], atol=1e-5)  # reloads the export
    assert again._st is None  # without loading sentence-transformers
