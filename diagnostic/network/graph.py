"""The network of one dataset, built once and shared by the summary, the map and ten indicators.

:class:`Network` holds the edge frame (directed email, undirected meetings and ties) and the
people frame, and derives on first use the undirected pair frame, the ties between the council's
own people as position arrays (for betweenness), an igraph graph for the other heavy algorithms
(communities, cut vertices, layout) and, for anyone exploring in Python, the same graph as a
networkx ``Graph``. Anything expensive is memoised on the object, and :func:`network_for` keeps
the last few networks keyed by the tables they read and the settings, so building the graph
happens once per loaded dataset whichever part of the product asks first.

Groups: people are shown by team, but no figure may describe fewer than
``settings.min_group_size`` people. Teams that small are merged into ``OTHER_TEAMS`` (partner
agencies into ``OTHER_PARTNERS``); when even the merged group is too small its people are left
out of every team-level figure (group ``None``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.memo import IdentityMemo, memoising
from diagnostic.network.build import KIND_BITS, build_edges, people_frame
from diagnostic.network.keys import unique_codes
from diagnostic.roster import OTHER_TEAMS
from diagnostic.settings import Settings

if TYPE_CHECKING:  # imported where used: the graph libraries cost a second to import, and loading files needs neither
    import igraph as ig
    import networkx as nx

OTHER_PARTNERS = "Other partners"
LEVELS = ("person", "team", "organisation")
CACHE_SIZE = 4


@dataclass
class Network:
    """Edges, people and their groups for one dataset under one set of settings."""

    edges: pd.DataFrame
    people: pd.DataFrame
    stats: dict[str, int]
    min_group_size: int
    codes: tuple[pd.Index, np.ndarray, np.ndarray] = field(repr=False)  # ids, source, target (see Edges)
    bits: np.ndarray = field(repr=False)  # each edge's kind bit (see Edges)
    sources: dict[str, object] = field(default_factory=dict, repr=False)  # each source table's edge part (see carry.recall)
    _memo: dict[Hashable, Any] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Compute once, then return the stored value (layouts, betweenness, communities); afresh when memoising is off."""
        if not memoising():
            return compute()
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    def people_memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """:meth:`memo` for what follows from the people frame and the minimum group size alone.

        Shared by every network built on the same people frame object (see
        :func:`~diagnostic.network.build.people_frame`): a scenario that keeps everyone in the
        network reuses the baseline's groups and digests.
        """
        return self.memo(key, lambda: _BY_PEOPLE.get((self.people,), (key, self.min_group_size), compute))

    # --- people -------------------------------------------------------------------------
    @property
    def internal_ids(self) -> pd.Index:
        return self.people.index[self.people["internal"]]

    @property
    def internal_at(self) -> np.ndarray:
        """For each position in the people frame, that person's position in ``internal_ids`` (-1 for partners)."""

        def compute() -> np.ndarray:
            internal = self.people["internal"].to_numpy(dtype=bool)
            return np.where(internal, np.cumsum(internal) - 1, -1)

        return self.people_memo("internal_at", compute)

    @property
    def has_teams(self) -> bool:
        """True when the roster gave at least one internal person a team."""
        return bool(self.people["rostered"].any())

    @property
    def groups(self) -> pd.Series:
        """person_id -> shown group (team, agency, ``OTHER_TEAMS``/``OTHER_PARTNERS``) or None."""
        return self.people_memo("groups", lambda: shown_groups(self.people, self.min_group_size))

    @property
    def group_codes(self) -> tuple[np.ndarray, list[str]]:
        """Each person's shown group as a code into the sorted group names (-1 for none), and those names."""

        def compute() -> tuple[np.ndarray, list[str]]:
            group = pd.Categorical(self.groups)
            return group.codes.astype(np.int64), [str(c) for c in group.categories]

        return self.people_memo("group_codes", compute)

    # --- pairs and graphs ---------------------------------------------------------------
    @property
    def ends(self) -> tuple[np.ndarray, np.ndarray]:
        """Each edge's source and target as positions in the people frame, read from the edges' own codes.

        Found once per network, so that what follows groups and joins on these integers rather than
        on the ids: the edge frame has a row per person pair per kind per window.
        """

        def compute() -> tuple[np.ndarray, np.ndarray]:
            ids, source, target = self.codes
            at = self.people.index.get_indexer(ids)
            return at[source], at[target]

        return self.memo("ends", compute)

    def pairs(self, kinds: Iterable[str] | None = None) -> pd.DataFrame:
        """Undirected person pairs: weight, count and the kinds that tie them (see :func:`undirected_pairs`)."""
        key = "pairs:" + ",".join(sorted(kinds)) if kinds is not None else "pairs"
        return self.memo(key, lambda: undirected_pairs(self.edges, self.ends, self.people.index, self.bits, kinds))

    @property
    def graph(self) -> nx.Graph:
        """The networkx model: everyone in the network, ties undirected and weighted."""
        return self.memo("graph", lambda: to_networkx(self.people.index, self.pairs()))

    @property
    def internal_ties(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ties between the council's own people: each end's position in ``internal_ids``, and the weight."""

        def compute() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            pairs, at = self.pairs(), self.internal_at
            a, b = at[pairs["ia"].to_numpy()], at[pairs["ib"].to_numpy()]
            inside = (a >= 0) & (b >= 0)
            return a[inside], b[inside], pairs["weight"].to_numpy(dtype=float)[inside]

        return self.memo("internal_ties", compute)

    @property
    def internal_igraph(self) -> ig.Graph:
        """The council's own people and their ties, in igraph (vertex ``name``, edge ``weight``).

        Built straight from the pair frame: the graph communities, bottlenecks and brokers read.
        """
        return self.memo("internal_igraph", lambda: igraph_of(self.internal_ids, *self.internal_ties))


def network_for(dataset: Dataset, settings: Settings) -> Network:
    """The dataset's network, built on first request and then reused.

    Keyed by the identity of the tables the network reads and the whole settings key (see
    :mod:`diagnostic.memo`): a scenario lever changes tables, never settings, so a lever that
    leaves these tables alone gets the same network back.
    """
    frames = tuple(getattr(dataset, t) for t in NETWORK_TABLES)
    return _CACHE.get(frames, settings.key, lambda: build_network(dataset, settings))


NETWORK_TABLES = ("people", "messages", "attendance", "meetings", "ties")
_CACHE: IdentityMemo[Network] = IdentityMemo(CACHE_SIZE)
_BY_PEOPLE: IdentityMemo = IdentityMemo(32)  # a few values per people frame (Network.people_memo)


def build_network(dataset: Dataset, settings: Settings) -> Network:
    """Build without the cache (tests and benchmarks time this)."""
    edges = build_edges(dataset, settings)
    people = people_frame(dataset, settings, edges.frame, edges.first_seen())
    codes = (edges.ids, edges.source, edges.target)
    return Network(
        edges=edges.frame,
        people=people,
        stats=edges.stats,
        min_group_size=settings.min_group_size,
        codes=codes,
        bits=edges.bits,
        sources=edges.parts,
    )


def shown_groups(people: pd.DataFrame, min_size: int) -> pd.Series:
    """Each person's group for team-level figures, merging and suppressing small groups."""
    team = people["team"].astype(object)
    internal = people["internal"]
    sizes = team.value_counts()
    small = team.map(sizes) < min_size
    merged = team.where(~small, pd.Series(OTHER_TEAMS, index=team.index).where(internal, OTHER_PARTNERS))
    merged_sizes = merged.value_counts()
    too_small = merged.map(merged_sizes) < min_size
    return merged.where(~too_small, None).rename("group")


def undirected_pairs(
    edges: pd.DataFrame,
    ends: tuple[np.ndarray, np.ndarray],
    people: pd.Index,
    bits: np.ndarray,
    kinds: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Sum every kind and window of tie into one row per unordered pair, ordered by position.

    ``ends`` are the edges' source and target positions in ``people``, ``bits`` their kinds as
    :func:`kind_bits` gives them. Only ``kinds`` are summed, when given. Columns a, b (person
    ids, ``a`` the one earlier in ``people``), ia, ib (their positions), weight, count, mask
    (bit per kind, see ``KIND_BITS``) and kinds (the same as words). Grouping runs on one
    integer key per pair: a 3,000-person trace has millions of rows.
    """
    source, target = ends
    if kinds is not None:
        keep = (bits & sum(KIND_BITS.get(kind, 0) for kind in set(kinds))) != 0  # the kinds are read from their bits, not the text
        edges, source, target, bits = edges[keep], source[keep], target[keep], bits[keep]
    n = max(len(people), 1)
    keys, pair = unique_codes(np.minimum(source, target).astype(np.int64) * n + np.maximum(source, target), n * n)
    weight = np.bincount(pair, weights=edges["weight"].to_numpy(dtype=float), minlength=len(keys))
    count = np.bincount(pair, weights=edges["count"].to_numpy(dtype=float), minlength=len(keys)).astype(np.int64)
    mask = np.zeros(len(keys), dtype=np.int64)
    np.bitwise_or.at(mask, pair, bits)
    tied = weight > 0
    ia, ib = np.divmod(keys[tied], n)
    ids = pd.array(people, dtype="str")
    return pd.DataFrame(
        {
            "a": ids.take(ia),
            "b": ids.take(ib),
            "ia": ia,
            "ib": ib,
            "weight": weight[tied],
            "count": count[tied],
            "mask": mask[tied],
            "kinds": kinds_label(mask[tied]),
        }
    )


def kinds_label(mask: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Bit masks -> "email, meeting" style words."""
    labels = [", ".join(k for k, bit in KIND_BITS.items() if m & bit) for m in range(1 << len(KIND_BITS))]
    return pd.array(labels, dtype="str").take(np.asarray(mask, dtype=np.intp))


def to_networkx(nodes: Iterable[str], pairs: pd.DataFrame) -> nx.Graph:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(zip(pairs["a"], pairs["b"], pairs["weight"]))
    return graph


def to_igraph(nodes: pd.Index, pairs: pd.DataFrame) -> ig.Graph:
    """An undirected weighted igraph of ``nodes`` and the pairs between them (others dropped)."""
    nodes = pd.Index(nodes)
    return igraph_of(nodes, nodes.get_indexer(pairs["a"]), nodes.get_indexer(pairs["b"]), pairs["weight"].to_numpy(dtype=float))


def igraph_of(names: pd.Index, a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> ig.Graph:
    """Vertices ``names``; an edge a[i]--b[i] of ``weight[i]`` wherever both ends are vertices (>= 0)."""
    import igraph as ig

    inside = (a >= 0) & (b >= 0)
    g = ig.Graph(n=len(names), edges=np.column_stack([a[inside], b[inside]]), directed=False)
    g.vs["name"] = list(names)
    g.es["weight"] = weight[inside].tolist()
    return g
