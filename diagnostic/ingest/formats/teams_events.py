"""The 2020 Teams attendance list: ``Joined`` and ``Left`` events, paired into sessions here.

Teams wrote one row per event (``Full Name``, ``User Action``, ``Timestamp``), in any order a
re-save left them, and did not always write both halves: people already in the meeting when the
list began are ``Joined before``, people still there when it was downloaded never ``Left``, and a
leave can come with no join before it. Each case is read plainly and counted in a warning where
something is assumed, so the minutes are never silently invented.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.formats import teams_terms as terms
from diagnostic.ingest.formats.teams_dates import read_times
from diagnostic.ingest.vocabulary import agree, counted
from diagnostic.privacy import normalise_name

SESSION_COLUMNS = ("key", "join_text", "leave_text", "duration_text", "row")
CLOCK = "%H:%M"
STAMP = "%Y-%m-%d %H:%M:%S"


def events_layout(
    names: pd.Series, actions: pd.Series, stamps: pd.Series, numbers: list[int], ctx: LoadContext
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(people, sessions) from the events: each person's joins and leaves paired in time order.

    Someone who left without a recorded join was there from the first event; someone who joined
    and never left stayed to the last event. At one instant a join comes before a leave, then the
    rows' values decide, never their order in the file.
    """
    events = pd.DataFrame({"name": names, "row": numbers})
    events["email"] = pd.Series(pd.NA, index=events.index, dtype="string")
    events["role"] = "attendee"
    events["key"] = "name:" + events["name"].map(normalise_name, na_action="ignore").astype("string")
    events["action"] = actions.map(terms.action, na_action="ignore")
    events["before"] = actions.map(terms.joined_before).astype(bool)  # an empty action is no "Joined before"
    events["time"] = read_times(stamps, ctx, column="Timestamp")
    unusable = events["action"].isna() | events["time"].isna()
    if unusable.any():
        ctx.warn(
            f"{counted(int(unusable.sum()), 'row')} {agree(int(unusable.sum()), 'has', 'have')} an action other than Joined or Left, "
            "or a time we cannot read, so they were left out.",
            "Check the rows in the attendance list, or download the attendance report again.",
            column="User Action",
            rows=events.loc[unusable, "row"].tolist(),
        )
    events = events[~unusable & events["name"].notna()].sort_values(["time", "key", "action", "name"], kind="stable")
    people = events.drop_duplicates("key")[["name", "email", "role", "row", "key"]].copy()
    if events.empty:
        return people, pd.DataFrame({c: pd.Series(dtype="string") for c in SESSION_COLUMNS})
    spans, no_join, no_leave = _pair(events)
    _warn_assumptions(events, no_join, no_leave, ctx)
    sessions = pd.DataFrame(spans, columns=["key", "join", "leave"])
    return people, sessions.assign(
        join_text=sessions["join"].dt.strftime(STAMP).astype("string"),
        leave_text=sessions["leave"].dt.strftime(STAMP).astype("string"),
        duration_text=pd.Series(pd.NA, index=sessions.index, dtype="string"),
        row=pd.NA,
    )[list(SESSION_COLUMNS)]


def _pair(events: pd.DataFrame) -> tuple[list[tuple[str, pd.Timestamp, pd.Timestamp]], int, int]:
    """Sessions (key, join, leave) from events in time order; and how many leaves had no join and
    how many joins no leave (a second join while already in counts as the same session)."""
    first, last = events["time"].min(), events["time"].max()
    spans, no_join, no_leave = [], 0, 0
    for key, group in events.groupby("key", sort=False):
        opened = None
        for act, time in zip(group["action"], group["time"]):
            if act == "join" and opened is None:
                opened = time
            elif act == "leave":
                no_join += opened is None
                spans.append((key, opened if opened is not None else first, time))
                opened = None
        if opened is not None:
            no_leave += 1
            spans.append((key, opened, last))
    return spans, no_join, no_leave


def _warn_assumptions(events: pd.DataFrame, no_join: int, no_leave: int, ctx: LoadContext) -> None:
    """Say, with counts, what the pairing assumed (never who)."""
    first, last = events["time"].min().strftime(CLOCK), events["time"].max().strftime(CLOCK)
    before = int(events["before"].sum())
    if before:
        ctx.warn(
            f"{counted(before, 'person', 'people')} had joined before the list began (“Joined before”), "
            f"so their time counts from when the list shows them, not from when they joined.",
            "Minutes for them may be a little short; nothing needs doing.",
            column="User Action",
        )
    if no_join:
        ctx.warn(
            f"{counted(no_join, 'leave')} {agree(no_join, 'has', 'have')} no join before {agree(no_join, 'it', 'them')}, "
            f"so {agree(no_join, 'that person is', 'those people are')} counted as there from the first event ({first}).",
            "Check the list is complete, or download the attendance report again.",
            column="User Action",
        )
    if no_leave:
        ctx.warn(
            f"{counted(no_leave, 'join')} {agree(no_leave, 'has', 'have')} no leave after {agree(no_leave, 'it', 'them')}, "
            f"so {agree(no_leave, 'that person is', 'those people are')} counted as staying until the last event ({last}).",
            "If the list was downloaded during the meeting, download it again after the meeting ends.",
            column="User Action",
        )
