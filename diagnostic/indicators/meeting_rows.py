"""The calendar base table every meeting indicator starts from: one row per person per meeting.

Built once per Dataset (see :func:`~diagnostic.indicators.common.memo_by_tables`) and shared by
every meeting indicator and the meeting charts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from diagnostic.columns import factorised, first_rows, positions
from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Measurement, not_computed
from diagnostic.indicators.common import (
    PERCENT,
    SECONDS_PER_DAY,
    SECONDS_PER_HOUR,
    by_team,
    enough,
    measured,
    memo_by_tables,
    of_staff,
    too_few,
)
from diagnostic.indicators.people import Persons, encode_people
from diagnostic.indicators.worktime import wall_seconds, weekday_of, working_day_count
from diagnostic.roster import roster
from diagnostic.settings import Settings

MIN_MEETING_SIZE = 2  # only meetings with two or more attendees are meetings


@dataclass(frozen=True)
class MeetingRows:
    """The calendar data every meeting indicator starts from.

    ``rows`` has one row per internal attendee per meeting (``source == "attendance"``), or one row
    per meeting with ``person_id`` -1 when only meeting-level aggregates were loaded (Viva meeting
    query: ``source == "meetings"``). Columns: meeting_id and person_id (integer codes: see
    ``meeting_ids`` and ``persons``), team (categorical), start_s, end_s (local wall-clock seconds
    since 1970), dur_s, size, attendee_s (this row's attendee-seconds), recurring, direct, kind,
    day_s (local midnight), weekday. ``meetings`` has one row per meeting with the same meeting
    fields plus ``partner`` (any partner attendee), ``addressed`` (every attendee seen with an email
    address, so that whether a partner came can be told either way; Outlook CSV names colleagues
    but addresses outsiders, and "any" would keep only the meetings with partners) and ``attendee_s``. Only meetings with at least two attendees, a start before their
    end, and not all-day (out-of-office markers, not meetings) are kept.
    """

    rows: pd.DataFrame
    meetings: pd.DataFrame
    source: str  # "attendance" or "meetings"
    weeks: float  # working weeks in the calendar window
    working_days: int
    first_day: date
    last_day: date
    people_seen: int  # internal people with at least one meeting
    people_known: int  # internal people the loaded files know of
    response_status: bool  # whether the export says who attended or accepted
    persons: Persons
    meeting_ids: pd.Index

    @property
    def per_person(self) -> bool:
        return self.source == "attendance"

    @functools.cached_property
    def in_time_order(self) -> pd.DataFrame:
        """The calendar columns of ``rows`` sorted by person, start, end and meeting: each person's calendar in order.

        The same order serves "per person" and "per person per day", because a meeting's day follows
        from its start. Sorted once, for the three indicators that walk each calendar.
        """
        rows = self.rows
        order = calendar_order(*(rows[k].to_numpy() for k in ("person_id", "start_s", "end_s", "meeting_id")))
        columns = ["person_id", "meeting_id", "start_s", "end_s", "dur_s", "direct", "team", "day_s", "weekday"]
        return rows[columns].take(order).reset_index(drop=True)

    @property
    def coverage_of(self) -> str:
        """What ``coverage`` is a share of (nothing for meeting-level totals, whose coverage is not a share of people)."""
        return of_staff(self.people_known) if self.per_person else ""

    @property
    def coverage(self) -> float:
        """Share of known internal people who appear in the calendar data (1 for meeting-level totals)."""
        if not self.per_person:
            return 1.0
        return self.people_seen / self.people_known if self.people_known else 1.0


def calendar_order(person: np.ndarray, start: np.ndarray, end: np.ndarray, meeting: np.ndarray) -> np.ndarray:
    """``np.lexsort((meeting, end, start, person))`` for integer columns: by person, start, end and meeting.

    Person and start are packed into one key and sorted in one pass instead of four stable passes;
    only rows sharing a person and a start, a few in a hundred, are sorted again by end and meeting. Three meeting indicators walk each calendar in this order on every scenario.
    """
    if not len(person):
        return np.zeros(0, dtype=np.intp)
    first, span = int(start.min()), int(start.max() - start.min()) + 1
    if int(person.min()) < -1 or (int(person.max()) + 2) * span >= 1 << 62:
        return np.lexsort((meeting, end, start, person))
    key = (person.astype(np.int64) + 1) * span + (start.astype(np.int64) - first)  # person -1 (a meeting-level row) sorts first
    order = np.argsort(key)
    same = key[order][1:] == key[order][:-1]
    if same.any():
        tied = np.zeros(len(order), dtype=bool)
        tied[1:] |= same
        tied[:-1] |= same
        rows = order[tied]  # runs of equal keys, in key order: re-sorting them keeps each run in its place
        order[tied] = rows[np.lexsort((meeting[rows], end[rows], key[rows]))]
    return order


@memo_by_tables("meetings", "attendance", "people")
def meeting_rows(dataset: Dataset, settings: Settings) -> MeetingRows | None:
    """Build :class:`MeetingRows`, or None when there is no usable meeting."""
    meetings = dataset.meetings
    if meetings is None or meetings.empty:
        return None
    rows, start_s, dur_s = _timed_meetings(meetings)
    m = meetings[["meeting_id", "invitees", "is_recurring", "direct_work", "kind", "attendee_hours"]].iloc[rows]
    if m.empty:
        return None
    meeting, meeting_ids = factorised(m["meeting_id"], sort=True)  # each id once, so its code is its place among the ids
    invited = m["invitees"].fillna(0).to_numpy(dtype=np.int64)
    att, person = dataset.attendance, np.zeros(0, dtype=np.int64)
    if att is not None and not att.empty:
        at = positions(meeting_ids, att["meeting_id"])
        usable = (at >= 0) & att["person_id"].notna().to_numpy()
        (person,), persons = encode_people([att["person_id"]], dataset, settings)  # the table's own column: its codes are remembered
        person = person[usable]
        att = pd.DataFrame({"meeting_id": at[usable], "attended": att["attended"].array[usable]})
    per_person = att is not None and not att.empty
    known = int(roster(dataset, settings)["internal"].sum())
    if per_person:
        size = np.maximum(invited, np.bincount(att["meeting_id"].to_numpy(), minlength=len(meeting_ids))[meeting])
    else:
        persons = encode_people([pd.Series([], dtype="string")], dataset, settings)[1]
        size = invited
    kept = size >= MIN_MEETING_SIZE
    start_s, dur_s = start_s[kept], dur_s[kept]
    day_s = start_s - start_s % SECONDS_PER_DAY
    base = pd.DataFrame(
        {
            "meeting_id": meeting[kept],
            "start_s": start_s,
            "end_s": start_s + dur_s,
            "dur_s": dur_s,
            "recurring": m["is_recurring"].fillna(False).to_numpy(dtype=bool)[kept],
            "direct": m["direct_work"].fillna(False).to_numpy(dtype=bool)[kept],
            "kind": m["kind"].fillna("other").astype("category").array[kept],
            "aggregate_s": (m["attendee_hours"] * SECONDS_PER_HOUR).to_numpy(dtype=float, na_value=np.nan)[kept],
            "day_s": day_s,
            "weekday": weekday_of(day_s),
            "size": size[kept],
        }
    )
    if base.empty:
        return None
    first_day = pd.Timestamp(base["day_s"].min(), unit="s").date()
    last_day = pd.Timestamp(base["day_s"].max(), unit="s").date()
    days = max(1, working_day_count(first_day, last_day, settings))
    weeks = days / max(1, len(settings.work_days))
    window = dict(
        weeks=weeks, working_days=days, first_day=first_day, last_day=last_day, people_known=known, persons=persons, meeting_ids=meeting_ids
    )
    if per_person:
        rows, meetings_out, seen, status = _attendee_rows(base, att, person, persons)
        return MeetingRows(rows, meetings_out, "attendance", people_seen=seen, response_status=status, **window)
    attendee_s = np.where(np.isfinite(base["aggregate_s"]), base["aggregate_s"], base["dur_s"] * base["size"])
    rows = base.assign(person_id=-1, team=persons.team(np.full(len(base), -1)), attendee_s=attendee_s)
    meetings_out = rows.drop(columns=["person_id", "team"]).assign(partner=False, addressed=False)
    return MeetingRows(rows, meetings_out, "meetings", people_seen=0, response_status=False, **window)


def _timed_meetings(meetings: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The meetings to measure and their local start and length in seconds.

    Each meeting's first row with an id, a start and an end, if it is not all-day and ends after
    it starts. Chosen by position, so the table is copied once.
    """
    first = first_rows(meetings["meeting_id"], meetings["start"].notna().to_numpy() & meetings["end"].notna().to_numpy())
    timed = meetings.iloc[first]
    start_s = wall_seconds(timed["start"])
    dur_s = wall_seconds(timed["end"]) - start_s
    keep = (dur_s > 0) & ~timed["all_day"].fillna(False).to_numpy(dtype=bool)
    return first[keep], start_s[keep], dur_s[keep]


def _attendee_rows(
    base: pd.DataFrame, att: pd.DataFrame, person: np.ndarray, persons: Persons
) -> tuple[pd.DataFrame, pd.DataFrame, int, bool]:
    """Join attendance to meetings and the roster; keep internal attendees who did not decline."""
    status = bool(att["attended"].notna().any())
    came = att["attended"].fillna(True).to_numpy(dtype=bool)
    meeting, person = att["meeting_id"].to_numpy()[came], person[came]
    once = ~pd.Series(meeting.astype(np.int64) * (len(persons.ids) + 1) + person).duplicated().to_numpy()
    listed = base["meeting_id"].to_numpy()
    at = np.full(int(max(listed.max(), meeting.max(initial=-1))) + 1, -1)
    at[listed] = np.arange(len(base))  # meeting code -> row of base (-1: not a meeting kept)
    where = at[meeting[once]]
    found = where >= 0
    where, p = where[found], person[once][found]
    count = np.bincount(where, minlength=len(base))
    partner = np.bincount(where, weights=persons.partner[p], minlength=len(base)) > 0
    addressed = (count > 0) & (np.bincount(where, weights=~persons.addressed[p], minlength=len(base)) == 0)
    internal = persons.internal[p]
    where, p = where[internal], p[internal]
    rows = base.iloc[where].reset_index(drop=True)
    rows["person_id"] = p
    rows["team"] = persons.team(p)
    rows["attendee_s"] = rows["dur_s"].to_numpy(dtype=float)
    meetings = base.assign(
        partner=partner, addressed=addressed, attendee_s=np.bincount(where, weights=rows["attendee_s"].to_numpy(), minlength=len(base))
    )
    return rows, meetings, int(np.count_nonzero(np.bincount(p, minlength=len(persons.ids)))), status


NO_CALENDAR = "Not computed: no meetings with two or more attendees were found. Load a calendar export (Outlook CSV, .ics, Teams attendance report or Viva meeting query)."
NEEDS_ATTENDEES = (
    "Not computed: the meetings loaded have no attendee list (for example a Viva Insights meeting query), "
    "so each person's day cannot be seen. Load Outlook calendar exports, .ics files or Teams attendance reports."
)
AGGREGATE_NOTE = "From meeting-level totals (no attendee list), so there is no team view."


def usable_rows(dataset: Dataset, settings: Settings, per_person: bool = False) -> MeetingRows | Measurement:
    """The calendar base table, or the honest reason it cannot serve this indicator."""
    mr = meeting_rows(dataset, settings)
    if mr is None:
        return not_computed(NO_CALENDAR)
    if per_person and not mr.per_person:
        return not_computed(NEEDS_ATTENDEES)
    if mr.per_person and not enough(mr.people_seen, settings):
        return not_computed(too_few(mr.people_seen, "people with meetings", settings), mr.people_seen, "people")
    if not mr.per_person and not enough(len(mr.meetings), settings):
        return not_computed(too_few(len(mr.meetings), "meetings", settings), len(mr.meetings), "meetings")
    return mr


def share_of_attendee_hours(dataset: Dataset, settings: Settings, flag: Callable[[pd.DataFrame], np.ndarray]) -> Measurement:
    """Attendee-hours in meetings matching ``flag(rows)`` (direct work never counted) over all attendee-hours, in %."""
    mr = usable_rows(dataset, settings)
    if isinstance(mr, Measurement):
        return mr
    rows = mr.rows
    hit = np.asarray(flag(rows), dtype=bool) & ~rows["direct"].to_numpy(dtype=bool)
    frame = rows.assign(num=np.where(hit, rows["attendee_s"], 0.0))
    den = frame["attendee_s"].sum()
    value = PERCENT * frame["num"].sum() / den if den else 0.0
    teams = by_team(frame, settings, "num", "attendee_s", scale=PERCENT) if mr.per_person else None
    note = "" if mr.per_person else AGGREGATE_NOTE
    return measured(value, len(mr.meetings), "meetings", mr.coverage, teams, note, mr.coverage_of)
