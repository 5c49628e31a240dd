"""Who manages whom, read from the roster, for the levers that need it."""

from __future__ import annotations

import pandas as pd

from diagnostic.columns import isin
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
    people = dataset.people
    attendance = dataset.attendance[["meeting_id", "person_id"]]
    attendance = attendance[~isin(attendance["person_id"], external(people))]
    is_manager = pd.Series(isin(attendance["person_id"], managers(people)), index=attendance.index)
    summary = is_manager.groupby(attendance["meeting_id"]).agg(["all", "size"])
    return pd.Index(summary.index[summary["all"] & (summary["size"] >= MIN_ATTENDEES)])
