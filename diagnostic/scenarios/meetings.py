"""Meeting levers: fewer recurring meetings, managers' meetings fortnightly, shorter and smaller meetings.

Supervision (one-to-one and group) and direct work with children and families are never cancelled,
shortened or trimmed: they are the roses, not the concrete.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.columns import isin
from diagnostic.dataset import Dataset
from diagnostic.scenarios.lever import Lever, choose_groups, fraction, stable_hash, true
from diagnostic.scenarios.roster import manager_only_meetings
from diagnostic.settings import Settings

PROTECTED_KINDS = ("supervision", "group_supervision")
MINUTES_PER_DAY = 24 * 60
DEFAULT_LENGTH_MINUTES = 30  # calendars offer 30 and 60 minutes: lengths in whole half-hours are defaults
MAX_SHORTEN_PERCENT = 50
NO_CAP = 50  # the cap lever's top value means "no cap"
MIN_CAP = 3
ORGANISER, REQUIRED, OPTIONAL = 0, 1, 2  # who keeps their seat first when a meeting is capped
MEETING_TABLES = ("meetings", "attendance")


def protected(meetings: pd.DataFrame) -> pd.Series:
    """Supervision and direct work: never changed by a meeting lever."""
    return meetings["kind"].isin(PROTECTED_KINDS).fillna(False).astype(bool) | true(meetings["direct_work"])


def series_keys(meetings: pd.DataFrame) -> pd.Series:
    """One key per recurring series: the series id, or organiser, weekday, time and length when the export has none."""
    has_id = meetings["series_id"].notna()
    start = meetings["start"]
    slot = start.dt.day_of_week * MINUTES_PER_DAY + start.dt.hour * 60 + start.dt.minute
    length = (meetings["end"] - start).dt.total_seconds()
    keys = pd.DataFrame(
        {
            "series": meetings["series_id"],
            "organiser": meetings["organiser_id"].where(~has_id),
            "slot": slot.where(~has_id),
            "length": length.where(~has_id),
        }
    )
    return pd.Series(stable_hash(keys, "series"), index=meetings.index)


def drop_meetings(dataset: Dataset, meeting_ids: pd.Series | pd.Index) -> Dataset:
    """The dataset without these meetings and their attendance."""
    if len(meeting_ids) == 0:
        return dataset
    meetings = dataset.meetings[~isin(dataset.meetings["meeting_id"], meeting_ids)].reset_index(drop=True)
    attendance = dataset.attendance
    if attendance is not None:
        attendance = attendance[~isin(attendance["meeting_id"], meeting_ids)].reset_index(drop=True)
    return dataset.with_tables(meetings=meetings, attendance=attendance)


def cancel_recurring(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Cancel ``percent`` of recurring series (every occurrence of each chosen series)."""
    meetings = dataset.meetings
    if meetings is None or percent <= 0:
        return dataset
    eligible = meetings[true(meetings["is_recurring"]) & ~protected(meetings)]
    if eligible.empty:
        return dataset
    chosen = choose_groups(series_keys(eligible), fraction(percent), "cancel_recurring_meetings")
    return drop_meetings(dataset, eligible.loc[chosen, "meeting_id"])


