"""Where each node sits on the map: computed once per network and level, seeded, then reused.

The layout is drawn from the whole network (every kind of tie), so filtering the map by kind or
weight hides lines without moving anyone: the same team stays in the same place on every view,
which matters when a room is looking at the map together. People are placed by python-igraph's
Fruchterman-Reingold (networkx's spring layout is far slower at a few thousand people,
see benchmarks/network.py); the few dozen nodes of most team maps use networkx, and a large
council's hundreds of teams (tens of thousands of links) go to igraph too, where networkx takes seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.network.graph import Network, to_igraph
from diagnostic.network.metrics import SEED, seeded_igraph

PERSON_ITERATIONS = 300  # enough for the layout to settle at a few thousand people
TEAM_ITERATIONS = 200
NETWORKX_MAX_GROUPS = 100  # above this many teams networkx's layout costs seconds (0.14 s at 100, 1.5 s at 356)


def positions(net: Network, level: str, pairs: pd.DataFrame, nodes: pd.Index) -> pd.DataFrame:
    """x, y in [-1, 1] for each node (same scale on both axes), memoised per level.

    ``pairs`` (columns a, b, weight) and ``nodes`` are the level's full, unfiltered graph.
    """
    large = level == "person" or len(nodes) > NETWORKX_MAX_GROUPS
    return net.memo(f"layout:{level}", lambda: person_layout(nodes, pairs) if large else group_layout(nodes, pairs))


def person_layout(nodes: pd.Index, pairs: pd.DataFrame) -> pd.DataFrame:
    """Fruchterman-Reingold in igraph with log-damped weights (one busy pair must not collapse the map).

    Used for people, and for team maps too large for :func:`group_layout`.
    """
    g = to_igraph(nodes, pairs)
    if g.vcount() == 0:
        return _frame([], np.empty((0, 2)))
    spread = np.sqrt(g.vcount())  # start spread out: a cramped start makes the forces huge and the run slow
    start = np.random.default_rng(SEED).uniform(-spread, spread, size=(g.vcount(), 2)).tolist()
    with seeded_igraph():
        layout = g.layout_fruchterman_reingold(
            weights=np.log1p(g.es["weight"]).tolist() if g.ecount() else None, niter=PERSON_ITERATIONS, seed=start
        )
    return _frame(g.vs["name"], np.asarray(layout.coords, dtype=float))


def group_layout(nodes: pd.Index, pairs: pd.DataFrame) -> pd.DataFrame:
    """networkx spring layout of a team-level graph (small enough not to matter)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(zip(pairs["a"], pairs["b"], np.log1p(pairs["weight"].to_numpy(dtype=float))))
    if graph.number_of_nodes() == 0:
        return _frame([], np.empty((0, 2)))
    pos = nx.spring_layout(graph, seed=SEED, weight="weight", iterations=TEAM_ITERATIONS)
    names = list(graph.nodes)
    return _frame(names, np.array([pos[n] for n in names], dtype=float))


def _frame(names: list, coords: np.ndarray) -> pd.DataFrame:
    """Centre the bounding box and scale by its longer side into [-1, 1]: x and y keep one unit."""
    if len(coords):
        low, high = coords.min(axis=0), coords.max(axis=0)
        coords = coords - (low + high) / 2
        half = (high - low).max() / 2
        if half > 0:
            coords = coords / half
    return pd.DataFrame(
        {"x": coords[:, 0] if len(coords) else [], "y": coords[:, 1] if len(coords) else []}, index=pd.Index(names, dtype=object)
    )
