"""Distinct integer keys: the network packs pairs (and pairs per window) into one integer.

A 1,000-person network's keys are below a few million, so they are marked in a dense array
rather than hashed or sorted; bigger networks fall back to hashing and sort only the distinct
keys. Every scenario that changes who meets whom runs these on a few hundred
thousand rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DENSE_KEYS_MAX = 1 << 25  # distinct() marks keys in a boolean array up to this many (32 MB)


def distinct(keys: np.ndarray, bound: int) -> np.ndarray:
    """The distinct values of non-negative integer ``keys`` below ``bound``, in increasing order."""
    if bound <= DENSE_KEYS_MAX:
        seen = np.zeros(bound, dtype=bool)
        seen[keys] = True
        return np.flatnonzero(seen)
    return np.sort(pd.unique(keys))


def unique_codes(keys: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_inverse=True)`` for non-negative integer ``keys`` below ``bound``.

    Ranked in a dense array when ``bound`` is small enough (4 bytes a key, at most 32 MB) rather
    than sorted. Above that the keys are hashed and
    only the distinct ones sorted.
    """
    if bound > DENSE_KEYS_MAX // 4:
        codes, found = pd.factorize(keys)
        order = np.argsort(found, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        return found[order], rank[codes]
    found = distinct(keys, bound)
    rank = np.zeros(bound, dtype=np.int32)
    rank[found] = np.arange(len(found), dtype=np.int32)
    return found, rank[keys]