def fortnightly_management(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Hold ``percent`` of managers-only recurring series fortnightly: every second occurrence goes."""
    if percent <= 0 or not dataset.has("meetings", "attendance", "people"):
        return dataset
    meetings = dataset.meetings
    managers_only = isin(meetings["meeting_id"], manager_only_meetings(dataset))
    eligible = meetings[managers_only & true(meetings["is_recurring"]) & ~protected(meetings)]
    if eligible.empty:
        return dataset
    keys = series_keys(eligible)
    chosen = choose_groups(keys, fraction(percent), "fortnightly_manager_meetings")
    series = eligible.loc[chosen, ["meeting_id", "start"]].assign(key=keys[chosen]).sort_values(["key", "start", "meeting_id"])
    every_second = series.groupby("key", sort=False).cumcount() % 2 == 1
    return drop_meetings(dataset, series.loc[every_second, "meeting_id"])


def shorten(dataset: Dataset, percent: float, settings: Settings) -> Dataset:
    """Shorten meetings booked at a default length (a whole number of half-hours) by ``percent``."""
    meetings = dataset.meetings
    if meetings is None or percent <= 0:
        return dataset
    minutes = (meetings["end"] - meetings["start"]).dt.total_seconds() / 60
    default_length = (minutes > 0) & (minutes % DEFAULT_LENGTH_MINUTES == 0)
    eligible = (default_length & ~protected(meetings) & ~true(meetings["all_day"])).fillna(False).astype(bool)
    if not eligible.any():
        return dataset
    factor = 1 - fraction(percent)
    new_minutes = (minutes * factor).round()
    new_end = meetings["start"] + pd.to_timedelta(new_minutes, unit="min")
    changed = meetings.copy()
    changed["end"] = meetings["end"].where(~eligible, new_end)
    changed["attendee_hours"] = meetings["attendee_hours"].where(~eligible, meetings["attendee_hours"] * factor)
    attendance = dataset.attendance
    if attendance is not None:
        cap = new_minutes[eligible].set_axis(meetings.loc[eligible, "meeting_id"])
        cap = cap[~cap.index.duplicated()]
        limit = attendance["meeting_id"].map(cap).astype("Float64")
        keep = (limit.isna() | (attendance["minutes"] <= limit)).fillna(True).astype(bool)
        attendance = attendance.assign(minutes=attendance["minutes"].where(keep, limit))
    return dataset.with_tables(meetings=changed, attendance=attendance)


def cap_size(dataset: Dataset, people: float, settings: Settings) -> Dataset:
    """No meeting larger than ``people``: the organiser keeps a seat, then required, then optional invitees."""
    meetings = dataset.meetings
    cap = int(people)
    if meetings is None or cap >= NO_CAP:
        return dataset
    eligible = ~protected(meetings)
    attendance = dataset.attendance
    if attendance is not None and len(attendance):
        attendance = _trim_attendance(attendance, meetings[eligible], cap)
    invitees = meetings["invitees"]
    too_big = eligible & (invitees > cap).fillna(False).astype(bool)
    if not too_big.any() and (attendance is None or len(attendance) == len(dataset.attendance)):
        return dataset
    changed = meetings.copy()
    changed["invitees"] = invitees.where(~too_big, cap)
    changed["attendee_hours"] = meetings["attendee_hours"].where(~too_big, meetings["attendee_hours"] * cap / invitees)
    return dataset.with_tables(meetings=changed, attendance=attendance)


def _trim_attendance(attendance: pd.DataFrame, eligible: pd.DataFrame, cap: int) -> pd.DataFrame:
    """Keep at most ``cap`` attendance rows for each eligible meeting, by role then a stable hash."""
    in_scope = isin(attendance["meeting_id"], eligible["meeting_id"])
    sizes = attendance.loc[in_scope, "meeting_id"].value_counts()
    big = isin(attendance["meeting_id"], sizes.index[sizes > cap])
    if not big.any():
        return attendance
    rows = attendance[big]
    organiser = rows["meeting_id"].map(eligible.drop_duplicates("meeting_id").set_index("meeting_id")["organiser_id"])
    role = rows["role"].str.casefold()
    rank = np.where((rows["person_id"] == organiser).fillna(False) | (role == "organiser").fillna(False), ORGANISER, REQUIRED)
    rank = np.where((role == "optional").fillna(False), OPTIONAL, rank)
    order = pd.DataFrame(
        {"meeting_id": rows["meeting_id"], "rank": rank, "tie": stable_hash(rows[["meeting_id", "person_id"]], "cap_meeting_size")},
        index=rows.index,
    ).sort_values(["meeting_id", "rank", "tie"])
    seat = order.groupby("meeting_id", sort=False).cumcount()
    dropped = order.index[seat >= cap]
    return attendance.drop(index=dropped).reset_index(drop=True)


LEVERS: tuple[Lever, ...] = (
    Lever(
        id="cancel_recurring_meetings",
        label="Cancel recurring meetings",
        unit="%",
        min=0,
        max=100,
        default=0,
        step=5,
        moves=("meeting_hours_per_person", "recurring_large_long_share", "focus_block_share"),
        apply=cancel_recurring,
        help="Cancels this share of recurring meeting series; supervision and direct work with families are never cancelled.",
        tables=MEETING_TABLES,
    ),
    Lever(
        id="fortnightly_manager_meetings",
        label="Hold managers' meetings fortnightly",
        unit="%",
        min=0,
        max=100,
        default=0,
        step=10,
        moves=("management_meeting_share",),
        apply=fortnightly_management,
        help="Moves this share of recurring managers-only meetings to every other week; it needs a staff roster.",
        tables=MEETING_TABLES,
    ),
    Lever(
        id="shorten_meetings",
        label="Shorten default meeting length",
        unit="%",
        min=0,
        max=MAX_SHORTEN_PERCENT,
        default=0,
        step=5,
        moves=("meeting_hours_per_person", "long_meeting_share", "back_to_back_share", "focus_block_share"),
        apply=shorten,
        help="Shortens meetings booked for a whole number of half-hours by this share, so an hour at 25% becomes 45 minutes.",
        tables=MEETING_TABLES,
    ),
    Lever(
        id="cap_meeting_size",
        label=f"Cap meeting size ({NO_CAP}: no cap)",
        unit="people",
        min=MIN_CAP,
        max=NO_CAP,
        default=NO_CAP,
        step=1,
        moves=("large_meeting_share",),
        apply=cap_size,
        help=f"No meeting has more people than this; the organiser and required invitees keep their places, and {NO_CAP} means no cap.",
        tables=MEETING_TABLES,
    ),
)
