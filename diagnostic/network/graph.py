"""The network of one dataset, built once and shared by the summary, the map and ten indicators.

:class:`Network` holds the edge frame and the people frame and derives, on first use, the
networkx graphs (the model: ``Graph`` for ties, ``DiGraph`` for email direction) and an igraph
copy for the heavy algorithms. Anything expensive is memoised on the object, and
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
from diagnostic.network.build import build_edges, people_frame
from diagnostic.settings import Settings

OTHER_TEAMS = "Other teams"
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
        return self.memo(key, lambda: undirected_pairs(self.edges, kinds))

    @property
    def graph(self) -> nx.Graph:
        """Everyone in the network, ties undirected and weighted."""
        return self.memo("graph", lambda: to_networkx(self.people.index, self.pairs()))

    @property
    def internal_graph(self) -> nx.Graph:
        """The council's own people only: the graph the structural indicators read."""
        return self.memo("internal_graph", lambda: self.graph.subgraph(self.internal_ids).copy())

    @property
    def email_digraph(self) -> nx.DiGraph:
        """Who wrote to whom directly (messages to at most ten people), internal people only."""
        return self.memo("email_digraph", lambda: direct_email_digraph(self.edges, self.internal_ids))

    @property
    def internal_igraph(self) -> ig.Graph:
        """igraph copy of :attr:`internal_graph` (vertex attribute ``name``, edge ``weight``)."""
        return self.memo("internal_igraph", lambda: to_igraph(self.internal_graph))


def network_for(dataset: Dataset, settings: Settings) -> Network:
    """The dataset's network, built on first request and then reused.

    Keyed by the dataset's identity (a Dataset is frozen) plus the settings that change the
    network. A weak reference checks the dataset is still the same object, so a new dataset
    that happens to reuse a freed id never gets a stale network.
    """
    key = (
        id(dataset),
        settings.min_group_size,
        settings.meeting_size_cap,
        tuple(sorted(settings.partner_domains.items())),
        settings.internal_domains,
    )
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0]() is dataset:
            _CACHE.move_to_end(key)
            return hit[1]
    network = build_network(dataset, settings)
    with _CACHE_LOCK:
        _CACHE[key] = (weakref.ref(dataset), network)
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return network


_CACHE: OrderedDict[tuple, tuple[weakref.ref, Network]] = OrderedDict()
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


def undirected_pairs(edges: pd.DataFrame, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Sum every kind and window of tie into one row per unordered pair."""
    e = edges if kinds is None else edges[edges["kind"].isin(list(kinds))]
    if e.empty:
        return pd.DataFrame(
            {
                "a": pd.Series(dtype=object),
                "b": pd.Series(dtype=object),
                "weight": pd.Series(dtype=float),
                "count": pd.Series(dtype="int64"),
                "kinds": pd.Series(dtype=object),
            }
        )
    s, t = e["source"].to_numpy(dtype=object), e["target"].to_numpy(dtype=object)
    swap = s > t
    frame = pd.DataFrame(
        {
            "a": np.where(swap, t, s),
            "b": np.where(swap, s, t),
            "kind": e["kind"].to_numpy(dtype=object),
            "weight": e["weight"].to_numpy(),
            "count": e["count"].to_numpy(),
        }
    )
    out = frame.groupby(["a", "b"], as_index=False, sort=False).agg(
        weight=("weight", "sum"), count=("count", "sum"), kinds=("kind", _join_kinds)
    )
    return out[out["weight"] > 0].reset_index(drop=True)


def _join_kinds(kinds: pd.Series) -> str:
    return ", ".join(sorted(set(kinds)))


def to_networkx(nodes: Iterable[str], pairs: pd.DataFrame) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(zip(pairs["a"], pairs["b"], pairs["weight"]))
    return graph


def direct_email_digraph(edges: pd.DataFrame, internal: pd.Index) -> nx.DiGraph:
    e = edges[(edges["kind"] == "email") & (edges["direct_count"] > 0)]
    e = e[e["source"].isin(internal) & e["target"].isin(internal)]
    graph = nx.DiGraph()
    graph.add_edges_from(zip(e["source"], e["target"]))
    return graph


def to_igraph(graph: nx.Graph) -> ig.Graph:
    """Copy a weighted undirected networkx graph into igraph, keeping node names."""
    names = list(graph.nodes)
    index = {name: i for i, name in enumerate(names)}
    g = ig.Graph(n=len(names), edges=[(index[u], index[v]) for u, v in graph.edges], directed=False)
    g.vs["name"] = names
    g.es["weight"] = [w for _, _, w in graph.edges(data="weight", default=1.0)]
    return g
