"""Exchange Online message traces (formats.md f1, f2, f3): who emailed whom, and when.

Three layouts become one ``messages`` table (one row per message x recipient). Traces do not say
whether a recipient was on To or Cc, so ``recipient_type`` stays NA.

A 12-week trace for a large council is millions of rows, so reading is built for speed and
memory. Rows stream from pyarrow in blocks, never the whole file as text, and each block is
reduced at once to small numbers (:class:`TraceRows`): an address code, a keyed 64-bit hash of
the message id, a status class. Each distinct address is pseudonymised once, and dates are parsed
with one explicit format decided per file. The message id itself (``<...@host>``, which looks like
an address) never leaves this module: ``message_id`` is ``m`` plus the salted hash in hex.
"""

from __future__ import annotations

import csv
import hashlib
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from diagnostic.dataset import TZ
from diagnostic.dates import decide_dayfirst, parse_datetimes
from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.rawfile import RawFile, normalise_header, sniff_delimiter
from diagnostic.ingest.rawfile import _valid_utf8 as valid_utf8
from diagnostic.ingest.vocabulary import agree, counted

DELIVERED, FAILED, LISTED = 0, 1, 2  # what a trace row says happened for its recipient
NOT_DELIVERED_STATUSES = frozenset({"failed", "filteredasspam", "quarantined"})  # PowerShell Status
LIST_STATUS = "expanded"  # a distribution list; each member follows on a row of its own
DELIVERY_EVENTS = frozenset({"DELIVER", "SEND"})  # events that reach a recipient (SEND: left the organisation)
NOT_DELIVERED_EVENTS = frozenset({"FAIL", "QUARANTINE", "DROP"})
RECEIVE_EVENT = "RECEIVE"
BLOCK_BYTES = 16 * 2**20  # rows are read and reduced this many bytes at a time
MAX_ROWS_LISTED = 10_000  # a warning names its rows only up to this many (beyond, it gives the count)
DATE_SAMPLE = 2000  # values that decide a file's date layout
COLUMN_COUNT = re.compile(r"Expected (?P<expected>\d+) columns?, got (?P<got>\d+)")  # pyarrow's parse error
HEADER_SKIP_PREFIX = "#TYPE"  # Windows PowerShell 5.1 Export-Csv writes this line above the header

# header as the export writes it -> short name (matching ignores case, spaces and punctuation)
POWERSHELL_COLUMNS = {
    "Received": "when",
    "SenderAddress": "sender",
    "RecipientAddress": "recipient",
    "MessageId": "message",
    "Status": "status",
}
SUMMARY_COLUMNS = {
    "origin_timestamp_utc": "when",
    "sender_address": "sender",
    "recipient_status": "recipients",
    "message_id": "message",
    "network_message_id": "network_message",
}
DETAIL_COLUMNS = {
    "date_time_utc": "when",
    "event_id": "event",
    "sender_address": "sender",
    "recipient_address": "recipient",
    "message_id": "message",
    "network_message_id": "network_message",
}

_QUOTED_NAME_ADDRESS = re.compile(r'^\s*"[^"]*<([^"<>@\s]+)"@([^\s<>"]+?)>?\s*$')  # "Name<x"@domain
_SLASHED = re.compile(r"^\s*(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})(?:[ T](\d{1,2}:\d{2}(:\d{2})?)\s*([AaPp]\.?[Mm]\.?)?)?")


# ---- reading --------------------------------------------------------------------------------


def header_line(raw: RawFile) -> tuple[int, list[str], str]:
    """(lines above the header, the header's cells, the delimiter), skipping PowerShell's ``#TYPE`` line."""
    lines = raw.head_lines
    for index, line in enumerate(lines):
        text = line.lstrip("\ufeff").strip()
        if not text or text.startswith(HEADER_SKIP_PREFIX):
            continue
        delimiter = "\t" if raw.is_xlsx else sniff_delimiter(lines[index:])
        return index, next(csv.reader([line], delimiter=delimiter)), delimiter
    return 0, [], ","


def detector(required: set[str], bonus: set[str] = frozenset()) -> Callable[[RawFile], float]:
    """A ``detect`` function: all ``required`` headers give 0.9, each ``bonus`` header adds to 1."""

    def detect(raw: RawFile) -> float:
        _, cells, _ = header_line(raw)
        header = {normalise_header(c) for c in cells}
        share = len(required & header) / len(required)
        if share < 1:
            return 0.8 * share
        return 0.9 + 0.1 * (len(bonus & header) / len(bonus) if bonus else 1.0)

    return detect


