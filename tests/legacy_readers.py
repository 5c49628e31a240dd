"""The readers ingest used before it read column-wise (openpyxl row by row, Python's csv module).

Kept beside the tests only, as the reference the fast readers are compared with: every loader's
output must be the same whichever reader fed it.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd

from diagnostic.errors import InputError
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.rawfile import HEADER_CELLS_MIN, MAX_XLSX_UNCOMPRESSED, TITLE_ROWS_MAX, RawFile, _cell_text, _dedupe, title_rows
from diagnostic.ingest.vocabulary import agree, counted


def read_sheet_openpyxl(name: str, data: bytes, sheet: int | str | None) -> list[tuple]:
    """Every row of one worksheet through openpyxl's read-only mode."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
        if total > MAX_XLSX_UNCOMPRESSED:
            raise InputError(
                f"{name}: this spreadsheet unpacks to {total // 2**20} MB, more than the {MAX_XLSX_UNCOMPRESSED // 2**20} MB allowed. "
                "Save the sheet you need as CSV and load that."
            )
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except InputError:
        raise
    except Exception:
        raise InputError(
            f"{name}: this looks like an Excel file but cannot be opened. Open it in Excel and save it again as .xlsx or .csv."
        ) from None
    try:
        ws = _data_sheet(book) if sheet is None else book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
        return [tuple(r) for r in ws.iter_rows(values_only=True)]
    except Exception:
        raise InputError(
            f"{name}: this Excel file opens but its sheet cannot be read. Open it in Excel and save it again as .xlsx or .csv."
        ) from None
    finally:
        book.close()


def _data_sheet(book):
    for ws in book.worksheets:
        for row in ws.iter_rows(max_row=4 * TITLE_ROWS_MAX, values_only=True):
            if sum(v is not None and str(v).strip() != "" for v in row) >= HEADER_CELLS_MIN:
                return ws
    return book.worksheets[0]


def records_csv_module(raw: RawFile) -> list[list[str | None]]:
    """Every record of the file through Python's csv module, one row at a time."""
    if raw.is_xlsx:
        return [[_cell_text(v) for v in row] for row in raw.sheet_rows()]
    try:
        rows = [[cell if cell.strip() else None for cell in row] for row in csv.reader(io.StringIO(raw.text), delimiter=raw.delimiter)]
    except csv.Error:
        raise InputError(f"{raw.name}: this file could not be read as a table. Open it in Excel and save it again as CSV.") from None
    if raw.ends_in_quote:
        raw.note_cut_short(len(rows))
    return rows


def read_sheet_rows(raw: RawFile, ctx: LoadContext | None = None) -> pd.DataFrame:
    """The first non-blank record below any title rows is the header; the index holds each row's
    spreadsheet number.

    Blank rows are left out (their numbers are skipped, not reused); cells beyond the header's
    width are reported once, naming their rows. Repeated headers get ``.1``, ``.2`` like pandas.
    """
    rows = records_csv_module(raw)
    leading = [i for i, row in enumerate(rows[: 4 * TITLE_ROWS_MAX]) if any(c is not None for c in row)]
    if not leading:
        return pd.DataFrame()
    start = leading[title_rows([sum(c is not None for c in rows[i]) for i in leading])]
    header = _dedupe([(c or "").replace("\ufeff", "").strip() or f"Unnamed: {i}" for i, c in enumerate(rows[start])])
    width = len(header)
    numbers, body, too_long = [], [], []
    for number, row in enumerate(rows[start + 1 :], start=start + 2):
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
