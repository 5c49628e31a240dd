"""Meetings the roster explains (indicators.md A1): supervision one-to-ones, and time in managers-only meetings.

Both need the staff roster: who manages whom, and who is a manager (:mod:`diagnostic.roster`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Measurement, not_computed
from diagnostic.indicators.common import PERCENT, SECONDS_PER_DAY, by_team, enough, measured, of_all, too_few
from diagnostic.indicators.meeting_rows import MIN_MEETING_SIZE, MeetingRows, meeting_rows, share_of_attendee_hours, usable_rows
from diagnostic.indicators.people import ROSTER_NEEDED, has_roster, practitioners, roster_managers
from diagnostic.indicators.viva_measures import finer_first, one_to_one_cadence
from diagnostic.settings import Settings

SUPERVISION_WINDOW_DAYS = 28  # "at least monthly": one 1:1 in every 4-week window
ONE_TO_ONE = 2


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
    mr = usable_rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        return finer_first(mr, lambda: one_to_one_cadence(dataset, settings))
    if not has_roster(dataset, settings):
        return finer_first(
            not_computed(f"Not computed: needs to know who manages whom. {ROSTER_NEEDED}"), lambda: one_to_one_cadence(dataset, settings)
        )
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
    teams = by_team(frame, settings, "value", how="mean")
    return measured(
        frame["value"].mean(), len(seen), "practitioners", coverage, teams, note, of_all(len(prac), "practitioners in the roster")
    )


def managers_only(mr: MeetingRows, bosses: pd.Index) -> np.ndarray:
    """Per meeting code: True for a managers-only meeting, where every internal person who came (two or more) is one of ``bosses``.

    The one rule for managers-only meetings, read by the indicator and by the levers that change
    these meetings (:func:`managers_only_meetings`). It counts what :class:`MeetingRows` holds:
    meetings with a start, an end and two or more attendees, all-day items left out, declined
    invitations left out, each person once. Partners do not make a meeting less managerial;
    someone off the roster counts as an internal non-manager, so an unknown attendee never makes
    a meeting look like a managers' meeting.
    """
    rows = mr.rows
    boss_codes = mr.persons.codes(bosses)
    meeting = rows["meeting_id"].to_numpy()
    is_manager = np.isin(rows["person_id"].to_numpy(), boss_codes[boss_codes >= 0])
    internal = np.bincount(meeting, minlength=len(mr.meeting_ids))
    managers_in = np.bincount(meeting, weights=is_manager, minlength=len(mr.meeting_ids))
    return (managers_in == internal) & (internal >= MIN_MEETING_SIZE)


def managers_only_meetings(dataset: Dataset, settings: Settings) -> pd.Index:
    """Ids of the managers-only meetings (see :func:`managers_only`), in id order; none without attendee lists."""
    mr = meeting_rows(dataset, settings)
    if mr is None or not mr.per_person:
        return pd.Index([], dtype="string")
    return pd.Index(mr.meeting_ids[managers_only(mr, roster_managers(dataset, settings))])


def management_meeting_share(dataset: Dataset, settings: Settings) -> Measurement:
    """Share of attendee-hours in managers-only meetings (see :func:`managers_only`).

    Needs the roster. Coverage: people in the calendar data.
    """
    mr = usable_rows(dataset, settings, per_person=True)
    if isinstance(mr, Measurement):
        return mr
    bosses = roster_managers(dataset, settings)
    if not has_roster(dataset, settings) or bosses.empty:
        return not_computed(f"Not computed: needs to know who the managers are. {ROSTER_NEEDED}")
    managerial = managers_only(mr, bosses)
    return share_of_attendee_hours(dataset, settings, lambda r: managerial[r["meeting_id"].to_numpy()])
