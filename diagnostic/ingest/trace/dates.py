"""Trace times: one explicit format decided per file, then every time parsed in Arrow.

Traces write times in the exporting machine's culture (14/01/2025 09:12 or 1/14/2025 9:12 AM), so
the day/month order is decided once from the file's own dates, not guessed per row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from diagnostic.dates import decide_dayfirst, parse_datetimes, spread_sample

_SLASHED = re.compile(r"^\s*(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})(?:[ T](\d{1,2}:\d{2}(:\d{2})?)\s*([AaPp]\.?[Mm]\.?)?)?")


def time_format(sample: list[str], date_prefixes: list[str], default_dayfirst: bool) -> str | None:
    """One strptime format for a column of culture-formatted times, or None for ISO and the unknown.

    Day or month first is decided from every distinct date in the file (a field above 12
    settles it); AM/PM marks a 12-hour clock (en-US PowerShell). The layout (separator, year
    digits, clock) is read from the first value of ``sample`` that looks like a date, so callers
    pass a sample chosen by value (:func:`~diagnostic.dates.spread_sample`), never the first rows.
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
    sample = spread_sample(pd.Series(pd.arrays.ArrowStringArray(values.cast(pa.string())))).tolist()  # chosen by value, not row order
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
