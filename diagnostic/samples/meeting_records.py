"""A meeting as a plain record, and how a standing series repeats.

The writers turn these records into ICS, Outlook CSV and usage counts, so a series repeats here
exactly as a calendar program would expand its RRULE: weekdays for a daily series, the same
weekday for a weekly one, the nth weekday of the month for a monthly one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from diagnostic.samples.organisation import Person

FREQS: dict[str, tuple[str, int]] = {  # our name -> (RRULE FREQ, INTERVAL)
    "daily": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "fortnightly": ("WEEKLY", 2),
    "four_weekly": ("WEEKLY", 4),
    "monthly": ("MONTHLY", 1),
}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
TEAMS_LOCATION = "Microsoft Teams Meeting"


@dataclass
class Series:
    """How a standing meeting repeats (an RRULE), with its cancelled and moved occurrences."""

    freq: str  # our name, a key of FREQS
    until: datetime  # start of the last occurrence (local)
    exdates: list[datetime] = field(default_factory=list)
    moved: dict[datetime, tuple[datetime, datetime]] = field(default_factory=dict)


@dataclass
class Meeting:
    uid: str
    subject: str
    start: datetime
    end: datetime
    organiser: Person | None  # None: a personal appointment with no attendees
    required: tuple[Person, ...] = ()
    optional: tuple[Person, ...] = ()
    location: str = TEAMS_LOCATION
    series: Series | None = None
    all_day: bool = False
    owner: Person | None = None  # for an appointment: whose calendar it is in

    @property
    def online(self) -> bool:
        return self.location == TEAMS_LOCATION

    @property
    def people(self) -> tuple[Person, ...]:
        head = (self.organiser,) if self.organiser else ((self.owner,) if self.owner else ())
        return head + self.required + self.optional

    def occurrences(self) -> list[tuple[datetime, datetime, datetime]]:
        """(original start, actual start, actual end) for every occurrence that takes place."""
        if self.series is None:
            return [(self.start, self.start, self.end)]
        length = self.end - self.start
        out = []
        for s in series_starts(self.start, self.series):
            if s in self.series.exdates:
                continue
            new = self.series.moved.get(s)
            out.append((s, new[0], new[1]) if new else (s, s, s + length))
        return out


def series_starts(first: datetime, series: Series) -> list[datetime]:
    """Every start the RRULE generates, before EXDATEs (what a calendar program would expand)."""
    freq, interval = FREQS[series.freq]
    out = []
    if freq == "DAILY":
        d = first
        while d <= series.until:
            if d.weekday() < 5:
                out.append(d)
            d += timedelta(days=1)
    elif freq == "WEEKLY":
        d = first
        while d <= series.until:
            out.append(d)
            d += timedelta(weeks=interval)
    else:
        nth = (first.day - 1) // 7
        month = (first.year, first.month)
        while True:
            d = _nth_weekday(month[0], month[1], first.weekday(), nth).replace(hour=first.hour, minute=first.minute)
            if d > series.until:
                break
            out.append(d)
            month = (month[0] + month[1] // 12, month[1] % 12 + 1)
    return out


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime:
    d = datetime(year, month, 1)
    d += timedelta(days=(weekday - d.weekday()) % 7)
    return d + timedelta(weeks=nth)


def rrule_byday(start: datetime, freq: str) -> str:
    """The BYDAY part Outlook writes: ``TU``, ``MO,TU,WE,TH,FR`` or ``2TU`` (second Tuesday)."""
    if FREQS[freq][0] == "DAILY":
        return ",".join(WEEKDAYS)
    if FREQS[freq][0] == "MONTHLY":
        return f"{(start.day - 1) // 7 + 1}{WEEKDAYS[start.weekday()]}"
    return WEEKDAYS[start.weekday()]