def batches(
    raw: RawFile, ctx: LoadContext, wanted: dict[str, str], required: tuple[str, ...], lenient: bool = False
) -> Iterator[tuple[pa.RecordBatch, int]]:
    """Blocks of rows with only the ``wanted`` columns (header -> short name), as strings.

    Yields (block, spreadsheet row number of its first row). Counts rows into ``ctx.rows_read``
    and skips, with one warning, rows whose number of cells does not match the header. Raises
    :class:`InputError` naming any ``required`` column (short name) the header lacks.
    ``lenient`` replaces bytes that are not valid UTF-8 instead of failing.
    """
    if raw.is_xlsx:
        yield from _sheet_batches(raw, ctx, wanted, required)
        return
    skip, cells, delimiter = header_line(raw)
    chosen = column_positions(cells, wanted)
    _check_required(raw.name, wanted, required, set(chosen.values()))
    skipped: list[int] = []
    first_row = skip + 2
    with _arrow_errors(raw.name, first_row, lenient):
        reader = pacsv.open_csv(
            pa.BufferReader(_utf8_buffer(raw, lenient)),
            read_options=pacsv.ReadOptions(column_names=[f"c{i}" for i in range(len(cells))], skip_rows=skip + 1, block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=lambda row: skipped.append(row.number) or "skip"
            ),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(chosen), column_types=dict.fromkeys(chosen, pa.string()), null_values=[""], strings_can_be_null=True
            ),
        )
    while True:
        with _arrow_errors(raw.name, first_row, lenient):
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
        batch = pa.RecordBatch.from_arrays(batch.columns, names=[chosen[n] for n in batch.schema.names])
        ctx.rows_read += batch.num_rows
        yield batch, first_row
        first_row += batch.num_rows
    if skipped:
        known = [n for n in skipped if n is not None]
        ctx.warn(
            f"{counted(len(skipped), 'row')} {agree(len(skipped), 'does', 'do')} not have the same number of cells as the header, "
            f"so {agree(len(skipped), 'it was', 'they were')} skipped.",
            "Check those rows were not cut short or split when the file was saved.",
            rows=known if len(known) <= MAX_ROWS_LISTED else (),
        )


def column_positions(cells: list[str], wanted: dict[str, str]) -> dict[str, str]:
    """Generated column name (``c<position>``) -> short name; the first matching header wins."""
    by_header = {normalise_header(h): short for h, short in wanted.items()}
    chosen: dict[str, str] = {}
    for i, cell in enumerate(cells):
        short = by_header.get(normalise_header(cell))
        if short and short not in chosen.values():
            chosen[f"c{i}"] = short
    return chosen


def _check_required(name: str, wanted: dict[str, str], required: tuple[str, ...], found: set[str]) -> None:
    missing = [next(h for h, short in wanted.items() if short == r) for r in required if r not in found]
    if missing:
        raise InputError(
            f"{name}: the {' and '.join(missing)} {agree(len(missing), 'column is', 'columns are')} missing, so no message can be read."
        )


@contextmanager
def _arrow_errors(name: str, row: int, lenient: bool) -> Iterator[None]:
    """pyarrow's parse errors as plain sentences; bad UTF-8 asks for a lenient second reading."""
    try:
        yield
    except pa.ArrowInvalid as exc:
        if "utf8" in str(exc).lower() and not lenient:
            raise _NotUtf8 from None
        raise InputError(
            f"{name}: the rows from row {row:,} on cannot be read ({_arrow_reason(exc)}). Open the file in Excel, save it as CSV UTF-8 and load it again."
        ) from None


def _arrow_reason(exc: pa.ArrowInvalid) -> str:
    """What pyarrow found, without the text of the row it quotes (which holds email addresses)."""
    counts = COLUMN_COUNT.search(str(exc))
    if counts:
        return f"a row has {counted(int(counts['got']), 'cell')} where the header has {int(counts['expected']):,}"
    return "its cells do not line up with the header"


class _NotUtf8(Exception):
    """A UTF-8 file with bytes that are not UTF-8: read again with replacement characters."""


