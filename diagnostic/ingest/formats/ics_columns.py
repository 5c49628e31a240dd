"""The standalone events of a plain calendar, read a property at a time across the whole file.

Most events of an export stand alone: no repeat rule, no moved occurrence, no other version of
them in the file. Their properties are looked up a column at a time over every used line
(:class:`~diagnostic.ingest.formats.ics_scan.Scanned`): which event each line belongs to, the
first of each property in each event, and every attendee. Each distinct time or parameter text is
decoded once (:class:`~diagnostic.ingest.formats.ics_lines.Decoder`). Every other event (a
series, a moved or cancelled occurrence, several versions of one event, one with a ``DURATION``
or no readable start) is handed back by its number to be read as a whole event.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
from icalendar.parser.property import unescape_backslash

from diagnostic.ingest.formats.ics_events import meeting_end, param, people, utc_moment
from diagnostic.ingest.formats.ics_lines import USED, Decoder
from diagnostic.ingest.formats.ics_scan import Line, Scanned

CODES = {name: code for code, name in enumerate(sorted(USED | {"BEGIN", "END"}))}
FIRSTS = ("UID", "SUMMARY", "STATUS", "DTSTART", "DTEND", "X-MICROSOFT-CDO-ALLDAYEVENT", "ORGANIZER")  # the first of each is read
# an event with any of these is read as a whole event (its series, its versions, its length)
WHOLE = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "DURATION")


@dataclass
class Standalone:
    """One standalone event's values, decoded as :func:`~diagnostic.ingest.formats.ics_events.values`
    decodes them, with the times its meeting has (see :func:`~diagnostic.ingest.formats.ics_events.meeting_end`)."""

    number: int  # its place among the file's events
    uid: str
    summary: str
    start_utc: dt.datetime
    end_utc: dt.datetime  # the meeting's end: never before its start
    written_end: dt.datetime | None  # its DTEND's moment, for the file's window
    all_day: bool
    unknown_zone: str | None
    people: list[tuple]  # (address, name, role, attended) of its organiser and the people invited


Times = tuple[dt.datetime, dt.datetime, dt.datetime | None, bool, str | None]


def split(scanned: Scanned, decoder: Decoder, seen: dict[str, tuple]) -> tuple[list[Standalone], list[int]]:
    """The file's standalone events, and the numbers of the others, in file order (``seen``: what
    each attendee parameter text says, filled in as they are met)."""
    count = len(scanned.spans)
    if not count:
        return [], []
    lines = scanned.lines
    codes, event, inside = _places(lines, scanned.spans)
    first = {name: _column(lines, _first_lines(codes, event, inside, CODES[name], count)) for name in FIRSTS}
    whole = np.zeros(count, dtype=bool)
    for name in WHOLE:
        whole[event[np.flatnonzero((codes == CODES[name]) & inside)]] = True
    uids = [_unescape(line[3]).strip() if line is not None else "" for line in first["UID"]]
    shared = {uid for uid, n in Counter(uids).items() if n > 1} | {""}
    attendees = _attendees(lines, codes, event, inside, count)
    times: dict[tuple, Times | None] = {}  # a calendar repeats the same few thousand start and end texts
    organisers: dict[tuple, tuple[str, str | None]] = {}
    found, others = [], []
    columns = zip(uids, whole.tolist(), *(first[name] for name in FIRSTS[1:]))
    for number, (uid, is_whole, summary, status, start, end, all_day, organiser) in enumerate(columns):
        key = (start, end, all_day)
        when = times[key] if key in times else times.setdefault(key, _times(start, end, all_day, decoder))
        if is_whole or uid in shared or when is None or (status is not None and status[3] != "CONFIRMED" and _cancelled(status[3])):
            others.append(number)
            continue
        if organiser is not None:
            organiser = (
                organisers[organiser] if organiser in organisers else organisers.setdefault(organiser, _organiser(organiser, decoder))
            )
        summary = "" if summary is None else summary[3] if "\\" not in summary[3] else unescape_backslash(summary[3])
        found.append(Standalone(number, uid, summary, *when, people(organiser, attendees[number], seen)))
    return found, others


def _organiser(line: Line, decoder: Decoder) -> tuple[str, str | None]:
    """The organiser's address and name (CN)."""
    return _unescape(line[3]), param(decoder.params(line[1]), "CN")


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


def _places(lines: list[Line], spans: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each line's property (as a code), the event it is in, and whether it is inside one at all."""
    codes = np.fromiter(map(CODES.__getitem__, map(itemgetter(0), lines)), dtype=np.int8, count=len(lines))
    bounds = np.array(spans, dtype=np.int64)
    begins = np.zeros(len(lines) + 1, dtype=np.int64)
    begins[bounds[:, 0]] = 1
    event = np.cumsum(begins[:-1]) - 1
    depth = np.zeros(len(lines) + 1, dtype=np.int64)
    depth[bounds[:, 0] + 1] += 1
    depth[bounds[:, 1]] -= 1  # an event with no lines begins and ends at one place: no line is in it
    return codes, event, np.cumsum(depth[:-1]) > 0


def _first_lines(codes: np.ndarray, event: np.ndarray, inside: np.ndarray, code: int, count: int) -> np.ndarray:
    """Each event's first line of one property (-1 where it has none)."""
    where = np.flatnonzero((codes == code) & inside)
    owners = event[where]
    first = np.ones(len(owners), dtype=bool)
    first[1:] = owners[1:] != owners[:-1]  # lines are in file order, so an event's lines are together
    out = np.full(count, -1, dtype=np.int64)
    out[owners[first]] = where[first]
    return out


def _column(lines: list[Line], places: np.ndarray) -> list[Line | None]:
    return [lines[i] if i >= 0 else None for i in places.tolist()]


def _attendees(lines: list[Line], codes: np.ndarray, event: np.ndarray, inside: np.ndarray, count: int) -> list[list[tuple[str, str]]]:
    """Each event's attendees as (address, parameter text), in the order written."""
    where = np.flatnonzero((codes == CODES["ATTENDEE"]) & inside)
    bounds = np.searchsorted(event[where], np.arange(count + 1)).tolist()
    found = [(_unescape(lines[i][3]), lines[i][1]) for i in where.tolist()]
    return [found[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


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
