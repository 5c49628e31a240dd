"""What a lever is, and how a lever chooses which rows to change.

A lever is a pure function ``Dataset x value -> Dataset``: it returns a new Dataset and never
changes the one it was given, and at its default value it returns the Dataset unchanged. Levers
choose rows by a stable hash of their ids, never at random, so the same scenario on the same data
always gives the same scorecard, and a larger share always includes the rows a smaller share chose.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.errors import InputError
from diagnostic.settings import Settings

PERCENT = 100.0

Apply = Callable[[Dataset, float, Settings], Dataset]


@dataclass(frozen=True)
class Lever:
    """One what-if lever: its range, what it can move, and the function that applies it.

    ``moves`` names the indicators it moves towards compost on typical data; ``tables`` names the
    canonical tables it may rewrite (every other table is passed through untouched), which is
    also what it needs in order to do anything at all.
    """

    id: str
    label: str
    unit: str
    min: float
    max: float
    default: float
    step: float
    moves: tuple[str, ...]
    apply: Apply
    help: str
    tables: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.min <= self.default <= self.max:
            raise ValueError(f"{self.id}: default {self.default} outside {self.min}-{self.max}")

    def to_dict(self) -> dict:
        """The ``levers --json`` record."""
        return {
            "id": self.id,
            "label": self.label,
            "min": self.min,
            "max": self.max,
            "default": self.default,
            "unit": self.unit,
            "step": self.step,
            "moves": list(self.moves),
            "help": self.help,
        }

    def check(self, value: object, source: str) -> float:
        """``value`` as a float within range, or an InputError naming ``source`` and the lever."""
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise InputError(
                f"{source}: lever “{self.id}” has the value {value!r}, which is not a number. "
                f"Give a number from {_num(self.min)} to {_num(self.max)} ({self.unit})."
            )
        if not self.min <= value <= self.max:
            raise InputError(
                f"{source}: lever “{self.id}” is set to {_num(value)} {self.unit}, outside its range of "
                f"{_num(self.min)} to {_num(self.max)} {self.unit}. Give a number in that range."
            )
        return float(value)


def _num(value: float) -> str:
    return f"{value:g}"


def fraction(percent: float) -> float:
    """A lever's percentage as a share from 0 to 1."""
    return max(0.0, min(1.0, percent / PERCENT))


def _hash_key(salt: str) -> str:
    """The 16-character key pandas' hashing wants, derived from the lever's id."""
    return hashlib.blake2b(salt.encode("utf-8"), digest_size=8).hexdigest()


def stable_hash(keys: pd.Series | pd.DataFrame, salt: str) -> np.ndarray:
    """One unsigned 64-bit hash per row of ``keys``; the same keys and salt always give the same hash."""
    return pd.util.hash_pandas_object(keys, index=False, hash_key=_hash_key(salt)).to_numpy()


def how_many(share: float, n: int) -> int:
    """``share`` of ``n`` items, rounded half up (so 50% of 3 is 2, not banker's 2 or 1)."""
    return int(math.floor(share * n + 0.5))


def choose_rows(keys: pd.Series | pd.DataFrame, share: float, salt: str) -> np.ndarray:
    """Boolean mask choosing ``share`` of the rows: those with the smallest salted hash of their keys.

    The set chosen depends only on the keys' values, never on row order, and a larger share
    always contains a smaller one.
    """
    n = len(keys)
    k = how_many(share, n)
    mask = np.zeros(n, dtype=bool)
    if k:
        mask[np.argpartition(stable_hash(keys, salt), k - 1)[:k]] = True
    return mask


def choose_groups(keys: pd.Series, share: float, salt: str) -> np.ndarray:
    """Boolean mask choosing ``share`` of the distinct keys (a whole series, a whole message) and all their rows.

    Rows without a key are never chosen. Keys are factorised once, so a million message rows
    cost one pass rather than a string lookup per row.
    """
    codes, uniques = pd.factorize(keys)
    chosen = choose_rows(pd.Series(uniques), share, salt)
    mask = np.zeros(len(keys), dtype=bool)
    keyed = codes >= 0
    mask[keyed] = chosen[codes[keyed]]
    return mask


def true(series: pd.Series) -> pd.Series:
    """A nullable boolean column as plain bools, with NA read as False."""
    return series.fillna(False).astype(bool)


def set_share(
    frame: pd.DataFrame, id_column: str, eligible: pd.Series, column: str, value: object, percent: float, salt: str
) -> pd.DataFrame:
    """A copy of ``frame`` with ``column`` set to ``value`` on ``percent`` of the eligible rows (chosen by their id).

    Returns ``frame`` itself when no row changes, so a lever at zero hands back the same table.
    """
    if percent <= 0 or not eligible.any():
        return frame
    candidates = frame.index[eligible.to_numpy()]
    rows = candidates[choose_rows(frame.loc[candidates, id_column], fraction(percent), salt)]
    if len(rows) == 0:
        return frame
    changed = frame.copy()
    changed.loc[rows, column] = value
    return changed
