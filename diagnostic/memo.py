"""Work remembered, and the one rule that makes reusing it correct.

Every memo in the package (:class:`IdentityMemo` tables, :meth:`Network.memo
<diagnostic.network.graph.Network.memo>` and what builds on them) reuses a value on one
condition: **the value is a function of its key alone.** A key is made of

- the identity of the tables (or columns, or networks) the value was worked out from. Tables are
  never changed in place: a scenario lever returns new frames for the tables it changes and passes
  the others on as the same objects, so "the same objects" means "the same data";
- the whole settings key (:attr:`Settings.key <diagnostic.settings.Settings.key>`) wherever the
  value reads a setting, never a hand-picked part of it (a network's people frame is made per
  settings key, so what is kept per people frame is too);
- or a digest of exactly what the value reads (the roster without its hierarchy, a network's ties,
  its ties per window): two inputs with equal digests give equal values. Which digest each network
  measure may be carried over by is declared in one table, :data:`diagnostic.network.carry.CARRY_OVER`.

Code is the same for the life of a process (the few constants a network measure is worked out
with are part of its key), and every random draw is seeded, so nothing else can change a value.
A value handed out is never changed by whoever receives it.

``DIAGNOSTIC_MEMO=off`` in the environment, or :func:`set_memoising` / :func:`memoising_off` in
code, turns every memo off: each value is then worked out afresh on every request, and nothing is
read from or added to any memo. The warm-equals-cold tests compare the two.

Identity memos hold weak references, never the frames themselves, and an entry is dropped as soon
as any object it was keyed on is freed (a scenario passed by, an upload was replaced), so what was
worked out from it is freed too. An entry is used only while every reference still points at the
very object it was made from, so a new frame that reuses a freed frame's ``id`` never gets a stale
value.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")

ENVIRONMENT = "DIAGNOSTIC_MEMO"  # set to "off" (or 0, false, no) to work everything out afresh
OFF = frozenset({"off", "0", "false", "no"})
_on = os.environ.get(ENVIRONMENT, "on").strip().lower() not in OFF


def memoising() -> bool:
    """True unless memoising has been turned off (for the whole process)."""
    return _on


def set_memoising(on: bool) -> None:
    """Turn every memo on or off for the whole process; what memos hold is kept for when they are on again."""
    global _on
    _on = bool(on)


@contextmanager
def memoising_off() -> Iterator[None]:
    """Work everything out afresh inside the block, then restore the previous state."""
    before = memoising()
    set_memoising(False)
    try:
        yield
    finally:
        set_memoising(before)


class IdentityMemo(Generic[T]):
    """A bounded, thread-safe memo keyed on the identity of some objects plus a hashable key.

    The least recently used entry goes first, so a baseline that is read again and again
    outlives the scenarios that pass through.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple, tuple[tuple, T]] = OrderedDict()
        self._lock = threading.RLock()  # re-entrant: a freed key's callback can run inside a locked step
        _ALL.add(self)

    def get(self, objects: tuple[object | None, ...], key: Hashable, compute: Callable[[], T]) -> T:
        """The value for these objects and ``key``, computing it (outside the lock) when not held."""
        if not _on:
            return compute()
        full = (tuple(id(o) for o in objects), key)
        with self._lock:
            hit = self._entries.get(full)
            if hit is not None and all((ref() if ref is not None else None) is o for ref, o in zip(hit[0], objects)):
                self._entries.move_to_end(full)
                return hit[1]
        value = compute()
        made: list[tuple] = []  # this entry's references, for the callback to recognise it by

        def freed(_ref: weakref.ref, full: tuple = full) -> None:
            self._drop(full, made)

        refs = tuple(weakref.ref(o, freed) if o is not None else None for o in objects)
        made.append(refs)
        with self._lock:
            self._entries[full] = (refs, value)
            self._entries.move_to_end(full)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def peek(self, objects: tuple[object | None, ...], key: Hashable) -> T | None:
        """The value held for these objects and ``key``, or None: never computes."""
        if not _on:
            return None
        with self._lock:
            hit = self._entries.get((tuple(id(o) for o in objects), key))
            if hit is not None and all((ref() if ref is not None else None) is o for ref, o in zip(hit[0], objects)):
                return hit[1]
        return None

    def _drop(self, full: tuple, made: list[tuple]) -> None:
        """Forget the entry made with ``made`` (not a newer one under the same key) once one of its objects is freed."""
        with self._lock:
            held = self._entries.get(full)
            if held is not None and made and held[0] is made[0]:
                del self._entries[full]

    def __len__(self) -> int:
        return len(self._entries)

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()


_ALL: weakref.WeakSet[IdentityMemo] = weakref.WeakSet()


def forget_all() -> None:
    """Drop everything every memo holds, so the next computation starts cold (benchmarks time that)."""
    for memo in list(_ALL):
        memo.forget()
