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

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from diagnostic.columns import factorised, first_row_of, take
from diagnostic.dataset import Dataset
from diagnostic.memo import IdentityMemo
from diagnostic.network.keys import unique_codes
from diagnostic.roster import INTERNAL, roster
from diagnostic.schema import PERSON, SPEC
from diagnostic.settings import Settings

EDGE_COLUMNS = ("source", "target", "kind", "block", "weight", "count", "direct_count")
KINDS = ("email", "meeting", "chat", "collaboration")
KIND_BITS = {kind: 1 << i for i, kind in enumerate(KINDS)}
BULK_RECIPIENTS = 10  # messages to more than this many people count 1/n per recipient
COPY_WEIGHT = 0.5  # a cc or bcc copy counts half a message
COPY_TYPES = ("cc", "bcc")
WINDOW_DAYS = 28  # the 4-week window of the network indicators
UNKNOWN_TEAM = "Unknown team"
# The tables whose people count as "active in any source", in the order the edge frame reads them;
# their person columns come from the tables' specifications.
ACTIVITY_TABLES = ("messages", "attendance", "ties", "volumes")
ID_COLUMNS: dict[str, tuple[str, ...]] = {table: SPEC[table].names(PERSON) for table in ACTIVITY_TABLES}


@dataclass
class Edges:
    """The edge frame and what was left out of it (for the data-health line under the map).

    ``ids``, ``source`` and ``target`` give each row's ends as integer codes into ``ids``, and
    ``bits`` each row's kind (see :func:`kind_bits`): the network reads them instead of matching a
    name or a kind per row again.
    """

    frame: pd.DataFrame
    stats: dict[str, int] = field(default_factory=dict)
    ids: pd.Index = field(default_factory=lambda: pd.Index([], dtype="string"))
    source: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    target: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    bits: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    parts: dict[str, EdgePart] = field(default_factory=dict)  # each source table's own rows (see Network.sources)

    def first_seen(self) -> pd.Index:
        """The distinct ids in order of first appearance in the source column, then the target column."""
        return self.ids[pd.unique(np.concatenate([pd.unique(self.source), pd.unique(self.target)]))]


@dataclass(frozen=True)
class EdgePart:
    """One source's edge rows, with their ends as codes into ``ids`` and their kinds as bits."""

    frame: pd.DataFrame
    ids: pd.Index
    source: np.ndarray
    target: np.ndarray
    bits: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> EdgePart:
        """A part whose codes and kinds are found from the frame's names (the small aggregate exports)."""
        codes, ids = pd.factorize(pd.concat([frame["source"], frame["target"]], ignore_index=True))
        return cls(frame, pd.Index(ids, dtype="string"), codes[: len(frame)], codes[len(frame) :], kind_bits(frame["kind"]))


def build_edges(dataset: Dataset, settings: Settings) -> Edges:
    """Every tie the dataset carries, as rows of ``EDGE_COLUMNS``.

    Aggregate ``ties`` of kind email or meeting are skipped when the event tables they summarise
    are loaded too, so the same mail is never counted twice.
    """
    origin = _time_origin(dataset)
    by_table: dict[str, EdgePart] = {}
    stats: dict[str, int] = {}
    if dataset.has("messages"):
        by_table["messages"], count = _PARTS.get((dataset.messages,), ("email", origin), lambda: _email_part(dataset.messages, origin))
        stats["messages"] = count
    if dataset.has("attendance"):
        cap = settings.meeting_size_cap
        by_table["attendance"], meeting_stats = _PARTS.get(
            (dataset.attendance, dataset.meetings),
            ("meeting", settings.key, origin),
            lambda: meeting_part(dataset.attendance, dataset.meetings, cap, origin),
        )
        stats.update(meeting_stats)
    if dataset.has("ties"):
        skip = frozenset(k for k, table in (("email", "messages"), ("meeting", "attendance")) if dataset.has(table))
        by_table["ties"] = _PARTS.get((dataset.ties,), ("ties", origin, skip), lambda: EdgePart.of(tie_edges(dataset.ties, origin, skip)))
        stats["tie_rows"] = len(dataset.ties)
    parts = [p for p in by_table.values() if len(p.frame)]
    if not parts:
        return Edges(frame=empty_edges(), stats=stats, parts=by_table)
    ids = pd.Index(pd.concat([p.ids.to_series() for p in parts], ignore_index=True).unique(), dtype="string")
    remap = [ids.get_indexer(p.ids) for p in parts]
    return Edges(
        frame=pd.concat([p.frame for p in parts], ignore_index=True),
        stats=stats,
        ids=ids,
        source=np.concatenate([at[p.source] for at, p in zip(remap, parts)]),
        target=np.concatenate([at[p.target] for at, p in zip(remap, parts)]),
        bits=np.concatenate([p.bits for p in parts]),
        parts=by_table,
    )


