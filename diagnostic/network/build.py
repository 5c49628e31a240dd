"""From canonical tables to one edge frame and one people frame.

Every source becomes rows of the same edge frame (``EDGE_COLUMNS``), so the map can filter by
``kind`` and the metrics never care where a tie came from:

- ``messages``: one unit per message per recipient, directed (sender -> recipient). Messages to
  more than ``BULK_RECIPIENTS`` people count 1/n each, and copies (cc/bcc) count half, because a
  copy or a bulk mail is a weaker tie than a message written to someone.
- ``attendance`` + ``meetings``: co-attendance, undirected. Each pair shares the hours both were
  there, divided by (attendees - 1), so an hour in a meeting of two weighs as much as an hour
  spread over a whole room. Meetings above ``settings.meeting_size_cap`` attendees are
  broadcasts: they make no pairs (otherwise every all-staff call would tie everyone to everyone,
  and the pair count grows with the square of the room) and are counted instead.
- ``ties``: aggregate exports (Viva Insights person-to-person), undirected, kind as given.

Each row also carries ``block``, the 4-week window it falls in, because "distinct collaborators"
and "team density" only mean something over a fixed window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset, resolve_organisations
from diagnostic.settings import Settings

EDGE_COLUMNS = ("source", "target", "kind", "block", "weight", "count", "direct_count")
KINDS = ("email", "meeting", "chat", "collaboration")
BULK_RECIPIENTS = 10  # messages to more than this many people count 1/n per recipient
COPY_WEIGHT = 0.5  # a cc or bcc copy counts half a message
COPY_TYPES = ("cc", "bcc")
WINDOW_DAYS = 28  # the 4-week window of the network indicators
UNKNOWN_TEAM = "Unknown team"
INTERNAL = "internal"
ID_COLUMNS = {
    "messages": ("sender_id", "recipient_id"),
    "attendance": ("person_id",),
    "ties": ("person_a", "person_b"),
    "volumes": ("person_id",),
}


@dataclass
class Edges:
    """The edge frame and what was left out of it (for the data-health line under the map)."""

    frame: pd.DataFrame
    stats: dict[str, int] = field(default_factory=dict)


def build_edges(dataset: Dataset, settings: Settings) -> Edges:
    """Every tie the dataset carries, as rows of ``EDGE_COLUMNS``.

    Aggregate ``ties`` of kind email or meeting are skipped when the event tables they summarise
    are loaded too, so the same mail is never counted twice.
    """
    origin = _time_origin(dataset)
    parts: list[pd.DataFrame] = []
    stats: dict[str, int] = {}
    if dataset.has("messages"):
        parts.append(email_edges(dataset.messages, origin))
        stats["messages"] = int(dataset.messages["message_id"].nunique()) or len(dataset.messages)
    if dataset.has("attendance"):
        frame, meeting_stats = meeting_edges(dataset.attendance, dataset.meetings, settings.meeting_size_cap, origin)
        parts.append(frame)
        stats.update(meeting_stats)
    if dataset.has("ties"):
        skip = {k for k, table in (("email", "messages"), ("meeting", "attendance")) if dataset.has(table)}
        parts.append(tie_edges(dataset.ties, origin, skip))
        stats["tie_rows"] = len(dataset.ties)
    parts = [p for p in parts if len(p)]
    frame = pd.concat(parts, ignore_index=True) if parts else empty_edges()
    return Edges(frame=frame, stats=stats)


def empty_edges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": pd.Series(dtype="string"),
            "target": pd.Series(dtype="string"),
            "kind": pd.Series(dtype="string"),
            "block": pd.Series(dtype="int64"),
            "weight": pd.Series(dtype="float64"),
            "count": pd.Series(dtype="int64"),
            "direct_count": pd.Series(dtype="int64"),
        }
    )


def email_edges(messages: pd.DataFrame, origin: pd.Timestamp | None) -> pd.DataFrame:
    """Directed sender -> recipient rows, weighted per message (bulk and copies discounted)."""
    m = messages.dropna(subset=["sender_id", "recipient_id"])
    m = m[m["sender_id"] != m["recipient_id"]]
    if m.empty:
        return empty_edges()
    n = m["n_recipients"].astype("Float64")
    if n.isna().any():
        per_message = m.groupby("message_id", dropna=True)["recipient_id"].transform("nunique") if m["message_id"].notna().any() else None
        fallback = per_message.astype("Float64") if per_message is not None else pd.Series(1.0, index=m.index, dtype="Float64")
        n = n.fillna(fallback).fillna(1.0)
    n = n.clip(lower=1).to_numpy(dtype=float)
    bulk = n > BULK_RECIPIENTS
    copy = m["recipient_type"].str.lower().isin(COPY_TYPES).fillna(False).to_numpy(dtype=bool)
    weight = np.where(bulk, 1.0 / n, 1.0) * np.where(copy, COPY_WEIGHT, 1.0)
    frame = pd.DataFrame(
        {
            "source": m["sender_id"].to_numpy(),
            "target": m["recipient_id"].to_numpy(),
            "block": _blocks(m["sent_at"], origin),
            "weight": weight,
            "count": 1,
            "direct_count": (~bulk).astype("int64"),
        }
    )
    out = frame.groupby(["source", "target", "block"], as_index=False, sort=False).sum()
    out.insert(2, "kind", "email")
    return _typed(out)


def meeting_edges(
    attendance: pd.DataFrame, meetings: pd.DataFrame | None, cap: int, origin: pd.Timestamp | None
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Undirected co-attendance pairs: shared hours / (attendees - 1), broadcasts left out.

    A person's hours are their own ``minutes`` when the export has them (Teams attendance), else
    the meeting's length. A pair shares the shorter of the two. Declined (``attended`` False) and
    all-day entries make no ties; meetings with no length at all are counted, not guessed.
    """
    a = attendance.dropna(subset=["meeting_id", "person_id"])
    a = a[a["attended"].fillna(True).astype(bool)]
    a = a.drop_duplicates(["meeting_id", "person_id"])
    info = _meeting_info(meetings)
    a = a.merge(info, on="meeting_id", how="left")
    a = a[~a["all_day"].fillna(False).astype(bool)]
    hours = (a["minutes"].astype("Float64") / 60.0).fillna(a["length_h"]).astype("Float64")
    a = a.assign(hours=hours.to_numpy(dtype=float, na_value=np.nan))
    size = a.groupby("meeting_id")["person_id"].transform("size")
    a = a.assign(size=size)
    broadcast_ids = a.loc[a["size"] > cap, "meeting_id"].unique()
    no_length = a.loc[a["hours"].isna(), "meeting_id"].unique()
    stats = {
        "meetings_used": int(a["meeting_id"].nunique()) - len(broadcast_ids),
        "broadcast_meetings": len(broadcast_ids),
        "meetings_without_length": len(set(no_length) - set(broadcast_ids)),
    }
    a = a[(a["size"] > 1) & (a["size"] <= cap) & a["hours"].notna()]
    if a.empty:
        return empty_edges(), stats
    a = a.assign(block=_blocks(a["start"], origin))
    # integer codes in sorted-id order: the self-join and grouping run on numbers, not strings
    codes, ids = pd.factorize(a["person_id"], sort=True)
    mcodes, _ = pd.factorize(a["meeting_id"])
    a = a.assign(pid=codes, mid=mcodes)
    left = a[["mid", "pid", "hours", "size", "block"]]
    right = a[["mid", "pid", "hours"]]
    pairs = left.merge(right, on="mid", suffixes=("_a", "_b"))
    pairs = pairs[pairs["pid_a"] < pairs["pid_b"]]
    shared = np.minimum(pairs["hours_a"].to_numpy(), pairs["hours_b"].to_numpy()) / (pairs["size"].to_numpy() - 1)
    frame = pd.DataFrame(
        {
            "source": pairs["pid_a"].to_numpy(),
            "target": pairs["pid_b"].to_numpy(),
            "block": pairs["block"].to_numpy(),
            "weight": shared,
            "count": 1,
            "direct_count": 0,
        }
    )
    out = frame.groupby(["source", "target", "block"], as_index=False, sort=False).sum()
    labels = np.asarray(ids, dtype=object)
    out["source"] = labels[out["source"].to_numpy()]
    out["target"] = labels[out["target"].to_numpy()]
    out.insert(2, "kind", "meeting")
    return _typed(out), stats


