"""When meetings fall in each person's day (indicators.md A1): double bookings, back-to-back meetings,
meetings outside working hours, and the open time left between them.

Each walks every person's calendar in time order (:attr:`MeetingRows.in_time_order`). Direct work
with children and families is never counted as a conflict, a back-to-back meeting or after-hours
time, and never closes an open block: time with families is what the open time is for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Measurement, not_computed
from diagnostic.indicators.common import PERCENT, SECONDS_PER_HOUR, by_team, measured
from diagnostic.indicators.meeting_rows import AGGREGATE_NOTE, MeetingRows, usable_rows
from diagnostic.indicators.viva_measures import VIVA, finer_first, focus_share, person_share
from diagnostic.indicators.worktime import bank_holiday_days, working_window_seconds
from diagnostic.settings import Settings

BACK_TO_BACK_GAP_S = 10 * 60  # a break shorter than 10 minutes
FOCUS_BLOCK_S = 2 * SECONDS_PER_HOUR  # an open block of two hours or more


def _sequenced(frame: pd.DataFrame, by_day: bool) -> pd.DataFrame:
    """``frame`` (rows in :attr:`MeetingRows.in_time_order`) with each person's latest end among their earlier meetings.

    ``first`` marks each person's (or person-day's) first meeting; ``cum_end`` is the latest end so
    far; ``prev_end`` the latest end before this meeting (NaN for a person's, or day's, first
    meeting); ``next_start`` the start of their next meeting. The sorted order makes every result
    independent of the input's row order. Done in numpy rather than grouped pandas steps, because
    three indicators run this on every scenario.
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
    return measured(out["value"].mean(), len(out), "people", mr.coverage, teams, note, mr.coverage_of)


def _status_note(mr: MeetingRows) -> str:
    if mr.response_status:
        return ""
    return "Counts invitations: the calendar export does not say who accepted, so double bookings may be overstated."


def conflicting_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Per person, share of meeting hours in meetings that overlap another of their meetings; mean over people.

    Direct work is never counted as a conflict. Coverage: people in the calendar data. Without
    attendee lists, Viva Insights' conflicting meeting hours over meeting hours.
    """
    mr = usable_rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        note = (
            f"{VIVA}' conflicting meeting hours over meeting hours: Viva counts overlaps between meetings the person accepted "
            "or organised; ours counts every overlap in the calendar, and leaves out direct work, which Viva cannot tell apart."
        )
        return finer_first(mr, lambda: person_share(dataset, settings, "conflicting_meeting_hours", "meeting_hours", note))
    frame = _sequenced(mr.in_time_order, by_day=False)
    overlaps = (frame["prev_end"] > frame["start_s"]) | (frame["next_start"] < frame["end_s"])
    frame["conflict_s"] = np.where(overlaps.to_numpy() & ~frame["direct"].to_numpy(dtype=bool), frame["dur_s"], 0)
    return _per_person_mean(frame, "conflict_s", "dur_s", settings, mr, _status_note(mr))


def back_to_back_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Per person, share of meetings starting less than 10 minutes after their previous meeting that day ended; mean over people.

    A meeting that starts before the previous one ends is a conflict, not back-to-back. Direct
    work is not counted as back-to-back. Coverage: people in the calendar data.
    """
    mr = usable_rows(dataset, settings, per_person=True)
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

    mr = usable_rows(dataset, settings)
    if isinstance(mr, Measurement):
        return finer_first(mr, lambda: _viva_after_hours(dataset, settings))
    rows = mr.rows
    frac = np.where(rows["direct"].to_numpy(dtype=bool), 0.0, outside_share(rows))
    frame = rows.assign(num=rows["attendee_s"].to_numpy() * frac)
    den = frame["attendee_s"].sum()
    value = PERCENT * frame["num"].sum() / den if den else 0.0
    teams = by_team(frame, settings, "num", "attendee_s", scale=PERCENT) if mr.per_person else None
    note = f"Working hours {settings.work_start}–{settings.work_end}." + ("" if mr.per_person else " " + AGGREGATE_NOTE)
    return measured(value, len(mr.meetings), "meetings", mr.coverage, teams, note, mr.coverage_of)


def _viva_after_hours(dataset: Dataset, settings: Settings) -> Measurement | None:
    """Viva's after-hours meeting hours over meeting hours, else its after-hours collaboration over collaboration hours."""
    note = (
        f"{VIVA}' after-hours meeting hours over meeting hours: outside each person's own Outlook working hours, weekends "
        "included; ours uses the working hours in the settings and leaves out direct work."
    )
    found = person_share(dataset, settings, "after_hours_meeting_hours", "meeting_hours", note)
    if found is not None:
        return found
    note = (
        f"{VIVA}' after-hours collaboration hours over collaboration hours: email, chat and calls as well as meetings, outside "
        "each person's own Outlook working hours (the query has no after-hours meeting hours); ours counts meetings only."
    )
    return person_share(dataset, settings, "after_hours_hours", "collaboration_hours", note)


def focus_block_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Per person, share of working hours in meeting-free blocks of two hours or more; mean over people.

    Over every working day of the calendar window. Direct work does not close a block: time with
    families is what the open time is for. Coverage: people in the calendar data.
    """
    mr = usable_rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        return finer_first(mr, lambda: focus_share(dataset, settings))
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
    return measured(
        frame["value"].mean(), len(people), "people", mr.coverage, by_team(frame, settings, "value", how="mean"), note, mr.coverage_of
    )
