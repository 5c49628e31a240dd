"""The fast ``isin`` and ``positions`` agree with pandas on text columns, missing values included."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from diagnostic.columns import factorised, first_row_of, first_rows, isin, kept_rows, positions, take

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
    column = pd.Series(ids, dtype="string")
    for dtype in ("string", object):  # Arrow text is looked up by Arrow; anything else by factorising
        index = pd.Index(index, dtype=dtype)
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


@given(st.lists(st.tuples(st.one_of(IDS, st.none()), st.booleans())))
def test_kept_rows_pass_on_the_codes_pandas_would_give(rows):
    frame = pd.DataFrame({"id": pd.Series([r[0] for r in rows], dtype="string"), "n": range(len(rows))})
    keep = np.array([r[1] for r in rows], dtype=bool)
    factorised(frame["id"])  # the old codes are known, so the kept rows' codes are worked out from them
    kept = kept_rows(frame, keep)
    pd.testing.assert_frame_equal(kept, frame[keep].reset_index(drop=True))
    codes, distinct = factorised(kept["id"])
    expected_codes, expected_distinct = pd.factorize(kept["id"])
    assert codes.tolist() == expected_codes.tolist()
    assert list(distinct) == list(expected_distinct)


def test_kept_rows_codes_come_from_the_old_codes_not_the_text(monkeypatch):
    frame = pd.DataFrame({"id": pd.Series(["b", "a", None, "c", "a"], dtype="string")})
    factorised(frame["id"])
    monkeypatch.setattr(pd, "factorize", None)  # no text is factorised again
    kept = kept_rows(frame, np.array([False, True, True, True, False]))
    codes, distinct = factorised(kept["id"])
    assert codes.tolist() == [0, -1, 1] and list(distinct) == ["a", "c"]


@given(st.lists(st.integers(-5, 5), max_size=8).flatmap(lambda v: st.tuples(st.just(v), st.lists(st.integers(-1, len(v) - 1)))))
def test_take_gives_the_value_at_each_code_and_missing_at_minus_one(drawn):
    values, codes = drawn
    found = take(np.array(values, dtype=np.int64), np.array(codes, dtype=np.int64), 99)
    assert found.tolist() == [values[c] if c >= 0 else 99 for c in codes]


def test_take_keeps_the_values_dtype():
    assert take(np.array([True, False]), np.array([1, -1, 0]), True).tolist() == [False, True, True]
    assert take(np.array([3], dtype=np.int8), np.array([-1, 0]), np.int8(0)).dtype == np.int8
