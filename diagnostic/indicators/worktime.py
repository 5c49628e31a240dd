"""Working time: working days, bank holidays and working hours, on integer seconds.

Calendars and message traces are read as local wall-clock seconds since 1970 (:func:`wall_seconds`),
so hour-of-day and day arithmetic runs in numpy over whole columns.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from diagnostic.dates import bank_holidays
from diagnostic.indicators.common import SECONDS_PER_DAY
from diagnostic.settings import Settings


def _weekmask(settings: Settings) -> str:
    return "".join("1" if d in settings.work_days else "0" for d in range(7))


def _holidays(first: date, last: date) -> np.ndarray:
    return np.array(bank_holidays(first.year - 1, last.year + 1), dtype="datetime64[D]")


def working_day_count(first: date, last: date, settings: Settings) -> int:
    """Working days from ``first`` to ``last`` inclusive (settings' days, less bank holidays)."""
    if last < first:
        return 0
    start = np.datetime64(first, "D")
    end = np.datetime64(last, "D") + 1
    return int(np.busday_count(start, end, weekmask=_weekmask(settings), holidays=_holidays(first, last)))


def working_days_in_periods(start: pd.Series, end: pd.Series, settings: Settings) -> np.ndarray:
    """Working days in each period (see :func:`period_days` for how the end is read)."""
    s = start.dt.tz_localize(None).dt.normalize().to_numpy().astype("datetime64[D]")
    e = s + period_days(start, end).astype("timedelta64[D]")
    first = pd.Timestamp(s.min()).date()
    last = pd.Timestamp(e.max()).date()
    return np.busday_count(s, e, weekmask=_weekmask(settings), holidays=_holidays(first, last))


def period_days(start: pd.Series, end: pd.Series) -> np.ndarray:
    """Days covered by each activity-report period, at least one.

    Reports write the end either as the last day (inclusive, "1-7 March") or as the midnight that
    closes the period (exclusive). A midnight end after the start day is read as exclusive.
    """
    s = start.dt.tz_localize(None)
    e = end.dt.tz_localize(None)
    days = (e.dt.normalize() - s.dt.normalize()).dt.days.to_numpy(dtype=float)
    midnight = (e == e.dt.normalize()).to_numpy(dtype=bool) & (days >= 1)
    days = np.where(midnight, days, days + 1)
    return np.maximum(np.nan_to_num(days, nan=1.0), 1).astype(int)


def wall_seconds(ts: pd.Series) -> np.ndarray:
    """Local wall-clock time as integer seconds since 1970 (hour-of-day arithmetic in numpy)."""
    return ts.dt.tz_localize(None).to_numpy().astype("datetime64[s]").astype(np.int64)


def weekday_of(day_s: np.ndarray) -> np.ndarray:
    """Monday = 0 for local midnights in seconds since 1970 (a Thursday)."""
    return (day_s // SECONDS_PER_DAY + 3) % 7


def in_working_hours(wall_s: np.ndarray, settings: Settings) -> np.ndarray:
    """True where a local wall-clock second is in working hours on a working day that is not a bank holiday.

    The same rule as :func:`diagnostic.dates.is_working_time`, plus bank holidays, on integers so
    that a whole message trace is read in a few array steps.
    """
    ws, we = working_window_seconds(settings)
    day = wall_s - wall_s % SECONDS_PER_DAY
    clock = wall_s - day
    workday = np.isin(weekday_of(day), settings.work_days) & ~bank_holiday_days(day)
    return workday & (clock >= ws) & (clock < we)


def bank_holiday_days(day_s: np.ndarray) -> np.ndarray:
    """True for local midnights (seconds since 1970) that fall on an England and Wales bank holiday.

    Each day is looked up by its number in a table of the days spanned rather than matched as a
    date, for the three indicators that read working hours on every scenario.
    """
    if not len(day_s):
        return np.zeros(0, dtype=bool)
    day = np.asarray(day_s, dtype=np.int64) // SECONDS_PER_DAY
    first, last = int(day.min()), int(day.max())
    holidays = _holidays(pd.Timestamp(first, unit="D").date(), pd.Timestamp(last, unit="D").date()).astype(np.int64)
    table = np.zeros(last - first + 1, dtype=bool)
    table[holidays[(holidays >= first) & (holidays <= last)] - first] = True
    return table[day - first]


def _minutes(clock: str) -> int:
    hours, minutes = (int(x) for x in clock.split(":"))
    return hours * 60 + minutes


def working_window_seconds(settings: Settings) -> tuple[int, int]:
    """Start and end of the working day, in seconds after midnight."""
    return _minutes(settings.work_start) * 60, _minutes(settings.work_end) * 60