def tie_edges(ties: pd.DataFrame, origin: pd.Timestamp | None, skip_kinds: set[str]) -> pd.DataFrame:
    """Undirected pairs from aggregate exports; a pair given both ways in one period counts once."""
    t = ties.dropna(subset=["person_a", "person_b"])
    t = t[t["person_a"] != t["person_b"]]
    kind = t["kind"].str.lower().fillna("collaboration")
    kind = kind.where(kind.isin(KINDS), "collaboration")
    t = t.assign(kind=kind)
    t = t[~t["kind"].isin(skip_kinds)]
    if t.empty:
        return empty_edges()
    a, b = t["person_a"].to_numpy(dtype=object), t["person_b"].to_numpy(dtype=object)
    low = np.where(a < b, a, b)
    high = np.where(a < b, b, a)
    frame = pd.DataFrame(
        {
            "source": low,
            "target": high,
            "kind": t["kind"].to_numpy(),
            "period": t["period"].to_numpy(),
            "block": _blocks(t["period"], origin),
            "weight": t["weight"].astype("Float64").fillna(1.0).to_numpy(dtype=float),
        }
    )
    once = frame.groupby(["source", "target", "kind", "period", "block"], as_index=False, dropna=False)["weight"].max()
    out = once.groupby(["source", "target", "kind", "block"], as_index=False).agg(weight=("weight", "sum"), count=("weight", "size"))
    out["direct_count"] = 0
    return _typed(out)


