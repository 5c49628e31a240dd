"""The fast ``isin`` and ``positions`` agree with pandas on text columns, missing values included."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from diagnostic.columns import isin, positions

IDS = st.sampled_from(["a", "b", "c", "d", "é", ""])


@given(st.lists(st.one_of(IDS, st.none())), st.lists(IDS))
def test_isin_agrees_with_pandas(column, values):
    series = pd.Series(column, dtype="string")
    expected = series.isin(values).fillna(False).to_numpy(dtype=bool) & series.notna().to_numpy()
    for given_as in (values, set(values), pd.Series(values, dtype="string"), pd.Index(values, dtype="string")):
        assert isin(series, given_as).tolist() == expected.tolist()


def test_missing_values_never_match():
    series = pd.Series(["a", None], dtype="string")
    assert isin(series, pd.Series(["a", None], dtype="string")).tolist() == [True, False]


@given(st.lists(IDS, unique=True), st.lists(st.one_of(IDS, st.none())))
def test_positions_agree_with_get_indexer(index, ids):
    index = pd.Index(index, dtype="string")
    column = pd.Series(ids, dtype="string")
    expected = [index.get_loc(i) if i is not None and i in index else -1 for i in ids]
    assert positions(index, column).tolist() == expected
