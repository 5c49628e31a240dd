"""Distinct integer keys: the dense path and the hashed path agree with numpy's own."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from diagnostic.network import keys
from diagnostic.network.keys import distinct, unique_codes

BOUND = 5_000


@settings(max_examples=60, deadline=None)
@given(arrays(np.int64, st.integers(0, 300), elements=st.integers(0, BOUND - 1)), st.booleans())
def test_distinct_keys_and_their_ranks_match_numpy(values, dense):
    limit = keys.DENSE_KEYS_MAX
    keys.DENSE_KEYS_MAX = limit if dense else 0  # 0: every bound is "too big", so keys are hashed
    try:
        found, codes = unique_codes(values, BOUND)
        only = distinct(values, BOUND)
    finally:
        keys.DENSE_KEYS_MAX = limit
    expected, inverse = np.unique(values, return_inverse=True)
    assert found.tolist() == expected.tolist()
    assert codes.tolist() == inverse.tolist()
    assert only.tolist() == expected.tolist()
