"""Collaborators, isolation and team density: who was tied to whom in each 4-week window.

None of these weighs a tie: a pair either worked together in a window or did not. How far each
value is carried over between networks is declared in :data:`~diagnostic.network.carry.CARRY_OVER`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.network.carry import carried
from diagnostic.network.graph import Network
from diagnostic.network.keys import distinct

ISOLATED_MAX_COLLABORATORS = 2  # "on the edge": two or fewer distinct collaborators in 4 weeks


@carried
def collaborators_per_window(net: Network) -> pd.Series:
    """Internal person -> median distinct collaborators per 4-week window in which they had any tie.

    People active in a source but with no tie at all get 0.
    """
    low, high, window, windows = window_pairs(net)
    n = len(net.people)
    internal = net.people["internal"].to_numpy(dtype=bool)
    ends = [low[internal[low]] * windows + window[internal[low]]]  # each pair once a window: a collaborator for each end
    other = internal[high] & (high != low)
    ends.append(high[other] * windows + window[other])
    # collaborators per person and window
    counts = np.bincount(np.concatenate(ends), minlength=n * windows).reshape(n, windows).astype(float)
    counts[counts == 0] = np.nan  # a window with no tie is not counted
    tied = ~np.isnan(counts).all(axis=1)  # people with no tie at all get 0, without a median of nothing
    values = np.zeros(n)
    values[tied] = np.nanmedian(counts[tied], axis=1)
    return pd.Series(values[internal], index=net.internal_ids)


@carried
def window_pairs(net: Network) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Every pair of people tied in each 4-week window, once: both ends' positions (lower first), the window, and how many windows.

    Whatever the kinds and directions of their ties. Collaborators per window and team density
    both count these, so the pairs are found once per network.
    """
    source, target = net.ends
    block = net.edges["block"].to_numpy()
    n, windows = len(net.people), int(block.max(initial=0)) + 1
    low, high = np.minimum(source, target).astype(np.int64), np.maximum(source, target).astype(np.int64)
    pair, window = np.divmod(distinct((low * n + high) * windows + block, n * n * windows), windows)
    return *np.divmod(pair, n), window, windows


def isolation_population(net: Network) -> pd.Index:
    """Who isolation is measured over: rostered staff active in any source (all internal if no roster)."""
    people = net.people
    base = people["internal"] & people["rostered"] if net.has_teams else people["internal"]
    return people.index[base]


@carried
def isolated(net: Network) -> pd.Index:
    """People with ``ISOLATED_MAX_COLLABORATORS`` or fewer distinct collaborators per 4 weeks."""
    counts = collaborators_per_window(net).reindex(isolation_population(net), fill_value=0)
    return counts.index[counts <= ISOLATED_MAX_COLLABORATORS]


def density(nodes: int, edges: int) -> float | None:
    """Share of possible undirected pairs that are tied."""
    return edges / (nodes * (nodes - 1) / 2) if nodes > 1 else None


@carried
def within_team_density(net: Network) -> pd.DataFrame:
    """Per rostered team of at least the minimum size: median over 4-week windows of tied pairs ÷ possible pairs.

    Columns team, value (0-1), n (people). The windows are every window with any tie in it.
    """
    sizes, team = density_teams(net)
    if sizes.empty:
        return pd.DataFrame({"team": pd.Series(dtype="str"), "value": pd.Series(dtype=float), "n": pd.Series(dtype="int64")})
    low, high, window, windows = window_pairs(net)
    same = (team[low] >= 0) & (team[low] == team[high])
    tied = np.bincount(team[low[same]] * windows + window[same], minlength=len(sizes) * windows)  # same-team pairs per window
    possible = (sizes * (sizes - 1) / 2).to_numpy()
    active = np.flatnonzero(np.bincount(window, minlength=windows))  # windows with any tie
    density = tied.reshape(len(sizes), windows)[:, active] / possible[:, None]
    return pd.DataFrame({"team": list(sizes.index), "value": np.median(density, axis=1), "n": sizes.to_numpy(dtype="int64")})


@carried
def density_teams(net: Network) -> tuple[pd.Series, np.ndarray]:
    """Rostered teams of at least the minimum group size and their sizes, and each person's position among them (-1 if none)."""
    people = net.people
    staff = (people["internal"] & people["rostered"]).to_numpy(dtype=bool)
    sizes = people.loc[staff, "team"].value_counts()
    sizes = sizes[sizes >= net.min_group_size]
    return sizes, np.where(staff, pd.Index(sizes.index).get_indexer(people["team"]), -1)
