"""Shortest-path betweenness by matrix products: Brandes' algorithm run from many people at once.

Brandes' algorithm searches breadth-first from each starting person, counting shortest paths on
the way out and gathering each person's share of them on the way back. Here every starting
person is searched at the same time: one breadth-first level is one product of the frontier
(starting people x people) with the adjacency matrix, and each level on the way back is another.
Collaboration networks have short distances (the 1,000-person sample organisation: at most 4
steps), so a few products replace hundreds of searches, and a scenario that changes who meets
whom runs them on every lever move (benchmarks/network.py times them). The values agree with
igraph's to single precision (tests compare them on random graphs).
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # imported where used: scipy costs a quarter of a second to import
    import scipy.sparse as sp
    from threadpoolctl import ThreadpoolController

DENSE_MAX = 4000  # people up to which the adjacency is a dense matrix (64 MB at this size), sparse above
_BLAS_LOCK = threading.Lock()  # the thread limit is process-wide: two sessions must not restore each other's


@functools.cache
def _blas() -> ThreadpoolController:
    """The BLAS thread limiter, made on first use: making it scans every loaded library."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def betweenness(n: int, a: np.ndarray, b: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Each of ``n`` people's betweenness over the shortest paths that start at ``sources``.

    The graph is undirected and unweighted: person ``a[i]`` is tied to ``b[i]``. As in igraph's
    ``betweenness(directed=False, sources=...)``, each path is counted from its starting end only
    and then halved, so with every person as a source this is the usual undirected betweenness.
    Path counts are kept in single precision, which is exact up to 16 million paths between two
    people; a network with more paths than single precision can hold
    is worked out again in double precision.
    """
    sources = np.asarray(sources, dtype=np.int64)
    if n == 0 or len(sources) == 0:
        return np.zeros(n)
    # A second BLAS thread doubles the CPU time and saves no wall time here; an overflow in
    # single precision shows as a value that is not finite, and is then worked out again.
    with _BLAS_LOCK, _blas().limit(limits=1, user_api="blas"), np.errstate(over="ignore", invalid="ignore"):
        for dtype in (np.float32, np.float64):
            values = _brandes(_adjacency(n, a, b, dtype), sources, dtype)
            if np.isfinite(values).all():
                break
    return values / 2


def _adjacency(n: int, a: np.ndarray, b: np.ndarray, dtype: type) -> np.ndarray | sp.csr_array:
    """The symmetric 0/1 adjacency matrix: dense up to ``DENSE_MAX`` people, sparse above."""
    ends = (np.concatenate([a, b]), np.concatenate([b, a]))
    if n <= DENSE_MAX:
        matrix = np.zeros((n, n), dtype=dtype)
        matrix[ends] = 1
        return matrix
    import scipy.sparse as sp

    matrix = sp.csr_array((np.ones(len(ends[0]), dtype=dtype), ends), shape=(n, n))
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def _brandes(adjacency: np.ndarray | sp.csr_array, sources: np.ndarray, dtype: type) -> np.ndarray:
    """Dependencies summed over ``sources`` (each path counted once per end that is a source)."""
    rows, n = len(sources), adjacency.shape[0]
    level = np.full((rows, n), -1, dtype=np.int32)  # steps from each source; -1 not reached
    paths = np.zeros((rows, n), dtype=dtype)  # shortest paths from each source
    level[np.arange(rows), sources] = 0
    paths[np.arange(rows), sources] = 1
    frontier, depth = paths.copy(), 0
    while True:
        waiting = np.flatnonzero((level < 0).any(axis=0))  # people some search has yet to reach
        if len(waiting) == 0:
            break
        few = waiting if len(waiting) < n // 2 else None  # the last levels: only these people's columns can change
        reach = _times(frontier, adjacency, few)
        new = (reach > 0) & ((level if few is None else level[:, few]) < 0)
        if not new.any():
            break
        depth += 1
        reach *= new  # the paths that reach each person first at this level
        frontier = reach if few is None else np.zeros_like(paths)
        if few is not None:
            frontier[:, few] = reach
        np.copyto(level, depth, where=frontier > 0)
        paths += frontier
    # Back from the farthest level; sources (level 0) gain nothing. In place: this runs per lever move.
    dependency = np.zeros((rows, n), dtype=dtype)
    share = np.empty((rows, n), dtype=dtype)
    for step in range(depth, 1, -1):
        share.fill(0)
        np.divide(1 + dependency, paths, out=share, where=level == step)
        gathered = _times(share, adjacency)
        gathered *= paths
        gathered *= level == step - 1
        dependency += gathered
    return dependency.sum(axis=0, dtype=np.float64)


def _times(matrix: np.ndarray, adjacency: np.ndarray | sp.csr_array, columns: np.ndarray | None = None) -> np.ndarray:
    """``matrix @ adjacency`` (only its ``columns`` when given), reading only the people ``matrix`` holds a value for.

    The first level out (the starting people) and the farthest levels hold few people, so their
    products shrink to a few rows of the adjacency matrix; the farthest levels also need only the
    columns of the few people still unreached.
    """
    used = np.flatnonzero(matrix.any(axis=0))
    if len(used) < matrix.shape[1] // 2:
        matrix, adjacency = matrix[:, used], adjacency[used]
    if columns is not None:
        adjacency = adjacency[:, columns]
    return np.asarray(matrix @ adjacency)
