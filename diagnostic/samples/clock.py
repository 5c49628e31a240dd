"""The sample's fixed window of time, working days, and local/UTC conversion.

The window starts on a fixed Monday, never "today", so the same seed gives the same bytes on any
day. Times inside the simulation are naive Europe/London wall-clock datetimes, as people book them;
exports that are documented as UTC convert on the way out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from diagnostic.dates import bank_holidays

LONDON = ZoneInfo("Europe/London")
WINDOW_START = date(2025, 1, 6)  # a Monday
DAY_START, DAY_END = 8 * 60, 18 * 60  # the organisation's working hours, minutes after midnight


@dataclass(frozen=True)
class Window:
    """``weeks`` whole weeks from :data:`WINDOW_START`."""

    weeks: int

    @property
    def start(self) -> date:
        return WINDOW_START

    @property
    def end(self) -> date:
        """The last day (a Sunday)."""
        return WINDOW_START + timedelta(days=7 * self.weeks - 1)

    @cached_property
    def holidays(self) -> frozenset[date]:
        return frozenset(bank_holidays(self.start.year - 1, self.end.year + 1))

    @cached_property
    def days(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=i) for i in range(7 * self.weeks))

    @cached_property
    def working_days(self) -> tuple[date, ...]:
        return tuple(d for d in self.days if self.is_working_day(d))

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in self.holidays

    def week(self, i: int) -> tuple[date, ...]:
        """Working days of week ``i`` (0-based)."""
        first = self.start + timedelta(days=7 * i)
        return tuple(d for d in (first + timedelta(days=k) for k in range(5)) if d not in self.holidays)

    def add_working_days(self, d: date, n: int) -> date:
        """The date ``n`` working days after ``d`` (counting from the next day, as the regulations do)."""
        while n > 0:
            d += timedelta(days=1)
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b`` (what a log's "days taken" counts)."""
        return sum(self.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


def at(d: date, minutes: int) -> datetime:
    """A wall-clock time on day ``d`` (``minutes`` after midnight; may run past midnight)."""
    return datetime(d.year, d.month, d.day) + timedelta(minutes=minutes)


def to_utc(local: datetime) -> datetime:
    """Europe/London wall-clock time -> aware UTC."""
    return local.replace(tzinfo=LONDON).astimezone(UTC)
