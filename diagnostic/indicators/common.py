"""Helpers shared by the meetings, email, audits and feedback indicators.

Three kinds of help live here:

* the privacy floor (``enough``, ``by_team``): no figure rests on fewer than the minimum group size,
  and small teams are merged into "Other teams" before anything is shown;
* the roster as the indicators read it (``has_roster``, ``practitioners``, the manager chain);
  the roster itself and its rules are in :mod:`diagnostic.roster`;
* the two heavy base tables, built once per Dataset and shared by every indicator that needs them:
  :func:`meeting_rows` (one row per person per meeting, with attendee-hours) and
  :func:`email_rows` (message x recipient as integer codes). Scoring a 1,000-person organisation
  in under a second depends on not rebuilding these for each indicator.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np
import pandas as pd

from diagnostic.columns import factorised, first_rows, positions, take
from diagnostic.dataset import Dataset
from diagnostic.dates import bank_holidays
from diagnostic.indicators.base import Measurement
from diagnostic.memo import IdentityMemo
from diagnostic.roster import OTHER_TEAMS, roster
from diagnostic.settings import Settings

PERCENT = 100.0
SECONDS_PER_HOUR = 3600
SECONDS_PER_DAY = 86_400
DAYS_PER_WEEK = 7
DECIMALS = 9  # values are rounded so that summing in a different row order cannot change them
MIN_MEETING_SIZE = 2  # only meetings with two or more attendees are meetings
CACHE_SIZE = 4  # base tables kept per function: the baseline, scenarios being compared, a period

T = TypeVar("T")


# ----------------------------------------------------------------------------------------------
# values, the privacy floor, per-team views


def finish(value: float) -> float:
    """A plain float rounded to ``DECIMALS`` places.

    Float sums depend on the order of addition in their last bits; rounding makes the guarantee
    "row order never changes a value" hold exactly.
    """
    return round(float(value), DECIMALS)


def measured(value: float, n: int, n_unit: str, coverage: float | None, by_team: pd.DataFrame | None = None, note: str = "") -> Measurement:
    """A Measurement with its value and coverage rounded (see :func:`finish`)."""
    cov = None if coverage is None else finish(min(1.0, max(0.0, coverage)))
    return Measurement(value=finish(value), n=int(n), n_unit=n_unit, coverage=cov, by_team=by_team, note=note)


def enough(n: int, settings: Settings) -> bool:
    """A denominator below the minimum group size gives no figure (indicators.md D.2)."""
    return n >= settings.min_group_size


def too_few(n: int, what: str, settings: Settings) -> str:
    """The plain-English reason for a figure withheld under the minimum group size."""
    return (
        f"Not computed: only {n} {what} in the data, fewer than the minimum group size of {settings.min_group_size}. "
        "Load a longer period or more teams."
    )


def by_team(
    rows: pd.DataFrame,
    settings: Settings,
    num: str,
    den: str | None = None,
    how: str = "ratio",
    size_col: str = "person_id",
    distinct: str | None = None,
    scale: float = 1.0,
) -> pd.DataFrame | None:
    """Per-team values with the minimum group size enforced: columns ``team, value, n``.

    ``rows`` carries a ``team`` column (text or categorical). ``how`` is ``"ratio"`` (sum of ``num``
    over sum of ``den``), ``"mean"`` or ``"median"`` (of ``num``). A team's size ``n`` is its count
    of distinct ``size_col`` (people, or audits/items). Teams below the minimum are merged into
    "Other teams" and the merged group is recomputed from its rows (never an average of averages);
    it is kept only if it reaches the minimum itself. ``distinct`` de-duplicates rows per (team,
    that column) after merging, for values that count things (meetings) rather than people's rows.
    Rows follow the team column's category order (text is sorted), "Other teams" last. Returns
    None when no row has a team (no roster). Works on integer codes: it runs for every indicator,
    on tables of a million rows and on every scenario.
    """
    if "team" not in rows.columns or rows.empty:
        return None
    team = rows["team"]
    if not isinstance(team.dtype, pd.CategoricalDtype):
        team = team.astype("string").astype("category")
    codes = team.cat.codes.to_numpy()
    names = [str(c) for c in team.cat.categories]
    has_team = codes >= 0
    if not has_team.any():
        return None
    other = len(names)
    team_codes = codes[has_team].astype(np.int64)
    sizes = _distinct_per_group(team_codes, rows[size_col].to_numpy()[has_team], other)
    small = sizes < settings.min_group_size
    label = np.where(small[team_codes], other, team_codes)
    sizes = np.append(np.where(small, 0, sizes), sizes[small].sum())
    values = rows[num].to_numpy(dtype=float)[has_team]
    weights = rows[den].to_numpy(dtype=float)[has_team] if den is not None else None
    if distinct is not None:
        first = _distinct_pairs(label, rows[distinct].to_numpy()[has_team])[1]
        label, values, weights = label[first], values[first], None if weights is None else weights[first]
    with np.errstate(invalid="ignore", divide="ignore"):
        if how == "ratio":
            values = np.bincount(label, weights=values, minlength=other + 1) / np.bincount(label, weights=weights, minlength=other + 1)
        elif how == "mean":
            values = np.bincount(label, weights=values, minlength=other + 1) / np.bincount(label, minlength=other + 1)
        elif how == "median":
            values = pd.Series(values).groupby(label).median().reindex(range(other + 1)).to_numpy(dtype=float)
        else:
            raise ValueError(f"unknown aggregation {how!r}")
    keep = (sizes >= settings.min_group_size) & np.isfinite(values)
    if not keep.any():
        return None
    labels = np.array([*names, OTHER_TEAMS], dtype=object)  # teams in category order, "Other teams" last
    return pd.DataFrame({"team": labels[keep], "value": [finish(v * scale) for v in values[keep]], "n": sizes[keep].astype(int)})


def _distinct_per_group(group: np.ndarray, item: np.ndarray, groups: int) -> np.ndarray:
    """How many distinct ``item`` values each of ``groups`` groups has.

    Items are usually person codes, each in one team: then a dense lookup counts them without
    hashing (every indicator's team view does this, on every scenario). Anything else, or an item
    seen in two groups, is counted pair by pair.
    """
    if np.issubdtype(item.dtype, np.integer) and len(item) and item.min() >= 0 and item.max() < 4 * len(item) + 1024:
        group_of = np.full(int(item.max()) + 1, -1, dtype=np.int64)
        group_of[item] = group
        if (group_of[item] == group).all():
            return np.bincount(group_of[group_of >= 0], minlength=groups)
    return np.bincount(_distinct_pairs(group, item)[0], minlength=groups)


def _distinct_pairs(group: np.ndarray, item: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The group of each distinct (group, item) pair, and a mask of each pair's first row.

    Pairs are packed into one int64 so a million rows de-duplicate in milliseconds.
    """
    if not np.issubdtype(item.dtype, np.integer):
        item = pd.factorize(item)[0]
    width = np.int64(item.max()) + 2 if len(item) else np.int64(1)
    key = group.astype(np.int64) * width + (item.astype(np.int64) + 1)
    first = ~pd.Series(key).duplicated().to_numpy()
    return group[first], first


# ----------------------------------------------------------------------------------------------
# per-Dataset memo of the base tables


def memo_by_tables(*tables: str) -> Callable[[Callable[[Dataset, Settings], T]], Callable[[Dataset, Settings], T]]:
    """Cache a ``(dataset, settings) -> value`` function on the identity of the named tables (see diagnostic.memo)."""

    def decorate(fn: Callable[[Dataset, Settings], T]) -> Callable[[Dataset, Settings], T]:
        memo: IdentityMemo[T] = IdentityMemo(CACHE_SIZE)

        @functools.wraps(fn)
        def wrapper(dataset: Dataset, settings: Settings | None = None) -> T:
            frames = tuple(dataset.key(t) for t in tables)
            return memo.get(frames, settings.key if settings is not None else None, lambda: fn(dataset, settings))

        return wrapper

    return decorate


# ----------------------------------------------------------------------------------------------
# the roster


def has_roster(dataset: Dataset, settings: Settings) -> bool:
    """True when a staff roster was loaded: someone has a manager or a manager/practitioner flag."""
    people = roster(dataset, settings)
    return bool(people["manager_id"].notna().any() or people["is_manager"].notna().any() or people["is_practitioner"].notna().any())


def practitioners(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """Roster practitioners and their manager: ``person_id, manager_id, team``."""
    people = roster(dataset, settings)
    flag = people["is_practitioner"].fillna(False).to_numpy(dtype=bool)
    return people.loc[flag, ["manager_id", "team"]].reset_index()[["person_id", "manager_id", "team"]]


MAX_CHAIN = 50  # manager layers followed upwards at most: a longer chain is a loop the roster does not close


def chains_above(person_ids: pd.Index, manager_ids: pd.Series, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Everyone above each start in the manager chain, nearest first: each one's start number and id.

    ``person_ids[i]`` is managed by ``manager_ids[i]`` (missing: no one); ``starts`` are positions
    in ``person_ids``. A manager who is not in ``person_ids`` is the top of their chain. A chain
    stops at the first person it has met already (a loop in the roster) or after ``MAX_CHAIN``
    managers. Every chain is walked at once, one management layer per step.
    """
    managers = pd.Series(manager_ids).astype("string")
    outside = pd.Index(managers.dropna().unique()).difference(person_ids)
    nodes = pd.Index(person_ids).append(outside)
    boss = np.append(positions(nodes, managers), np.full(len(outside), -1))
    path = np.full((len(starts), MAX_CHAIN + 1), -1, dtype=np.int64)
    path[:, 0] = starts
    rows = np.arange(len(starts))
    found_rows, found_nodes = [], []
    for step in range(1, MAX_CHAIN + 1):
        above = boss[path[rows, step - 1]]
        fresh = (above >= 0) & ~(path[rows, :step] == above[:, None]).any(axis=1)
        rows, above = rows[fresh], above[fresh]
        if not len(rows):
            break
        path[rows, step] = above
        found_rows.append(rows)
        found_nodes.append(above)
    if not found_rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    return np.concatenate(found_rows), np.asarray(nodes, dtype=object)[np.concatenate(found_nodes)]


ROSTER_NEEDED = "Load the staff roster (a spreadsheet with each person's team, manager and whether they are a practitioner)."


# ----------------------------------------------------------------------------------------------
# working time


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
    that a million sent times take milliseconds.
    """
    ws, we = working_window_seconds(settings)
    day = wall_s - wall_s % SECONDS_PER_DAY
    clock = wall_s - day
    workday = np.isin(weekday_of(day), settings.work_days) & ~bank_holiday_days(day)
    return workday & (clock >= ws) & (clock < we)


def bank_holiday_days(day_s: np.ndarray) -> np.ndarray:
    """True for local midnights (seconds since 1970) that fall on an England and Wales bank holiday.

    Each day is looked up by its number in a table of the days spanned: a tenth of the time of
    matching dates, for the three indicators that read working hours on every scenario.
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


# ----------------------------------------------------------------------------------------------
# people as integer codes


@dataclass(frozen=True)
class Persons:
    """Everyone a base table mentions, as integer codes ``0..n-1`` (``ids[code]`` is the pseudonym).

    Per code: ``internal``, ``partner``, ``addressed`` (see :func:`diagnostic.roster.roster`) and ``team_code``
    (into ``teams``, -1 when the roster gives no team). Codes follow the sorted pseudonyms, so they
    do not depend on row order.
    """

    ids: pd.Index
    internal: np.ndarray
    partner: np.ndarray
    addressed: np.ndarray
    team_code: np.ndarray
    teams: pd.Index

    def team(self, codes: np.ndarray) -> pd.Categorical:
        """The team of each person code (-1, an unknown person, has none)."""
        team = np.where(codes >= 0, self.team_code[np.maximum(codes, 0)], -1) if len(self.team_code) else np.full(len(codes), -1)
        return pd.Categorical.from_codes(team, categories=self.teams)

    def codes(self, ids: pd.Series) -> np.ndarray:
        """Codes for pseudonyms (-1 for anyone not in this table)."""
        return self.ids.get_indexer(ids.astype("string"))


def encode_people(columns: list[pd.Series], dataset: Dataset, settings: Settings) -> tuple[list[np.ndarray], Persons]:
    """Integer codes for several columns of pseudonyms at once, and what the roster says about each.

    Someone the roster does not list counts as internal, not a partner, not addressed and in no team.
    """
    if len(columns) == 1:  # the meeting table's attendees: already coded in id order
        codes, uniques = factorised(columns[0], sort=True)
        parts = [codes]
    else:
        found = [factorised(c) for c in columns]
        uniques = pd.Index(pd.concat([pd.Series(u, dtype="string") for _, u in found], ignore_index=True).unique()).sort_values()
        parts = []
        for codes, column_uniques in found:
            parts.append(take(uniques.get_indexer(pd.Series(column_uniques, dtype="string")), codes, -1))
    roster = roster_codes(dataset, settings)
    at = positions(roster.ids, pd.Series(uniques, dtype="string"))  # -1 (off the roster) picks each default below
    persons = Persons(
        ids=pd.Index(uniques),
        internal=take(roster.internal, at, True),
        partner=take(roster.partner, at, False),
        addressed=take(roster.addressed, at, False),
        team_code=take(roster.team_code, at, -1),
        teams=roster.teams,
    )
    return parts, persons


@memo_by_tables("people")
def roster_codes(dataset: Dataset, settings: Settings) -> Persons:
    """Everyone on the roster (see :func:`diagnostic.roster.roster`) as :class:`Persons`: what :func:`encode_people` looks people up in."""
    people = roster(dataset, settings).sort_index()
    teams = pd.Index(sorted(people["team"].dropna().astype(str).unique()))
    return Persons(
        ids=pd.Index(people.index, name=None),
        internal=people["internal"].to_numpy(dtype=bool),
        partner=people["partner"].to_numpy(dtype=bool),
        addressed=people["addressed"].to_numpy(dtype=bool),
        team_code=teams.get_indexer(people["team"].astype("string").fillna("\x00")),
        teams=teams,
    )


# ----------------------------------------------------------------------------------------------
# meetings: one row per person per meeting


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
    def coverage(self) -> float:
        """Share of known internal people who appear in the calendar data (1 for meeting-level totals)."""
        if not self.per_person:
            return 1.0
        return self.people_seen / self.people_known if self.people_known else 1.0


def calendar_order(person: np.ndarray, start: np.ndarray, end: np.ndarray, meeting: np.ndarray) -> np.ndarray:
    """``np.lexsort((meeting, end, start, person))`` for integer columns: by person, start, end and meeting.

    Person and start are packed into one key and sorted in one pass (a tenth of the time of four
    stable passes); only rows sharing a person and a start, a few in a hundred, are sorted again
    by end and meeting. Three meeting indicators walk each calendar in this order on every scenario.
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


# ----------------------------------------------------------------------------------------------
# email: message x recipient as integer codes

TO, CC, BCC, UNKNOWN = 1, 2, 3, 0
_RECIPIENT_TYPES = {"to": TO, "cc": CC, "bcc": BCC}


def _first_seen(codes: np.ndarray) -> np.ndarray:
    """True at the first row of each code, for codes numbered in order of first appearance.

    A row is a first appearance exactly when its code exceeds every code before it: one pass,
    no hashing.
    """
    before = np.maximum.accumulate(np.concatenate([[-1], codes[:-1]]))
    return codes > before


@dataclass(frozen=True)
class EmailRows:
    """The message trace as numbers, shared by the email indicators.

    ``rows``: one row per message x recipient from internal senders: msg (int code), sender,
    recipient (person codes, see ``persons``), rtype (``TO``, ``CC``, ``BCC`` or ``UNKNOWN``),
    team (the sender's, categorical). ``sent``: one row per message from an internal sender: msg,
    sender, team, wall_s (local wall-clock seconds), recipients (its rows). ``received``: per
    internal recipient code, distinct messages received from anyone (``person_id``, ``received``,
    ``team``).
    """

    rows: pd.DataFrame
    sent: pd.DataFrame
    received: pd.DataFrame
    persons: Persons
    first_day: date
    last_day: date
    people_known: int


@memo_by_tables("messages", "teams")
def email_rows(dataset: Dataset, settings: Settings) -> EmailRows | None:
    """Build :class:`EmailRows`, or None when no usable message row was loaded."""
    messages = dataset.messages
    if messages is None or messages.empty:
        return None
    usable = (messages["message_id"].notna() & messages["sender_id"].notna() & messages["sent_at"].notna()).to_numpy(dtype=bool)
    if not usable.any():
        return None
    if not usable.all():
        messages = messages[usable]
    (sender, recipient), persons = encode_people([messages["sender_id"], messages["recipient_id"]], dataset, settings)
    msg = pd.factorize(messages["message_id"], sort=False)[0]  # numbered in order of first appearance
    type_codes, type_names = pd.factorize(messages["recipient_type"])
    types = np.array([_RECIPIENT_TYPES.get(str(t).strip().lower(), UNKNOWN) for t in type_names], dtype=np.int8)
    rtype = take(types, type_codes, np.int8(UNKNOWN))
    width = np.int64(len(persons.ids) + 1)
    once = ~pd.Series(msg.astype(np.int64) * width + recipient + 1).duplicated().to_numpy()  # a trace may repeat a delivery
    has_recipient = recipient >= 0
    recipient_internal = once & has_recipient & persons.internal[np.maximum(recipient, 0)]
    counts = np.bincount(recipient[recipient_internal], minlength=len(persons.ids))
    got = np.flatnonzero(counts)
    received = pd.DataFrame({"person_id": got, "received": counts[got], "team": persons.team(got)})
    own = persons.internal[sender]
    keep = own & has_recipient & once
    rows = pd.DataFrame({"msg": msg[keep], "sender": sender[keep], "recipient": recipient[keep], "rtype": rtype[keep]})
    rows["team"] = persons.team(rows["sender"].to_numpy())
    first = np.flatnonzero(_first_seen(msg) & own)
    sent = pd.DataFrame({"msg": msg[first], "sender": sender[first], "wall_s": wall_seconds(messages["sent_at"].iloc[first])})
    sent["team"] = persons.team(sent["sender"].to_numpy())
    sent["recipients"] = np.bincount(rows["msg"].to_numpy(), minlength=int(msg.max()) + 1)[sent["msg"].to_numpy()]
    day = sent["wall_s"].to_numpy() // SECONDS_PER_DAY if len(sent) else wall_seconds(messages["sent_at"]) // SECONDS_PER_DAY
    return EmailRows(
        rows=rows,
        sent=sent,
        received=received,
        persons=persons,
        first_day=pd.Timestamp(int(day.min()), unit="D").date(),
        last_day=pd.Timestamp(int(day.max()), unit="D").date(),
        people_known=int(roster(dataset, settings)["internal"].sum()),
    )
