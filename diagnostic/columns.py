"""Column operations on the canonical tables' text columns that pandas does slowly.

The id columns (person, meeting, message) are Arrow-backed strings. pandas' ``isin`` on them builds
a Python object for every value looked for, for every row. The scenario levers check ids on every
slider move, so they use :func:`isin`; the network and the meeting indicators match rows to ids
with :func:`positions`. Both look each distinct value up once and give every row its answer by
code (:func:`take`).

Both start from :func:`factorised`, which remembers each table column's codes for as long as the
column's data lives. Tables are never changed in place (see :mod:`diagnostic.memo`), and Arrow data
never changes at all, so the baseline's attendance ids are factorised once, however many levers,
indicators and network parts read them, and a lever that rewrites other columns (shortening
meetings rewrites only their ends and minutes) shares them too.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from diagnostic.memo import IdentityMemo

_FACTORISED: IdentityMemo[tuple[np.ndarray, pd.Index]] = IdentityMemo(64)  # a few id columns per table, baseline and scenarios


def factorised(column: pd.Series, sort: bool = False) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize(column, sort=sort)``: integer codes (-1 for missing) and the distinct values, remembered per column."""
    codes, distinct = _FACTORISED.get((_data(column),), None, lambda: _read_only(pd.factorize(column)))
    if not sort or len(distinct) < 2:
        return codes, distinct
    order = distinct.argsort()
    rank = np.empty(len(order) + 1, dtype=codes.dtype)
    rank[order], rank[-1] = np.arange(len(order)), -1  # the last slot keeps code -1 (missing) as it is
    return rank[codes], distinct[order]


def _data(column: pd.Series) -> object:
    """What a column's codes are remembered by: its Arrow data, which every copy of the table shares, else its array."""
    array = column.array
    return array.__arrow_array__() if isinstance(array, pd.arrays.ArrowExtensionArray) else array


def _read_only(found: tuple[np.ndarray, pd.Index]) -> tuple[np.ndarray, pd.Index]:
    """Shared codes must not be changed by whoever reads them."""
    found[0].setflags(write=False)
    return found


def take(values: np.ndarray, codes: np.ndarray, missing: object) -> np.ndarray:
    """``values[codes]``, with ``missing`` wherever a code is -1.

    Codes come from ``pd.factorize``, ``Index.get_indexer`` or :func:`positions`, which all say
    "missing" or "not found" with -1. Appending ``missing`` as a last slot makes index -1 pick it,
    so a whole column is answered in one indexing step, found or not.
    """
    return np.append(values, missing)[codes]


def kept_rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """``frame[keep]`` with a fresh index, passing on the codes of every column whose codes are remembered.

    Levers drop rows (cancelled meetings, trimmed seats) on every slider move. The ids that remain
    are the same text, so their codes follow from the old ones in one pass over integers, where
    factorising the new column would hash its text again.
    """
    out = frame.take(np.flatnonzero(keep)).reset_index(drop=True)  # positions, not a boolean mask: quicker on text
    for name in frame.columns:
        known = _FACTORISED.peek((_data(frame[name]),), None)
        if known is not None:
            _FACTORISED.get((_data(out[name]),), None, lambda known=known: _read_only(_kept_codes(*known, keep)))
    return out


def _kept_codes(codes: np.ndarray, distinct: pd.Index, keep: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """What ``pd.factorize`` gives for the kept rows, from the codes of all rows: distinct values in order of first appearance."""
    kept = codes[keep]
    first = pd.unique(kept)  # each code once, in order of first appearance
    first = first[first >= 0]
    number = np.full(len(distinct) + 1, -1, dtype=codes.dtype)  # the last slot keeps code -1 (missing) as it is
    number[first] = np.arange(len(first))
    return number[kept], distinct[first]


def isin(column: pd.Series, values: Iterable) -> np.ndarray:
    """``column.isin(values)`` as a bool array, each distinct value looked up once; missing values never match.

    The column is factorised (fast on Arrow strings, and remembered) and only its distinct values
    are looked up among ``values``.
    """
    codes, distinct = factorised(column)
    if not isinstance(values, (pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)):
        values = pd.Series(list(values), dtype=column.dtype if len(column) else None)
    wanted = pd.Index(pd.unique(values))
    wanted = wanted[wanted.notna()]
    return take(_places(wanted, pd.Index(distinct)) >= 0, codes, False)


def positions(index: pd.Index, ids: pd.Series) -> np.ndarray:
    """Position of each of ``ids`` in ``index`` (unique values), -1 where absent or missing.

    Each distinct id is looked up once (see :func:`_places`), and the rows follow by code: no
    Python object per row.
    """
    codes, distinct = factorised(ids)
    return take(_places(index, pd.Index(distinct)), codes, -1)


def _places(index: pd.Index, values: pd.Index) -> np.ndarray:
    """Position of each of ``values`` in ``index`` (unique values), -1 where absent or missing.

    Arrow text is matched by Arrow's own hash lookup (``index_in``, quicker than factorising the two
    together or ``index.get_indexer``); anything else by factorising the two together.
    """
    if isinstance(index.array, pd.arrays.ArrowStringArray) and isinstance(values.array, pd.arrays.ArrowStringArray):
        within = _data(index).combine_chunks()
        looked = _data(values)
        found = pc.index_in(looked, value_set=within.cast(looked.type), skip_nulls=True)
        return pc.fill_null(found, -1).to_numpy().astype(np.int64)
    joint, _ = pd.factorize(pd.concat([pd.Series(index), pd.Series(values)], ignore_index=True))
    lookup = np.full(int(joint.max(initial=-1)) + 2, -1, dtype=np.int64)  # the last slot answers code -1 (missing)
    lookup[joint[: len(index)]] = np.arange(len(index))
    return lookup[joint[len(index) :]]


def first_rows(column: pd.Series, where: np.ndarray | None = None) -> np.ndarray:
    """Positions, in row order, of the first row of each distinct value (among rows ``where`` is true; missing values never)."""
    codes, _ = factorised(column)
    rows = np.flatnonzero(codes >= 0 if where is None else (codes >= 0) & where)
    return np.sort(rows[np.unique(codes[rows], return_index=True)[1]])


def first_row_of(column: pd.Series, ids: pd.Series) -> np.ndarray:
    """For each of ``ids``, the position of its first row in ``column`` (-1 where it has none)."""
    first = first_rows(column)
    return take(first, positions(pd.Index(column.array[first]), ids), -1)
