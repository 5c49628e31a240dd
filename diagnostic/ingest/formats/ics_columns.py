"""The standalone events of a plain calendar, read a property at a time across the whole file.

Most events of an export stand alone: no repeat rule, no moved occurrence, no other version of
them in the file. Their properties are looked up a column at a time over every used line
(:class:`~diagnostic.ingest.formats.ics_scan.Scanned`): which event each line belongs to, the
first of each property in each event, and every attendee. Each distinct time, organiser or
parameter text is decoded once (:class:`~diagnostic.ingest.formats.ics_lines.Decoder`), and the
events are kept as columns (:class:`Standalone`), never as an object each: a large council's
calendar has tens of thousands of them. Every other event (a series, a moved or cancelled
occurrence, several versions of one event, one with a ``DURATION`` or no readable start) is
handed back by its number to be read as a whole event.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pandas as pd
from icalendar.parser.property import unescape_backslash

from diagnostic.ingest.formats.ics_events import invitee, meeting_end, param, uid_key, utc_moment
from diagnostic.ingest.formats.ics_lines import Decoder
from diagnostic.ingest.formats.ics_scan import CODES, Line, Scanned

TIMES = ("DTSTART", "DTEND", "X-MICROSOFT-CDO-ALLDAYEVENT")  # an event's times are read from the first of each
FIRSTS = ("UID", "SUMMARY", "STATUS", *TIMES, "ORGANIZER")  # the first of each is read
# an event with any of these is read as a whole event (its series, its versions, its length)
WHOLE = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "DURATION")


@dataclass
class Standalone:
    """The standalone events' values as columns, in the order of their keys (:func:`uid_key`),
    decoded as :func:`~diagnostic.ingest.formats.ics_events.values` decodes them, with the times
    their meetings have (see :func:`~diagnostic.ingest.formats.ics_events.meeting_end`)."""

    numbers: list[int] = field(default_factory=list)  # each event's place among the file's events
    uids: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    starts: list[dt.datetime] = field(default_factory=list)  # UTC
    ends: list[dt.datetime] = field(default_factory=list)  # the meeting's end: never before its start
    written_ends: list[dt.datetime | None] = field(default_factory=list)  # each DTEND's moment, for the file's window
    all_day: list[bool] = field(default_factory=list)
    unknown_zones: list[str | None] = field(default_factory=list)
    # (address, name, role, attended) of each event's organiser then the people invited, event by
    # event, and the place of its event in these columns
    people: list[tuple] = field(default_factory=list)
    people_event: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.numbers)

    def keys(self) -> list[str]:
        """Each event's key (see :func:`~diagnostic.ingest.formats.ics_events.identity`)."""
        return [uid_key(uid) for uid in self.uids]


Times = tuple[dt.datetime, dt.datetime, dt.datetime | None, bool, str | None]


def split(scanned: Scanned, decoder: Decoder, seen: dict[str, tuple]) -> tuple[Standalone, list[int]]:
    """The file's standalone events, and the numbers of the others in file order (``seen``: what
    each attendee parameter text says, filled in as they are met)."""
    count = len(scanned.spans)
    if not count:
        return Standalone(), []
    lines, codes = scanned.lines, scanned.codes
    event, inside = _places(len(codes), scanned.spans)
    ids = np.append(scanned.ids, -1)  # place -1 (no such line) is line -1, None in ``line_at``
    first = {name: ids[_first_lines(codes, event, inside, CODES[name], count)] for name in FIRSTS}
    line_at = [*lines, None].__getitem__
    whole = np.zeros(count, dtype=bool)
    for name in WHOLE:
        whole[event[np.flatnonzero((codes == CODES[name]) & inside)]] = True
    uids = [_unescape(line[3]).strip() if line is not None else "" for line in map(line_at, first["UID"].tolist())]
    # a calendar repeats the same few thousand times: each distinct start, end and all-day line is read once
    written, which = np.unique(np.column_stack([first[name] for name in TIMES]), axis=0, return_inverse=True)
    times = [_times(*map(line_at, key), decoder) for key in written.tolist()]
    when = list(map(times.__getitem__, which.ravel().tolist()))
    numbers, others = _alone(uids, whole.tolist(), when, list(map(line_at, first["STATUS"].tolist())))
    if not numbers:
        return Standalone(), others
    keys = [uid_key(uids[number]) for number in numbers]
    numbers = [numbers[i] for i in sorted(range(len(numbers)), key=keys.__getitem__)]  # keys are distinct
    pick = itemgetter(*numbers) if len(numbers) > 1 else lambda column: (column[numbers[0]],)
    chosen = list(pick(when))
    found = Standalone(
        numbers=numbers,
        uids=list(pick(uids)),
        summaries=[_summary(line) for line in map(line_at, first["SUMMARY"][numbers].tolist())],
        starts=list(map(itemgetter(0), chosen)),
        ends=list(map(itemgetter(1), chosen)),
        written_ends=list(map(itemgetter(2), chosen)),
        all_day=list(map(itemgetter(3), chosen)),
        unknown_zones=list(map(itemgetter(4), chosen)),
    )
    found.people, found.people_event = _people(scanned, event, inside, numbers, first["ORGANIZER"][numbers], decoder, seen)
    return found, others


