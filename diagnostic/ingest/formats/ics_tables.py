"""What is gathered from a calendar, and the canonical meetings and attendance tables made from it.

Occurrences of series and of events read whole are gathered as plain rows (one dict per
occurrence, each event's people once); standalone events come as columns already (most of a
file). The tables are made at the end, a column at a time: times converted once, each distinct
person pseudonymised once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pandas as pd

from diagnostic.dataset import TZ
from diagnostic.ingest.base import LoadContext, meeting_ids, subject_columns
from diagnostic.ingest.formats.ics_columns import Standalone
from diagnostic.privacy import pseudonymise_keys
from diagnostic.schema.vocabularies import ROLE_RANK

FORMAT_ID = "icalendar"


@dataclass
class Collected:
    """Occurrences and invitations gathered from the file, before pseudonymising."""

    meetings: list[dict] = field(default_factory=list)  # occurrences of series and of events read whole
    standalone: Standalone = field(default_factory=Standalone)  # the rest, one meeting each (numbered after ``meetings``)
    invitations: list[tuple[int, list[tuple]]] = field(default_factory=list)  # (index, its (address, name, role, attended) rows)
    invited: dict[int, list[tuple]] = field(default_factory=dict)  # each event's people, read once for all its occurrences
    invitees: dict[str, tuple] = field(default_factory=dict)  # what each attendee parameter text says
    unknown_zones: Counter = field(default_factory=Counter)
    skipped: list[int] = field(default_factory=list)  # where the skipped events are (their lines, once known)
    cancelled: int = 0
    superseded: int = 0  # older versions of an event the file also holds a newer version of
    open_ended: int = 0
    too_frequent: int = 0
    unreadable_rules: list[int] = field(default_factory=list)  # where those events are (their lines, once known)
    truncated: bool = False

    @property
    def size(self) -> int:
        """How many meetings have been gathered."""
        return len(self.meetings) + len(self.standalone)

    def has_people(self) -> bool:
        """True when any meeting gathered has someone invited to it (its organiser included)."""
        return any(rows for _, rows in self.invitations) or bool(self.standalone.people)


COLUMNS = ("index", "key", "subject", "start", "end", "all_day", "is_recurring", "series")


def _meetings(got: Collected) -> pd.DataFrame:
    """One row per meeting gathered, a column at a time."""
    first, alone = len(got.meetings), got.standalone
    extra = {
        "index": range(first, first + len(alone)),
        "key": alone.keys(),
        "subject": alone.summaries,
        "start": alone.starts,
        "end": alone.ends,
        "all_day": alone.all_day,
        "is_recurring": [False] * len(alone),
        "series": [None] * len(alone),
    }
    return pd.DataFrame({column: [row[column] for row in got.meetings] + list(extra[column]) for column in COLUMNS})


def tables(got: Collected, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    """Canonical meetings and attendance from what was collected (people pseudonymised here)."""
    meetings = _meetings(got).set_index("index")
    for column in ("start", "end"):
        meetings[column] = pd.to_datetime(meetings[column], utc=True).dt.tz_convert(TZ)
    # one row per occurrence (an RDATE on a date the rule also gives is one occurrence); the rows
    # are put in order by their ids below, so with no key twice there is nothing to choose
    if not meetings["key"].is_unique:
        meetings = meetings.sort_values(["key", "start", "end"], kind="stable").drop_duplicates("key")
    columns = subject_columns(meetings["subject"].astype("string"), meetings["start"], ctx.settings)
    meetings = meetings.drop(columns="subject").join(columns)
    meetings.insert(0, "meeting_id", meeting_ids(meetings.pop("key"), ctx.settings.salt))
    series = meetings["series"].astype("string")
    meetings["series_id"] = pseudonymise_keys("series:" + series, ctx.settings.salt).str.replace("p", "s", n=1, regex=False)
    meetings["source_format"] = FORMAT_ID
    invited = _invitations(got, set(meetings.index), ctx)
    if len(invited):
        invited = invited.dropna(subset=["person_id"])
        invited = invited.assign(rank=invited["role"].map(ROLE_RANK), declined=invited["attended"].eq(False))
        invited = invited.sort_values(["index", "person_id", "rank", "declined"], kind="stable").drop_duplicates(["index", "person_id"])
    organisers = invited[invited["role"] == "organiser"].drop_duplicates("index").set_index("index")["person_id"]
    meetings["organiser_id"] = organisers.reindex(meetings.index).astype("string")
    meetings["invitees"] = invited.groupby("index")["person_id"].nunique().reindex(meetings.index, fill_value=0).clip(lower=1)
    tables = {"meetings": meetings.sort_values("meeting_id").reset_index(drop=True)}
    if len(invited):
        attendance = invited.assign(meeting_id=invited["index"].map(meetings["meeting_id"]), minutes=pd.NA)
        tables["attendance"] = attendance.sort_values(["meeting_id", "person_id"])[
            ["meeting_id", "person_id", "role", "attended", "minutes"]
        ].reset_index(drop=True)
    return tables


def _invitations(got: Collected, kept: set[int], ctx: LoadContext) -> pd.DataFrame:
    """The invitations of the kept occurrences, with each person's pseudonym.

    An occurrence shares its event's rows, so they are laid end to end once here; and the same
    people are invited to many meetings, so each distinct (address, name) is identified once.
    """
    shown = [(index, rows) for index, rows in got.invitations if index in kept]
    flat = list(chain.from_iterable(rows for _, rows in shown))
    at = [np.repeat(np.array([index for index, _ in shown], dtype=np.int64), [len(rows) for _, rows in shown])]
    alone = got.standalone
    if alone.people:
        places = len(got.meetings) + alone.people_event
        keep = np.isin(places, np.fromiter(kept, dtype=np.int64, count=len(kept)))
        flat += alone.people if keep.all() else [alone.people[i] for i in np.flatnonzero(keep).tolist()]
        at.append(places[keep])
    addresses, names, roles, attended = (list(column) for column in zip(*flat)) if flat else ([], [], [], [])
    pairs = list(zip(addresses, names))
    distinct = list(dict.fromkeys(pairs))
    ids = {}
    if distinct:
        emails, names = (pd.Series(list(column), dtype="string") for column in zip(*distinct))
        # read out at once: an Arrow-backed column handed out a value at a time is slow
        ids = dict(zip(distinct, ctx.identify(emails=emails, names=names).to_numpy(dtype=object).tolist()))
    return pd.DataFrame(
        {
            "index": np.concatenate(at),
            "role": roles,
            "attended": attended,
            "person_id": pd.array(list(map(ids.__getitem__, pairs)), dtype="string"),
        }
    )