def _utf8_buffer(raw: RawFile, lenient: bool) -> pa.Buffer:
    """UTF-8 bytes for pyarrow without copying the file when it already is UTF-8."""
    codec, bom = raw.encoding
    if codec != "utf-8":
        return pa.py_buffer(raw.utf8)
    if lenient:
        return pa.py_buffer(raw.data[bom:].decode("utf-8", errors="replace").encode("utf-8"))
    body = memoryview(raw.data)[bom:]
    if not valid_utf8(body):  # a BOM, or a download cut inside a character: pyarrow fails the whole file
        raise _NotUtf8  # on a short row's bad bytes before our handler can skip the row, so read leniently
    return pa.py_buffer(body)


def _sheet_batches(
    raw: RawFile, ctx: LoadContext, wanted: dict[str, str], required: tuple[str, ...]
) -> Iterator[tuple[pa.RecordBatch, int]]:
    """A trace someone saved as .xlsx: small enough to read whole."""
    frame = raw.table()
    columns = {short: frame[frame.columns[int(c[1:])]] for c, short in column_positions(list(frame.columns), wanted).items()}
    _check_required(raw.name, wanted, required, set(columns))
    ctx.rows_read += len(frame)
    table = pa.table({k: pa.array(v.astype("string"), pa.string()) for k, v in columns.items()})
    first_row = 2
    for batch in table.to_batches():
        yield batch, first_row
        first_row += batch.num_rows


def collect(
    raw: RawFile, ctx: LoadContext, wanted: dict[str, str], required: tuple[str, ...], feed: Callable[[Iterator, TraceRows], None]
) -> pd.DataFrame:
    """Run ``feed`` over the file's blocks into fresh :class:`TraceRows`; once more, leniently, if
    the file turns out not to be valid UTF-8 part way through."""
    time_column = next((header for header, short in wanted.items() if short == "when"), None)
    try:
        rows = TraceRows(ctx, time_column)
        feed(batches(raw, ctx, wanted, required), rows)
    except _NotUtf8:
        ctx.rows_read = 0
        ctx.warn(
            "Some characters in this file are not valid text, so they were replaced.",
            "If names look wrong, save the file again as CSV UTF-8.",
        )
        rows = TraceRows(ctx, time_column)
        feed(batches(raw, ctx, wanted, required, lenient=True), rows)
    return rows.messages()


def small_lookup(values: pa.Array, classify: Callable[[str | None], int], dtype=np.int8) -> np.ndarray:
    """Apply ``classify`` to each distinct value of a low-cardinality column, then spread by code."""
    distinct = pc.unique(values)
    table = np.array([classify(v) for v in distinct.to_pylist()], dtype=dtype)
    return table[pc.index_in(values, value_set=distinct).to_numpy(zero_copy_only=False)]


# ---- reducing -------------------------------------------------------------------------------


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
        """Keyed 64-bit hash of the message id (of sender and time where a row has no id).

        DuckDB hashes the text fast; the salt then keys the result through a bijective mix, so
        equal ids stay equal and the hash means nothing without the salt.
        """
        block = pa.table({"m": message, "s": sender, "w": when})
        text = "m" if message.null_count == 0 else "coalesce(m, s || '|' || w, '')"
        db = _duckdb()
        db.register("block", block)
        try:
            hashed = db.execute(f"SELECT hash({text}) AS h FROM block").fetchnumpy()["h"]
        finally:
            db.unregister("block")
        return mix64(np.asarray(hashed, dtype=np.uint64) ^ self._key)

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
        no_address = keep & ((sender_p < 0) | (recipient_p < 0))
        idx = np.flatnonzero(keep & ~no_address)
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
        recipients never become people.
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
        lookup[used_at] = codes
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


_THREAD = threading.local()


def _duckdb():
    """One in-memory DuckDB connection per thread: connecting costs more than hashing a small file."""
    db = getattr(_THREAD, "db", None)
    if db is None:
        import duckdb

        db = _THREAD.db = duckdb.connect()
    return db


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


# ---- dates ----------------------------------------------------------------------------------


def time_format(sample: list[str], date_prefixes: list[str], default_dayfirst: bool) -> str | None:
    """One strptime format for a column of culture-formatted times, or None for ISO and the unknown.

    Day or month first is decided from every distinct date in the file (a field above 12
    settles it); AM/PM marks a 12-hour clock (en-US PowerShell).
    """
    match = next((m for m in map(_SLASHED.match, sample) if m), None)
    if match is None or len(match.group(1)) == 4:
        return None
    sep = match.group(2)
    year = "%Y" if len(match.group(4)) == 4 else "%y"
    dayfirst = decide_dayfirst(date_prefixes, default_dayfirst)
    date_part = f"%d{sep}%m{sep}{year}" if dayfirst else f"%m{sep}%d{sep}{year}"
    if match.group(5) is None:
        return date_part
    clock = ("%I" if match.group(7) else "%H") + ":%M" + (":%S" if match.group(6) else "")
    return f"{date_part} {clock}" + (" %p" if match.group(7) else "")