def _alone(uids: list[str], whole: list[bool], when: list[Times | None], status: list[Line | None]) -> tuple[list[int], list[int]]:
    """The numbers of the events that stand alone (no series, no other version in the file, a
    readable start, not cancelled), and of the others, in file order."""
    shared = {uid for uid, n in Counter(uids).items() if n > 1} | {""}
    alone = [
        not is_whole and uid not in shared and moment is not None and (line is None or line[3] == "CONFIRMED" or not _cancelled(line[3]))
        for is_whole, uid, moment, line in zip(whole, uids, when, status)
    ]
    return [n for n, kept in enumerate(alone) if kept], [n for n, kept in enumerate(alone) if not kept]


def _people(
    scanned: Scanned,
    event: np.ndarray,
    inside: np.ndarray,
    numbers: list[int],
    organisers: np.ndarray,
    decoder: Decoder,
    seen: dict[str, tuple],
) -> tuple[list[tuple], np.ndarray]:
    """The standalone events' people (see :attr:`Standalone.people`): the same person is invited
    the same way to many meetings, so each distinct organiser and attendee line is read once (and
    each attendee parameter text), and rooms and non-participants are left out."""
    lines = scanned.lines
    place = np.full(len(scanned.spans), -1, dtype=np.int64)
    place[numbers] = np.arange(len(numbers))
    where = np.flatnonzero((scanned.codes == CODES["ATTENDEE"]) & inside)
    owners = place[event[where]]
    attendees = scanned.ids[where[owners >= 0]]
    owners = owners[owners >= 0]
    # each distinct line's row (its place in ``rows``), as organiser and as attendee; -1 for none
    rows: list[tuple] = []
    as_organiser, as_attendee = np.full(len(lines), -1, dtype=np.int64), np.full(len(lines), -1, dtype=np.int64)
    for i in set(organisers.tolist()) - {-1}:
        _, params, _, value = lines[i]
        as_organiser[i] = len(rows)
        rows.append((_unescape(value), param(decoder.params(params), "CN"), "organiser", pd.NA))
    for i in set(attendees.tolist()):
        _, params, _, value = lines[i]
        if params not in seen:
            seen[params] = invitee(decoder.params(params))
        if seen[params]:
            as_attendee[i] = len(rows)
            rows.append((_unescape(value), *seen[params]))
    row = np.concatenate([as_organiser[organisers[organisers >= 0]], as_attendee[attendees]])
    row_event = np.concatenate([np.flatnonzero(organisers >= 0), owners])
    row_event, row = row_event[row >= 0], row[row >= 0]
    # organiser first, then the people invited in the order written, event by event
    order = np.argsort(row_event, kind="stable")
    return list(map(rows.__getitem__, row[order].tolist())), row_event[order]


def _times(start: Line | None, end: Line | None, all_day_line: Line | None, decoder: Decoder) -> Times | None:
    """A meeting's start, end, written end, all-day flag and unknown zone from its DTSTART, DTEND
    and all-day lines; None when the start cannot be read."""
    value = decoder.time("DTSTART", start[1], start[3]) if start is not None else None
    start_utc = utc_moment(value)
    if start_utc is None:
        return None
    written = decoder.time("DTEND", end[1], end[3]) if end is not None else None
    all_day = not isinstance(value, dt.datetime) or (all_day_line is not None and all_day_line[3].upper() == "TRUE")
    unknown = _unknown_zone(value, start[1], decoder)
    return start_utc, meeting_end(written, None, start_utc, all_day), utc_moment(written), all_day, unknown


def _places(count: int, spans: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """The event each of ``count`` lines is in, and whether it is inside one at all."""
    bounds = np.array(spans, dtype=np.int64)
    begins = np.zeros(count + 1, dtype=np.int64)
    begins[bounds[:, 0]] = 1
    event = np.cumsum(begins[:-1]) - 1
    depth = np.zeros(count + 1, dtype=np.int64)
    depth[bounds[:, 0] + 1] += 1
    depth[bounds[:, 1]] -= 1  # an event with no lines begins and ends at one place: no line is in it
    return event, np.cumsum(depth[:-1]) > 0


def _first_lines(codes: np.ndarray, event: np.ndarray, inside: np.ndarray, code: int, count: int) -> np.ndarray:
    """Each event's first line of one property (-1 where it has none)."""
    where = np.flatnonzero((codes == code) & inside)
    owners = event[where]
    first = np.ones(len(owners), dtype=bool)
    first[1:] = owners[1:] != owners[:-1]  # lines are in file order, so an event's lines are together
    out = np.full(count, -1, dtype=np.int64)
    out[owners[first]] = where[first]
    return out


def _summary(line: Line | None) -> str:
    return "" if line is None else _unescape(line[3])


def _unescape(raw: str) -> str:
    return unescape_backslash(raw) if "\\" in raw else raw


def _cancelled(raw: str) -> bool:
    return _unescape(raw).strip().upper() == "CANCELLED"


def _unknown_zone(start: object, params: str, decoder: Decoder) -> str | None:
    """The TZID of a start whose zone is not known (it is read as UK time, and counted for a message)."""
    if isinstance(start, dt.datetime) and start.tzinfo is None:
        tzid = decoder.params(params).get("TZID")
        return str(tzid) if tzid is not None else None
    return None
