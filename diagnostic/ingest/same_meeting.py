"""One meeting seen in several kinds of export (a calendar, someone's Outlook export, a Teams
attendance report) is recognised and kept once.

Each export names a meeting its own way (a calendar by UID and occurrence, Outlook by subject,
times and organiser, Teams by its report), so the same meeting arrives under several ids. Two
meetings from different kinds of export are the same meeting when:

- their subjects match and they are on the same day (``match_key``, a salted hash: subjects are
  not kept);
- they start at the same minute. A Teams report records when people actually joined, not the
  booked time, so its start may fall from ``TEAMS_EARLY`` before the booked start to the booked end;
- and at least one person is in both (people after name-only exports are joined to email-keyed
  people), or they have the same organiser.

Subject and start alone are never enough: "Team huddle" at 09:00 in two teams is two meetings.
Two meetings of the same kind of export are never merged (two calendar occurrences with different
UIDs are different meetings). Where a meeting could match several, the pair sharing the most
people is taken first, then the smaller ids, so the result never depends on the order of rows or
files. The meeting kept is the calendar's, then Outlook's, then Teams' (then the smaller id); its
attendance is everyone in any of them.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.schema.vocabularies import ROLE_RANK

SOURCE_RANK = {"icalendar": 0, "outlook_calendar_csv": 1, "teams_attendance": 2}  # whose meeting row is kept
ACTUAL_START = frozenset({"teams_attendance"})  # sources that record when the meeting began, not when it was booked
TEAMS_EARLY = pd.Timedelta(minutes=15)  # people join a Teams meeting up to this long before it is due to start


def merge_same_meetings(merged: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The combine step: each meeting seen in several kinds of export becomes one meeting."""
    meetings, attendance = merged.get("meetings"), merged.get("attendance")
    if meetings is None or attendance is None or "match_key" not in meetings.columns:
        return merged
    kept = _survivors(meetings, attendance)
    if kept.empty:
        return merged
    return {**merged, "meetings": _merge_meeting_rows(meetings, kept), "attendance": _merge_attendance(attendance, meetings, kept)}


def _survivors(meetings: pd.DataFrame, attendance: pd.DataFrame) -> pd.Series:
    """Meeting id -> the id of the meeting it is the same as, for every meeting merged into another."""
    listed = _listed(meetings)
    edges = _edges(listed, attendance)
    if edges.empty:
        return pd.Series(dtype="string")
    rank = listed.set_index("meeting_id")["rank"]
    group = {mid: mid for mid in pd.concat([edges["a"], edges["b"]]).unique()}
    sources = {mid: {int(rank[mid])} for mid in group}

    def root(mid: str) -> str:
        while group[mid] != mid:
            group[mid] = group[group[mid]]
            mid = group[mid]
        return mid

    for a, b in zip(edges["a"], edges["b"]):
        ra, rb = root(a), root(b)
        if ra != rb and not sources[ra] & sources[rb]:
            group[rb] = ra
            sources[ra] |= sources.pop(rb)
    members = pd.DataFrame({"meeting_id": list(group), "root": [root(m) for m in group]})
    members["rank"] = members["meeting_id"].map(rank)
    best = members.sort_values(["root", "rank", "meeting_id"]).drop_duplicates("root").set_index("root")["meeting_id"]
    members["kept"] = members["root"].map(best)
    merged = members[members["meeting_id"] != members["kept"]]
    return pd.Series(merged["kept"].to_numpy(), index=merged["meeting_id"].to_numpy(), dtype="string")


