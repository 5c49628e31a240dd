"""Column operations on the canonical tables' text columns that pandas does slowly.

The id columns (person, meeting, message) are Arrow-backed strings. pandas' ``isin`` on them builds
a Python object for every value looked for: 27 ms to check 71,000 attendance rows against 4,600
meeting ids. The scenario levers do that on every slider move, so they use :func:`isin`; the
network and the meeting indicators match rows to ids with :func:`positions`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def isin(column: pd.Series, values: Iterable) -> np.ndarray:
    """``column.isin(values)`` as a bool array, each distinct value looked up once; missing values never match.

    4 ms for the case above: the column is factorised (fast on Arrow strings) and only its distinct
    values are looked up among ``values``.
    """
    codes, distinct = pd.factorize(column)
    if not isinstance(values, (pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)):
        values = pd.Series(list(values), dtype=column.dtype if len(column) else None)
    wanted = pd.Index(pd.unique(values))
    wanted = wanted[wanted.notna()]
    return np.append(wanted.get_indexer(distinct) >= 0, False)[codes]


def positions(index: pd.Index, ids: pd.Series) -> np.ndarray:
    """Position of each of ``ids`` in ``index`` (unique values), -1 where absent or missing.

    Both are factorised together, so each distinct id is hashed once and no Python object is made
    per value: half the time of ``index.get_indexer`` on text, and the rows are matched by code.
    """
    codes, distinct = pd.factorize(pd.concat([pd.Series(index), pd.Series(ids)], ignore_index=True))
    lookup = np.full(len(distinct) + 1, -1, dtype=np.int64)  # the last slot answers code -1 (missing)
    lookup[codes[: len(index)]] = np.arange(len(index))
    return lookup[codes[len(index) :]]
