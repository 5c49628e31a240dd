"""A file as a table of strings indexed by the row number the user sees in Excel.

Local spreadsheets (complaints logs, audit trackers, staff lists) often have blank rows in the
middle. Reading them through a parser that drops blank lines would make "row 12" in a message
point at the wrong line, so these loaders read the records themselves and keep each row's
number: the header's row, plus one per record after it, blank records included.

Records are read column-wise: a CSV whose rows all have the same number of cells (what Excel and
every export tool write) goes through pyarrow's parser in C; only a file pyarrow cannot read the
same way (ragged rows, a cut-off quote, old Mac line ends, stray NULs) is read row by row with
Python's csv module, which decides how those read.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from diagnostic.errors import InputError
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.rawfile import TITLE_ROWS_MAX, RawFile, _cell_text, _dedupe, title_rows
from diagnostic.ingest.vocabulary import agree, counted

# What Python's str.strip() removes: a cell of only these is blank, exactly as the row-by-row reader decided.
# Written out (a test checks it against every code point) because working it out costs a tenth of a second per start.
PY_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
BLOCK_BYTES = 16 * 2**20  # pyarrow parses this much at a time (in parallel blocks)
MAX_CELLS = 16_384  # Excel's widest sheet: a header row can be no wider
UTF8_BOM = b"\xef\xbb\xbf"


def records(raw: RawFile) -> list[list[str | None]]:
    """Every record of the file (first sheet of a workbook), blank ones included, as text, each
    as wide as it was written (a SurveyMonkey export's layout is read from its first rows)."""
    if raw.is_xlsx:
        return [[_cell_text(v) for v in row] for row in raw.sheet_rows()]
    return _row_records(raw)


def _row_records(raw: RawFile) -> list[list[str | None]]:
    """Records read one at a time by Python's csv module: the reference for every odd file."""
    try:
        rows = [[cell if cell.strip() else None for cell in row] for row in csv.reader(io.StringIO(raw.text), delimiter=raw.delimiter)]
    except csv.Error:
        raise InputError(f"{raw.name}: this file could not be read as a table. Open it in Excel and save it again as CSV.") from None
    if raw.ends_in_quote:
        raw.note_cut_short(len(rows))
    return rows


def columns_of(raw: RawFile) -> tuple[list[pa.Array], list[int] | None]:
    """Every record as equal-length string columns (null for a blank cell), padded to the widest
    record, and each record's own width where they differ (None when every record is as wide)."""
    if raw.is_xlsx:
        rows = [[_cell_text(v) for v in row] for row in raw.sheet_rows()]
    else:
        fast = _arrow_columns(raw)
        if fast is not None:
            return fast, None
        rows = _row_records(raw)
    widths = [len(row) for row in rows]
    width = max(widths, default=0)
    padded = [row + [None] * (width - len(row)) for row in rows]
    columns = [pa.array(list(column), pa.string()) for column in zip(*padded)] if padded else []
    return columns, None if min(widths, default=width) == width else widths


def _arrow_columns(raw: RawFile) -> list[pa.Array] | None:
    """The records through pyarrow, or None where pyarrow would not read them as Python's csv does.

    Left to the row-by-row reader: rows of different widths (pyarrow refuses them), an odd
    number of quotation marks (a file cut inside a quoted cell), a carriage return not followed
    by a line feed (Python's reader refuses it), bytes that are not UTF-8 and a second byte-order
    mark. (Stray NUL bytes never reach either reader: :attr:`RawFile.text` drops them.)
    """
    body = raw.utf8
    if body.startswith(UTF8_BOM) or body.count(b'"') % 2 or body.count(b"\r") != body.count(b"\r\n") or not body.strip():
        return None
    try:
        table = pacsv.read_csv(
            pa.BufferReader(body),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=raw.delimiter, newlines_in_values=True, ignore_empty_lines=False),
            # No column types given: the header is read as a record, so a column is text unless every
            # cell of it, header included, reads as a number or a date (left to the row-by-row reader
            # below). Naming 16,384 columns' types instead cost a hundredth of a second per file.
            convert_options=pacsv.ConvertOptions(strings_can_be_null=False, quoted_strings_can_be_null=False, null_values=[]),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_columns > MAX_CELLS or any(t != pa.string() for t in table.schema.types):
        return None  # wider than Excel, or bytes that are not UTF-8 (a download cut inside a character)
    return [_blank_as_null(table.column(i).combine_chunks()) for i in range(table.num_columns)]


def _blank_as_null(values: pa.Array) -> pa.Array:
    blank = pc.equal(pc.utf8_length(pc.utf8_trim(values, PY_WHITESPACE)), 0)
    return pc.if_else(blank, pa.scalar(None, pa.string()), values)


def read_sheet(raw: RawFile, ctx: LoadContext | None = None) -> pd.DataFrame:
    """The first non-blank record below any title rows is the header; the index holds each row's
    spreadsheet number.

    Blank rows are left out (their numbers are skipped, not reused); cells beyond the header's
    width are reported once, naming their rows. Repeated headers get ``.1``, ``.2`` like pandas.
    """
    columns, widths = columns_of(raw)
    top = [list(row) for row in zip(*(c.slice(0, 4 * TITLE_ROWS_MAX).to_pylist() for c in columns))]
    leading = [i for i, row in enumerate(top) if any(c is not None for c in row)]
    if not leading:
        return pd.DataFrame()
    start = leading[title_rows([_filled(top[i]) for i in leading])]
    header_cells = top[start][: widths[start]] if widths else top[start]
    header = _header(header_cells)
    width = len(header)
    below = [c.slice(start + 1) for c in columns]
    filled = _any_valid(below, len(below[0]) if below else 0)
    keep = pa.array(np.flatnonzero(filled), pa.int64())
    numbers = keep.to_numpy() + start + 2
    too_long = np.flatnonzero(_any_valid([c.take(keep) for c in below[width:]], len(keep)))
    if len(too_long) and ctx is not None:
        _warn_too_wide(ctx, numbers[too_long].tolist())
    body = [below[i].take(keep) if i < len(below) else pa.nulls(len(keep), pa.string()) for i in range(width)]
    return pd.DataFrame({h: pd.arrays.ArrowStringArray(col) for h, col in zip(header, body)}, index=pd.Index(numbers, dtype="int64"))


def table_at(rows: list[list[str | None]], start: int, ctx: LoadContext | None = None, stop: int | None = None) -> pd.DataFrame:
    """The table whose header is record ``start`` (counting from 0), up to record ``stop``, indexed
    by spreadsheet row numbers (see :func:`read_sheet`): for records already read, such as a
    table found below a summary block."""
    header = _header(rows[start])
    width = len(header)
    numbers, body, too_long = [], [], []
    for number, row in enumerate(rows[start + 1 : stop], start=start + 2):
        if not any(c is not None for c in row):
            continue
        if any(c is not None for c in row[width:]):
            too_long.append(number)
        numbers.append(number)
        body.append((row + [None] * width)[:width])
    if too_long and ctx is not None:
        _warn_too_wide(ctx, too_long)
    columns = list(zip(*body)) if body else [()] * width
    return pd.DataFrame({h: pd.array(list(col), dtype="string") for h, col in zip(header, columns)}, index=pd.Index(numbers, dtype="int64"))


def _header(cells: list[str | None]) -> list[str]:
    """Header cells as column names: no byte-order mark, blanks named by position, repeats numbered."""
    return _dedupe([(c or "").replace("\ufeff", "").strip() or f"Unnamed: {i}" for i, c in enumerate(cells)])


def _warn_too_wide(ctx: LoadContext, rows: list[int]) -> None:
    n = len(rows)
    ctx.warn(
        f"{counted(n, 'row')} {agree(n, 'has', 'have')} more cells than the header row, and the extra cells were not read.",
        "Check for stray commas, or give every column a header.",
        rows=rows,
    )


def _filled(row: list[str | None]) -> int:
    return sum(c is not None for c in row)


def _any_valid(columns: list[pa.Array], length: int) -> np.ndarray:
    """Per row: does any of ``columns`` hold a value there."""
    found = np.zeros(length, dtype=bool)
    for column in columns:
        found |= column.is_valid().to_numpy(zero_copy_only=False)
    return found