def parse_when(values: pa.ChunkedArray, default_dayfirst: bool) -> np.ndarray:
    """UTC times (numpy ``datetime64[us]``, NaT where unreadable) from a trace's time column.

    Traces are documented as UTC whatever the layout; a value with an explicit offset keeps it.
    """
    sample = pc.drop_null(values.slice(0, DATE_SAMPLE)).to_pylist()
    prefixes = pc.drop_null(pc.unique(pc.utf8_slice_codeunits(values, 0, 10))).to_pylist()
    fmt = time_format(sample, prefixes, default_dayfirst)
    if fmt is None:
        parsed = pd.to_datetime(values.to_pandas(), format="ISO8601", utc=True, errors="coerce")
        out = parsed.dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    else:
        out = pc.strptime(values, format=fmt, unit="us", error_is_null=True).to_numpy(zero_copy_only=False).astype("datetime64[us]")
    retry = np.flatnonzero(np.isnat(out) & ~pc.is_null(values).to_numpy(zero_copy_only=False))
    if len(retry):
        dayfirst = decide_dayfirst(prefixes, default_dayfirst)
        again = parse_datetimes(pd.Series(values.take(pa.array(retry)).to_pandas()), dayfirst=dayfirst, utc=True)
        out[retry] = again.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    return out


# ---- the three layouts ----------------------------------------------------------------------


def _status_class(value: str | None) -> int:
    text = (value or "").strip().casefold()
    if text in NOT_DELIVERED_STATUSES:
        return FAILED
    if text == LIST_STATUS:
        return LISTED
    return DELIVERED  # Delivered, and Pending/GettingStatus: accepted for this person


def _feed_powershell(blocks: Iterator[tuple[pa.RecordBatch, int]], rows: TraceRows) -> None:
    for block, first_row in blocks:
        n = block.num_rows
        names = block.schema.names
        status = small_lookup(block.column("status"), _status_class) if "status" in names else np.full(n, DELIVERED, np.int8)
        rows.add(
            when=block.column("when"),
            sender=block.column("sender"),
            recipient=block.column("recipient"),
            message=block.column("message"),
            status=status,
            row=np.arange(first_row, first_row + n),
        )