def kind_bits(kinds: pd.Series) -> np.ndarray:
    """Each edge row's kind as its bit in ``KIND_BITS`` (0 for a kind not listed or missing)."""
    codes, found = pd.factorize(kinds)
    return take(np.array([KIND_BITS.get(k, 0) for k in found], dtype=np.int64), codes, 0)


# Each source's edges, kept per identity of its tables: a lever that changes meetings leaves the
# email edges as they were (and the other way round), so only the changed source is rebuilt.
_PARTS: IdentityMemo = IdentityMemo(16)


def _email_part(messages: pd.DataFrame, origin: pd.Timestamp | None) -> tuple[EdgePart, int]:
    return email_part(messages, origin), int(messages["message_id"].nunique()) or len(messages)


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


def email_part(messages: pd.DataFrame, origin: pd.Timestamp | None) -> EdgePart:
    """Directed sender -> recipient rows, weighted per message (bulk and copies discounted), ends as codes."""
    m = messages.dropna(subset=["sender_id", "recipient_id"])
    m = m[m["sender_id"] != m["recipient_id"]]
    if m.empty:
        return EdgePart.of(empty_edges())
    n = m["n_recipients"].astype("Float64")
    if n.isna().any():
        per_message = m.groupby("message_id", dropna=True)["recipient_id"].transform("nunique") if m["message_id"].notna().any() else None
        fallback = per_message.astype("Float64") if per_message is not None else pd.Series(1.0, index=m.index, dtype="Float64")
        n = n.fillna(fallback).fillna(1.0)
    n = n.clip(lower=1).to_numpy(dtype=float)
    bulk = n > BULK_RECIPIENTS
    copy = m["recipient_type"].str.lower().isin(COPY_TYPES).fillna(False).to_numpy(dtype=bool)
    weight = np.where(bulk, 1.0 / n, 1.0) * np.where(copy, COPY_WEIGHT, 1.0)
    codes, ids = pd.factorize(pd.concat([m["sender_id"], m["recipient_id"]], ignore_index=True))
    sender, recipient = codes[: len(m)], codes[len(m) :]
    return _summed("email", ids, sender, recipient, _blocks(m["sent_at"], origin), weight, (~bulk).astype("int64"))


