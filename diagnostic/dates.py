"""Dates as exports write them, decided per file; working hours and working days.

Day/month order is decided once per column from all its values (a field above 12 settles it),
never row by row; ambiguous files fall back to the caller's default (day-first for UK exports).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from diagnostic.dataset import TZ

_SLASHED = re.compile(r"^\s*(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
DATE_PART_CHARS = 12  # the longest a/b/c date part (2025/12/31): all that decides day or month first
FORMAT_SAMPLE = 2000  # values, spread over a sorted column, that choose one explicit format for it (speed only)


def decide_dayfirst(values: Iterable[str] | pd.Series, default: bool = True) -> bool:
    """Day-first or month-first for a whole column of ``a/b/c`` dates.

    Values whose first field is above 12 vote day-first; values whose second field is, month-first.
    Every value votes, so one mistyped row cannot turn a whole UK file month-first, and no row's
    place in the file matters: the larger side wins (the other side's values then fail to parse
    and are reported), a tie gives ``default``. ISO ``YYYY-MM-DD`` values say nothing and are
    ignored. Only the distinct date parts are examined (a few thousand however long the file),
    each weighed by how many rows have it, so a million rows take a fraction of a second.
    """
    text = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype="object")
    heads = text.astype("string").str.lstrip().str.slice(0, DATE_PART_CHARS).value_counts()
    first_big = second_big = 0
    for head, votes in zip(heads.index.tolist(), heads.tolist()):  # a few thousand at most: plain Python beats a dozen column operations
        fields = _SLASHED.search(head)
        if fields is None or len(fields[1]) == 4:
            continue
        first_big += votes if _above_twelve(fields[1]) else 0
        second_big += votes if _above_twelve(fields[2]) else 0
    if first_big != second_big:
        return first_big > second_big
    return default


def _above_twelve(digits: str) -> bool:
    """A date field above 12; digits of other scripts (which ``\\d`` also matches) are no number."""
    return digits.isascii() and int(digits) > 12


def spread_sample(values: pd.Series, size: int = FORMAT_SAMPLE) -> pd.Series:
    """Up to ``size`` non-empty values spread evenly over the column in sorted order: chosen by
    value rather than by position, so a shuffled file offers the same sample (and so the same
    layout) as the original, and a long file is sampled from end to end, not from its first rows.
    Sorting the column (not its distinct values) is the fast way, and weighs values by their rows."""
    ordered = values.dropna().astype("string").sort_values(ignore_index=True)
    if len(ordered) > size:
        ordered = ordered.iloc[np.linspace(0, len(ordered) - 1, size).round().astype(int)]
    return ordered.drop_duplicates().reset_index(drop=True)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
# A date led by a four-digit year, as ISO and the Japanese, Chinese, Korean and Hungarian settings
# write it (2025/3/4, 2025. 3. 4.): always year, month, day, whatever order the column's other
# values take; no setting writes year, day, month.
_YEAR_FIRST = re.compile(r"^\s*\d{4}[/.\-]\s?\d{1,2}[/.\-]\s?\d{1,2}(?!\d)")
_HAS_ZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_TIME_ONLY = re.compile(r"^\s*\d{1,2}[:.h]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*$", re.IGNORECASE)
_TIMES = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p")
# Years no export of this kind holds: a value read outside them is a misreading (a damaged cell,
# a stray number), and such far dates would overflow the time arithmetic downstream.
EARLIEST = pd.Timestamp("1900-01-01", tz=TZ)
LATEST = pd.Timestamp("2200-01-01", tz=TZ)
_SEPARATORS = (" ", ", ")


def _candidate_formats(dayfirst: bool) -> list[str]:
    """Explicit formats to try, most specific first; day-first or month-first as decided."""
    dates = ["%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y"] if dayfirst else ["%m/%d/%Y", "%m/%d/%y"]
    out = []
    for d in dates:
        out.extend(f"{d}{sep}{t}" for t in _TIMES for sep in _SEPARATORS)
        out.append(d)
    return out


def _pick_format(sample: pd.Series, dayfirst: bool) -> str | None:
    """The first explicit format that reads nearly all of a sample (fast C parsing for the column)."""
    if sample.str.match(_ISO).mean() > 0.9:
        return "ISO8601"
    for fmt in _candidate_formats(dayfirst):
        ok = pd.to_datetime(sample, format=fmt, errors="coerce").notna().mean()
        if ok >= 0.95:
            return fmt
    return None


def parse_datetimes(
    values: pd.Series, dayfirst: bool | None = None, default_dayfirst: bool = True, utc: bool = False, zone: str = TZ
) -> pd.Series:
    """Parse a column of date/time strings into tz-aware Europe/London timestamps (see :func:`_parse`).

    ``zone`` is where values without a zone of their own were written, for exports that give it in
    another column (a Viva meeting's ``TimeZone``): read there, then given in London time.
    A value read as before 1900 or after 2200 becomes NaT like any other unreadable value.
    """
    parsed = _parse(values, dayfirst, default_dayfirst, utc, zone)
    return parsed.where((parsed >= EARLIEST) & (parsed < LATEST))


def _parse(values: pd.Series, dayfirst: bool | None, default_dayfirst: bool, utc: bool, zone: str = TZ) -> pd.Series:
    """Parse a column of date/time strings into tz-aware Europe/London timestamps.

    Day/month order is decided once for the column (:func:`decide_dayfirst`); values led by a
    four-digit year (ISO, 2025/3/4) are never read day-first. One explicit format is chosen from a sample so millions of rows parse quickly;
    values it misses are tried once more flexibly. ``utc=True`` for exports documented as UTC
    (message traces, Graph reports); values with a zone (``Z``, ``+01:00``) are honoured. Values
    that cannot be parsed become NaT and the caller reports their rows (:func:`bad_rows`).
    """
    text = values.astype("string").str.strip()
    text = text.where(text != "", pd.NA)
    sample = spread_sample(text)
    if sample.empty:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[us, Europe/London]")
    if dayfirst is None:
        dayfirst = decide_dayfirst(text, default_dayfirst)
    zoned = text.str.contains(_HAS_ZONE).fillna(False)
    if zoned.any() and not zoned[text.notna()].all():  # some values carry a zone, others are local
        out = pd.Series(pd.NaT, index=values.index, dtype=f"datetime64[us, {TZ}]")
        out[zoned] = parse_datetimes(text[zoned], dayfirst, utc=True)
        out[~zoned] = parse_datetimes(text[~zoned], dayfirst, utc=utc, zone=zone)
        return out
    utc = utc or bool(zoned.any())
    fmt = _pick_format(sample, dayfirst)
    if fmt is None:
        parsed = _flexible(text, dayfirst, utc)
    else:
        try:
            parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=utc)
        except ValueError:  # pandas refuses some odd mixtures even when told to coerce
            parsed = _flexible(text, dayfirst, utc)
        missed = parsed.isna() & text.notna()
        if missed.any():
            parsed = parsed.copy()
            parsed[missed] = _flexible(text[missed], dayfirst, utc)
    if getattr(parsed.dt, "tz", None) is not None:  # a zone turned up outside the sample
        return parsed.dt.tz_convert(TZ).astype(f"datetime64[us, {TZ}]")
    parsed = parsed.astype("datetime64[us]")
    if utc:
        return parsed.dt.tz_localize("UTC").dt.tz_convert(TZ)
    local = parsed.dt.tz_localize(zone, ambiguous="NaT", nonexistent="shift_forward")
    return local if zone == TZ else local.dt.tz_convert(TZ)


def _flexible(text: pd.Series, dayfirst: bool, utc: bool) -> pd.Series:
    """Element-wise parsing for odd values; values led by a four-digit year are never read day-first.

    A slashed date whose month field is above 12 in the order decided for the column stays NaT
    (the caller reports its row): pandas would otherwise swap day and month for that value alone.
    So does a time with no date ("13:00"), which pandas would put on today's date.
    """
    iso = text.str.match(_YEAR_FIRST).fillna(False)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]" if utc else "datetime64[us]")
    fields = text.str.extract(_SLASHED)
    month = pd.to_numeric(fields[1] if dayfirst else fields[0], errors="coerce")
    unreadable = (month > 12).fillna(False) & (fields[0].str.len() != 4).fillna(False)
    unreadable |= text.str.match(_TIME_ONLY).fillna(False)
    for mask, first in ((iso, False), (~iso & ~unreadable, dayfirst)):
        if mask.any():
            try:
                got = pd.to_datetime(text[mask], errors="coerce", dayfirst=first, format="mixed", utc=utc)
            except (ValueError, TypeError):  # mixed zones in one column: read as UTC
                got = pd.to_datetime(text[mask], errors="coerce", dayfirst=first, format="mixed", utc=True)
                got = got if utc else got.dt.tz_localize(None)
            out[mask] = _same_zone(got, utc).astype(out.dtype)
    return out


def _same_zone(parsed: pd.Series, utc: bool) -> pd.Series:
    """Zoned values become local wall time for a naive column; naive values are UTC in a UTC column."""
    zoned = getattr(parsed.dt, "tz", None) is not None
    if zoned and not utc:
        return parsed.dt.tz_convert(TZ).dt.tz_localize(None)
    if utc and not zoned:
        return parsed.dt.tz_localize("UTC")
    return parsed


def bad_rows(original: pd.Series, parsed: pd.Series, first_row: int = 2) -> list[int]:
    """Spreadsheet row numbers where a non-empty value failed to parse (header is row 1)."""
    failed = parsed.isna().to_numpy() & original.notna().to_numpy() & (original.astype("string").str.strip() != "").fillna(False).to_numpy()
    return [int(i) + first_row for i in np.flatnonzero(failed)]


def parse_duration_minutes(values: pd.Series) -> pd.Series:
    """``1h 7s``, ``45m``, ``1 h 1 min 55 s``, ``PT1H20M5S`` or ``01:02:03`` -> minutes (float)."""
    text = values.astype("string").str.strip().str.lower()
    hours = text.str.extract(r"(\d+(?:\.\d+)?)\s*h", expand=False).astype("Float64").fillna(0)
    mins = text.str.extract(r"(\d+(?:\.\d+)?)\s*m(?!s)", expand=False).astype("Float64").fillna(0)
    secs = text.str.extract(r"(\d+(?:\.\d+)?)\s*s", expand=False).astype("Float64").fillna(0)
    total = hours * 60 + mins + secs / 60
    clock = text.str.extract(r"^(\d+):(\d{2}):(\d{2})$")
    has_clock = clock[0].notna()
    total = total.where(~has_clock, clock[0].astype("Float64") * 60 + clock[1].astype("Float64") + clock[2].astype("Float64") / 60)
    has_any = text.str.contains(r"\d", regex=True).fillna(False)
    return total.where(has_any, pd.NA).astype("Float64")


@lru_cache(maxsize=64)
def bank_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    """England and Wales bank holidays (Good Friday, Christmas and Boxing Day included)."""
    import holidays

    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return tuple(sorted(days))


def working_days_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Working days from ``start`` to ``end`` counting from the day after ``start`` (reg. 2 practice).

    Weekends and England and Wales bank holidays do not count. NA where either date is missing.
    """
    ok = start.notna() & end.notna()
    out = pd.Series(pd.NA, index=start.index, dtype="Int64")
    if not ok.any():
        return out
    s = start[ok].dt.tz_localize(None).dt.normalize().to_numpy().astype("datetime64[D]") + 1
    e = end[ok].dt.tz_localize(None).dt.normalize().to_numpy().astype("datetime64[D]") + 1
    years = pd.DatetimeIndex(np.concatenate([s, e])).year
    hol = np.array(bank_holidays(int(years.min()) - 1, int(years.max()) + 1), dtype="datetime64[D]")
    counts = np.busday_count(s, e, holidays=hol)
    out[ok] = counts
    return out


def is_working_time(ts: pd.Series, start: str = "08:00", end: str = "18:00", days: tuple[int, ...] = (0, 1, 2, 3, 4)) -> pd.Series:
    """True where a local timestamp falls inside working hours on a working day."""
    minutes = ts.dt.hour * 60 + ts.dt.minute
    h0, m0 = (int(x) for x in start.split(":"))
    h1, m1 = (int(x) for x in end.split(":"))
    return ts.dt.day_of_week.isin(days) & (minutes >= h0 * 60 + m0) & (minutes < h1 * 60 + m1)
