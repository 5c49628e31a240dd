"""A file as a table of strings indexed by the row number the user sees in Excel.

Local spreadsheets (complaints logs, audit trackers, staff lists) often have blank rows in the
middle. Reading them through a parser that drops blank lines would make "row 12" in a message
point at the wrong line, so these loaders read the records themselves and keep each row's
number: the header's row, plus one per record after it, blank records included.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from diagnostic.errors import InputError
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.rawfile import TITLE_ROWS_MAX, RawFile, _cell_text, _dedupe, title_rows
from diagnostic.ingest.vocabulary import agree, counted


def records(raw: RawFile) -> list[list[str | None]]:
    """Every record of the file (first sheet of a workbook), blank ones included, as text."""
    if raw.is_xlsx:
        return [[_cell_text(v) for v in row] for row in raw.sheet_rows()]
    try:
        rows = [[cell if cell.strip() else None for cell in row] for row in csv.reader(io.StringIO(raw.text), delimiter=raw.delimiter)]
    except csv.Error:
        raise InputError(f"{raw.name}: this file could not be read as a table. Open it in Excel and save it again as CSV.") from None
    if raw.ends_in_quote:
        raw.note_cut_short(len(rows))
    return rows


def read_sheet(raw: RawFile, ctx: LoadContext | None = None) -> pd.DataFrame:
    """The first non-blank record below any title rows is the header; the index holds each row's
    spreadsheet number.

    Blank rows are left out (their numbers are skipped, not reused); cells beyond the header's
    width are reported once, naming their rows. Repeated headers get ``.1``, ``.2`` like pandas.
    """
    rows = records(raw)
    leading = [i for i, row in enumerate(rows[: 4 * TITLE_ROWS_MAX]) if any(c is not None for c in row)]
    if not leading:
        return pd.DataFrame()
    start = leading[title_rows([sum(c is not None for c in rows[i]) for i in leading])]
    return table_at(rows, start, ctx)


def table_at(rows: list[list[str | None]], start: int, ctx: LoadContext | None = None, stop: int | None = None) -> pd.DataFrame:
    """The table whose header is record ``start`` (counting from 0), up to record ``stop``, indexed
    by spreadsheet row numbers (see :func:`read_sheet`)."""
    header = _dedupe([(c or "").replace("\ufeff", "").strip() or f"Unnamed: {i}" for i, c in enumerate(rows[start])])
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
        n = len(too_long)
        ctx.warn(
            f"{counted(n, 'row')} {agree(n, 'has', 'have')} more cells than the header row, and the extra cells were not read.",
            "Check for stray commas, or give every column a header.",
            rows=too_long,
        )
    columns = list(zip(*body)) if body else [()] * width
    return pd.DataFrame({h: pd.array(list(col), dtype="string") for h, col in zip(header, columns)}, index=pd.Index(numbers, dtype="int64"))
