"""Reading a trace file block by block: its header, its columns, and its rows as Arrow batches.

Rows stream from pyarrow in blocks, never the whole file as text, so a trace of millions of rows
is read in bounded memory. Spreadsheets are read whole, and broken rows are reported by row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from diagnostic.errors import InputError
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile, sniff_delimiter
from diagnostic.ingest.rawfile import _valid_utf8 as valid_utf8
from diagnostic.ingest.trace.rows import MAX_ROWS_LISTED, TraceRows
from diagnostic.ingest.vocabulary import agree, counted

BLOCK_BYTES = 16 * 2**20  # rows are read and reduced this many bytes at a time
COLUMN_COUNT = re.compile(r"Expected (?P<expected>\d+) columns?, got (?P<got>\d+)")  # pyarrow's parse error
HEADER_SKIP_PREFIX = "#TYPE"  # Windows PowerShell 5.1 Export-Csv writes this line above the header


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
