"""What every indicator shares: the units, the rounding, the privacy floor and the per-Dataset memo.

* values are rounded (:func:`finish`) so that row order never changes a figure;
* the privacy floor (``enough``, ``by_team``): no figure rests on fewer than the minimum group size,
  and small teams are merged into "Other teams" before anything is shown;
* :func:`memo_by_tables` keeps the heavy base tables (:mod:`~diagnostic.indicators.meeting_rows`,
  :mod:`~diagnostic.indicators.email_rows`) once per Dataset, shared by every indicator that needs them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Measurement
from diagnostic.memo import IdentityMemo
from diagnostic.roster import OTHER_TEAMS
from diagnostic.settings import Settings
from diagnostic.wording import number

PERCENT = 100.0
SECONDS_PER_HOUR = 3600
SECONDS_PER_DAY = 86_400
DAYS_PER_WEEK = 7
DECIMALS = 9  # values are rounded so that summing in a different row order cannot change them
CACHE_SIZE = 4  # base tables kept per function: the baseline, scenarios being compared, a period

T = TypeVar("T")


def finish(value: float) -> float:
    """A plain float rounded to ``DECIMALS`` places.

    Float sums depend on the order of addition in their last bits; rounding makes the guarantee
    "row order never changes a value" hold exactly.
    """
    return round(float(value), DECIMALS)


def measured(
    value: float,
    n: int,
    n_unit: str,
    coverage: float | None,
    by_team: pd.DataFrame | None = None,
    note: str = "",
    coverage_of: str = "",
) -> Measurement:
    """A Measurement with its value and coverage rounded (see :func:`finish`)."""
    cov = None if coverage is None else finish(min(1.0, max(0.0, coverage)))
    return Measurement(value=finish(value), n=int(n), n_unit=n_unit, coverage=cov, by_team=by_team, note=note, coverage_of=coverage_of)


def of_all(count: int, what: str) -> str:
    """What a coverage is a share of: "of the 88 staff the files know of", "of the 2,203 meetings"."""
    return f"of the {number(count, what)}"


def of_staff(known: int) -> str:
    """The usual population of a coverage: the internal people the files loaded know of."""
    return of_all(known, "staff the files know of")


def enough(n: int, settings: Settings) -> bool:
    """A denominator below the minimum group size gives no figure (indicators.md D.2)."""
    return n >= settings.min_group_size


def too_few(n: int, what: str, settings: Settings) -> str:
    """The plain-English reason for a figure withheld under the minimum group size."""
    return (
        f"Not computed: only {n} {what} in the data, fewer than the minimum group size of {settings.min_group_size}. "
        "Load a longer period or more teams."
    )


def by_team(
    rows: pd.DataFrame,
    settings: Settings,
    num: str,
    den: str | None = None,
    how: str = "ratio",
    size_col: str = "person_id",
    distinct: str | None = None,
    scale: float = 1.0,
) -> pd.DataFrame | None:
    """Per-team values with the minimum group size enforced: columns ``team, value, n``.

    ``rows`` carries a ``team`` column (text or categorical). ``how`` is ``"ratio"`` (sum of ``num``
    over sum of ``den``), ``"mean"`` or ``"median"`` (of ``num``). A team's size ``n`` is its count
    of distinct ``size_col`` (people, or audits/items). Teams below the minimum are merged into
    "Other teams" and the merged group is recomputed from its rows (never an average of averages);
    it is kept only if it reaches the minimum itself. ``distinct`` de-duplicates rows per (team,
    that column) after merging, for values that count things (meetings) rather than people's rows.
    Rows follow the team column's category order (text is sorted), "Other teams" last. Returns
    None when no row has a team (no roster). Works on integer codes: it runs for every indicator,
    on tables of a million rows and on every scenario.
    """
    if "team" not in rows.columns or rows.empty:
        return None
    team = rows["team"]
    if not isinstance(team.dtype, pd.CategoricalDtype):
        team = team.astype("string").astype("category")
    codes = team.cat.codes.to_numpy()
    names = [str(c) for c in team.cat.categories]
    has_team = codes >= 0
    if not has_team.any():
        return None
    other = len(names)
    team_codes = codes[has_team].astype(np.int64)
    sizes = _distinct_per_group(team_codes, rows[size_col].to_numpy()[has_team], other)
    small = sizes < settings.min_group_size
    label = np.where(small[team_codes], other, team_codes)
    sizes = np.append(np.where(small, 0, sizes), sizes[small].sum())
    values = rows[num].to_numpy(dtype=float)[has_team]
    weights = rows[den].to_numpy(dtype=float)[has_team] if den is not None else None
    if distinct is not None:
        first = _distinct_pairs(label, rows[distinct].to_numpy()[has_team])[1]
        label, values, weights = label[first], values[first], None if weights is None else weights[first]
    with np.errstate(invalid="ignore", divide="ignore"):
        if how == "ratio":
            values = np.bincount(label, weights=values, minlength=other + 1) / np.bincount(label, weights=weights, minlength=other + 1)
        elif how == "mean":
            values = np.bincount(label, weights=values, minlength=other + 1) / np.bincount(label, minlength=other + 1)
        elif how == "median":
            values = pd.Series(values).groupby(label).median().reindex(range(other + 1)).to_numpy(dtype=float)
        else:
            raise ValueError(f"unknown aggregation {how!r}")
    keep = (sizes >= settings.min_group_size) & np.isfinite(values)
    if not keep.any():
        return None
    labels = np.array([*names, OTHER_TEAMS], dtype=object)  # teams in category order, "Other teams" last
    return pd.DataFrame({"team": labels[keep], "value": [finish(v * scale) for v in values[keep]], "n": sizes[keep].astype(int)})


def _distinct_per_group(group: np.ndarray, item: np.ndarray, groups: int) -> np.ndarray:
    """How many distinct ``item`` values each of ``groups`` groups has.

    Items are usually person codes, each in one team: then a dense lookup counts them without
    hashing (every indicator's team view does this, on every scenario). Anything else, or an item
    seen in two groups, is counted pair by pair.
    """
    if np.issubdtype(item.dtype, np.integer) and len(item) and item.min() >= 0 and item.max() < 4 * len(item) + 1024:
        group_of = np.full(int(item.max()) + 1, -1, dtype=np.int64)
        group_of[item] = group
        if (group_of[item] == group).all():
            return np.bincount(group_of[group_of >= 0], minlength=groups)
    return np.bincount(_distinct_pairs(group, item)[0], minlength=groups)


def _distinct_pairs(group: np.ndarray, item: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The group of each distinct (group, item) pair, and a mask of each pair's first row.

    Pairs are packed into one int64, so de-duplicating them is one pass over integers, not a hash of tuples.
    """
    if not np.issubdtype(item.dtype, np.integer):
        item = pd.factorize(item)[0]
    width = np.int64(item.max()) + 2 if len(item) else np.int64(1)
    key = group.astype(np.int64) * width + (item.astype(np.int64) + 1)
    first = ~pd.Series(key).duplicated().to_numpy()
    return group[first], first


def memo_by_tables(*tables: str) -> Callable[[Callable[[Dataset, Settings], T]], Callable[[Dataset, Settings], T]]:
    """Cache a ``(dataset, settings) -> value`` function on the identity of the named tables (see diagnostic.memo)."""

    def decorate(fn: Callable[[Dataset, Settings], T]) -> Callable[[Dataset, Settings], T]:
        memo: IdentityMemo[T] = IdentityMemo(CACHE_SIZE)

        @functools.wraps(fn)
        def wrapper(dataset: Dataset, settings: Settings) -> T:
            frames = tuple(dataset.key(t) for t in tables)
            return memo.get(frames, settings.key, lambda: fn(dataset, settings))

        return wrapper

    return decorate