def meeting_part(
    attendance: pd.DataFrame, meetings: pd.DataFrame | None, cap: int, origin: pd.Timestamp | None
) -> tuple[EdgePart, dict[str, int]]:
    """Undirected co-attendance pairs: shared hours / (attendees - 1), broadcasts left out.

    A person's hours are their own ``minutes`` when the export has them (Teams attendance), else
    the meeting's length. A pair shares the shorter of the two. Declined (``attended`` False) and
    all-day entries make no ties; meetings with no length at all are counted, not guessed.
    """
    # Rows and meetings are integer codes from here on; per-meeting facts are looked up by code.
    meeting, meeting_ids = factorised(attendance["meeting_id"])
    person, person_ids = factorised(attendance["person_id"], sort=True)  # codes in id order
    rows = (meeting >= 0) & (person >= 0) & attendance["attended"].fillna(True).to_numpy(dtype=bool)
    first = ~pd.Series(meeting[rows].astype(np.int64) * len(person_ids) + person[rows]).duplicated().to_numpy()
    rows = np.flatnonzero(rows)[first]  # one row per person per meeting
    length, all_day, block = _meeting_facts(meetings, meeting_ids, origin)
    rows = rows[~all_day[meeting[rows]]]
    meeting, person = meeting[rows], person[rows]
    hours = attendance["minutes"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)[rows] / 60.0
    hours = np.where(np.isnan(hours), length[meeting], hours)
    size = np.bincount(meeting, minlength=len(meeting_ids))
    broadcast = size > cap
    no_length = np.bincount(meeting[np.isnan(hours)], minlength=len(meeting_ids)) > 0
    stats = {
        "meetings_used": int((size > 0).sum() - broadcast.sum()),
        "broadcast_meetings": int(broadcast.sum()),
        "meetings_without_length": int((no_length & ~broadcast).sum()),
    }
    keep = (size[meeting] > 1) & ~broadcast[meeting] & ~np.isnan(hours)
    if not keep.any():
        return EdgePart.of(empty_edges()), stats
    meeting, person, hours = meeting[keep], person[keep], hours[keep]
    left, right = _same_meeting(meeting)
    shared = np.minimum(hours[left], hours[right]) / (size[meeting[left]] - 1)
    low, high = np.minimum(person[left], person[right]), np.maximum(person[left], person[right])  # each pair in id order
    edges = _summed("meeting", person_ids, low, high, block[meeting[left]], shared, np.zeros(len(left), dtype="int64"))
    return edges, stats


