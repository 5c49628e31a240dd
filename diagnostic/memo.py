"""Work remembered per identity of the tables it read.

Datasets are immutable by contract: a scenario lever returns new frames for the tables it changes
and passes the others on as the same objects. So "the same frame objects" means "the same data",
and anything computed from some tables can be reused for as long as those exact objects live.
This is what lets a lever recompute only what its changed tables feed.

Entries hold weak references, never the frames themselves, and an entry is dropped as soon as
any object it was keyed on is freed (a scenario passed by, an upload was replaced), so what was
worked out from it is freed too. An entry is used only while every reference still points at the
very object it was made from, so a new frame that reuses a freed frame's ``id`` never gets a
stale value.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


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
