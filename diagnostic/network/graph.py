"""The network of one dataset, built once and shared by the summary, the map and ten indicators.

:class:`Network` holds the edge frame (directed email, undirected meetings and ties) and the
people frame, and derives on first use the undirected pair frame, an igraph graph for the heavy
algorithms (betweenness, communities, cut vertices, layout: tens of times faster than networkx)
and, for anyone exploring in Python, the same graph as a networkx ``Graph``. Anything expensive
is memoised on the object, and
:func:`network_for` keeps the last few networks keyed by the dataset's identity, so building the
graph happens once per loaded dataset whichever part of the product asks first.

Groups: people are shown by team, but no figure may describe fewer than
``settings.min_group_size`` people. Teams that small are merged into ``OTHER_TEAMS`` (partner
agencies into ``OTHER_PARTNERS``); when even the merged group is too small its people are left
out of every team-level figure (group ``None``).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.network.build import KINDS, build_edges, people_frame
from diagnostic.settings import Settings

OTHER_TEAMS = "Other teams"
OTHER_PARTNERS = "Other partners"
LEVELS = ("person", "team", "organisation")
CACHE_SIZE = 4
KIND_BITS = {kind: 1 << i for i, kind in enumerate(KINDS)}


@dataclass
class Network:
    """Edges, people and their groups for one dataset under one set of settings."""

    edges: pd.DataFrame
    people: pd.DataFrame
    stats: dict[str, int]
    min_group_size: int
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute once, then return the stored value (layouts, betweenness, communities)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    # --- people -------------------------------------------------------------------------
    @property
    def internal_ids(self) -> pd.Index:
        return self.people.index[self.people["internal"]]

    @property
    def has_teams(self) -> bool:
        """True when the roster gave at least one internal person a team."""
        return bool(self.people["rostered"].any())

    @property
    def groups(self) -> pd.Series:
        """person_id -> shown group (team, agency, ``OTHER_TEAMS``/``OTHER_PARTNERS``) or None."""
        return self.memo("groups", lambda: shown_groups(self.people, self.min_group_size))

    # --- pairs and graphs ---------------------------------------------------------------
    def pairs(self, kinds: Iterable[str] | None = None) -> pd.DataFrame:
        """Undirected person pairs (``a < b``): weight, count and the kinds that tie them."""
        key = "pairs:" + ",".join(sorted(kinds)) if kinds is not None else "pairs"
        return self.memo(key, lambda: undirected_pairs(self.edges, self.people.index, kinds))

    @property
    def graph(self) -> nx.Graph:
        """The networkx model: everyone in the network, ties undirected and weighted."""
        return self.memo("graph", lambda: to_networkx(self.people.index, self.pairs()))

    @property
    def internal_igraph(self) -> ig.Graph:
        """The council's own people and their ties, in igraph (vertex ``name``, edge ``weight``).

        Built straight from the pair frame: the graph the structural measures and indicators read.
        """
        return self.memo("internal_igraph", lambda: to_igraph(self.internal_ids, self.pairs()))


def network_for(dataset: Dataset, settings: Settings) -> Network:
    """The dataset's network, built on first request and then reused.

    Keyed by the identity of the tables the network reads (tables are never changed in place; a
    scenario that leaves them alone passes the same objects on) plus the settings that change
    the network. Weak references check the tables are still the same objects, so new tables
    that happen to reuse a freed id never get a stale network.
    """
    frames = tuple(getattr(dataset, t) for t in NETWORK_TABLES)
    key = (
        tuple(id(f) for f in frames),
        settings.min_group_size,
        settings.meeting_size_cap,
        tuple(sorted(settings.partner_domains.items())),
        settings.internal_domains,
    )
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and all((r() if r is not None else None) is f for r, f in zip(hit[0], frames)):
            _CACHE.move_to_end(key)
            return hit[1]
    network = build_network(dataset, settings)
    with _CACHE_LOCK:
        _CACHE[key] = (tuple(weakref.ref(f) if f is not None else None for f in frames), network)
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return network


NETWORK_TABLES = ("people", "messages", "attendance", "meetings", "ties")
_CACHE: OrderedDict[tuple, tuple[tuple, Network]] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def build_network(dataset: Dataset, settings: Settings) -> Network:
    """Build without the cache (tests and benchmarks time this)."""
    edges = build_edges(dataset, settings)
    people = people_frame(dataset, settings, edges.frame)
    return Network(edges=edges.frame, people=people, stats=edges.stats, min_group_size=settings.min_group_size)


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


def undirected_pairs(edges: pd.DataFrame, people: pd.Index, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Sum every kind and window of tie into one row per unordered pair (a < b).

    Columns a, b (person ids), weight, count, mask (bit per kind, see ``KIND_BITS``) and kinds
    (the same as words). People are coded as integers first: grouping integers is many times
    faster than grouping strings, and a 3,000-person trace has millions of rows.
    """
    e = edges if kinds is None else edges[edges["kind"].isin(list(kinds))]
    s = people.get_indexer(e["source"])
    t = people.get_indexer(e["target"])
    low, high = np.minimum(s, t), np.maximum(s, t)
    key = low.astype(np.int64) * len(people) + high
    frame = pd.DataFrame(
        {
            "key": key,
            "weight": e["weight"].to_numpy(),
            "count": e["count"].to_numpy(),
            "bit": e["kind"].map(KIND_BITS).fillna(0).to_numpy(dtype=np.int64),
        }
    )
    sums = frame.groupby("key", sort=True)[["weight", "count"]].sum()
    masks = frame.drop_duplicates(["key", "bit"]).groupby("key", sort=True)["bit"].sum()
    sums = sums[sums["weight"] > 0]
    keys = sums.index.to_numpy()
    ids = people.to_numpy(dtype=object)
    mask = masks.reindex(sums.index).to_numpy(dtype=np.int64)
    return pd.DataFrame(
        {
            "a": ids[keys // max(len(people), 1)],
            "b": ids[keys % max(len(people), 1)],
            "weight": sums["weight"].to_numpy(dtype=float),
            "count": sums["count"].to_numpy(dtype=np.int64),
            "mask": mask,
            "kinds": kinds_label(mask),
        }
    )


def kinds_label(mask: np.ndarray) -> np.ndarray:
    """Bit masks -> "email, meeting" style words."""
    labels = {m: ", ".join(k for k, bit in KIND_BITS.items() if m & bit) for m in range(1 << len(KIND_BITS))}
    return pd.Series(mask, dtype=np.int64).map(labels).to_numpy(dtype=object)


def to_networkx(nodes: Iterable[str], pairs: pd.DataFrame) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(zip(pairs["a"], pairs["b"], pairs["weight"]))
    return graph


def to_igraph(nodes: pd.Index, pairs: pd.DataFrame) -> ig.Graph:
    """An undirected weighted igraph of ``nodes`` and the pairs between them (others dropped)."""
    nodes = pd.Index(nodes)
    a, b = nodes.get_indexer(pairs["a"]), nodes.get_indexer(pairs["b"])
    inside = (a >= 0) & (b >= 0)
    g = ig.Graph(n=len(nodes), edges=np.column_stack([a[inside], b[inside]]).tolist(), directed=False)
    g.vs["name"] = list(nodes)
    g.es["weight"] = pairs["weight"].to_numpy(dtype=float)[inside].tolist()
    return g
