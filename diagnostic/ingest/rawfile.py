"""Bytes in, text or a sheet out: encoding, BOM, delimiter and spreadsheet sniffing (formats.md §rules).

A :class:`RawFile` wraps what the user gave us (never modified) and lazily offers the views a
format needs: decoded text, UTF-8 bytes for fast parsers, the first lines for detection, and a
table of strings with normalised headers.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

import pandas as pd

from diagnostic.errors import InputError
from diagnostic.ingest.headers import normalise_header

XLSX_MAGIC = b"PK\x03\x04"
# What zipfile raises for a damaged archive: besides BadZipFile, a corrupt directory can claim an
# unsupported version (NotImplementedError) or end early.
BROKEN_ZIP = (zipfile.BadZipFile, NotImplementedError, EOFError, ValueError)
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024  # refuse zip bombs posing as spreadsheets
HEAD_CHARS = 65536  # detection looks at no more than this much text
HEAD_BYTES = 4 * HEAD_CHARS  # enough bytes for HEAD_CHARS characters in any encoding (even byte count)
TITLE_ROWS_MAX = 5  # rows of title, date or protective marking a local spreadsheet may put above its header
HEADER_CELLS_MIN = 3  # a row this wide below one-cell rows is the header they sit above
BINARY_PROBE_CHARS = 4096  # characters at the start of a file that say whether it is text at all
NUL_SHARE_MAX = 0.25  # text with more NUL characters than this share near its start is binary data
CONTROL_SHARE_MAX = 0.01  # ... or with more other control characters than this share (text has next to none)
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def title_rows(filled: list[int]) -> int:
    """How many leading rows are a title block above the header.

    ``filled`` is the number of non-empty cells in each of the first non-blank rows. Council
    spreadsheets often open with a title ("Complaints register 2024/25") or a protective marking
    ("OFFICIAL-SENSITIVE") in one cell; such rows are skipped when a wider row follows soon after.
    """
    window = filled[: TITLE_ROWS_MAX + 1]
    skip = 0
    while skip < len(window) - 1 and window[skip] <= 1 and max(window[skip + 1 :]) >= HEADER_CELLS_MIN:
        skip += 1
    return skip


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 read as Windows-1252: a row typed or pasted in by another program
    must not turn every accented name in the rest of the file into "SiobhÃ¡n"."""
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("cp1252-fallback", _cp1252_fallback)


def decode(data: bytes, codec: str) -> str:
    """Text from bytes in the sniffed codec; "cp1252" files are read as UTF-8 wherever they are
    valid UTF-8 and as Windows-1252 elsewhere, which is the same for a file wholly in either."""
    if codec == "cp1252":
        return data.decode("utf-8", errors="cp1252-fallback")
    return data.decode(codec, errors="replace")


