"""The structure lever: remove a layer of management.

"One in three social workers ... are instead working within one of the three to five layers of
management" (Centre for Public Impact). Removing a layer here means the managers closest to
practitioners go back to practice: they hold work with families and manage no one, and the
people they managed report to their manager's manager. Their places in managers-only meetings go,
so those meetings shrink (a meeting left with fewer than two people ends). Their own supervision
stays: supervision is never cancelled by a lever, and they are still supervised, now as
practitioners. Supervision that used to run through the removed layer is not re-created: the
scorecard shows that cost honestly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.columns import factorised, isin, kept_rows, positions, take
from diagnostic.dataset import Dataset
from diagnostic.indicators.meeting_rows import MIN_MEETING_SIZE
from diagnostic.roster import managers
from diagnostic.scenarios.lever import Lever, true
from diagnostic.scenarios.meetings import managers_meetings
from diagnostic.settings import Settings

MAX_LAYERS = 2


def practitioners(people: pd.DataFrame) -> pd.Series:
    """Practitioners as the roster flags them, or, without the flag, people who manage no one."""
    if people["is_practitioner"].notna().any():
        return true(people["is_practitioner"])
    return ~people["person_id"].isin(managers(people.set_index("person_id")))


def first_line_managers(people: pd.DataFrame) -> pd.Index:
    """Managers of practitioners who have a manager themselves and hold no work of their own."""
    practising = practitioners(people)
    candidates = pd.Index(people.loc[practising, "manager_id"].dropna().unique())
    eligible = people["person_id"].isin(candidates) & people["manager_id"].notna() & ~practising
    return pd.Index(people.loc[eligible, "person_id"])


def _remove_one_layer(people: pd.DataFrame) -> tuple[pd.DataFrame, pd.Index]:
    removed = first_line_managers(people)
    if removed.empty:
        return people, removed
    boss = people.drop_duplicates("person_id").set_index("person_id")["manager_id"]
    reports = people["manager_id"].isin(removed)
    changed = people.copy()
    changed.loc[reports, "manager_id"] = people.loc[reports, "manager_id"].map(boss)
    back_to_practice = people["person_id"].isin(removed)
    changed.loc[back_to_practice, "is_manager"] = False
    changed.loc[back_to_practice, "is_practitioner"] = True
    return changed, removed


def _shrink_meetings(dataset: Dataset, meeting_ids: pd.Index, removed: pd.Index) -> Dataset:
    """Take the removed managers out of managers-only meetings; end meetings left with one person.

    Rows are matched by meeting and person codes, each distinct id looked up once.
    """
    attendance = dataset.attendance
    meeting, distinct_meetings = factorised(attendance["meeting_id"])
    listed = isin(pd.Series(distinct_meetings, dtype=attendance["meeting_id"].dtype), meeting_ids)  # per meeting
    leaving = take(listed, meeting, False) & isin(attendance["person_id"], removed)
    if not leaving.any():
        return dataset
    staying = ~leaving & (meeting >= 0)
    fewer = np.bincount(meeting[leaving], minlength=len(distinct_meetings))
    ended = listed & (np.bincount(meeting[staying], minlength=len(distinct_meetings)) < MIN_MEETING_SIZE)
    attendance = kept_rows(attendance, ~leaving & ~take(ended, meeting, False))
    meetings = dataset.meetings
    at = positions(pd.Index(distinct_meetings), meetings["meeting_id"])  # -1: a meeting with no attendance rows
    gone = take(ended, at, False)
    meetings = kept_rows(meetings, ~gone)
    at = at[~gone]
    meetings = meetings.assign(invitees=meetings["invitees"] - pd.array(take(fewer, at, 0), dtype="Int64"))
    return dataset.with_tables(meetings=meetings, attendance=attendance)


def remove_layers(dataset: Dataset, layers: float, settings: Settings) -> Dataset:
    """Remove ``layers`` layers of management, closest to practitioners first. Needs a roster with managers."""
    people = dataset.people
    if people is None or int(layers) <= 0 or people["manager_id"].isna().all():
        return dataset
    managers_only = managers_meetings(dataset, settings)
    removed_all = pd.Index([], dtype="string")
    for _ in range(int(layers)):
        people, removed = _remove_one_layer(people)
        if removed.empty:
            break
        removed_all = removed_all.append(removed)
    if removed_all.empty:
        return dataset
    changed = dataset.with_tables(people=people)
    if dataset.has("meetings", "attendance") and len(managers_only):
        changed = _shrink_meetings(changed, managers_only, removed_all)
    return changed


LEVERS: tuple[Lever, ...] = (
    Lever(
        id="remove_management_layer",
        label="Remove a management layer",
        unit="layers",
        min=0,
        max=MAX_LAYERS,
        default=0,
        step=1,
        moves=("management_layers", "manager_share", "management_meeting_share"),
        apply=remove_layers,
        help="The managers closest to practitioners return to practice and their teams report one level up; it needs a staff roster.",
        tables=("people", "meetings", "attendance"),
    ),
)
