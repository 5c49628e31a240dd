"""How far each network measure's value may travel: the carry-over classes, declared in one table.

A measure is worked out once per :class:`~diagnostic.network.graph.Network` and kept on it. Some
read less than the whole network, so their value also holds for another network that agrees on
what they read, and a scenario lever that leaves that part alone carries the value over instead
of working it out again. :data:`CARRY_OVER` says, for every memoised measure, which class it is in:

- ``per network``: reads tie weights or more, so it is kept on its own network only;
- ``per people``: reads the people frame and the minimum group size alone, so every network
  built on the same people frame object shares it (:meth:`Network.people_memo
  <diagnostic.network.graph.Network.people_memo>`);
- ``same ties``: reads who is tied to whom, unweighted, and their teams (:func:`tie_structure`):
  moving email to the morning or shortening meetings keeps it;
- ``same windows``: reads who is tied to whom in which 4-week window, by kind and directness
  (:func:`window_structure`): shortening meetings or turning messages into copies keeps it;
- ``same source``: reads only one source table's edges and the people: it is carried over from
  any network with that very edge part and people frame (a meetings lever keeps the email's),
  else as ``same windows``.

Measures are plain functions of the network marked :func:`carried`; the decorator looks the class
up here, so a measure body holds no memo code and a memoised measure missing from the table fails
at import. Why reuse is correct at all is stated once, in :mod:`diagnostic.memo`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from diagnostic.memo import IdentityMemo
from diagnostic.network.graph import Network

T = TypeVar("T")


@dataclass(frozen=True)
class CarryOver:
    """A carry-over class: ``kind`` is one of ``KINDS``; ``source`` the table a ``same source`` measure reads."""

    kind: str
    source: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS or (self.kind == "same source") != (self.source is not None):
            raise ValueError(f"not a carry-over class: {self}")


KINDS = ("per network", "per people", "same ties", "same windows", "same source")
PER_NETWORK = CarryOver("per network")
PER_PEOPLE = CarryOver("per people")
SAME_TIES = CarryOver("same ties")
SAME_WINDOWS = CarryOver("same windows")
SAME_EMAIL = CarryOver("same source", "messages")

CARRY_OVER: dict[str, CarryOver] = {
    # the digests the carry-over is keyed by
    "people_structure": PER_PEOPLE,
    "tie_structure": PER_NETWORK,
    "window_structure": PER_NETWORK,
    # centrality (metrics.py): who is tied to whom, and their teams
    "betweenness": SAME_TIES,
    "brokers": SAME_TIES,
    "bottlenecks": SAME_TIES,
    "communities": PER_NETWORK,  # Leiden weighs the ties
    # collaborators and density: who is tied to whom in each window
    "window_pairs": SAME_WINDOWS,
    "collaborators_per_window": SAME_WINDOWS,
    "within_team_density": SAME_WINDOWS,
    "density_teams": PER_PEOPLE,
    "isolated": PER_NETWORK,
    # who wrote back: the direct email alone
    "direct_dyads": SAME_EMAIL,
    "reciprocity_by_group": SAME_WINDOWS,
    # per-team shares of tie weight
    "labelled_pairs": PER_NETWORK,
    "pair_sides": PER_NETWORK,
    "pair_ends": PER_NETWORK,
    "silo_index": PER_NETWORK,
    "group_records": PER_NETWORK,
}

MEASURES: dict[str, Callable[..., Any]] = {}  # every function marked carried, by name


def carried(measure: Callable[..., T]) -> Callable[..., T]:
    """Memoise ``measure(net, *args)`` on the network, carried over as :data:`CARRY_OVER` says for its name.

    Further arguments are part of the key; a list of kinds is keyed by its sorted items, and a
    None argument is the same as leaving it out.
    """
    return _mark(measure, None)


def carried_with(method: Callable[[], Hashable]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """:func:`carried`, for a measure worked out with module constants: ``method()`` gives them, and a
    value is carried over only to a network whose measure would be worked out with the same ones."""
    return lambda measure: _mark(measure, method)


def _mark(measure: Callable[..., T], method: Callable[[], Hashable] | None) -> Callable[..., T]:
    name = measure.__name__
    if name not in CARRY_OVER:
        raise LookupError(f"{name} is memoised but has no carry-over class in CARRY_OVER")
    how = CARRY_OVER[name]

    @functools.wraps(measure)
    def remembered(net: Network, *args: Any) -> T:
        return recall(net, how, _key(name, args), lambda: measure(net, *args), method() if method is not None else None)

    MEASURES[name] = remembered
    return remembered


def _key(name: str, args: tuple) -> Hashable:
    parts = tuple(tuple(sorted(a)) if isinstance(a, list | tuple | set | frozenset) else a for a in args if a is not None)
    return (name, *parts) if parts else name


def recall(net: Network, how: CarryOver, key: Hashable, compute: Callable[[], T], method: Hashable = None) -> T:
    """``compute()``, or the value kept for ``key`` on this network or carried over from another as ``how`` allows.

    ``method`` (the constants the value is worked out with, when it depends on any) is part of
    what a ``same ties`` value is carried over by.
    """
    if how.kind == "per people":
        return net.people_memo(key, compute)
    if how.kind == "same ties":
        return net.memo(key, lambda: _BY_DIGEST.get((), (key, tie_structure(net), method), compute))
    if how.kind == "same source" and net.sources.get(how.source) is not None:
        part = net.sources[how.source]
        return net.memo(key, lambda: _BY_SOURCE.get((part, net.people), key, lambda: _same_windows(net, key, compute)))
    if how.kind in ("same windows", "same source"):
        return net.memo(key, lambda: _same_windows(net, key, compute))
    return net.memo(key, compute)


def _same_windows(net: Network, key: Hashable, compute: Callable[[], T]) -> T:
    return _BY_DIGEST.get((), (key, window_structure(net), net.min_group_size), compute)


_BY_DIGEST: IdentityMemo = IdentityMemo(32)  # seven measures for the baseline, the same for a few scenarios
_BY_SOURCE: IdentityMemo = IdentityMemo(8)


@carried
def window_structure(net: Network) -> bytes:
    """A digest of the people (see :func:`people_structure`) and of each edge row's ends, window, kind and directness, in order."""
    digest = hashlib.blake2b(people_structure(net), digest_size=16)
    source, target = net.ends
    edges = net.edges
    block = edges["block"].to_numpy()
    n, blocks = len(net.people) + 1, int(block.max(initial=0)) + 1
    rows = ((source.astype(np.int64) * n + target) * blocks + block) * 32 + net.bits * 2 + (edges["direct_count"].to_numpy() > 0)
    digest.update(np.ascontiguousarray(rows, dtype=np.int64).tobytes())
    return digest.digest()


@carried
def tie_structure(net: Network) -> bytes:
    """A digest of the network's people (see :func:`people_structure`) and the internal graph's unweighted ties: equal digests, equal graphs."""
    a, b, _ = net.internal_ties
    digest = hashlib.blake2b(people_structure(net), digest_size=16)
    digest.update(np.ascontiguousarray(a, dtype=np.int64).tobytes())
    digest.update(np.ascontiguousarray(b, dtype=np.int64).tobytes())
    return digest.digest()


@carried
def people_structure(net: Network) -> bytes:
    """A digest of the network's people in order: id, team, shown group, internal, on the roster."""
    people = net.people
    flags = people["internal"].to_numpy(dtype=np.int64) * 2 + people["rostered"].to_numpy(dtype=np.int64)
    columns = (people.index.tolist(), people["team"].tolist(), net.groups.tolist(), flags.tolist())
    text = "\x1f".join(map(str, [value for column in columns for value in column]))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
