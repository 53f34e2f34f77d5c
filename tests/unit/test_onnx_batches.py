"""ONNX Runtime batches: every text once, longest first, little padding."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vectorstore.onnx_model import PAD_RATIO, _batches

pytestmark = pytest.mark.unit


@given(st.lists(st.integers(1, 256), min_size=1, max_size=80), st.integers(1, 64))
def test_batches_hold_every_row_once_and_pad_little(lengths: list[int], size: int) -> None:
    array = np.array(lengths)
    batches = _batches(array, size)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= size
        widest = array[batch[0]]
        assert all(PAD_RATIO * widest <= array[i] <= widest for i in batch)


def test_sentences_of_mixed_lengths_are_split_and_passages_are_not() -> None:
    assert _batches(np.array([10, 80, 11, 79]), 64) == [[1, 3], [2, 0]]
    assert _batches(np.full(100, 256), 64) == [list(range(64)), list(range(64, 100))]
