"""One analysis period, chosen openly.

Exports are taken at different times: calendars of last quarter beside a Teams report of 2020. A
rate over their union ("31 meetings over 242 working weeks") describes no week anyone worked. So
the activity sources (calendars, message traces, activity reports, Viva queries) are placed in
time at load, sources that overlap (or sit within :data:`GAP_DAYS` of each other) are grouped, and
when there is more than one group the period where most of the data sits is proposed: the group
with the most rows (a file loaded twice counted once), the latest on a tie. A person query of 300
people over 35 weeks outweighs four small queries of another year; 19 calendars outweigh two old
Teams reports. Rows outside it are left out of every figure and the files
concerned are named (:mod:`diagnostic.findings`). The user may choose another period
(``Settings.period``, ``--period FROM:TO``).

Audits, feedback, the roster, policies and the self-assessment keep their own dates: they record
case work and views over a longer horizon, and no rate of theirs is per week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.errors import InputError
from diagnostic.privacy import hide_emails
from diagnostic.settings import Settings

ACTIVITY_KINDS = ("meetings", "email", "collaboration")  # sources whose figures are rates over time
GAP_DAYS = 56  # sources further apart than eight weeks describe different periods
TIE_WEEK_DAYS = 6  # a person-to-person query dates each week by its first day
SEPARATOR = ":"


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last`` day, both included."""

    first: date
    last: date

    def __str__(self) -> str:
        return f"{self.first.isoformat()}{SEPARATOR}{self.last.isoformat()}"

    def label(self) -> str:
        """ "6 January 2025 to 28 March 2025"."""
        return f"{_day(self.first)} to {_day(self.last)}"

    def contains(self, first: date, last: date) -> bool:
        return self.first <= first and last <= self.last

    def overlaps(self, first: date, last: date) -> bool:
        return first <= self.last and self.first <= last


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def parse_period(text: str) -> Period | None:
    """``FROM:TO`` in ISO days ("2025-01-06:2025-03-28"), or None for an empty text."""
    text = (text or "").strip()
    if not text:
        return None
    parts = text.split(SEPARATOR)
    try:
        first, last = (date.fromisoformat(p.strip()) for p in parts)
    except ValueError:
        raise InputError(
            f"The period {text!r} could not be read. Write it as FROM:TO with days as year-month-day, for example 2025-01-06:2025-03-28."
        ) from None
    if last < first:
        raise InputError(f"The period {text!r} ends before it starts. Write the earlier day first.")
    return Period(first, last)


@dataclass(frozen=True)
class Span:
    """One activity file placed in time."""

    file: str
    kind: str
    first: date
    last: date
    rows: int = 0


def activity_spans(results: Sequence) -> list[Span]:
    """The usable activity files with the days they cover, in order of file name (LoadResult in, Span out)."""
    spans = []
    for r in results:
        if not r.usable or r.kind not in ACTIVITY_KINDS:
            continue
        start, end = r.span()
        if start is None or end is None:
            continue
        spans.append(Span(shown_name(r), r.kind, start.date(), end.date(), r.rows))
    return sorted(spans, key=lambda s: (s.file, s.first, s.last))


def shown_name(result) -> str:
    """A file's name as its ``inspect`` record shows it (people and meetings it names hidden)."""
    return hide_emails(result.shown_file or result.file)


def groups(spans: Sequence[Span]) -> list[list[Span]]:
    """Spans that overlap or sit within ``GAP_DAYS`` of each other, grouped, earliest group first."""
    out: list[list[Span]] = []
    end = None
    for s in sorted(spans, key=lambda s: (s.first, s.last, s.file)):
        if out and end is not None and s.first <= end + timedelta(days=GAP_DAYS):
            out[-1].append(s)
            end = max(end, s.last)
        else:
            out.append([s])
            end = s.last
    return out


def propose_period(results: Sequence) -> Period | None:
    """The period where most of the activity data sits, or None when all of it sits in one period.

    The group with the most rows wins (a lone old report among recent calendars is the odd one
    out), and on a tie the latest (the default the user is told: the latest span of the meeting
    and email sources).
    """
    found = groups(activity_spans(results))
    if len(found) < 2:
        return None
    best = max(found, key=lambda g: (sum(rows for *_, rows in _distinct(g)), max(s.last for s in g)))
    return Period(min(s.first for s in best), max(s.last for s in best))


def _distinct(group: list[Span]) -> set[tuple[str, date, date, int]]:
    """The spans of a group, a file loaded twice (or under two names) counted once."""
    return {(s.kind, s.first, s.last, s.rows) for s in group}


def chosen_period(results: Sequence, settings: Settings) -> Period | None:
    """The user's period when they chose one, else the proposed one (None: all the data)."""
    return parse_period(settings.period) or propose_period(results)


def covered(results: Sequence, chosen: Period | None = None) -> Period | None:
    """The days an upload's activity figures describe: ``chosen`` or the proposed period when there
    is one, else every day its usable activity files cover; None when it has no activity file.
    Two uploads compared are named by it, so a reader sees whether they are apart in time."""
    period = chosen or propose_period(results)
    if period is not None:
        return period
    spans = activity_spans(results)
    return Period(min(s.first for s in spans), max(s.last for s in spans)) if spans else None


def in_period(dataset: Dataset, period: Period | None) -> Dataset:
    """The dataset with the activity rows outside ``period`` left out (the same object when none are).

    Meetings by their start (and their attendance with them), messages by when they were sent,
    activity totals, person-to-person and group-to-group links whose own period overlaps it. Rows
    with no date stay.
    """
    if period is None:
        return dataset
    changed: dict[str, pd.DataFrame] = {}
    for table, keep in _masks(dataset, period).items():
        if not keep.all():
            changed[table] = getattr(dataset, table)[keep].reset_index(drop=True)
    if "meetings" in changed and dataset.attendance is not None:
        kept = dataset.attendance["meeting_id"].isin(changed["meetings"]["meeting_id"]).to_numpy(dtype=bool)
        if not kept.all():
            changed["attendance"] = dataset.attendance[kept].reset_index(drop=True)
    return dataset.with_tables(**changed) if changed else dataset


def rows_outside(dataset: Dataset, period: Period) -> int:
    """How many dated activity rows of a dataset fall outside ``period``."""
    return int(sum((~keep).sum() for keep in _masks(dataset, period).values()))


def _masks(dataset: Dataset, period: Period) -> dict[str, pd.Series]:
    """Per activity table present, True for the rows kept in ``period`` (undated rows are kept)."""
    first, last = pd.Timestamp(period.first), pd.Timestamp(period.last)
    out = {}
    for table, low, high, slack in (
        ("meetings", "start", "start", 0),
        ("messages", "sent_at", "sent_at", 0),
        ("volumes", "period_start", "period_end", 0),
        ("ties", "period", "period", TIE_WEEK_DAYS),
        ("group_ties", "period", "period", TIE_WEEK_DAYS),
    ):
        frame = getattr(dataset, table)
        if frame is None or frame.empty:
            continue
        starts, ends = _days(frame[low]), _days(frame[high]) + pd.Timedelta(days=slack)
        inside = (starts <= last) & (ends >= first)
        out[table] = (inside | starts.isna() | ends.isna()).astype(bool)
    return out


def _days(column: pd.Series) -> pd.Series:
    """Local calendar days of a time column, without their time zone."""
    return column.dt.tz_localize(None).dt.normalize() if column.dt.tz is not None else column.dt.normalize()