def parse_powershell(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """``Get-MessageTraceV2 | Export-Csv`` (or V1): already one row per recipient."""
    return {"messages": collect(raw, ctx, POWERSHELL_COLUMNS, ("when", "sender", "recipient", "message"), _feed_powershell)}


def _entry_class(events: str | None) -> int:
    """``Receive, Deliver`` or ``Receive, Send`` reached someone; ``Receive, Expand`` is a list."""
    words = {w.strip().upper() for w in (events or "").split(",")} - {""}
    if words & DELIVERY_EVENTS:
        return DELIVERED
    if "EXPAND" in words:
        return LISTED
    if not words or words & NOT_DELIVERED_EVENTS:
        return FAILED
    return DELIVERED  # still on its way (e.g. Receive only): accepted for this person


def _message_key(block: pa.RecordBatch) -> pa.Array:
    """``message_id``, or the network message id where the message id is missing."""
    names = block.schema.names
    message = block.column("message") if "message" in names else pa.nulls(block.num_rows, pa.string())
    if "network_message" in names:
        message = pc.coalesce(message, block.column("network_message"))
    return message


def _feed_summary(blocks: Iterator[tuple[pa.RecordBatch, int]], rows: TraceRows) -> None:
    for block, first_row in blocks:
        entries = pc.split_pattern(pc.fill_null(block.column("recipients"), ""), ";")
        parent = pc.list_parent_indices(entries)
        parts = pc.split_pattern(pc.utf8_trim_whitespace(pc.list_flatten(entries)), "##", max_splits=1)
        events = pc.list_element(pc.list_slice(parts, 1, 2, return_fixed_size_list=True), 0)
        rows.add(
            when=pc.take(block.column("when"), parent),
            sender=pc.take(block.column("sender"), parent),
            recipient=pc.list_element(parts, 0),
            message=pc.take(_message_key(block), parent),
            status=small_lookup(events, _entry_class),
            row=first_row + parent.to_numpy(zero_copy_only=False).astype(np.int64),
        )


def parse_summary(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Enhanced summary report: one row per message, recipients packed in ``recipient_status``
    as ``addr##Receive, Deliver;addr2##Receive, Send``."""
    return {"messages": collect(raw, ctx, SUMMARY_COLUMNS, ("when", "sender", "recipients"), _feed_summary)}


def _feed_detail(blocks: Iterator[tuple[pa.RecordBatch, int]], rows: TraceRows) -> None:
    """Extended report: one row per event. DELIVER and SEND name who the message reached.

    The message's time is its earliest event (when Exchange received it). A message whose
    delivery rows name nobody takes the recipients of its RECEIVE event instead.
    """
    frames = [
        pd.DataFrame(
            {
                "when": block.column("when").to_pandas(),
                "event": pc.utf8_upper(pc.utf8_trim_whitespace(pc.fill_null(block.column("event"), ""))).to_pandas(),
                "sender": block.column("sender").to_pandas(),
                "recipient": block.column("recipient").to_pandas(),
                "message": _message_key(block).to_pandas(),
                "row": np.arange(first_row, first_row + block.num_rows),
            }
        )
        for block, first_row in blocks
    ]
    if not frames:
        return
    events = pd.concat(frames, ignore_index=True)
    events = events[events["message"].notna()]
    events = events.assign(recipient=events["recipient"].str.split(";")).explode("recipient")
    events["recipient"] = events["recipient"].str.strip().replace("", pd.NA)
    delivery = events[events["event"].isin(DELIVERY_EVENTS)]
    named = set(delivery.loc[delivery["recipient"].notna(), "message"])
    unnamed = set(delivery["message"]) - named
    fallback = events[(events["event"] == RECEIVE_EVENT) & events["message"].isin(unnamed) & events["recipient"].notna()]
    reached = pd.concat([delivery[delivery["recipient"].notna()], fallback], ignore_index=True)
    undelivered = len(set(events["message"]) - set(delivery["message"]))
    if undelivered:
        rows.ctx.warn(
            f"{counted(undelivered, 'message')} {agree(undelivered, 'has', 'have')} no delivery event (failed, quarantined or still on "
            f"{agree(undelivered, 'its', 'their')} way), so {agree(undelivered, 'it is', 'they are')} not counted as communication."
        )
    first = events.sort_values("when").groupby("message").agg(first_when=("when", "first"), first_sender=("sender", "first"))
    reached = reached.join(first, on="message")
    rows.add(
        when=pa.array(reached["first_when"], pa.string()),
        sender=pa.array(reached["sender"].fillna(reached["first_sender"]), pa.string()),
        recipient=pa.array(reached["recipient"], pa.string()),
        message=pa.array(reached["message"], pa.string()),
        status=np.full(len(reached), DELIVERED, dtype=np.int8),
        row=reached["row"].to_numpy(dtype=np.int64),
    )


def parse_detail(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Extended report (``-ReportType MessageTraceDetail``): one row per event."""
    return {"messages": collect(raw, ctx, DETAIL_COLUMNS, ("when", "event", "sender", "recipient"), _feed_detail)}


TRACE_SOURCE = "Exchange admin centre > Mail flow > Message trace; needs an Exchange administrator."
FORMATS = (
    Format(
        id="message_trace_powershell",
        kind="email",
        label="Exchange message trace (PowerShell export)",
        detect=detector({"received", "senderaddress", "recipientaddress", "messageid"}, bonus={"status", "messagetraceid"}),
        parse=parse_powershell,
        source="Exchange Online PowerShell: Get-MessageTraceV2 (or Get-MessageTrace) piped to Export-Csv; needs an Exchange administrator.",
    ),
    Format(
        id="message_trace_summary",
        kind="email",
        label="Exchange message trace (summary report)",
        detect=detector({"origintimestamputc", "senderaddress", "recipientstatus", "messageid"}),
        parse=parse_summary,
        source=TRACE_SOURCE + " Ask for the enhanced summary report and download the CSV.",
    ),
    Format(
        id="message_trace_detail",
        kind="email",
        label="Exchange message trace (extended report)",
        detect=detector({"datetimeutc", "eventid", "senderaddress", "recipientaddress", "messageid"}),
        parse=parse_detail,
        source=TRACE_SOURCE + " Ask for the extended report and download the CSV.",
    ),
)
