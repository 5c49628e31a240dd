"""DuckDB's ``hash()`` of text, worked out in numpy.

Message ids have always been DuckDB's 64-bit hash of the id's text, keyed by the salt
(:mod:`diagnostic.ingest.trace.rows`), and the large-trace path still hashes them in DuckDB's SQL
(:mod:`diagnostic.ingest.stream`). Starting DuckDB cost more than a small trace takes to read
(importing it is a tenth of a second), so the in-memory reader computes the same function here:
the same bytes give the same 64 bits, and therefore the same ``message_id`` as before (a test
checks it against DuckDB on every kind of text).

The function (DuckDB's ``HashBytes`` then ``Hash(uint64)``): start from a seed mixed with the
length, fold in each 8-byte little-endian word (the last one zero-padded) by xor then multiply,
and finish with the MurmurHash64 finaliser.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

_SEED = np.uint64(0xE17A1465)
_LENGTH_MIX = np.uint64(0xC6A4A7935BD1E995)
_MULTIPLIER = np.uint64(0xD6E8FEB86659FD93)
_WORD = 8  # bytes folded in per step


def text_hash(values: pa.Array) -> np.ndarray:
    """DuckDB's ``hash()`` of each string of ``values`` (which must hold no nulls), as uint64.

    Strings are folded in word by word, all at once: the longest first, so the strings still
    being folded at each step are a prefix of them and the work is the total length, not the
    number of strings times the longest.
    """
    offsets, data = _offsets_and_bytes(values)
    length = np.diff(offsets)
    if not len(length):
        return np.zeros(0, dtype=np.uint64)
    # every 8 bytes from every position, as one unaligned little-endian word (zeros past the end)
    padded = np.zeros(len(data) + _WORD, dtype=np.uint8)
    padded[: len(data)] = data
    words_at = np.ndarray(shape=(len(data) + 1,), dtype="<u8", buffer=padded, strides=(1,))
    words = (length + _WORD - 1) // _WORD
    order = np.argsort(-words, kind="stable")
    start, left, steps = offsets[:-1][order], length[order], words[order]
    with np.errstate(over="ignore"):
        folded = _SEED ^ (left.astype(np.uint64) * _LENGTH_MIX)
        for step in range(int(steps[0])):
            active = int(np.searchsorted(-steps, -step, side="left"))  # the strings longer than ``step`` words
            word = words_at[start[:active] + _WORD * step]
            rest = left[:active] - _WORD * step
            short = rest < _WORD
            if short.any():  # the last, partial word: only the string's own bytes
                mask = (np.uint64(1) << (np.uint64(8) * rest[short].astype(np.uint64))) - np.uint64(1)
                word[short] &= mask
            folded[:active] = (folded[:active] ^ word) * _MULTIPLIER
    hashed = np.empty_like(folded)
    hashed[order] = folded
    return _murmur64(hashed)


def _offsets_and_bytes(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Each string's start (and the end of the last) in the data buffer, and that buffer's bytes."""
    if values.null_count:
        raise ValueError("text_hash needs text without nulls")
    wide = pa.types.is_large_string(values.type)
    if not (wide or pa.types.is_string(values.type)):
        raise TypeError("text_hash needs a string array")
    offset_type = np.dtype(np.int64 if wide else np.int32)
    _, offsets_buffer, data_buffer = values.buffers()
    n = len(values)
    offsets = np.frombuffer(offsets_buffer, dtype=offset_type, count=n + 1, offset=values.offset * offset_type.itemsize).astype(np.int64)
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, dtype=np.uint8)
    return offsets, data[: int(offsets[-1])] if n else data[:0]


def _murmur64(values: np.ndarray) -> np.ndarray:
    """DuckDB's ``Hash(uint64)``: the MurmurHash64 finaliser."""
    with np.errstate(over="ignore"):
        z = values ^ (values >> np.uint64(32))
        z *= _MULTIPLIER
        z ^= z >> np.uint64(32)
        z *= _MULTIPLIER
        z ^= z >> np.uint64(32)
    return z
