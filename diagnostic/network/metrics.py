"""Centrality: who holds the network together (betweenness, brokers, bottlenecks, communities, centralisation).

These read the internal graph: partner agencies' people are visible only through their links,
since an export never shows how partners work among themselves. Betweenness runs as matrix
products (:mod:`diagnostic.network.paths`); communities and cut vertices run in python-igraph.
The other measures sit beside this module by what they read: :mod:`~diagnostic.network.windows`
(collaborators, isolation, density), :mod:`~diagnostic.network.shares` (organisation-wide shares
of the ties) and :mod:`~diagnostic.network.teams` (the same per team). How far each value is
carried over between networks is declared in :data:`~diagnostic.network.carry.CARRY_OVER`.

Nothing here names a person: functions return counts, shares and per-group figures. Person ids
only travel inside this package (to count brokers by team, say) and never reach an output.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

from diagnostic.network import paths
from diagnostic.network.build import UNKNOWN_TEAM
from diagnostic.network.carry import carried, carried_with
from diagnostic.network.graph import Network

SEED = 20240601  # fixed so that communities and sampled betweenness repeat run to run
# Exact betweenness needs a shortest-path search from every person, so its cost grows roughly with
# the square of the size. Above EXACT_BETWEENNESS_MAX people it is estimated from
# BETWEENNESS_SAMPLES starting people. On the 1,000-person sample organisation that puts
# centralisation typically within 5% of the exact value (1 draw in 10 off by more than 12%);
# brokers come out at about the same count, but most sit close to the threshold, so a third of
# them are different people (benchmarks/network.py measures the cost).
EXACT_BETWEENNESS_MAX = 500
BETWEENNESS_SAMPLES = 250
BROKER_FACTOR = 3.0  # a broker carries at least three times the average betweenness (judgement)

_RNG_LOCK = threading.Lock()


def method() -> tuple[int, int, int, float]:
    """The constants betweenness, brokers and bottlenecks are worked out with (see :func:`~diagnostic.network.carry.carried_with`)."""
    return EXACT_BETWEENNESS_MAX, BETWEENNESS_SAMPLES, SEED, BROKER_FACTOR


@contextmanager
def seeded_igraph(seed: int = SEED) -> Iterator[None]:
    """igraph draws from one global generator: give it a seeded one, then restore the default."""
    import igraph as ig

    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


@dataclass(frozen=True)
class Betweenness:
    values: pd.Series  # person_id -> betweenness (unnormalised, undirected, unweighted)
    sources: int | None = None  # starting people sampled for an estimate; None when exact

    @property
    def sampled(self) -> bool:
        return self.sources is not None

    @property
    def note(self) -> str:
        """How the values were found, for every place that reports them ("" when exact)."""
        return f"Estimated from {self.sources} sampled starting points ({len(self.values):,} people)." if self.sampled else ""


@carried_with(method)
def betweenness(net: Network) -> Betweenness:
    """Betweenness on the internal graph: exact up to ``EXACT_BETWEENNESS_MAX`` people, else estimated.

    The estimate runs the shortest-path searches from ``BETWEENNESS_SAMPLES`` starting people
    only and scales the result up by people / samples.
    """
    names = pd.Index(net.internal_ids, dtype=object)
    n = len(names)
    a, b, _ = net.internal_ties
    if n <= EXACT_BETWEENNESS_MAX:
        return Betweenness(pd.Series(paths.betweenness(n, a, b, np.arange(n)), index=names, dtype=float))
    k = min(BETWEENNESS_SAMPLES, n)
    values = paths.betweenness(n, a, b, _spread_sample(internal_teams(net), k)) * n / k
    return Betweenness(pd.Series(values, index=names, dtype=float), k)


def internal_teams(net: Network) -> pd.Series:
    """The team of each of the council's own people, in the internal graph's vertex order."""
    return net.people.loc[net.people["internal"], "team"]


def _spread_sample(teams: pd.Series, k: int) -> list[int]:
    """``k`` of the positions in ``teams`` (person id -> team), spread evenly over the teams (seeded).

    People are put in team order (teams by name; within a team, by a seeded hash of their id) and
    every (n / k)-th is taken from a random start. Each person is still drawn with chance k / n,
    so scaling up by n / k stays unbiased, but no team is left out or over-represented by chance:
    on the sample organisation that cuts the error of the estimate by about a quarter against a
    plain draw. The draw depends on who is in which team, never on the order the files list
    them in, so the same data exported in another order gives the same estimate.
    """
    n = len(teams)
    rng = np.random.default_rng(SEED)
    shuffled = pd.util.hash_array(teams.index.to_numpy(dtype=object), hash_key=f"{SEED:016d}")
    order = np.lexsort((shuffled, pd.factorize(teams, sort=True)[0]))
    return order[((rng.random() + np.arange(k)) * n / k).astype(np.int64)].tolist()


@carried_with(method)
def brokers(net: Network) -> pd.Index:
    """People who carry ``BROKER_FACTOR`` times the average share of shortest paths AND link two or more teams.

    The second condition keeps out people who are central only inside their own team.
    """
    b = betweenness(net).values
    if b.empty or b.sum() <= 0:
        return pd.Index([], dtype=object)
    high = b[(b > 0) & (b >= BROKER_FACTOR * b.mean())].index
    reach = _groups_reached(net, high)
    return pd.Index([p for p in high if reach.get(p, 0) >= 2], dtype=object)


def _groups_reached(net: Network, people: pd.Index) -> dict[str, int]:
    """person -> number of distinct teams among their internal contacts (their own included)."""
    g = net.internal_igraph
    team = net.people["team"].reindex(g.vs["name"]).to_numpy(dtype=object)
    where = {name: i for i, name in enumerate(g.vs["name"])}
    return {p: len({team[where[p]], *team[g.neighbors(where[p])]}) for p in people}


def betweenness_centralisation(net: Network) -> float | None:
    """Freeman centralisation (0 = evenly spread, 1 = a star): sum(max - b) / ((n-1)^2 (n-2) / 2)."""
    b = betweenness(net).values
    n = len(b)
    if n < 3:
        return None
    return float((b.max() - b).sum() / ((n - 1) ** 2 * (n - 2) / 2))


def manager_flow_share(net: Network) -> tuple[float, float] | None:
    """(managers' share of betweenness, managers' share of people); None without a roster."""
    b = betweenness(net).values
    managers = net.people["is_manager"].reindex(b.index)
    if managers.isna().all() or b.sum() <= 0:
        return None
    is_manager = managers.fillna(False).astype(bool)
    return float(b[is_manager].sum() / b.sum()), float(is_manager.mean())


@dataclass(frozen=True)
class Communities:
    membership: pd.Series  # person_id -> community number
    modularity: float | None

    def count(self, min_size: int) -> int:
        """Communities with at least ``min_size`` people (smaller ones are not reported)."""
        return int((self.membership.value_counts() >= min_size).sum())


@carried
def communities(net: Network) -> Communities:
    """Leiden communities (modularity objective, weighted) of the internal graph."""
    g = net.internal_igraph
    if g.ecount() == 0:
        return Communities(pd.Series(range(g.vcount()), index=g.vs["name"], dtype="int64"), None)
    with seeded_igraph():
        parts = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
    membership = pd.Series(parts.membership, index=g.vs["name"], dtype="int64")
    return Communities(membership, float(g.modularity(parts.membership, weights="weight")))


@carried_with(method)
def bottlenecks(net: Network) -> pd.Index:
    """People whose removal leaves some team with no path at all to another team.

    A cut vertex that only strands one colleague of a team that stays connected is not a
    bottleneck; one that is the sole route between whole teams is. Computed on the block-cut
    tree (biconnected components and the cut vertices joining them), so each cut vertex costs
    a few vector sums instead of a fresh component search: a sparse 3,000-person graph can
    have 2,000 cut vertices.
    """
    import igraph as ig

    g = net.internal_igraph
    # Edge ids of a spanning tree per block; igraph's own wrapper lists every edge of the graph
    # to turn these into vertex sets, while only the tree edges are needed.
    trees, cuts = ig.GraphBase.biconnected_components(g, True)
    blocks = [sorted({v for edge in g.es[tree] for v in edge.tuple}) for tree in trees]
    groups = net.groups.reindex(g.vs["name"]).to_numpy(dtype=object)
    codes = {name: i for i, name in enumerate(sorted({x for x in groups if isinstance(x, str) and x != UNKNOWN_TEAM}))}
    if not cuts or len(codes) < 2:
        return pd.Index([], dtype=object)
    tree = _BlockCutTree(blocks, cuts, [codes.get(x, -1) for x in groups], len(codes))
    return pd.Index([g.vs[v]["name"] for v in cuts if _separates_groups(tree.pieces(v))], dtype=object)


def _separates_groups(pieces: np.ndarray) -> bool:
    """True when two teams share no piece (no member of one can reach any member of the other)."""
    pieces = pieces[:, pieces.any(axis=0)]
    if pieces.shape[1] < 2 or pieces.all(axis=1).any():  # one piece holds every team: nothing cut apart
        return False
    together = pieces.T.astype(np.int32) @ pieces.astype(np.int32)
    return bool((together == 0).any())


class _BlockCutTree:
    """Blocks and cut vertices as a forest, with per-team head counts for every subtree."""

    def __init__(self, blocks: list[list[int]], cuts: list[int], group: list[int], n_groups: int) -> None:
        self.cut_node = {v: len(blocks) + i for i, v in enumerate(cuts)}
        size = len(blocks) + len(cuts)
        own = np.zeros((size, n_groups), dtype=np.int32)
        self.neighbours: list[list[int]] = [[] for _ in range(size)]
        for b, members in enumerate(blocks):
            for v in members:
                if v in self.cut_node:
                    self.neighbours[b].append(self.cut_node[v])
                    self.neighbours[self.cut_node[v]].append(b)
                elif group[v] >= 0:
                    own[b, group[v]] += 1
        for v, node in self.cut_node.items():
            if group[v] >= 0:
                own[node, group[v]] += 1
        self.parent = np.full(size, -1)
        self.root = np.arange(size)
        self.below = own  # becomes: head counts per team in each node's subtree
        for node in reversed(self._walk()):
            if self.parent[node] >= 0:
                self.below[self.parent[node]] += self.below[node]

    def _walk(self) -> list[int]:
        """Depth-first order over every tree of the forest, filling parent and root."""
        seen = np.zeros(len(self.neighbours), dtype=bool)
        order = []
        for start in range(len(self.neighbours)):
            if seen[start]:
                continue
            seen[start] = True
            stack = [start]
            while stack:
                node = stack.pop()
                order.append(node)
                self.root[node] = start
                for nxt in self.neighbours[node]:
                    if not seen[nxt]:
                        seen[nxt] = True
                        self.parent[nxt] = node
                        stack.append(nxt)
        return order

    def pieces(self, cut: int) -> np.ndarray:
        """Boolean (pieces x teams): which teams are in each piece left when ``cut`` is removed."""
        node = self.cut_node[cut]
        counts = [self.below[c] for c in self.neighbours[node] if c != self.parent[node]]
        if self.parent[node] >= 0:
            counts.append(self.below[self.root[node]] - self.below[node])
        return np.array(counts) > 0
