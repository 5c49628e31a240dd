"""Meetings (indicators.md A1): how much of the working week the calendar takes, and in what shape.

Every indicator starts from :func:`diagnostic.indicators.common.meeting_rows`: meetings with two or
more attendees, all-day items left out (they mark leave and training days, not meetings). Direct
work with children and families (``direct_work``) is never counted in a "concrete" numerator: it
is the roses, not the concrete. It stays in the denominators, so more direct work lowers them.

Unless an indicator says otherwise, ``coverage`` is the share of the internal people the loaded
files know of who appear in the calendar data, and ``by_team`` gives the same figure for each team
of the roster (small teams merged into "Other teams").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Indicator, Measurement, not_computed
from diagnostic.indicators.common import (
    DAYS_PER_WEEK,
    PERCENT,
    ROSTER_NEEDED,
    SECONDS_PER_DAY,
    SECONDS_PER_HOUR,
    MeetingRows,
    bank_holiday_days,
    by_team,
    enough,
    has_roster,
    measured,
    meeting_rows,
    period_days,
    practitioners,
    too_few,
    working_window_seconds,
)
from diagnostic.roster import managers, roster
from diagnostic.settings import Settings

LARGE_MEETING = 9  # attendees, organiser included: Viva Insights' "more than 8"
LONG_MEETING_S = 60 * 60  # longer than one hour
BACK_TO_BACK_GAP_S = 10 * 60  # a break shorter than 10 minutes
FOCUS_BLOCK_S = 2 * SECONDS_PER_HOUR  # an open block of two hours or more
SUPERVISION_WINDOW_DAYS = 28  # "at least monthly": one 1:1 in every 4-week window
ONE_TO_ONE = 2
MIN_MANAGERS_IN_MEETING = 2

NO_CALENDAR = "Not computed: no meetings with two or more attendees were found. Load a calendar export (Outlook CSV, .ics, Teams attendance report or Viva meeting query)."
NEEDS_ATTENDEES = (
    "Not computed: the meetings loaded have no attendee list (for example a Viva Insights meeting query), "
    "so each person's day cannot be seen. Load Outlook calendar exports, .ics files or Teams attendance reports."
)
AGGREGATE_NOTE = "From meeting-level totals (no attendee list), so there is no team view."


def _rows(dataset: Dataset, settings: Settings, per_person: bool = False) -> MeetingRows | Measurement:
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


def _share_of_attendee_hours(dataset: Dataset, settings: Settings, flag: Callable[[pd.DataFrame], np.ndarray]) -> Measurement:
    """Attendee-hours in meetings matching ``flag(rows)`` (direct work never counted) over all attendee-hours, in %."""
    mr = _rows(dataset, settings)
    if isinstance(mr, Measurement):
        return mr
    rows = mr.rows
    hit = np.asarray(flag(rows), dtype=bool) & ~rows["direct"].to_numpy(dtype=bool)
    frame = rows.assign(num=np.where(hit, rows["attendee_s"], 0.0))
    den = frame["attendee_s"].sum()
    value = PERCENT * frame["num"].sum() / den if den else 0.0
    teams = by_team(frame, settings, "num", "attendee_s", scale=PERCENT) if mr.per_person else None
    note = "" if mr.per_person else AGGREGATE_NOTE
    return measured(value, len(mr.meetings), "meetings", mr.coverage, teams, note)


def _share_of_meetings(mr: MeetingRows, settings: Settings, flag_col: str, direct_counts: bool) -> tuple[float, pd.DataFrame | None]:
    """Share of meetings with ``flag_col`` set, in %, overall and per team (a team's meetings are those its people attend)."""
    meetings = mr.meetings
    hit = meetings[flag_col].to_numpy(dtype=bool)
    if not direct_counts:
        hit = hit & ~meetings["direct"].to_numpy(dtype=bool)
    value = PERCENT * hit.mean() if len(meetings) else 0.0
    teams = None
    if mr.per_person:
        lookup = np.zeros(len(mr.meeting_ids), dtype=float)
        lookup[meetings["meeting_id"].to_numpy()] = hit
        rows = mr.rows[["meeting_id", "person_id", "team"]].assign(num=lookup[mr.rows["meeting_id"].to_numpy()], one=1.0)
        teams = by_team(rows, settings, "num", "one", distinct="meeting_id", scale=PERCENT)
    return value, teams


# ----------------------------------------------------------------------------------------------


def meeting_hours_per_person(dataset: Dataset, settings: Settings) -> Measurement:
    """Internal meeting hours per person per week (direct work left out).

    Finest source first: the attendee list (hours per attendee over the working weeks of the
    calendar window, mean over the people who appear); else activity totals (``volumes``:
    Microsoft 365 or Viva meeting hours per person, which cannot separate direct work); else
    Viva meeting-query attendee-hours over the people the files know of. Coverage: share of known
    internal people who appear in the source used.
    """
    mr = meeting_rows(dataset, settings)
    if mr is not None and mr.per_person:
        if not enough(mr.people_seen, settings):
            return not_computed(too_few(mr.people_seen, "people with meetings", settings), mr.people_seen, "people")
        rows = mr.rows
        hours = np.where(rows["direct"].to_numpy(dtype=bool), 0.0, rows["attendee_s"].to_numpy()) / SECONDS_PER_HOUR
        person = rows["person_id"].to_numpy()
        codes = np.flatnonzero(np.bincount(person))  # everyone with a meeting, in code order
        per_person = np.bincount(person, weights=hours)[codes] / mr.weeks
        frame = pd.DataFrame({"person_id": codes, "value": per_person, "team": mr.persons.team(codes)})
        teams = by_team(frame, settings, "value", how="mean")
        note = f"Over {mr.weeks:.1f} working weeks of calendar data."
        return measured(per_person.mean(), len(per_person), "people", mr.coverage, teams, note)
    volumes = _volume_meeting_hours(dataset, settings)
    if volumes is not None:
        return volumes
    if mr is not None:
        known = roster(dataset, settings)["internal"].sum()
        if not enough(int(known), settings):
            return not_computed(
                "Not computed: the meeting totals loaded have no attendee list, and no staff list says how many people "
                "share those hours. Load the staff roster, or calendar exports with attendees."
            )
        hours = np.where(mr.meetings["direct"].to_numpy(dtype=bool), 0.0, mr.meetings["attendee_s"].to_numpy()).sum() / SECONDS_PER_HOUR
        note = f"Estimate: meeting-level attendee-hours (no attendee list) shared over the {int(known)} people in the files loaded."
        return measured(hours / known / mr.weeks, len(mr.meetings), "meetings", None, None, note)
    return not_computed(NO_CALENDAR)


def _volume_meeting_hours(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Meeting hours per person per week from activity totals, or None when they carry none."""
    v = dataset.volumes
    if v is None or v.empty or v["meeting_hours"].isna().all():
        return None
    v = v.dropna(subset=["person_id", "meeting_hours", "period_start", "period_end"])
    people = roster(dataset, settings)
    internal = v["person_id"].map(people["internal"]).fillna(True).astype(bool).to_numpy()
    v = v[internal]
    weeks = period_days(v["period_start"], v["period_end"]) / DAYS_PER_WEEK
    frame = pd.DataFrame({"person_id": v["person_id"].to_numpy(), "hours": v["meeting_hours"].to_numpy(dtype=float), "weeks": weeks})
    per = frame.groupby("person_id", sort=True)[["hours", "weeks"]].sum()
    per = per[per["weeks"] > 0]
    if not enough(len(per), settings):
        return not_computed(too_few(len(per), "people in the activity report", settings), len(per), "people")
    values = per["hours"] / per["weeks"]
    out = pd.DataFrame({"person_id": values.index, "value": values.to_numpy()})
    out["team"] = out["person_id"].map(people["team"])
    known = int(people["internal"].sum())
    note = "From activity totals (Microsoft 365 or Viva Insights meeting hours). They include time with families, which these reports cannot separate."
    return measured(
        values.mean(), len(values), "people", len(values) / known if known else 1.0, by_team(out, settings, "value", how="mean"), note
    )


def large_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of attendee-hours spent in meetings of nine or more attendees (organiser included).

    Coverage: people in the calendar data (or 1 for meeting-level totals).
    """
    return _share_of_attendee_hours(dataset, settings, lambda r: r["size"].to_numpy() >= LARGE_MEETING)


def long_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of meetings longer than one hour (direct work is never counted as long).

    Per team: share of the meetings that team's people attend. Coverage: people in the calendar data.
    """
    mr = _rows(dataset, settings)
    if isinstance(mr, Measurement):
        return mr
    meetings = mr.meetings.assign(long=mr.meetings["dur_s"].to_numpy() > LONG_MEETING_S)
    value, teams = _share_of_meetings(replace(mr, meetings=meetings), settings, "long", direct_counts=False)
    return measured(value, len(meetings), "meetings", mr.coverage, teams, "" if mr.per_person else AGGREGATE_NOTE)


def recurring_large_long_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of attendee-hours in recurring meetings that are large (9+) or long (over an hour).

    Coverage: people in the calendar data.
    """

    def flag(rows: pd.DataFrame) -> np.ndarray:
        big = (rows["size"].to_numpy() >= LARGE_MEETING) | (rows["dur_s"].to_numpy() > LONG_MEETING_S)
        return rows["recurring"].to_numpy(dtype=bool) & big

    return _share_of_attendee_hours(dataset, settings, flag)


def _sequenced(frame: pd.DataFrame, by_day: bool) -> pd.DataFrame:
    """``frame`` (rows in :attr:`MeetingRows.in_time_order`) with each person's latest end among their earlier meetings.

    ``first`` marks each person's (or person-day's) first meeting; ``cum_end`` is the latest end so
    far; ``prev_end`` the latest end before this meeting (NaN for a person's, or day's, first
    meeting); ``next_start`` the start of their next meeting. The sorted order makes every result
    independent of the input's row order. Done in numpy: grouped pandas steps cost several times
    more, and three indicators run this on every scenario.
    """
    person, day = frame["person_id"].to_numpy(), frame["day_s"].to_numpy()
    first = np.ones(len(frame), dtype=bool)
    first[1:] = (person[1:] != person[:-1]) | ((day[1:] != day[:-1]) if by_day else False)
    cum_end = _group_cummax(frame["end_s"].to_numpy(), np.cumsum(first) - 1)
    last = np.append(first[1:], True)
    return frame.reset_index(drop=True).assign(
        first=first,
        cum_end=cum_end,
        prev_end=np.where(first, np.nan, np.roll(cum_end.astype(float), 1)),
        next_start=np.where(last, np.nan, np.roll(frame["start_s"].to_numpy(dtype=float), -1)),
    )


def _group_cummax(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Running maximum of integer ``values`` restarting at each new ``group`` (groups numbered 0, 1, ... in row order).

    Each group is lifted above every earlier one, so one running maximum over all rows never
    carries a value across a group boundary.
    """
    if not len(values):
        return values.copy()
    low = values.min()
    lift = group.astype(np.int64) * (np.int64(values.max() - low) + 1)
    return np.maximum.accumulate(values - low + lift) - lift + low


def _per_person_mean(frame: pd.DataFrame, num: str, den: str, settings: Settings, mr: MeetingRows, note: str = "") -> Measurement:
    """Mean over people of each person's ``num / den`` (in %), with its team view.

    Person ids are integer codes, so the sums per person are ``bincount``s (exact: seconds and
    counts are whole numbers).
    """
    person = frame["person_id"].to_numpy()
    size = int(person.max(initial=-1)) + 1
    nums = np.bincount(person, weights=frame[num].to_numpy(dtype=float), minlength=size)
    dens = np.bincount(person, weights=frame[den].to_numpy(dtype=float), minlength=size)
    codes = np.flatnonzero(dens > 0)
    out = pd.DataFrame({"person_id": codes, "value": PERCENT * nums[codes] / dens[codes], "team": mr.persons.team(codes)})
    teams = by_team(out, settings, "value", how="mean")
    return measured(out["value"].mean(), len(out), "people", mr.coverage, teams, note)


def _status_note(mr: MeetingRows) -> str:
    if mr.response_status:
        return ""
    return "Counts invitations: the calendar export does not say who accepted, so double bookings may be overstated."


def conflicting_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Per person, share of meeting hours in meetings that overlap another of their meetings; mean over people.

    Direct work is never counted as a conflict. Coverage: people in the calendar data.
    """
    mr = _rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        return mr
    frame = _sequenced(mr.in_time_order, by_day=False)
    overlaps = (frame["prev_end"] > frame["start_s"]) | (frame["next_start"] < frame["end_s"])
    frame["conflict_s"] = np.where(overlaps.to_numpy() & ~frame["direct"].to_numpy(dtype=bool), frame["dur_s"], 0)
    return _per_person_mean(frame, "conflict_s", "dur_s", settings, mr, _status_note(mr))


def back_to_back_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Per person, share of meetings starting less than 10 minutes after their previous meeting that day ended; mean over people.

    A meeting that starts before the previous one ends is a conflict, not back-to-back. Direct
    work is not counted as back-to-back. Coverage: people in the calendar data.
    """
    mr = _rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        return mr
    frame = _sequenced(mr.in_time_order, by_day=True)
    gap = frame["start_s"] - frame["prev_end"]
    b2b = ((gap >= 0) & (gap < BACK_TO_BACK_GAP_S)).to_numpy() & ~frame["direct"].to_numpy(dtype=bool)
    frame = frame.assign(b2b=b2b.astype(float), one=1.0)
    return _per_person_mean(frame, "b2b", "one", settings, mr)


def _working_overlap_s(frame: pd.DataFrame, settings: Settings) -> np.ndarray:
    """Seconds of each meeting inside working hours on its start day (0 on non-working days)."""
    ws, we = working_window_seconds(settings)
    day = frame["day_s"].to_numpy()
    lo = np.maximum(frame["start_s"].to_numpy(), day + ws)
    hi = np.minimum(frame["end_s"].to_numpy(), day + we)
    workday = np.isin(frame["weekday"].to_numpy(), settings.work_days) & ~bank_holiday_days(day)
    return np.where(workday, np.clip(hi - lo, 0, None), 0)


def after_hours_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of attendee-hours outside working hours (settings; bank holidays are not working days).

    Direct work (evening visits, out-of-hours duty with families) is never counted.
    Coverage: people in the calendar data.
    """

    def outside_share(rows: pd.DataFrame) -> np.ndarray:
        return 1.0 - _working_overlap_s(rows, settings) / rows["dur_s"].to_numpy()

    mr = _rows(dataset, settings)
    if isinstance(mr, Measurement):
        return mr
    rows = mr.rows
    frac = np.where(rows["direct"].to_numpy(dtype=bool), 0.0, outside_share(rows))
    frame = rows.assign(num=rows["attendee_s"].to_numpy() * frac)
    den = frame["attendee_s"].sum()
    value = PERCENT * frame["num"].sum() / den if den else 0.0
    teams = by_team(frame, settings, "num", "attendee_s", scale=PERCENT) if mr.per_person else None
    note = f"Working hours {settings.work_start}–{settings.work_end}." + ("" if mr.per_person else " " + AGGREGATE_NOTE)
    return measured(value, len(mr.meetings), "meetings", mr.coverage, teams, note)


def focus_block_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Per person, share of working hours in meeting-free blocks of two hours or more; mean over people.

    Over every working day of the calendar window. Direct work does not close a block: time with
    families is what the open time is for. Coverage: people in the calendar data.
    """
    mr = _rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        return mr
    ws, we = working_window_seconds(settings)
    day_len = we - ws
    if day_len <= 0:
        return not_computed("Not computed: the working day in the settings has no length. Check the start and end of working hours.")
    rows = mr.rows
    # Clipping to the working day keeps the time order: a tie it makes (two meetings that both
    # started before the day) changes no open block, as only the first of them can open one.
    busy = mr.in_time_order
    day = busy["day_s"].to_numpy()
    workday = np.isin(busy["weekday"].to_numpy(), settings.work_days) & ~bank_holiday_days(day)
    start, end = np.maximum(busy["start_s"].to_numpy(), day + ws), np.minimum(busy["end_s"].to_numpy(), day + we)
    keep = workday & ~busy["direct"].to_numpy(dtype=bool) & (end > start)
    calendar = pd.DataFrame(
        {"person_id": busy["person_id"].to_numpy()[keep], "day_s": day[keep], "start_s": start[keep], "end_s": end[keep]}
    )
    frame = _sequenced(calendar, by_day=True)
    day, prev_end = frame["day_s"].to_numpy(), frame["prev_end"].to_numpy()
    gap_before = frame["start_s"].to_numpy() - np.where(np.isnan(prev_end), day + ws, prev_end)
    open_s = np.where(gap_before >= FOCUS_BLOCK_S, gap_before, 0)
    starts = np.flatnonzero(frame["first"].to_numpy())  # each person-day with a meeting, in order
    ends = np.append(starts[1:], len(frame))[: len(starts)] - 1
    open_day = np.add.reduceat(open_s, starts) if len(starts) else np.zeros(0)
    tail = day[starts] + we - frame["cum_end"].to_numpy()[ends]  # after the day's last meeting
    open_day = open_day + np.where(tail >= FOCUS_BLOCK_S, tail, 0)
    people = np.flatnonzero(np.bincount(rows["person_id"].to_numpy()))  # everyone in the calendar data, in code order
    day_person = frame["person_id"].to_numpy()[starts]
    size = int(people[-1]) + 1 if len(people) else 0
    free_day = day_len if day_len >= FOCUS_BLOCK_S else 0
    busy_days = np.bincount(day_person, minlength=size)[people]
    open_total = (
        np.bincount(day_person, weights=open_day, minlength=size)[people] + np.clip(mr.working_days - busy_days, 0, None) * free_day
    )
    share = PERCENT * open_total / (mr.working_days * day_len)
    frame = pd.DataFrame({"person_id": people, "value": share, "team": mr.persons.team(people)})
    note = f"Over {mr.working_days} working days; a free calendar shows capacity, not family time."
    return measured(frame["value"].mean(), len(people), "people", mr.coverage, by_team(frame, settings, "value", how="mean"), note)


def _one_to_ones(mr: MeetingRows) -> pd.DataFrame:
    """Meetings of exactly two internal people (invited and present): columns a, b (person codes), day_s."""
    meeting = mr.rows["meeting_id"].to_numpy()
    two = np.flatnonzero(mr.rows["size"].to_numpy() == ONE_TO_ONE)
    counts = np.bincount(meeting[two], minlength=len(mr.meeting_ids))
    two = two[counts[meeting[two]] == ONE_TO_ONE]
    person = mr.rows["person_id"].to_numpy()
    order = two[np.lexsort((person[two], meeting[two]))]  # by meeting, then person
    day = mr.rows["day_s"].to_numpy()[order]
    return pd.DataFrame({"a": person[order][0::2], "b": person[order][1::2], "day_s": day[0::2]})


def manager_1to1_cadence(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of practitioners with a meeting of just them and their roster manager in every 4-week window.

    Needs the roster. Windows run from the first day of the calendar; a window cut short at the
    end is not counted. When no such 1:1 appears at all, supervision is kept outside the calendar:
    that is said, not scored 0. Coverage: share of roster practitioners (with a manager) who
    appear in the calendar data.
    """
    mr = _rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        return mr
    if not has_roster(dataset, settings):
        return not_computed(f"Not computed: needs to know who manages whom. {ROSTER_NEEDED}")
    prac = practitioners(dataset, settings).dropna(subset=["manager_id"])
    prac_code = mr.persons.codes(prac["person_id"])
    seen_in = np.isin(prac_code, mr.rows["person_id"].to_numpy())
    seen = prac_code[seen_in]
    if not enough(len(seen), settings):
        return not_computed(too_few(len(seen), "practitioners with a manager in the calendar data", settings), len(seen), "practitioners")
    manager_of = np.full(len(mr.persons.ids) + 1, -2)
    manager_of[seen] = mr.persons.codes(prac["manager_id"])[seen_in]
    pairs = _one_to_ones(mr)
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    first = int(np.datetime64(mr.first_day, "D").astype(np.int64))
    window = (pairs["day_s"].to_numpy() // SECONDS_PER_DAY - first) // SUPERVISION_WINDOW_DAYS
    span = (mr.last_day - mr.first_day).days + 1
    windows = max(1, span // SUPERVISION_WINDOW_DAYS)
    a_sup, b_sup = (manager_of[a] == b) & (window < windows), (manager_of[b] == a) & (window < windows)
    who = np.concatenate([a[a_sup], b[b_sup]])
    when = np.concatenate([window[a_sup], window[b_sup]])
    if not len(who):
        return not_computed(
            "Not computed: no one-to-one meeting between a practitioner and their manager appears in the calendars. "
            "Supervision may be booked outside Outlook; if so, this cannot be measured from these files.",
            len(seen),
            "practitioners",
        )
    windows_met = pd.Series(np.unique(who.astype(np.int64) * windows + when) // windows).value_counts()
    covered = windows_met.reindex(seen, fill_value=0).to_numpy() >= windows
    frame = pd.DataFrame({"person_id": seen, "team": mr.persons.team(seen), "value": PERCENT * covered.astype(float)})
    note = f"{windows} four-week window{'s' if windows > 1 else ''} checked."
    if span < SUPERVISION_WINDOW_DAYS:
        note = f"The calendar covers only {span} days, less than one four-week window: read with care."
    coverage = len(seen) / len(prac)
    return measured(frame["value"].mean(), len(seen), "practitioners", coverage, by_team(frame, settings, "value", how="mean"), note)


def management_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of attendee-hours in meetings where every internal attendee (two or more) is a roster manager.

    Needs the roster. Coverage: people in the calendar data.
    """
    mr = _rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        return mr
    bosses = managers(roster(dataset, settings))
    if not has_roster(dataset, settings) or bosses.empty:
        return not_computed(f"Not computed: needs to know who the managers are. {ROSTER_NEEDED}")
    rows = mr.rows
    boss_codes = mr.persons.codes(bosses)
    meeting = rows["meeting_id"].to_numpy()
    is_manager = np.isin(rows["person_id"].to_numpy(), boss_codes[boss_codes >= 0])
    internal = np.bincount(meeting, minlength=len(mr.meeting_ids))
    managers_in = np.bincount(meeting, weights=is_manager, minlength=len(mr.meeting_ids))
    managerial = (managers_in == internal) & (internal >= MIN_MANAGERS_IN_MEETING)
    return _share_of_attendee_hours(dataset, settings, lambda r: managerial[r["meeting_id"].to_numpy()])


def partner_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of meetings with at least one attendee from a partner agency (settings' partner-domain map).

    Only meetings whose attendees were seen with email addresses can show a partner, so only they
    count. Coverage: share of meetings with addressed attendees.
    """
    mr = _rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        return mr
    addressed = mr.meetings["addressed"].to_numpy(dtype=bool)
    if not addressed.any():
        return not_computed(
            "Not computed: the calendar export names attendees without email addresses, so partner agencies cannot be told apart. "
            "Load an export that lists addresses (Teams attendance report or .ics file)."
        )
    if not enough(int(addressed.sum()), settings):
        return not_computed(too_few(int(addressed.sum()), "meetings with attendee addresses", settings), int(addressed.sum()), "meetings")
    listed = np.zeros(len(mr.meeting_ids), dtype=bool)
    listed[mr.meetings["meeting_id"].to_numpy()[addressed]] = True
    rows = mr.rows[["meeting_id", "person_id", "team"]]  # all that the share per team reads
    sub = replace(mr, rows=rows[listed[rows["meeting_id"].to_numpy()]], meetings=mr.meetings[addressed])
    value, teams = _share_of_meetings(sub, settings, "partner", direct_counts=True)
    return measured(value, int(addressed.sum()), "meetings", addressed.mean(), teams)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="meeting_hours_per_person",
        domain="meetings",
        title="Internal meeting hours per person per week",
        question="How many hours a week does each person spend in meetings with colleagues?",
        unit="hours/week",
        concrete_at=15.0,
        compost_at=6.0,
        source=(
            "Judgement, anchored on a 37-hour week: a DfE survey (via the Centre for Public Impact) puts 29 hours a week (65%) "
            "at a computer or on paperwork already; Rogelberg (2019): non-managers attend about 8 meetings a week, managers about 12."
        ),
        seed='"the way we run meetings" (Dove, 2024); "29 hours a week" (Centre for Public Impact)',
        caveat="Invited is not attended; only accepted meetings count when the export has response status.",
        needs=("attendance", "meetings", "volumes"),
        compute=meeting_hours_per_person,
    ),
    Indicator(
        id="large_meeting_share",
        domain="meetings",
        title="Share of meeting hours in large meetings",
        question="How much meeting time is spent in meetings of nine or more people?",
        unit="%",
        concrete_at=40.0,
        compost_at=15.0,
        source=(
            'Viva Insights metric definitions: "large" means more than 8 attendees (nine or more including the organiser); '
            "thresholds are judgement."
        ),
        seed='"fewer meetings required as more focused and purposeful" (Kay, 2015)',
        caveat="Statutory forums such as child protection conferences and panels are legitimately large; read them separately.",
        needs=("meetings",),
        compute=large_meeting_share,
    ),
    Indicator(
        id="long_meeting_share",
        domain="meetings",
        title="Share of meetings longer than one hour",
        question="How many meetings run for more than an hour?",
        unit="%",
        concrete_at=30.0,
        compost_at=10.0,
        source=(
            'Viva Insights: "long" means more than one hour; Rogelberg (2019): durations follow the calendar\'s 30- and 60-minute '
            "defaults rather than need. Thresholds are judgement."
        ),
        seed='"meetings are more effectively chaired and result in more direct action" (Kay, 2015)',
        caveat="Training and group supervision are long by design; look at the meeting kinds before drawing conclusions.",
        needs=("meetings",),
        compute=long_meeting_share,
    ),
    Indicator(
        id="recurring_large_long_share",
        domain="meetings",
        title="Recurring large or long meetings",
        question="How much meeting time goes on recurring meetings that are large or long?",
        unit="%",
        concrete_at=30.0,
        compost_at=10.0,
        source='Viva Insights "large and long recurring meeting hours" and its recurring-meeting audit (definition); thresholds are judgement.',
        seed='"the stuff we take for granted. The invisible water we swim in" (Dove, 2024)',
        caveat="Small recurring huddles and supervision are fine and are deliberately not counted.",
        needs=("meetings",),
        compute=recurring_large_long_share,
    ),
    Indicator(
        id="conflicting_meeting_share",
        domain="meetings",
        title="Double-booked meeting hours",
        question="How much of each person's meeting time is double-booked?",
        unit="%",
        concrete_at=15.0,
        compost_at=3.0,
        source='Viva Insights "conflicting meeting hours" (definition); thresholds are judgement.',
        seed='"increasing management demands and processes" (Centre for Public Impact)',
        caveat="Without response status, double invitations overstate conflict.",
        needs=("attendance",),
        compute=conflicting_meeting_share,
    ),
    Indicator(
        id="back_to_back_share",
        domain="meetings",
        title="Back-to-back meetings",
        question="How often does a meeting start less than 10 minutes after the last one ended?",
        unit="%",
        concrete_at=40.0,
        compost_at=10.0,
        source=(
            "Microsoft Human Factors Lab (April 2021, EEG study of 14 people): four back-to-back 30-minute meetings raised "
            "stress-related brain activity; 10-minute breaks prevented the build-up. Thresholds are judgement."
        ),
        seed='"roses can\'t grow in concrete" (Dove, 2024)',
        caveat="All-day items are left out; tentative items cannot be told apart unless the export records responses.",
        needs=("attendance",),
        compute=back_to_back_share,
    ),
    Indicator(
        id="after_hours_meeting_share",
        domain="meetings",
        title="Meetings outside working hours",
        question="How much meeting time falls outside working hours?",
        unit="%",
        concrete_at=5.0,
        compost_at=1.0,
        source=(
            "Viva Insights \"after-hours meeting hours\" (it uses each person's Outlook working hours; this uses the organisation's "
            "setting); thresholds are judgement."
        ),
        seed='"more manageable workloads" (Barking and Dagenham)',
        caveat="Out-of-hours duty and evening family work are direct work and are left out; part-time patterns differ.",
        needs=("meetings",),
        compute=after_hours_meeting_share,
    ),
    Indicator(
        id="focus_block_share",
        domain="meetings",
        title="Open time for families",
        question="How much of the working week is free of meetings in blocks of two hours or more?",
        unit="%",
        concrete_at=30.0,
        compost_at=60.0,
        source='Viva Insights "open 2-hour blocks" and focus hours (definition of a 2-hour block); thresholds are judgement.',
        seed='"prioritises relationships and time spent with children and families" (Centre for Public Impact)',
        caveat="A free calendar is not family time; it is the capacity for it. Leave and sickness look like open time.",
        needs=("attendance",),
        compute=focus_block_share,
    ),
    Indicator(
        id="manager_1to1_cadence",
        domain="meetings",
        title="Regular supervision or 1:1",
        question="Does every practitioner meet their manager one-to-one at least every four weeks?",
        unit="%",
        concrete_at=50.0,
        compost_at=90.0,
        source=(
            "Typical local authority supervision policies (at least monthly, more often for newly qualified social workers); "
            'LGA "Standards for employers of social workers in England" (2020), which include time for supervision; '
            'Viva Insights "manager 1:1 meeting hours" (definition).'
        ),
        seed='"where we have high challenge, we need support and vice versa" (Kay, 2015)',
        caveat="Needs the roster. Supervision that is not in the calendar is invisible: then it is reported, not scored 0.",
        needs=("attendance",),
        compute=manager_1to1_cadence,
    ),
    Indicator(
        id="management_meeting_share",
        domain="meetings",
        title="Time in manager-only meetings",
        question="How much meeting time is spent in meetings attended only by managers?",
        unit="%",
        concrete_at=40.0,
        compost_at=15.0,
        source="Judgement; the Centre for Public Impact finds one in three social workers sit under three to five management layers.",
        seed='"excessive layers of management and oversight" (Centre for Public Impact)',
        caveat="Needs the roster; some management forums are necessary.",
        needs=("attendance",),
        compute=management_meeting_share,
    ),
    Indicator(
        id="partner_meeting_share",
        domain="meetings",
        title="Multi-agency meetings",
        question="How many meetings include someone from health, police, schools or another partner?",
        unit="%",
        concrete_at=5.0,
        compost_at=25.0,
        source="Judgement (Working Together to Safeguard Children 2023: safeguarding is the shared responsibility of the partners).",
        seed='"the responsibilities of all our partners in protecting children" (Grant, 2023)',
        caveat="Meetings hosted by partners on their own systems may be missing from the export.",
        needs=("attendance",),
        compute=partner_meeting_share,
    ),
)