def _listed(meetings: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting id that can be recognised elsewhere (a match key, a known source)."""
    listed = meetings[meetings["match_key"].notna() & meetings["source_format"].isin(list(SOURCE_RANK))]
    listed = listed[["meeting_id", "source_format", "match_key", "start", "end", "organiser_id"]].dropna(subset=["meeting_id", "start"])
    listed = listed.assign(rank=listed["source_format"].map(SOURCE_RANK))
    return listed.sort_values(["meeting_id", "rank", "start", "end"]).drop_duplicates("meeting_id").reset_index(drop=True)


def _edges(listed: pd.DataFrame, attendance: pd.DataFrame) -> pd.DataFrame:
    """Pairs (a kept before b) that are the same meeting, strongest first: most people shared, then ids."""
    # only a meeting of a later-ranked export can be merged into another: joining just those keeps a
    # calendar's thousands of occurrences from being paired with each other only to be dropped
    later = listed[listed["rank"] > listed["rank"].min()] if len(listed) else listed
    pairs = listed.merge(later, on="match_key", suffixes=("_a", "_b"))
    pairs = pairs[pairs["rank_a"] < pairs["rank_b"]]
    pairs = pairs[_same_time(pairs)].rename(columns={"meeting_id_a": "a", "meeting_id_b": "b"})
    if pairs.empty:
        return pairs.assign(shared=pd.Series(dtype="int64"))[["a", "b", "shared"]]
    people = attendance[["meeting_id", "person_id"]].dropna().drop_duplicates()
    people = people[people["meeting_id"].isin(pd.concat([pairs["a"], pairs["b"]]))]
    both = pairs[["a", "b"]].merge(people.rename(columns={"meeting_id": "a"}), on="a")
    both = both.merge(people.rename(columns={"meeting_id": "b"}), on=["b", "person_id"])
    shared = both.groupby(["a", "b"]).size().rename("shared")
    pairs = pairs.join(shared, on=["a", "b"]).fillna({"shared": 0})
    organiser = pairs["organiser_id_a"].notna() & pairs["organiser_id_a"].eq(pairs["organiser_id_b"]).fillna(False)
    pairs = pairs[(pairs["shared"] > 0) | organiser]
    return pairs.sort_values(["shared", "rank_a", "rank_b", "a", "b"], ascending=[False, True, True, True, True])[["a", "b", "shared"]]


def _same_time(pairs: pd.DataFrame) -> pd.Series:
    """Booked starts at the same minute; a recorded start (Teams) within the booked meeting or just before it."""
    booked = pairs["start_a"].dt.floor("min") == pairs["start_b"].dt.floor("min")
    latest = pairs[["end_a", "start_a"]].max(axis=1)
    actual = pairs["start_b"].between(pairs["start_a"] - TEAMS_EARLY, latest)
    return booked.where(~pairs["source_format_b"].isin(list(ACTUAL_START)), actual).astype(bool)


def _merge_meeting_rows(meetings: pd.DataFrame, kept: pd.Series) -> pd.DataFrame:
    """The kept meeting's row, with the most invitees any of its exports gives (and an organiser if it had none)."""
    group = meetings["meeting_id"].map(kept).fillna(meetings["meeting_id"])
    order = meetings.assign(_group=group, _rank=meetings["source_format"].map(SOURCE_RANK))
    organiser = order.dropna(subset=["organiser_id"]).sort_values(["_group", "_rank", "meeting_id"]).drop_duplicates("_group")
    out = meetings[~meetings["meeting_id"].isin(kept.index)].copy()
    out["invitees"] = out["meeting_id"].map(order.groupby("_group")["invitees"].max()).astype(meetings["invitees"].dtype)
    out["organiser_id"] = out["organiser_id"].fillna(out["meeting_id"].map(organiser.set_index("_group")["organiser_id"]))
    return out.reset_index(drop=True)


def _merge_attendance(attendance: pd.DataFrame, meetings: pd.DataFrame, kept: pd.Series) -> pd.DataFrame:
    """Everyone in any of the merged meetings, once each: their strongest role, and whether they came
    and for how long as the Teams report says (else the calendar)."""
    touched = attendance["meeting_id"].isin(kept.index) | attendance["meeting_id"].isin(kept.to_numpy())
    came_from = attendance.loc[touched, "meeting_id"]
    rows = attendance[touched].assign(meeting_id=came_from.map(kept).fillna(came_from))  # only the merged meetings' rows are looked up
    rank = came_from.map(meetings.drop_duplicates("meeting_id").set_index("meeting_id")["source_format"].map(SOURCE_RANK))
    rows = rows.assign(
        _from=came_from,
        _rank=rank.fillna(len(SOURCE_RANK)),
        _actual=~rank.isin([SOURCE_RANK[s] for s in ACTUAL_START]),
        _role=rows["role"].map(ROLE_RANK).fillna(len(ROLE_RANK)),
    )
    keys = ["meeting_id", "person_id"]
    role = rows.sort_values([*keys, "_role", "role", "_rank", "_from"]).drop_duplicates(keys).set_index(keys)["role"]
    facts = rows.sort_values([*keys, "_actual", "_rank", "_from"]).groupby(keys, sort=True)[["attended", "minutes"]].first()
    one = facts.join(role).reset_index()[attendance.columns]
    rest = attendance[~touched]
    return pd.concat([rest, one.astype(attendance.dtypes.to_dict())], ignore_index=True)
