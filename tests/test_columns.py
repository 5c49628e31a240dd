"""The fast ``isin`` and ``positions`` agree with pandas on text columns, missing values included."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from diagnostic.columns import factorised, first_row_of, first_rows, isin, positions

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


@given(st.lists(st.one_of(IDS, st.none())), st.booleans())
def test_factorised_agrees_with_pandas_sorted_or_not(column, sort):
    series = pd.Series(column, dtype="string")
    codes, distinct = factorised(series, sort=sort)
    expected_codes, expected_distinct = pd.factorize(series, sort=sort)
    assert codes.tolist() == expected_codes.tolist()
    assert list(distinct) == list(expected_distinct)


def test_factorised_is_worked_out_once_per_column():
    frame = pd.DataFrame({"id": pd.Series(["b", "a", "b"], dtype="string")})
    codes, _ = factorised(frame["id"])
    assert factorised(frame["id"])[0] is codes  # the same column of the same table: remembered
    assert factorised(frame.assign(other=1)["id"])[0] is codes  # a table made from it shares the Arrow data
    assert factorised(frame[frame["id"] == "b"]["id"])[0] is not codes  # other rows are other data


@given(st.lists(st.one_of(IDS, st.none())), st.lists(st.one_of(IDS, st.none())))
def test_first_rows_agree_with_dropping_duplicates(column, ids):
    series = pd.Series(column, dtype="string")
    firsts = series.dropna().drop_duplicates()
    assert first_rows(series).tolist() == firsts.index.tolist()
    expected = [int(firsts.index[firsts == i][0]) if i is not None and i in set(firsts) else -1 for i in ids]
    assert first_row_of(series, pd.Series(ids, dtype="string")).tolist() == expected
