"""The same exports with their rows in another order: what a results-must-not-depend-on-order test feeds in.

Each function takes a file's bytes and a ``random.Random`` and returns the file with its records
shuffled and everything else (headers, preambles, section titles, calendar properties) where it
was. Records are moved as they were written, byte for byte, so the only change is their order.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import PurePosixPath

import openpyxl

SECTION_TITLE = re.compile(r"^\d+\.\s")  # a Teams attendance report's "2. Participants"
SUMMARY = re.compile(r"^\d+\.\s*summary", re.I)
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def shuffled(name: str, data: bytes, rng: random.Random) -> bytes:
    """``data`` with its rows (events for a calendar) in a random order; documents are returned as they are."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".xlsx":
        return shuffled_workbook(data, rng)
    if suffix == ".ics":
        return shuffled_calendar(data, rng)
    if suffix == ".csv":
        return shuffled_csv(data, rng)
    return data


def shuffled_csv(data: bytes, rng: random.Random) -> bytes:
    """Rows shuffled within each section: a plain export's one table below its header row (two for
    SurveyMonkey's expanded layout), a Teams report's tables below their title and header."""
    bom, codec = next(((b, c) for b, c in BOMS if data.startswith(b)), (b"", _codec(data)))
    text = data[len(bom) :].decode(codec)
    newline = "\r\n" if "\r\n" in text else "\n"
    sections: list[list[str]] = [[]]
    for record in _records(text, newline):
        if record.strip():
            sections[-1].append(record)
        else:
            sections.append([])
    out = []
    for section in sections:
        out.append(newline.join(_shuffled_section(section, rng)))
    return bom + (newline + newline).join(s for s in out if s).encode(codec) + newline.encode(codec)


def _codec(data: bytes) -> str:
    """UTF-16 without its mark (NULs between letters), UTF-8, or Windows-1252 (Outlook's CSV)."""
    if data[1:2] == b"\x00":
        return "utf-16-le"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _records(text: str, newline: str) -> list[str]:
    """The file's records as written: a quoted cell may hold line breaks, so lines are joined while a quote is open."""
    records, current = [], []
    for line in text.split(newline):
        current.append(line)
        if "".join(current).count('"') % 2 == 0:
            records.append(newline.join(current))
            current = []
    if current:
        records.append(newline.join(current))
    while records and not records[-1].strip():
        records.pop()
    return records


def _shuffled_section(section: list[str], rng: random.Random) -> list[str]:
    if not section:
        return section
    if SECTION_TITLE.match(section[0].lstrip("\ufeff")):
        keep = len(section) if SUMMARY.match(section[0].lstrip("\ufeff")) else 2  # the title and the header
    else:
        second = section[1] if len(section) > 1 else ""
        keep = 2 if second.startswith((",", '"",')) else 1  # SurveyMonkey's second header row has no respondent
    head, rows = section[:keep], section[keep:]
    rng.shuffle(rows)
    return head + rows


def shuffled_calendar(data: bytes, rng: random.Random) -> bytes:
    """The VEVENT blocks shuffled among themselves; the calendar's other parts (time zones) stay put."""
    text = data.decode("utf-8")
    pieces = re.split(r"(BEGIN:VEVENT\r?\n.*?END:VEVENT\r?\n)", text, flags=re.S)
    events = [p for p in pieces if p.startswith("BEGIN:VEVENT")]
    order = iter(rng.sample(events, len(events)))
    return "".join(next(order) if p.startswith("BEGIN:VEVENT") else p for p in pieces).encode("utf-8")


def shuffled_workbook(data: bytes, rng: random.Random) -> bytes:
    """Every sheet's rows below its header row shuffled, each cell keeping its value and number format."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        targets = list(sheet.iter_rows(min_row=2))
        rows = [[(c.value, c.number_format) for c in row] for row in targets]
        rows = [r for r in rows if any(v is not None for v, _ in r)]  # blank rows go to the end
        rng.shuffle(rows)
        for i, target in enumerate(targets):
            for j, cell in enumerate(target):
                cell.value, cell.number_format = rows[i][j] if i < len(rows) else (None, "General")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def copy_name(name: str) -> str:
    """The name a browser gives a second download of the same file: ``report (1).xlsx``."""
    path = PurePosixPath(name)
    return f"{path.stem} (1){path.suffix}"
