"""Message ids are unchanged by hashing in numpy: ``text_hash`` is DuckDB's ``hash()``, bit for bit.

``message_id`` values were DuckDB's hash of the id's text, keyed by the salt; they now come from
:func:`diagnostic.ingest.trace.hashing.text_hash`. These tests hold it to DuckDB itself (which the
large-trace path still uses) and to the function written out in plain Python, on any text, and
check the keyed hash of a block of trace rows, ids missing or not, against the SQL used before.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.trace.hashing import text_hash
from diagnostic.ingest.trace.rows import TraceRows, mix64
from diagnostic.settings import Settings

MASK = 2**64 - 1


def plain_hash(text: str) -> int:
    """DuckDB's HashBytes then Hash(uint64), one byte string at a time, in plain integers."""
    data = text.encode("utf-8")
    h = 0xE17A1465 ^ ((len(data) * 0xC6A4A7935BD1E995) & MASK)
    for at in range(0, len(data), 8):
        h = ((h ^ int.from_bytes(data[at : at + 8], "little")) * 0xD6E8FEB86659FD93) & MASK
    for _ in range(2):
        h = ((h ^ (h >> 32)) * 0xD6E8FEB86659FD93) & MASK
    return h ^ (h >> 32)


def duckdb_hash(values: pa.Array) -> np.ndarray:
    db = duckdb.connect()
    block = pa.table({"m": values})  # noqa: F841 (DuckDB reads the local by name)
    return np.asarray(db.execute("SELECT hash(m) AS h FROM block").fetchnumpy()["h"], dtype=np.uint64)


@pytest.mark.parametrize(
    "text",
    ["", "a", "1234567", "12345678", "123456789", "<CAJ9x-1=Qz@mail.gmail.com>", "é", "中文😀", "x" * 1000],
)
def test_each_length_and_script_matches_duckdb_and_plain_code(text):
    values = pa.array([text], pa.string())
    assert text_hash(values).tolist() == [plain_hash(text)] == duckdb_hash(values).tolist()


@hyp_settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=90), max_size=60), st.integers(min_value=0, max_value=5))
def test_any_text_matches_duckdb(texts, cut):
    values = pa.array(texts, pa.string())
    assert text_hash(values).tolist() == duckdb_hash(values).tolist() == [plain_hash(t) for t in texts]
    part = values.slice(min(cut, len(texts)))  # a slice starts part way into the buffers
    assert text_hash(part).tolist() == [plain_hash(t) for t in texts[min(cut, len(texts)) :]]
    assert text_hash(values.cast(pa.large_string())).tolist() == [plain_hash(t) for t in texts]


def test_nulls_are_refused():
    with pytest.raises(ValueError):
        text_hash(pa.array(["a", None], pa.string()))


def test_message_hash_is_the_keyed_hash_duckdb_gave():
    """The old SQL, ids missing included: coalesce(message id, sender|time, '')."""
    settings = Settings(salt="test-salt-0123456789")
    rows = TraceRows(LoadContext(file="trace.csv", settings=settings))
    message = pa.array(["<a@x>", None, None, None, "<b@x>", ""], pa.string())
    sender = pa.array(["ann@x", "ann@x", None, "bo@x", None, "cy@x"], pa.string())
    when = pa.array(["14/01/2025 09:12", "14/01/2025 09:13", "14/01/2025 09:14", None, None, "15/01/2025 10:00"], pa.string())
    db = duckdb.connect()
    block = pa.table({"m": message, "s": sender, "w": when})  # noqa: F841 (DuckDB reads the local by name)
    before = np.asarray(db.execute("SELECT hash(coalesce(m, s || '|' || w, '')) AS h FROM block").fetchnumpy()["h"], dtype=np.uint64)
    assert rows._message_hash(message, sender, when).tolist() == mix64(before ^ rows._key).tolist()
    assert rows._message_hash(message[:1], sender[:1], when[:1]).tolist() == mix64(before[:1] ^ rows._key).tolist()
