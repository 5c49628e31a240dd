"""Betweenness by matrix products gives igraph's values, whatever the graph and the starting people."""

from __future__ import annotations

import threading
from unittest import mock

import igraph as ig
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnostic.network import paths


@st.composite
def graphs(draw) -> tuple[int, np.ndarray, np.ndarray, list[int]]:
    """Small undirected graphs, often disconnected, with ties listed twice or both ways, and some starting people."""
    n = draw(st.integers(min_value=1, max_value=30))
    ties = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda t: t[0] != t[1]), max_size=80))
    sources = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    a = np.array([t[0] for t in ties], dtype=np.int64)
    b = np.array([t[1] for t in ties], dtype=np.int64)
    return n, a, b, sources


def igraph_betweenness(n: int, a: np.ndarray, b: np.ndarray, sources: list[int] | None = None) -> np.ndarray:
    g = ig.Graph(n=n, edges=list(zip(a.tolist(), b.tolist())), directed=False).simplify()
    return np.asarray(g.betweenness(directed=False, sources=sources), dtype=float)


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_matches_igraph_from_any_starting_people(graph):
    n, a, b, sources = graph
    assert paths.betweenness(n, a, b, np.array(sources)) == pytest.approx(igraph_betweenness(n, a, b, sources), rel=1e-5, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(graphs())
def test_sparse_adjacency_gives_the_same_values(graph):
    n, a, b, sources = graph
    with mock.patch.object(paths, "DENSE_MAX", 0):
        values = paths.betweenness(n, a, b, np.array(sources))
    assert values == pytest.approx(igraph_betweenness(n, a, b, sources), rel=1e-5, abs=1e-6)


def test_every_person_as_a_source_is_exact_betweenness():
    rng = np.random.default_rng(7)
    n = 120
    a, b = rng.integers(0, n, 600), rng.integers(0, n, 600)
    keep = a != b
    a, b = a[keep], b[keep]
    assert paths.betweenness(n, a, b, np.arange(n)) == pytest.approx(igraph_betweenness(n, a, b), rel=1e-5)


def test_a_star_routes_everything_through_its_centre():
    n = 6
    a, b = np.zeros(n - 1, dtype=np.int64), np.arange(1, n)
    values = paths.betweenness(n, a, b, np.arange(n))
    assert values[0] == pytest.approx((n - 1) * (n - 2) / 2)
    assert values[1:] == pytest.approx(np.zeros(n - 1))


def test_more_paths_than_single_precision_holds_are_counted_in_double():
    """A chain of 140 diamonds has 2^140 shortest paths end to end: past the single-precision limit."""
    diamonds = 140
    ties = []
    for d in range(diamonds):
        left, up, down, right = 3 * d, 3 * d + 1, 3 * d + 2, 3 * d + 3
        ties += [(left, up), (left, down), (up, right), (down, right)]
    n = 3 * diamonds + 1
    a, b = np.array([t[0] for t in ties]), np.array([t[1] for t in ties])
    values = paths.betweenness(n, a, b, np.array([0, n - 1]))
    assert np.isfinite(values).all()
    assert values == pytest.approx(igraph_betweenness(n, a, b, [0, n - 1]), rel=1e-9)


def test_no_people_or_no_sources_give_no_values():
    empty = np.zeros(0, dtype=np.int64)
    assert paths.betweenness(0, empty, empty, np.arange(0)).shape == (0,)
    assert (paths.betweenness(3, np.array([0]), np.array([1]), np.arange(0)) == 0).all()


def test_threads_leave_the_blas_thread_count_as_they_found_it():
    """Sessions run in threads; the one-thread limit is process-wide, so each must restore what it found."""
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"]

    before = blas_threads()
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 200, 2000), rng.integers(0, 200, 2000)
    keep = a != b
    workers = [
        threading.Thread(target=lambda: [paths.betweenness(200, a[keep], b[keep], np.arange(200)) for _ in range(3)]) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert blas_threads() == before
