"""Reading a file nobody recognises well enough to guess what it is and which column is which.

The column-mapping step must be finishable by someone who has never seen our table names, so it
starts from a good guess: the real header row (below any summary block, such as a Teams report's
"1. Summary"), the table the columns suggest (join and leave times mean attendance; received
and responded dates mean feedback), and every field it can match by its header or by its values
(dates to date fields, durations to minutes, email addresses to people). Where a file looks like
none of our tables it says so, rather than defaulting to one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from diagnostic import dates
from diagnostic.errors import InputError
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.fields import EXTRA_FIELDS, TABLE_CUES, fields, synonyms, table_names
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.sheet import records, table_at
from diagnostic.schema import BOOL, DATETIME, FLOAT, INT, OVERSEER, PERSON, SPEC, vocabularies

SCAN_ROWS = 200  # how far down a file the header row may be
PROFILE_VALUES = 200  # values of a column looked at to tell what it holds
SHARE = 0.8  # share of a column's values that must agree before it counts as dates, numbers, ...
SIMILARITY_CUTOFF = 0.8  # how alike a header and a field's name must be to be matched by spelling
# What a column holds, from its values.
EMAIL, NAME, DATETIME_VALUES, DURATION, NUMBER, YES_NO, TEXT, EMPTY = (
    "email",
    "name",
    "datetime",
    "duration",
    "number",
    "yes_no",
    "text",
    "empty",
)
_NUMBERISH = re.compile(r"^[\s\d.,:/\-+%£]*(am|pm)?\s*$", re.IGNORECASE)
_DURATION = re.compile(r"^\s*(\d+(\.\d+)?\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\s*)+$|^\s*\d+:\d{2}:\d{2}\s*$", re.I)
_PERSON_NAME = re.compile(r"^[A-ZÀ-Ý][\w'’.-]*(\s+[A-ZÀ-Ý][\w'’.-]*){1,3}(\s*\((guest|external)\))?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CLOCK = re.compile(r"\d:\d\d")
NO_TABLE = "This file does not look like any of the tables we know. Choose what each row describes."


@dataclass(frozen=True)
class Sample:
    """A file's table as the mapping step sees it: headers, rows as text, and where the header is."""

    headers: tuple[str, ...]
    frame: pd.DataFrame  # indexed by spreadsheet row number
    header_row: int  # the header's row number as the user sees it (1 is the first row)

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Header -> what its values hold (EMAIL, DATETIME_VALUES, ...), worked out once."""
        return {h: column_kind(self.frame[h]) for h in self.headers}


@dataclass(frozen=True)
class Guess:
    """The table a file most likely is (None when it looks like none), and why, in a sentence."""

    table: str | None
    why: str


def is_heading_like(cell: str | None) -> bool:
    """A cell that could be a column heading: words, not a number, a date or an address."""
    return cell is not None and not _NUMBERISH.match(cell) and "@" not in cell


def header_index(rows: list[list[str | None]]) -> int | None:
    """The record that heads the file's table: the first of the widest rows made only of headings.

    Title rows (one cell), a summary block of label/value pairs (two cells, values with dates or
    numbers) and section headings are all narrower than the table's own header, and data rows
    hold numbers, dates or addresses. None when no row has two headings.
    """
    filled = [sum(c is not None for c in row) if all(is_heading_like(c) for c in row if c is not None) else 0 for row in rows[:SCAN_ROWS]]
    widest = max(filled, default=0)
    return filled.index(widest) if widest >= 2 else None


def table_end(rows: list[list[str | None]], start: int) -> int | None:
    """Where the table starting at ``start`` stops: at a blank row followed by a one-cell section
    heading ("3. In-Meeting Activities"); None when it runs to the end of the file."""
    for i in range(start + 1, len(rows) - 1):
        blank = not any(c is not None for c in rows[i])
        if blank and sum(c is not None for c in rows[i + 1]) == 1:
            return i
    return None


def read_part(raw: RawFile, ctx=None) -> tuple[pd.DataFrame, int]:
    """The file's table (below its summary block, up to the next section) and its header's row number."""
    rows = records(raw)
    start = header_index(rows)
    if start is None:
        raise InputError(f"{raw.name}: we cannot find a row of column headings in this file, so its columns cannot be matched.")
    return table_at(rows, start, ctx, table_end(rows, start)), start + 1


def sample(name: str, data: bytes) -> Sample:
    """The file's table, for guessing (raises :class:`InputError` with a plain sentence when there is none)."""
    frame, header_row = read_part(RawFile(name=name, data=data))
    headers = tuple(h for h in frame.columns if not h.startswith("Unnamed: "))
    return Sample(headers, frame[list(headers)], header_row)


def column_kind(values: pd.Series) -> str:
    """What a column's values hold: the first kind that at least ``SHARE`` of them agree on."""
    seen = vocab.blank_to_na(values).dropna().head(PROFILE_VALUES).astype(str).str.strip()
    if seen.empty:
        return EMPTY

    def share(mask) -> bool:
        return float(pd.Series(mask).mean()) >= SHARE

    if share(seen.str.match(_EMAIL)):
        return EMAIL
    if share(seen.map(lambda v: isinstance(vocab.number(v), float))):
        return NUMBER
    if share(seen.str.match(_DURATION)):
        return DURATION
    if share(seen.str.match(_NUMBERISH) | seen.str.contains(r"\d", regex=True)) and share(dates.parse_datetimes(seen).notna()):
        return DATETIME_VALUES
    if share(vocab.translate(seen, vocabularies.BOOLEAN, BOOL)[0].notna()):
        return YES_NO
    if share(seen.str.match(_PERSON_NAME)):
        return NAME
    return TEXT