def people_frame(dataset: Dataset, settings: Settings, edges: pd.DataFrame) -> pd.DataFrame:
    """One row per person in the network (ties or activity), indexed by ``person_id``.

    Columns: team (the roster team, ``UNKNOWN_TEAM`` when missing; a partner's agency name),
    organisation, internal, role, is_manager, manager_id, is_practitioner, rostered (the
    roster gave a team). People without a ``people`` row are treated as internal staff with
    an unknown team, because the exports that omit them are the council's own.
    """
    ids = pd.Index(
        pd.unique(np.concatenate([edges["source"].to_numpy(dtype=object), edges["target"].to_numpy(dtype=object), _active_ids(dataset)]))
    )
    roster = _roster(dataset, settings)
    frame = roster.reindex(ids)
    frame.index.name = "person_id"
    organisation = frame["organisation"].fillna(INTERNAL)
    internal = organisation.eq(INTERNAL)
    team = frame["team"].where(internal, organisation).fillna(UNKNOWN_TEAM)
    return pd.DataFrame(
        {
            "team": team.astype("string"),
            "organisation": organisation.astype("string"),
            "internal": internal.astype(bool),
            "role": frame["role"].astype("string"),
            "is_manager": frame["is_manager"].astype("boolean"),
            "manager_id": frame["manager_id"].astype("string"),
            "is_practitioner": frame["is_practitioner"].astype("boolean"),
            "rostered": (frame["team"].notna() & internal).astype(bool),
        },
        index=ids.rename("person_id"),
    )


def roster_frame(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """The whole ``people`` table indexed by person_id, organisations resolved (empty if absent)."""
    return _roster(dataset, settings)


def _roster(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    columns = ["team", "role", "is_manager", "manager_id", "is_practitioner", "organisation"]
    if not dataset.has("people"):
        return pd.DataFrame({c: pd.Series(dtype="string") for c in columns}, index=pd.Index([], name="person_id", dtype="string"))
    people = dataset.people
    if people["organisation"].isna().any() and people["domain"].notna().any():
        people = resolve_organisations(people, settings)
    people = people.dropna(subset=["person_id"]).drop_duplicates("person_id")
    return people.set_index("person_id")[columns]


def _active_ids(dataset: Dataset) -> np.ndarray:
    """Everyone who appears in any event or aggregate table (the people "active in any source")."""
    found = [
        getattr(dataset, table)[column].dropna().to_numpy(dtype=object)
        for table, columns in ID_COLUMNS.items()
        if dataset.has(table)
        for column in columns
    ]
    return pd.unique(np.concatenate(found)) if found else np.array([], dtype=object)


def _meeting_info(meetings: pd.DataFrame | None) -> pd.DataFrame:
    if meetings is None or meetings.empty:
        return pd.DataFrame(
            {
                "meeting_id": pd.Series(dtype="string"),
                "start": pd.Series(dtype="datetime64[us, UTC]"),
                "length_h": pd.Series(dtype=float),
                "all_day": pd.Series(dtype="boolean"),
            }
        )
    m = meetings.drop_duplicates("meeting_id")
    length = (m["end"] - m["start"]).dt.total_seconds() / 3600.0
    length = length.where(length > 0)
    return pd.DataFrame({"meeting_id": m["meeting_id"], "start": m["start"], "length_h": length.astype(float), "all_day": m["all_day"]})


def _time_origin(dataset: Dataset) -> pd.Timestamp | None:
    """The earliest time any tie source carries: block 0 starts here."""
    firsts = []
    for table, column in (("messages", "sent_at"), ("meetings", "start"), ("ties", "period")):
        if dataset.has(table):
            first = getattr(dataset, table)[column].min()
            if pd.notna(first):
                firsts.append(pd.Timestamp(first).tz_convert("UTC"))
    return min(firsts) if firsts else None


def _blocks(times: pd.Series, origin: pd.Timestamp | None) -> np.ndarray:
    """4-week window number from ``origin``; undated rows fall in window 0."""
    if origin is None or len(times) == 0:
        return np.zeros(len(times), dtype="int64")
    t = pd.to_datetime(times, utc=True)
    days = (t - origin).dt.total_seconds() / 86400.0
    return (days // WINDOW_DAYS).fillna(0).clip(lower=0).to_numpy(dtype="int64")


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[list(EDGE_COLUMNS)]
    return out.astype(
        {
            "source": "string",
            "target": "string",
            "kind": "string",
            "block": "int64",
            "weight": "float64",
            "count": "int64",
            "direct_count": "int64",
        }
    )