def _same_meeting(meeting: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (i, j) of every two attendance rows of one meeting, each pair once (i before j in the meeting's rows).

    The self-join of the attendance table on the meeting, done with numpy on integer meeting codes:
    a table join would build every pair twice.
    """
    by_meeting = np.argsort(meeting, kind="stable")
    sizes = np.bincount(meeting)
    grouped = meeting[by_meeting]
    place = np.arange(len(grouped))
    later = sizes[grouped] - (place - (np.cumsum(sizes) - sizes)[grouped]) - 1  # rows after each one in its meeting
    offset = np.arange(int(later.sum())) - np.repeat(np.cumsum(later) - later, later)
    return np.repeat(by_meeting, later), by_meeting[np.repeat(place + 1, later) + offset]


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


def people_frame(dataset: Dataset, settings: Settings, edges: pd.DataFrame, seen: pd.Index | None = None) -> pd.DataFrame:
    """One row per person in the network (ties or activity), indexed by ``person_id``.

    Columns: team (the roster team, ``UNKNOWN_TEAM`` when missing; a partner's agency name),
    organisation, internal, role, is_manager, manager_id, is_practitioner, rostered (the
    roster gave a team). People without a ``people`` row are treated as internal staff with
    an unknown team, because the exports that omit them are the council's own. ``seen`` is the
    edge frame's ids in order of first appearance when the caller has them (:meth:`Edges.first_seen`).

    The same roster and the same people in the same order give the same frame object: a scenario
    that changes who met whom, but not who is in the network, shares the baseline's people and
    everything worked out from them (see :meth:`~diagnostic.network.graph.Network.people_memo`).
    """
    # everyone in any event or aggregate table: the people "active in any source"
    active = [getattr(dataset, table)[column] for table, columns in ID_COLUMNS.items() if dataset.has(table) for column in columns]
    tied = [seen.to_series()] if seen is not None else [edges["source"], edges["target"]]
    found = _first_seen([*tied, *active])  # plain text: joined before it becomes an Index, whose text is slow to walk
    digest = hashlib.blake2b("\x1f".join(map(str, found)).encode("utf-8"), digest_size=16).digest()
    ids = pd.Index(found)
    return _PEOPLE.get((dataset.people,), (settings.key, digest), lambda: _people_of(roster(dataset, settings), ids))


_PEOPLE: IdentityMemo[pd.DataFrame] = IdentityMemo(8)


def _people_of(listed: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """The roster's rows for ``ids``; anyone it does not list is internal, in no team."""
    frame = listed.reindex(ids)
    frame.index.name = "person_id"
    organisation = frame["organisation"].fillna(INTERNAL)
    internal = frame["internal"].astype("boolean").fillna(True).astype(bool)  # the roster's own flag; anyone unlisted is staff
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


def _first_seen(columns: list[pd.Series]) -> np.ndarray:
    """Distinct ids across ``columns`` in order of first appearance, missing values left out.

    Each column is reduced to its own distinct values first (remembered per table column, see
    :func:`~diagnostic.columns.factorised`), so only a few thousand ids are compared as Python strings.
    """
    found = [np.asarray(factorised(column)[1], dtype=object) for column in columns]
    ids = pd.unique(np.concatenate(found)) if found else np.array([], dtype=object)
    return ids[pd.notna(ids)]


def _meeting_facts(meetings: pd.DataFrame | None, meeting_ids: pd.Index, origin: pd.Timestamp | None) -> tuple[np.ndarray, ...]:
    """For each of ``meeting_ids``: its length in hours (NaN when unknown or not positive), whether it is all-day, its window.

    Read from each meeting's first row; a meeting not listed has no length, is not all-day and
    falls in window 0.
    """
    at = np.full(len(meeting_ids), -1)
    if meetings is not None and len(meetings):
        at = first_row_of(meetings["meeting_id"], pd.Series(meeting_ids))
        length = (meetings["end"].array - meetings["start"].array).total_seconds() / 3600.0
        facts = (
            np.where(length > 0, length, np.nan),
            meetings["all_day"].fillna(False).to_numpy(dtype=bool),
            _blocks(meetings["start"], origin),
        )
    else:
        facts = (np.zeros(0), np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64))
    return tuple(take(values, at, default) for values, default in zip(facts, (np.nan, False, 0)))


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
    """4-week window number from ``origin``; undated rows fall in window 0.

    Counted in whole units of the stored instants rather than with timedelta arithmetic in pandas:
    the meeting edges are rebuilt on every scenario.
    """
    if origin is None or len(times) == 0:
        return np.zeros(len(times), dtype="int64")
    if not isinstance(times.dtype, pd.DatetimeTZDtype):
        times = pd.to_datetime(times, utc=True)
    stamps = times.array  # instants since 1970 in UTC, whatever the zone shown
    zero = np.datetime64(origin.tz_convert(None)).astype(f"datetime64[{stamps.unit}]").astype(np.int64)
    window = np.timedelta64(WINDOW_DAYS, "D").astype(f"timedelta64[{stamps.unit}]").astype(np.int64)
    return np.where(stamps.isna(), 0, np.maximum((stamps.asi8 - zero) // window, 0)).astype(np.int64)


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


def _summed(
    kind: str, ids: pd.Index, source: np.ndarray, target: np.ndarray, block: np.ndarray, weight: np.ndarray, direct: np.ndarray
) -> EdgePart:
    """One edge row per (source, target, block), ordered by source, target and block code: weights and counts summed.

    ``source`` and ``target`` are integer codes into ``ids``. The three are packed into one
    integer key, ranked (:func:`~diagnostic.network.keys.unique_codes`) and summed with
    ``bincount`` rather than grouped, since the meeting edges are rebuilt on every scenario. The order follows the codes, never the order the rows came in.
    """
    blocks = int(block.max(initial=0)) + 1
    key = (source.astype(np.int64) * len(ids) + target) * blocks + block
    keys, code = unique_codes(key, len(ids) * len(ids) * blocks)
    pair, block = np.divmod(keys, blocks)
    source, target = np.divmod(pair, len(ids))
    labels = pd.array(ids, dtype="string")
    frame = pd.DataFrame(
        {
            "source": labels.take(source),
            "target": labels.take(target),
            "kind": pd.array([kind], dtype="string").take(np.zeros(len(pair), dtype=np.intp)),
            "block": block,
            "weight": np.bincount(code, weights=weight, minlength=len(keys)),
            "count": np.bincount(code, minlength=len(keys)).astype("int64"),
            "direct_count": np.bincount(code, weights=direct, minlength=len(keys)).astype("int64"),
        }
    )
    return EdgePart(frame, pd.Index(labels), source, target, np.full(len(pair), KIND_BITS[kind], dtype=np.int64))