def _fits(table: str, field: str, kind: str, values: pd.Series) -> bool:
    """Whether a column of ``kind`` can feed ``field`` (specific evidence only: plain text never fits)."""
    if field in EXTRA_FIELDS.get(table, ()):  # a join or leave time: a date with a time of day
        return kind == DATETIME_VALUES and bool(vocab.blank_to_na(values).dropna().head(PROFILE_VALUES).str.contains(_CLOCK).all())
    column = SPEC[table].column(field)
    if column.role in (PERSON, OVERSEER):
        return kind in (EMAIL, NAME)
    if column.dtype == DATETIME:
        return kind == DATETIME_VALUES
    if column.dtype in (INT, FLOAT):  # a bare number could be anything (a price): only a duration gives itself away
        return (table, field) == ("attendance", "minutes") and kind == DURATION
    if column.dtype == BOOL:
        return kind == YES_NO
    if column.vocabulary is not None and kind == TEXT:
        seen = vocab.blank_to_na(values).dropna().head(PROFILE_VALUES)
        return float(vocab.translate(seen, column.vocabulary, column.dtype)[0].notna().mean()) >= SHARE
    return False


def by_name(headers: list[str], table: str) -> dict[str, str | None]:
    """Field -> the header that names it: synonyms local exports use, then near spellings."""
    names = synonyms(table)
    found: dict[str, str | None] = {f.name: None for f in fields(table)}
    found.update(vocab.match_columns(headers, names))
    free = {normalise_header(h): h for h in headers if isinstance(h, str) and h not in found.values()}
    for field in (f for f in found if found[f] is None):
        candidates = [normalise_header(n) for n in names[field]]
        best = max(((difflib.SequenceMatcher(None, c, n).ratio(), n) for c in candidates for n in free), default=(0.0, None))
        if best[0] >= SIMILARITY_CUTOFF:
            found[field] = free.pop(best[1])
    return found


def prefill(table: str, found: Sample) -> dict[str, str | None]:
    """Field -> the header most likely to hold it: by name first, then by what the values hold,
    fields and columns each taken in their order (the first date column feeds the first date field)."""
    chosen = by_name(list(found.headers), table)
    kinds = found.kinds
    for field in (f.name for f in fields(table) if chosen[f.name] is None and not f.made_up):
        used = set(chosen.values())
        header = next((h for h in found.headers if h not in used and _fits(table, field, kinds[h], found.frame[h])), None)
        chosen[field] = header
    return chosen


def guess_table(found: Sample) -> Guess:
    """The table the columns suggest, or None with a plain sentence when they suggest none."""
    norms = [normalise_header(unicodedata.normalize("NFKD", h)) for h in found.headers]  # "départ" -> "depart"
    for table, groups in TABLE_CUES.items():
        if all(any(cue in n for cue in group for n in norms) for group in groups):
            return Guess(table, _CUE_REASONS[table])
    if _one_meeting_sessions(found):
        return Guess("attendance", _CUE_REASONS["attendance"])
    best: tuple[int, str] | None = None
    for table in table_names():
        named = by_name(list(found.headers), table)
        needed = [f.name for f in fields(table) if f.required and not f.made_up]
        matched = sum(h is not None for h in named.values())
        if all(named[f] for f in needed) and matched >= 2 and (best is None or matched > best[0]):
            best = (matched, table)
    if best is None:
        return Guess(None, NO_TABLE)
    return Guess(best[1], f"Its column headings match {best[0]} of the fields we read, so it looks like this kind of file.")


_CUE_REASONS = {
    "attendance": "It has times when people joined and left, so each row looks like a person's time at a meeting.",
    "feedback": "It has dates when items were received and responded to, so each row looks like an item of feedback.",
}


def _one_meeting_sessions(found: Sample) -> bool:
    """Two date-and-time columns on one day, the second never before the first: joins and leaves."""
    columns = [h for h, k in found.kinds.items() if k == DATETIME_VALUES]
    if len(columns) < 2:
        return False
    first, second = (dates.parse_datetimes(vocab.blank_to_na(found.frame[h])) for h in columns[:2])
    both = first.notna() & second.notna()
    if not both.any():
        return False
    days = pd.concat([first[both], second[both]]).dt.date.nunique()
    return days == 1 and bool((second[both] >= first[both]).all())


def examples(found: Sample) -> dict[str, str]:
    """Header -> one value from the file to show beside it; people's addresses and names are
    described, never shown."""
    kinds = found.kinds
    out: dict[str, str] = {}
    for header in found.headers:
        if kinds[header] == EMAIL:
            out[header] = "an email address"
        elif kinds[header] == NAME:
            out[header] = "a person's name"
        elif kinds[header] == EMPTY:
            out[header] = "empty"
        else:
            value = str(vocab.blank_to_na(found.frame[header]).dropna().iloc[0]).strip()
            out[header] = value if len(value) <= 40 else value[:39] + "…"
    return out