def sniff_encoding(data: bytes) -> tuple[str, int]:
    """(codec, BOM length) from the bytes: BOMs first, then zero-byte patterns, then strict UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    head = data[:2048]
    if len(head) >= 4:
        odd_zero = head[1::2].count(0) / max(1, len(head[1::2]))
        even_zero = head[0::2].count(0) / max(1, len(head[0::2]))
        if odd_zero > 0.9 and even_zero < 0.1:
            return "utf-16-le", 0
        if even_zero > 0.9 and odd_zero < 0.1:
            return "utf-16-be", 0
    if _valid_utf8(data):
        return "utf-8", 0
    try:
        data.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the very end still means UTF-8
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8", 0
        return "cp1252", 0


def _valid_utf8(data: bytes) -> bool:
    """Strict UTF-8 check in C, without building a str: no second copy of a 1 GB message trace in memory."""
    import numpy as np
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def looks_binary(text: str) -> bool:
    """True when decoded text is not text: many NUL or other control characters near its start.

    Old SurveyMonkey exports write NUL bytes into the empty cells of their second header row, so
    NULs in a file that is otherwise text must not make it "binary"; a database, an image or a zip
    read as text is full of NULs, or of the other control characters that text never holds.
    """
    if not text:
        return False
    return text.count("\x00") > NUL_SHARE_MAX * len(text) or len(_CONTROL.findall(text)) > CONTROL_SHARE_MAX * len(text)


def without_nuls(text: str) -> str:
    """Text with its stray NUL characters removed (an empty cell written as ``\\0`` is empty)."""
    return text.replace("\x00", "") if "\x00" in text else text


def sniff_delimiter(first_lines: list[str]) -> str:
    """Tab, comma or semicolon: whichever splits the header line into the most stable columns."""
    sample = "\n".join(first_lines[:20])
    best, best_score = ",", -1
    for delim in ("\t", ",", ";", "|"):
        counts = [len(next(csv.reader([line], delimiter=delim))) for line in first_lines[:20] if line.strip()]
        if not counts or counts[0] < 2:
            continue
        header = counts[0]
        score = header * 10 + sum(c == header for c in counts)
        if score > best_score:
            best, best_score = delim, score
    if best_score < 0 and "\t" in sample:
        return "\t"
    return best


@dataclass
class RawFile:
    """One input file: its name and its bytes, with lazy decoded views."""

    name: str
    data: bytes
    notes: list[tuple[str, str, tuple[int, ...]]] = field(default_factory=list)  # (message, action, rows) for load_file to report
    _cache: dict = field(default_factory=dict, repr=False)

    CUT_SHORT = (
        "A quotation mark in this row is never closed, so the file was probably cut short here and this row may be incomplete.",
        "If rows are missing, export the file again.",
    )

    def note_cut_short(self, row: int) -> None:
        """Say once that the text stops inside a quoted field, naming the row it stops in."""
        note = (*self.CUT_SHORT, (row,))
        if note not in self.notes:
            self.notes.append(note)

    @cached_property
    def ends_in_quote(self) -> bool:
        """True when the text ends inside a quoted field: the file was cut off mid-row.

        An odd number of quotation marks is the cheap sign; a strict read confirms it (a stray
        quote inside an unquoted cell is not a cut).
        """
        if self.is_xlsx or self.is_docx or self.is_pdf or self.text.count('"') % 2 == 0:
            return False
        try:
            for _ in csv.reader(io.StringIO(self.text), delimiter=self.delimiter, strict=True):
                pass
        except csv.Error as exc:
            return "unexpected end of data" in str(exc)
        return False

    @cached_property
    def is_xlsx(self) -> bool:
        return self.data.startswith(XLSX_MAGIC) and self.name.lower().endswith((".xlsx", ".xlsm")) or self._looks_like_xlsx()

    def _looks_like_xlsx(self) -> bool:
        if not self.data.startswith(XLSX_MAGIC):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
                return "[Content_Types].xml" in zf.namelist() and any(n.startswith("xl/") for n in zf.namelist())
        except BROKEN_ZIP:
            return False

    @cached_property
    def is_docx(self) -> bool:
        if not self.data.startswith(XLSX_MAGIC):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
                return "word/document.xml" in zf.namelist()
        except BROKEN_ZIP:
            return False

    @cached_property
    def is_pdf(self) -> bool:
        return self.data[:1024].lstrip().startswith(b"%PDF")

    @cached_property
    def encoding(self) -> tuple[str, int]:
        return sniff_encoding(self.data)

    @cached_property
    def text(self) -> str:
        """The whole file decoded (BOM removed). Raises InputError for spreadsheets and binaries."""
        if self.is_xlsx or self.is_docx or self.is_pdf:
            raise InputError(f"{self.name}: this is not a text file.")
        codec, bom = self.encoding
        body = self.data[bom:]
        if codec.startswith("utf-16") and len(body) % 2:
            body = body[:-1]  # a truncated UTF-16 file: drop the half character
        text = decode(body, codec)
        if looks_binary(text[:BINARY_PROBE_CHARS]):
            raise InputError(f"{self.name}: this file contains binary data, not text or a spreadsheet.")
        return without_nuls(text).lstrip("\ufeff")

    @cached_property
    def utf8(self) -> bytes:
        """The text as UTF-8 bytes without BOM, for fast parsers (pyarrow, DuckDB)."""
        codec, bom = self.encoding
        if codec == "utf-8" and b"\x00" not in self.data:
            return self.data[bom:]
        return self.text.encode("utf-8")

    @cached_property
    def head_lines(self) -> list[str]:
        """The first 60 lines (text files) or rows rendered tab-joined (first sheet), for detection."""
        if self.is_xlsx:
            return ["\t".join("" if v is None else str(v) for v in row) for row in self.sheet_rows()[:60]]
        if self.is_docx or self.is_pdf:
            return []
        try:
            return self._head_text().splitlines()[:60]
        except InputError:
            return []

    def _head_text(self) -> str:
        """The first 64k characters, decoding only the start of a large file.

        Detection runs on every file; decoding a 1 GB message trace in full just to read its
        header would double the memory it needs.
        """
        if "text" in self.__dict__ or len(self.data) <= HEAD_BYTES:
            return self.text[:HEAD_CHARS]
        codec, bom = self.encoding
        chunk = self.data[bom : bom + HEAD_BYTES]
        text = decode(chunk, codec)
        if looks_binary(text[:BINARY_PROBE_CHARS]):
            raise InputError(f"{self.name}: this file contains binary data, not text or a spreadsheet.")
        return without_nuls(text).lstrip("\ufeff")[:HEAD_CHARS]

    @cached_property
    def delimiter(self) -> str:
        return sniff_delimiter(self.head_lines)

    @cached_property
    def header_cells(self) -> list[str]:
        """Cells of the header row as written: the first non-empty row below any title rows
        (see :func:`title_rows`)."""
        if self.is_xlsx:
            rows = [["" if v is None else str(v) for v in row] for row in self.sheet_rows()[: 4 * TITLE_ROWS_MAX]]
        else:
            rows = [_split_line(line, self.delimiter) for line in self.head_lines[: 4 * TITLE_ROWS_MAX]]
        rows = [row for row in rows if any(c.strip() for c in row)]
        if not rows:
            return []
        return rows[title_rows([sum(bool(c.strip()) for c in row) for row in rows])]

    @cached_property
    def header(self) -> list[str]:
        """Normalised cells of the header row (see :func:`normalise_header`)."""
        return [normalise_header(c) for c in self.header_cells]

    def _lenient_table(self, header_row: int, skip_after_header: int) -> pd.DataFrame:
        records = _lenient_rows(self.text, self.delimiter)
        self.note_cut_short(len(records))
        rows = [r for r in records if any(c.strip() for c in r)]
        if len(rows) <= header_row:
            raise InputError(f"{self.name}: this file could not be read as a table. Export it again.")
        header = _dedupe([c or f"Unnamed: {i}" for i, c in enumerate(rows[header_row])])
        width = len(header)
        body = [(r + [""] * width)[:width] for r in rows[header_row + 1 + skip_after_header :]]
        frame = pd.DataFrame(body, columns=header, dtype="string")
        return frame.replace("", pd.NA)

    def sheet_rows(self, sheet: int | str | None = None) -> list[tuple]:
        """All rows of one worksheet as tuples of cell values (datetimes stay datetimes).

        By default the first sheet that holds a table: council workbooks often open with a cover,
        guidance or lookup sheet before the data.
        """
        key = ("sheet", sheet)
        if key not in self._cache:
            self._cache[key] = _read_sheet(self.name, self.data, sheet)
        return self._cache[key]

    def table(self, header_row: int = 0, skip_after_header: int = 0) -> pd.DataFrame:
        """All data below ``header_row`` as strings (xlsx datetimes become ISO strings).

        Columns keep their original header text; use ``normalise_header`` to match them. Duplicate
        headers get ``.1``, ``.2`` suffixes (pandas' rule) and an empty header becomes ``Unnamed: N``.
        """
        if self.is_xlsx:
            rows = self.sheet_rows()
            if len(rows) <= header_row:
                return pd.DataFrame()
            header = [_cell_text(v) or f"Unnamed: {i}" for i, v in enumerate(rows[header_row])]
            body = rows[header_row + 1 + skip_after_header :]
            width = len(header)
            data = [[_cell_text(v) for v in (list(r) + [None] * width)[:width]] for r in body]
            frame = pd.DataFrame(data, columns=_dedupe(header), dtype="string")
        else:
            try:
                frame = pd.read_csv(
                    io.StringIO(self.text),
                    sep=self.delimiter,
                    header=header_row,
                    dtype="string",
                    keep_default_na=False,
                    na_values=[""],
                    skip_blank_lines=True,
                    on_bad_lines="skip",
                    engine="python" if self.delimiter not in (",", "\t", ";") else "c",
                    skiprows=range(header_row + 1, header_row + 1 + skip_after_header) if skip_after_header else None,
                )
            except pd.errors.ParserError:
                frame = self._lenient_table(header_row, skip_after_header)
        frame = frame.dropna(how="all").reset_index(drop=True)
        frame.columns = [str(c).replace("\ufeff", "").strip() for c in frame.columns]
        return frame


def _split_line(line: str, delimiter: str) -> list[str]:
    """One line's cells; a stray line break inside it (a quoted multi-line cell) splits plainly."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _lenient_rows(text: str, delimiter: str) -> list[list[str]]:
    """Rows of a CSV that pandas refused (a quote never closed: a file cut short), keeping what reads."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error:
        pass
    return rows


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n}.{seen[n]}")
        else:
            seen[n] = 0
            out.append(n)
    return out


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _read_sheet(name: str, data: bytes, sheet: int | str | None) -> list[tuple]:
    """Every row of one worksheet, read by calamine (compiled: about fifty times openpyxl's speed).

    Cells come back as openpyxl gave them, so every reader downstream sees the same values: an
    empty cell is ``None``, a whole number an ``int``, a date a midnight ``datetime``. Excel's
    error values (``#N/A``, ``#REF!``) are empty cells: they are not data. Every row is as wide
    as the sheet's widest (openpyxl did so for every sheet that states its size, as Excel's do).
    """
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > MAX_XLSX_UNCOMPRESSED:
                raise InputError(
                    f"{name}: this spreadsheet unpacks to {total // 2**20} MB, more than the {MAX_XLSX_UNCOMPRESSED // 2**20} MB allowed. "
                    "Save the sheet you need as CSV and load that."
                )
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = _worksheets(book)
    except InputError:
        raise
    except Exception:  # calamine and zipfile raise many types for broken files
        sheets = []
    if not sheets:
        raise InputError(
            f"{name}: this looks like an Excel file but cannot be opened. Open it in Excel and save it again as .xlsx or .csv."
        ) from None
    try:
        return _data_sheet(book, sheets) if sheet is None else _sheet_values(book, sheets[sheet] if isinstance(sheet, int) else sheet)
    except Exception:
        raise InputError(
            f"{name}: this Excel file opens but its sheet cannot be read. Open it in Excel and save it again as .xlsx or .csv."
        ) from None
    finally:
        book.close()


def _worksheets(book) -> list[str]:
    """The names of the workbook's worksheets in tab order (chart sheets and macro sheets hold no rows)."""
    from python_calamine import SheetTypeEnum

    return [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]


def _data_sheet(book, sheets: list[str]) -> list[tuple]:
    """The rows of the first worksheet with a row at least ``HEADER_CELLS_MIN`` cells wide near its top, else of the first."""
    for sheet in sheets:
        rows = _sheet_values(book, sheet)
        if any(sum(v is not None and str(v).strip() != "" for v in row) >= HEADER_CELLS_MIN for row in rows[: 4 * TITLE_ROWS_MAX]):
            return rows
    return _sheet_values(book, sheets[0])


def _sheet_values(book, sheet: str) -> list[tuple]:
    """Rows from A1 (blank rows and columns above and left kept, so row numbers are Excel's)."""
    return [tuple(map(_openpyxl_value, row)) for row in book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)]


_EXACT_FLOAT = 2.0**53  # beyond this a whole-number float is not an integer Excel wrote


def _openpyxl_value(value: object) -> object:
    """A calamine cell as openpyxl reads it: ``None`` for empty, ``int`` for a whole number
    (Excel writes ``5``, not ``5.0``), ``datetime`` for a date."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < _EXACT_FLOAT else value
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value
