"""Meeting levers: fewer recurring meetings, managers' meetings fortnightly, shorter and smaller meetings.

Supervision (one-to-one and group) and direct work with children and families are never cancelled,
shortened or trimmed: they are the roses, not the concrete.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.columns import factorised, first_row_of, isin, kept_rows, positions, take
from diagnostic.dataset import Dataset
from diagnostic.indicators.supervision import managers_only_meetings
from diagnostic.scenarios.lever import Lever, choose_groups, fraction, stable_hash, true
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


def managers_meetings(dataset: Dataset, settings: Settings) -> pd.Index:
    """Ids of the managers-only meetings a lever may change: never supervision or direct work (see :func:`protected`).

    Managers-only is the indicator's own rule (:func:`~diagnostic.indicators.supervision.managers_only`),
    so a lever moves exactly the meetings the indicator counts.
    """
    managers_only = managers_only_meetings(dataset, settings)
    if managers_only.empty or not dataset.has("meetings"):
        return managers_only
    meetings = dataset.meetings
    return managers_only.difference(meetings.loc[protected(meetings).to_numpy(), "meeting_id"])


def series_keys(meetings: pd.DataFrame) -> pd.Series:
    """One key per recurring series: the series id, or organiser, weekday, time and length when the export has none."""
    has_id = meetings["series_id"].notna().to_numpy(dtype=bool)
    slot, length = np.full(len(meetings), np.nan), np.full(len(meetings), np.nan)
    if not has_id.all():  # times are read only where there is no series id (slow on zoned times)
        start, end = meetings["start"][~has_id], meetings["end"][~has_id]
        slot[~has_id] = start.dt.day_of_week * MINUTES_PER_DAY + start.dt.hour * 60 + start.dt.minute
        length[~has_id] = (end - start).dt.total_seconds()
    keys = pd.DataFrame(
        {"series": meetings["series_id"], "organiser": meetings["organiser_id"].where(~has_id), "slot": slot, "length": length},
        index=meetings.index,
    )
    return pd.Series(stable_hash(keys, "series"), index=meetings.index)


def drop_meetings(dataset: Dataset, meeting_ids: pd.Series | pd.Index) -> Dataset:
    """The dataset without these meetings and their attendance."""
    if len(meeting_ids) == 0:
        return dataset
    meetings = kept_rows(dataset.meetings, ~isin(dataset.meetings["meeting_id"], meeting_ids))
    attendance = dataset.attendance
    if attendance is not None:
        attendance = kept_rows(attendance, ~isin(attendance["meeting_id"], meeting_ids))
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
    eligible = meetings[isin(meetings["meeting_id"], managers_meetings(dataset, settings)) & true(meetings["is_recurring"])]
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
        attendance = _trim_attendance(attendance, meetings, eligible.to_numpy(dtype=bool), cap)
    invitees = meetings["invitees"]
    too_big = eligible & (invitees > cap).fillna(False).astype(bool)
    if not too_big.any() and (attendance is None or len(attendance) == len(dataset.attendance)):
        return dataset
    changed = meetings.copy()
    changed["invitees"] = invitees.where(~too_big, cap)
    changed["attendee_hours"] = meetings["attendee_hours"].where(~too_big, meetings["attendee_hours"] * cap / invitees)
    return dataset.with_tables(meetings=changed, attendance=attendance)


def _trim_attendance(attendance: pd.DataFrame, meetings: pd.DataFrame, eligible: np.ndarray, cap: int) -> pd.DataFrame:
    """Keep at most ``cap`` attendance rows for each meeting marked ``eligible``, by role then a stable hash.

    Rows are matched to their meeting (its first row in ``meetings``) by code, and only the rows
    of meetings over the cap are ranked: this runs on every move of the slider.
    """
    meeting, ids = factorised(attendance["meeting_id"])
    at = take(first_row_of(meetings["meeting_id"], pd.Series(ids, dtype=attendance["meeting_id"].dtype)), meeting, -1)
    in_scope = (at >= 0) & take(eligible, at, False)
    sizes = np.bincount(meeting[in_scope], minlength=len(ids))
    rows = np.flatnonzero(in_scope & (take(sizes, meeting, 0) > cap))
    if not len(rows):
        return attendance
    person, people = factorised(attendance["person_id"])
    who = person[rows]
    organiser = take(positions(pd.Index(people), meetings["organiser_id"]), at[rows], -1)  # as a person code; -1: none
    role_codes, roles = factorised(attendance["role"])
    role = take(pd.Series(roles, dtype="string").str.casefold().to_numpy(dtype=object, na_value=""), role_codes[rows], "")
    rank = np.where(((who >= 0) & (who == organiser)) | (role == "organiser"), ORGANISER, REQUIRED)
    rank = np.where(role == "optional", OPTIONAL, rank)
    tie = _seat_hash(attendance, rows, meeting[rows], ids, who, people)
    order = np.lexsort((tie, rank, meeting[rows]))
    grouped = meeting[rows][order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    seat = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    keep = np.ones(len(attendance), dtype=bool)
    keep[rows[order[seat >= cap]]] = False
    return kept_rows(attendance, keep)


def _seat_hash(
    attendance: pd.DataFrame, rows: np.ndarray, meeting: np.ndarray, meetings: pd.Index, who: np.ndarray, people: pd.Index
) -> np.ndarray:
    """The stable hash of each of ``rows``' meeting and person, which breaks ties for a seat.

    Hashed as categoricals over the distinct ids: pandas gives a categorical the hash of its
    values, so only the few thousand distinct ids are hashed, not every row's text.
    """
    if (who < 0).any():  # a missing person hashes differently as a category: hash the text itself
        return stable_hash(attendance.iloc[rows][["meeting_id", "person_id"]], "cap_meeting_size")
    keys = pd.DataFrame(
        {
            "meeting_id": pd.Categorical.from_codes(meeting, categories=meetings),
            "person_id": pd.Categorical.from_codes(who, categories=people),
        }
    )
    return stable_hash(keys, "cap_meeting_size")


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
