"""Who is outside the council and who meets only with managers, for the levers that need it (rules: :mod:`diagnostic.roster`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic.columns import factorised, isin
from diagnostic.dataset import Dataset
from diagnostic.roster import is_internal, managers

MIN_ATTENDEES = 2  # a meeting needs two people


def external(people: pd.DataFrame) -> pd.Index:
    """Person ids of people from partner agencies or other outside organisations."""
    return pd.Index(people.loc[~is_internal(people["organisation"]), "person_id"])


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
    manager = isin(attendance["person_id"], managers(people.set_index("person_id")))
    size = np.bincount(meeting[inside], minlength=len(meeting_ids))
    managers_in = np.bincount(meeting[inside], weights=manager[inside], minlength=len(meeting_ids))
    return pd.Index(meeting_ids[(size >= MIN_ATTENDEES) & (managers_in == size)]).sort_values()
