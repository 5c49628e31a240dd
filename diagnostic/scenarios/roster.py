"""Who manages whom, read from the roster, for the levers that need it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.columns import factorised, isin
from diagnostic.dataset import Dataset
from diagnostic.scenarios.lever import true

INTERNAL = "internal"
MIN_ATTENDEES = 2  # a meeting needs two people


def managers(people: pd.DataFrame) -> pd.Index:
    """Person ids of managers: flagged as one, or named as someone's manager."""
    flagged = people.loc[true(people["is_manager"]), "person_id"]
    named = people["manager_id"].dropna()
    return pd.Index(pd.concat([flagged, named]).dropna().unique())


def external(people: pd.DataFrame) -> pd.Index:
    """Person ids of people from partner agencies or other outside organisations."""
    outside = people["organisation"].notna() & (people["organisation"] != INTERNAL)
    return pd.Index(people.loc[outside, "person_id"])


def manager_only_meetings(dataset: Dataset) -> pd.Index:
    """Meeting ids where at least two internal people attend and every one of them is a manager.

    People missing from the roster count as internal non-managers, so an unknown attendee never
    makes a meeting look like a managers' meeting.
    """
    if not dataset.has("attendance", "people"):
        return pd.Index([], dtype="string")
    people, attendance = dataset.people, dataset.attendance
    meeting, meeting_ids = factorised(attendance["meeting_id"])
    inside = ~isin(attendance["person_id"], external(people)) & (meeting >= 0)
    manager = isin(attendance["person_id"], managers(people))
    size = np.bincount(meeting[inside], minlength=len(meeting_ids))
    managers_in = np.bincount(meeting[inside], weights=manager[inside], minlength=len(meeting_ids))
    return pd.Index(meeting_ids[(size >= MIN_ATTENDEES) & (managers_in == size)]).sort_values()
