"""Booking into people's diaries the way each team books.

Concrete teams book wherever there is a slot or none (back to back, on top of each other, late);
compost teams book in the morning with a break either side and leave afternoons for families.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from diagnostic.samples.clock import Window, at
from diagnostic.samples.habits import (
    MeetingHabits,
)
from diagnostic.samples.meeting_records import FREQS, Meeting, Series
from diagnostic.samples.organisation import Person

AFTERNOON = (13 * 60 + 30, 16 * 60 + 30)  # when compost teams see families
LATE_STARTS = (17 * 60 + 30, 18 * 60)
LATE_MAX_MINUTES = 90  # long sessions (training, panels) are never booked into the evening
LATEST_END = 19 * 60
MAX_SERIES_TRIES = 40  # slots tried for a standing series before accepting a clash
GRID = 30  # meetings start on the half hour


class Diary:
    """Everyone's busy intervals per day, to book the way each team books."""

    def __init__(self) -> None:
        self._busy: dict[str, dict[date, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))

    def add(self, people: tuple[Person, ...], start: datetime, end: datetime) -> None:
        s, e = _minutes(start), _minutes(start) + int((end - start).total_seconds() // 60)
        for p in people:
            self._busy[p.email][start.date()].append((s, e))

    def fits(self, people: tuple[Person, ...], day: date, s: int, e: int, gap: int) -> bool:
        for p in people:
            for a, b in self._busy[p.email].get(day, ()):
                if s < b + gap and a < e + gap:
                    return False
        return True

    def day(self, person: Person, day: date) -> list[tuple[int, int]]:
        return self._busy[person.email].get(day, [])


def _minutes(t: datetime) -> int:
    return t.hour * 60 + t.minute


@dataclass
class Booker:
    """Books meetings into the diary according to one team's habits."""

    diary: Diary
    window: Window
    rng: random.Random

    def one_off(
        self, habits: MeetingHabits, organiser: Person, people: tuple[Person, ...], day: date, minutes: int, direct: bool
    ) -> datetime | None:
        """A start time on ``day`` for a one-off meeting, or None if a compost team finds no slot."""
        lo, hi = AFTERNOON if (direct and habits.gap) else habits.window
        grid = list(range(lo, max(lo, hi - minutes) + 1, GRID))
        self.rng.shuffle(grid)
        if habits.gap:
            return next((at(day, s) for s in grid if self.diary.fits(people, day, s, s + minutes, habits.gap)), None)
        if minutes <= LATE_MAX_MINUTES and self.rng.random() < habits.late:
            return at(day, self.rng.choice(LATE_STARTS))
        busy = [iv for p in people for iv in self.diary.day(p, day)]
        r = self.rng.random()
        if busy and r < habits.double_book:
            a, b = self.rng.choice(busy)
            return at(day, a + GRID * self.rng.randint(0, max(0, (b - a) // GRID - 1)))
        if busy and r < habits.double_book + habits.pack:
            ends = [b for _, b in busy if b + minutes <= LATEST_END]
            if ends:
                return at(day, self.rng.choice(ends))
        return next((at(day, s) for s in grid if self.diary.fits(people, day, s, s + minutes, 0)), at(day, grid[0]))

    def series_start(
        self, habits: MeetingHabits, people: tuple[Person, ...], freq: str, minutes: int, fixed: tuple[int, int] | None = None
    ) -> datetime:
        """First occurrence of a standing series: a weekday and time that suits the team's habits."""
        first_week = self.window.week(0) if FREQS[freq][1] <= 2 or freq == "daily" else self.window.week(self.rng.randint(0, 1))
        if fixed:
            weekday, s = fixed
            day = next((d for d in first_week if d.weekday() == weekday), first_week[0])
            return at(day, s)
        lo, hi = habits.window
        grid = [s for s in range(lo, max(lo, hi - minutes) + 1, GRID)]
        options = [(d, s) for d in first_week for s in grid]
        self.rng.shuffle(options)
        for d, s in options[:MAX_SERIES_TRIES]:
            probe = Meeting("", "", at(d, s), at(d, s) + timedelta(minutes=minutes), None, series=Series(freq, at(self.window.end, s)))
            if all(self.diary.fits(people, o.date(), _minutes(o), _minutes(o) + minutes, habits.gap) for _, o, _ in probe.occurrences()):
                return at(d, s)
        d, s = options[0]
        return at(d, s)
