"""The in-memory store that keeps a tab's uploads across a refresh: time-out, size cap, owner, key."""

from __future__ import annotations

from diagnostic.app.uploads import UploadStore, files_key

FILES = (("a.csv", b"one,two\n1,2\n"), ("b.ics", b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_files_come_back_for_their_owner_only():
    store = UploadStore(max_bytes=1000, idle_seconds=60)
    assert store.put("t1", "me", FILES, files_key(FILES))
    assert store.get("t1", "me").files == FILES
    assert store.get("t1", "someone else") is None
    assert store.get("t2", "me") is None


def test_files_unused_for_longer_than_the_time_out_are_dropped_and_each_use_restarts_it():
    clock = Clock()
    store = UploadStore(max_bytes=1000, idle_seconds=60, clock=clock)
    store.put("t1", "me", FILES, files_key(FILES))
    clock.now = 59
    assert store.get("t1", "me") is not None  # used: the clock restarts
    clock.now = 118
    assert store.get("t1", "me") is not None
    clock.now = 179
    assert store.get("t1", "me") is None
    assert store.size() == 0


def test_the_size_cap_drops_the_least_recently_used_first():
    clock = Clock()
    size = sum(len(d) for _, d in FILES)
    store = UploadStore(max_bytes=2 * size, idle_seconds=1000, clock=clock)
    store.put("old", "me", FILES, "k")
    clock.now = 1
    store.put("mid", "me", FILES, "k")
    clock.now = 2
    store.get("old", "me")  # used again: now "mid" is the least recently used
    clock.now = 3
    store.put("new", "me", FILES, "k")
    assert store.get("mid", "me") is None
    assert store.get("old", "me") is not None and store.get("new", "me") is not None
    assert store.size() == 2 * size


def test_files_over_the_cap_are_not_kept_and_replace_nothing_else():
    store = UploadStore(max_bytes=10, idle_seconds=60)
    assert not store.put("t1", "me", FILES, "k")
    assert store.get("t1", "me") is None and store.size() == 0


def test_putting_again_replaces_and_drop_forgets():
    store = UploadStore(max_bytes=1000, idle_seconds=60)
    store.put("t1", "me", FILES, "k1")
    store.put("t1", "me", FILES[:1], "k2")
    assert store.get("t1", "me").files == FILES[:1] and store.size() == len(FILES[0][1])
    store.drop("t1")
    assert store.get("t1", "me") is None


def test_the_data_key_follows_names_and_bytes_not_upload_ids():
    assert files_key(FILES) == files_key(tuple(FILES))
    assert files_key(FILES) != files_key((FILES[0], ("b.ics", FILES[1][1] + b" ")))
    assert files_key(FILES) != files_key((FILES[0], ("c.ics", FILES[1][1])))
    assert files_key(FILES).startswith("upload:2:")
