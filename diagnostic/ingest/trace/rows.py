"""Trace rows reduced to small numbers as they are read, then turned into ``messages``.

Each block becomes an address code, a keyed 64-bit hash of the message id and a status class per
row; each distinct address is pseudonymised once. The message id itself (``<...@host>``, which
looks like an address) never leaves this package: ``message_id`` is ``m`` plus the salted hash in hex.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from diagnostic.dataset import TZ
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.trace.dates import parse_when
from diagnostic.ingest.trace.hashing import text_hash
from diagnostic.ingest.vocabulary import agree, counted
from diagnostic.non_people import non_person_kind

DELIVERED, FAILED, LISTED = 0, 1, 2  # what a trace row says happened for its recipient
NOT_A_PERSON = -2  # the person code of an address that is not a person's (see diagnostic.non_people)
MAX_ROWS_LISTED = 10_000  # a warning names its rows only up to this many (beyond, it gives the count)
_QUOTED_NAME_ADDRESS = re.compile(r'^\s*"[^"]*<([^"<>@\s]+)"@([^\s<>"]+?)>?\s*$')  # "Name<x"@domain


def clean_address(value: str | None) -> str | None:
    """An SMTP address as traces write it; ``"Name<x"@domain`` (a display name typed into the
    address) becomes ``x@domain``. Lower-casing happens in :func:`diagnostic.privacy.person_key`."""
    if not isinstance(value, str):
        return None
    match = _QUOTED_NAME_ADDRESS.match(value)
    return f"{match.group(1)}@{match.group(2)}" if match else value.strip()


class TraceRows:
    """Trace rows reduced block by block to compact arrays, then turned into ``messages``.

    Per row it keeps the time text, two int32 address codes, a uint64 message hash, a status
    class and the spreadsheet row number: about 40 bytes, whatever the width of the file.
    """

    def __init__(self, ctx: LoadContext, time_column: str | None = None):
        self.ctx = ctx
        self.time_column = time_column  # the header named when a time cannot be read
        self._known = pa.array([], pa.string())  # addresses as written; the position is the code
        self._key = np.frombuffer(hashlib.blake2b(ctx.settings.salt.encode("utf-8"), digest_size=8).digest(), dtype=np.uint64)[0]
        self._when: list[pa.Array] = []
        self._sender: list[np.ndarray] = []
        self._recipient: list[np.ndarray] = []
        self._message: list[np.ndarray] = []
        self._status: list[np.ndarray] = []
        self._row: list[np.ndarray] = []

    def add(self, when: pa.Array, sender: pa.Array, recipient: pa.Array, message: pa.Array, status: np.ndarray, row: np.ndarray) -> None:
        """One block of rows, as parallel arrays (strings, then status class and row number)."""
        when, sender, recipient, message = (_flat(a) for a in (when, sender, recipient, message))
        self._when.append(when)
        self._sender.append(self._address_codes(sender))
        self._recipient.append(self._address_codes(recipient))
        self._message.append(self._message_hash(message, sender, when))
        self._status.append(np.asarray(status, dtype=np.int8))
        self._row.append(np.asarray(row, dtype=np.int64))

    def _address_codes(self, values: pa.Array) -> np.ndarray:
        """int32 code per row (-1 for none); addresses are looked up in Arrow, new ones appended."""
        where = pc.index_in(values, value_set=self._known)
        new = pc.filter(values, pc.and_(pc.is_null(where), pc.is_valid(values)))
        if len(new):
            self._known = pa.concat_arrays([self._known, pc.unique(new)])
            where = pc.index_in(values, value_set=self._known)
        return pc.fill_null(where, -1).to_numpy(zero_copy_only=False).astype(np.int32)

    def _message_hash(self, message: pa.Array, sender: pa.Array, when: pa.Array) -> np.ndarray:
        """Keyed 64-bit hash of the message id (of sender and time where a row has no id, and of
        nothing where it has neither).

        DuckDB's hash of the text (:func:`text_hash`, as the large-trace path computes it in SQL);
        the salt then keys the result through a bijective mix, so equal ids stay equal and the hash
        means nothing without the salt.
        """
        if message.null_count:
            message = pc.coalesce(message, pc.binary_join_element_wise(sender, when, "|"), "")
        return mix64(text_hash(message) ^ self._key)

    def messages(self) -> pd.DataFrame:
        """The ``messages`` table; warns (with counts and rows) about everything left out."""
        if not self._row:
            return pd.DataFrame()
        ctx = self.ctx
        status, row = np.concatenate(self._status), np.concatenate(self._row)
        sender, recipient, message = np.concatenate(self._sender), np.concatenate(self._recipient), np.concatenate(self._message)
        sent = parse_when(pa.chunked_array(self._when, pa.string()), ctx.settings.dayfirst)
        self._when = []
        has_time = ~np.isnat(sent)
        keep = (status == DELIVERED) & has_time
        person = self._person_codes(sender, recipient, keep)
        sender_p, recipient_p = person[0][sender], person[0][recipient]
        not_people = keep & ((sender_p == NOT_A_PERSON) | (recipient_p == NOT_A_PERSON))
        no_address = keep & ~not_people & ((sender_p < 0) | (recipient_p < 0))
        ctx.non_people_rows += int(not_people.sum())
        idx = np.flatnonzero(keep & ~no_address & ~not_people)
        msg_code, msg_unique = pd.factorize(message[idx])
        pair = msg_code.astype(np.int64) * (int(recipient_p.max(initial=0)) + 1) + recipient_p[idx]
        first = ~pd.Series(pair).duplicated().to_numpy()
        idx, msg_code = idx[first], msg_code[first]
        self._warn(status, has_time, no_address, int((~first).sum()), row)
        ids = person[1]
        n = len(idx)
        return pd.DataFrame(
            {
                "sent_at": pd.DatetimeIndex(sent[idx]).tz_localize("UTC").tz_convert(TZ),
                "sender_id": pd.arrays.ArrowStringArray(ids.take(sender_p[idx])),
                "recipient_id": pd.arrays.ArrowStringArray(ids.take(recipient_p[idx])),
                "recipient_type": pd.arrays.ArrowStringArray(pa.nulls(n, pa.string())),
                "n_recipients": np.bincount(msg_code, minlength=len(msg_unique))[msg_code],
                "message_id": pd.arrays.ArrowStringArray(hex_ids(np.asarray(msg_unique, dtype=np.uint64), "m").take(msg_code)),
            }
        )

    def _person_codes(self, sender: np.ndarray, recipient: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, pa.Array]:
        """(address code -> person code lookup, ending in -1 for "no address"; person ids).

        Only addresses on rows that count are pseudonymised, so spam senders and failed
        recipients never become people. A no-reply sender, a shared mailbox or a list that was
        not expanded is ``NOT_A_PERSON``: a message from one is not anyone's email, and one to it
        reached no person, so those rows are left out (its other recipients still count).
        """
        known = len(self._known)
        used = np.zeros(known + 1, dtype=bool)
        used[sender[keep]] = True
        used[recipient[keep]] = True
        used_at = np.flatnonzero(used[:known])
        emails = pd.Series([clean_address(a) for a in self._known.take(pa.array(used_at, pa.int64())).to_pylist()], dtype="string")
        ids = self.ctx.identify(emails=emails) if len(emails) else pd.Series([], dtype="string")
        codes, distinct = pd.factorize(ids)
        lookup = np.full(known + 1, -1, dtype=np.int64)
        not_person = [non_person_kind(e if isinstance(e, str) else None) is not None for e in emails.tolist()]  # few, and distinct
        lookup[used_at] = np.where(np.array(not_person, dtype=bool), NOT_A_PERSON, codes)
        return lookup, pa.array(np.asarray(distinct, dtype=object), pa.string())

    def _warn(self, status: np.ndarray, has_time: np.ndarray, no_address: np.ndarray, repeated: int, row: np.ndarray) -> None:
        ctx = self.ctx
        failed = int((status == FAILED).sum())
        if failed:
            ctx.warn(
                f"{counted(failed, 'recipient')} {agree(failed, 'was', 'were')} not reached (the trace says the message failed, "
                f"was filtered as spam or was quarantined), so {agree(failed, 'it is', 'they are')} not counted as communication."
            )
        listed = int((status == LISTED).sum())
        if listed:
            ctx.warn(
                f"{counted(listed, 'recipient')} {agree(listed, 'is a distribution list, not a person', 'are distribution lists, not people')}. "
                "Each list member has a row of their own, so members are counted once each and the lists are left out."
            )
        bad_time = np.flatnonzero((status == DELIVERED) & ~has_time)
        if len(bad_time):
            ctx.warn(
                f"{counted(len(bad_time), 'row')} {agree(len(bad_time), 'has', 'have')} a date and time that could not be read, "
                f"so {agree(len(bad_time), 'it was', 'they were')} skipped.",
                "Check the date column holds dates and times such as 14/01/2025 09:12:44.",
                column=self.time_column,
                rows=_rows(row, bad_time),
            )
        missing = np.flatnonzero(no_address)
        if len(missing):
            ctx.warn(
                f"{counted(len(missing), 'row')} {agree(len(missing), 'has', 'have')} no usable sender or recipient email address "
                f"(for example, system notices with an empty sender), so {agree(len(missing), 'it was', 'they were')} skipped.",
                rows=_rows(row, missing),
            )
        if repeated:
            ctx.warn(
                f"{counted(repeated, 'row')} {agree(repeated, 'repeats', 'repeat')} a recipient already counted for the same message, so each counts once."
            )


def _flat(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _rows(row: np.ndarray, at: np.ndarray) -> list[int]:
    return row[at].tolist() if len(at) <= MAX_ROWS_LISTED else []


_HEX_PAIRS = np.frombuffer(b"".join(f"{i:02x}".encode() for i in range(256)), dtype=np.uint16)  # byte -> two hex digits


def hex_ids(values: np.ndarray, prefix: str) -> pa.StringArray:
    """``prefix`` + 16 lower-case hex digits for each uint64, built as one buffer (no Python loop)."""
    n = len(values)
    digits = _HEX_PAIRS[values.astype(">u8").view(np.uint8).reshape(n, 8)].view(np.uint8).reshape(n, 16)
    body = np.empty((n, len(prefix) + 16), dtype=np.uint8)
    body[:, : len(prefix)] = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    body[:, len(prefix) :] = digits
    offsets = np.arange(0, (n + 1) * body.shape[1], body.shape[1], dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(body))


def mix64(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: a bijection on uint64 that spreads every input bit over the output."""
    with np.errstate(over="ignore"):
        z = values.copy()
        z ^= z >> np.uint64(30)
        z *= np.uint64(0xBF58476D1CE4E5B9)
        z ^= z >> np.uint64(27)
        z *= np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    return z
