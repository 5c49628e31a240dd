"""Reading one VEVENT of a calendar: its values, its times as UTC moments, what makes it one event,
and which of several versions of it a file holds is the one to keep.

A calendar saved after an update can hold an occurrence twice (the original and the change), and
the same file can be exported in any order: the version kept is chosen by its data, never by where
it is in the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
from icalendar.parser.property import unescape_backslash

from diagnostic.ingest.formats.ics_lines import Decoder, Event, params_of
from diagnostic.schema import TZ

YEARS = (1900, 2200)  # dates outside these years are typing errors, not meetings
LONDON = ZoneInfo(TZ)
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"  # an original start, as it is written in an occurrence's key
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)  # the DTSTAMP of a version that has none
NOT_PEOPLE_CUTYPES = {"RESOURCE", "ROOM", "GROUP"}  # a GROUP is a distribution list, not a person
ROLES = {"REQ-PARTICIPANT": "required", "CHAIR": "required", "OPT-PARTICIPANT": "optional"}


@dataclass(frozen=True)
class RuleFacts:
    """What the loader asks of one readable repeat rule (the same rule is on many series)."""

    untils: tuple  # its UNTIL values
    counted: bool  # it has a COUNT
    frequency: str  # its FREQ, upper case
    times_a_day: int  # how many times a day BYHOUR, BYMINUTE and BYSECOND make it repeat


def rule_facts(rule: icalendar.vRecur, decoder: Decoder) -> RuleFacts:
    """:class:`RuleFacts` of a rule, worked out once for each rule the decoder has read."""
    found = decoder.rules.get(id(rule))
    if found is None:
        times = 1
        for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            times *= max(1, len(rule.get(part) or []))
        facts = RuleFacts(tuple(rule.get("UNTIL") or []), "COUNT" in rule, str((rule.get("FREQ") or [""])[0]).upper(), times)
        found = decoder.rules[id(rule)] = (rule, facts)
    return found[1]


@dataclass
class Values:
    """What the loader reads from one VEVENT, decoded (icalendar's types where a value is unusual)."""

    uid: str
    summary: str
    status: str
    sequence: int
    start: object  # date, datetime, or None when missing or unreadable
    end: object
    duration: object
    recurrence_id: object
    recurrence_params: dict | None  # the RECURRENCE-ID's parameters; None without one
    dtstamp: object
    all_day_flag: bool  # X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
    unknown_zone: str | None  # the TZID of a start whose zone is not known
    organiser: tuple[str, str | None] | None  # address and CN
    attendees: list[tuple[str, object]] = field(default_factory=list)  # address and parameters (as written, or icalendar's)
    repeats: int = 0  # RRULE lines, readable or not
    rules: list = field(default_factory=list)  # the readable ones (icalendar.vRecur)
    facts: list[RuleFacts] = field(default_factory=list)  # of each readable one
    rule_text: str = ""  # the first repeat rule as written
    rdates: list | None = None  # None without an RDATE; the dates (or periods) of the readable ones
    exdates: list | None = None  # None without an EXDATE; None inside when one cannot be read
    source: Event = field(default_factory=Event)  # the event as written

    @property
    def text(self) -> str:
        """The event as written (unfolded)."""
        return self.source.text

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


def values(event: Event, decoder: Decoder) -> Values:
    """Decode the event's used properties (the first of each, where only one is expected)."""
    props = event.props
    found = props.get("DTSTART")
    start = decoder.time("DTSTART", *found[0]) if found else None
    unknown = None
    if isinstance(start, dt.datetime) and start.tzinfo is None:
        tzid = decoder.params(found[0][0]).get("TZID")
        unknown = str(tzid) if tzid is not None else None
    organiser = props.get("ORGANIZER")
    all_day = props.get("X-MICROSOFT-CDO-ALLDAYEVENT")
    rules = [decoder.value("RRULE", params, raw) for params, raw in props.get("RRULE", ())]
    try:
        sequence = int(_text(props, "SEQUENCE").strip() or 0)
    except ValueError:
        sequence = 0
    return Values(
        uid=_text(props, "UID").strip(),
        summary=_text(props, "SUMMARY"),
        status=_text(props, "STATUS").strip().upper(),
        sequence=sequence,
        start=start,
        end=_time(props, "DTEND", decoder),
        duration=_time(props, "DURATION", decoder),
        recurrence_id=_time(props, "RECURRENCE-ID", decoder),
        recurrence_params=decoder.params(props["RECURRENCE-ID"][0][0]) if "RECURRENCE-ID" in props else None,
        dtstamp=_time(props, "DTSTAMP", decoder),
        all_day_flag=bool(all_day) and all_day[0][1].upper() == "TRUE",
        unknown_zone=unknown,
        organiser=(_unescape(organiser[0][1]), param(decoder.params(organiser[0][0]), "CN")) if organiser else None,
        attendees=[(_unescape(raw), params) for params, raw in props.get("ATTENDEE", ())],
        repeats=len(rules),
        rules=[rule for rule in rules if isinstance(rule, icalendar.vRecur)],
        facts=[rule_facts(rule, decoder) for rule in rules if isinstance(rule, icalendar.vRecur)],
        rule_text=_unescape(props["RRULE"][0][1]) if rules else "",
        rdates=_dates(props, "RDATE", decoder, keep_broken=False),
        exdates=_dates(props, "EXDATE", decoder, keep_broken=True),
        source=event,
    )


def _unescape(raw: str) -> str:
    return unescape_backslash(raw) if "\\" in raw else raw


def _text(props: dict, name: str) -> str:
    found = props.get(name)
    return _unescape(found[0][1]) if found else ""


def _time(props: dict, name: str, decoder: Decoder):
    found = props.get(name)
    return decoder.time(name, *found[0]) if found else None


def _dates(props: dict, name: str, decoder: Decoder, keep_broken: bool) -> list | None:
    """The dates of an RDATE or EXDATE (None without one). An empty RDATE is no RDATE, as in
    icalendar; an unreadable EXDATE leaves a None, so the series goes to recurring-ical-events."""
    lines = [(params, raw) for params, raw in props.get(name, ()) if raw != "" or name != "RDATE"]
    if not lines:
        return None
    found = [decoder.value(name, params, raw) for params, raw in lines]
    return [item for dates in found for item in (dates if dates is not None else [None] if keep_broken else [])]


def param(params, name: str, default: str | None = None) -> str | None:
    found = params.get(name)
    return str(found) if found is not None else default


def utc_moment(value) -> dt.datetime | None:
    """A date or datetime as an aware UTC datetime; dates and floating times are UK local.

    Plain datetimes, not pandas timestamps: a calendar can hold tens of thousands of occurrences
    and the columns are converted once at the end. A calendar repeats the same few thousand
    times in every event's start, end and key, so each distinct time is converted once; the key
    holds its type, zone and fold too, because times equal as instants (or equal wall-clock
    times either side of a clock change) can still be given in different years or zones.
    """
    if not isinstance(value, dt.date):
        return None
    try:
        return _utc_moment(value, type(value), getattr(value, "tzinfo", None), getattr(value, "fold", 0))
    except (ValueError, OverflowError):  # a time at the edge of the calendar cannot even be hashed
        return None


@lru_cache(maxsize=1 << 16)
def _utc_moment(value: dt.date, kind: type, zone: dt.tzinfo | None, fold: int) -> dt.datetime | None:
    """:func:`utc_moment` of one distinct time (``kind``, ``zone`` and ``fold`` only tell times apart)."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=LONDON)
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day, tzinfo=LONDON)
    else:
        return None
    if not YEARS[0] <= moment.year <= YEARS[1]:
        return None
    try:
        return moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None


def people(organiser: tuple[str, str | None] | None, attendees: list[tuple[str, object]], seen: dict) -> list[tuple]:
    """(address, name, role, attended) of the organiser and the people invited, rooms left out.

    What an attendee's parameters say is worked out once per text: the same person is invited
    the same way to many meetings of a file.
    """
    rows = [(organiser[0], organiser[1], "organiser", pd.NA)] if organiser is not None else []
    for email, params in attendees:
        found = seen.get(params) if isinstance(params, str) else None
        if found is None:
            found = invitee(params_of(params))
            if isinstance(params, str):
                seen[params] = found
        if found:
            rows.append((email, *found))
    return rows


def invitee(params) -> tuple:
    """(name, role, attended) from an attendee's parameters; empty for a room or a non-participant."""
    cutype, role, partstat = (params.get(name) for name in ("CUTYPE", "ROLE", "PARTSTAT"))
    role = str(role).upper() if role is not None else "REQ-PARTICIPANT"
    if role == "NON-PARTICIPANT" or (cutype is not None and str(cutype).upper() in NOT_PEOPLE_CUTYPES):
        return ()
    declined = partstat is not None and str(partstat).upper() == "DECLINED"
    return (param(params, "CN"), ROLES.get(role, "required"), False if declined else pd.NA)


def meeting_end(value, duration, start: dt.datetime, all_day: bool) -> dt.datetime:
    """DTEND, else DTSTART + DURATION, else a whole day (all-day) or no length at all."""
    end = utc_moment(value)
    if end is None and isinstance(duration, dt.timedelta):
        end = start + duration
    if end is None:
        end = start + dt.timedelta(days=1) if all_day else start
    return end if end >= start else start


def stamp(moment: dt.datetime | None) -> str:
    """A moment as it is written in a key ("" when there is none)."""
    return _stamp(moment, moment.tzinfo) if moment is not None else ""


@lru_cache(maxsize=1 << 16)
def _stamp(moment: dt.datetime, _zone: dt.tzinfo | None) -> str:
    """:func:`stamp` of one distinct moment: a series' occurrences fall on the same few thousand
    times (``_zone`` only tells apart equal instants written in different zones)."""
    return moment.strftime(STAMP_FORMAT)


def uid_key(uid: str, original: dt.datetime | None = None) -> str:
    """The key of an event with a UID: the UID and the occurrence's original start in UTC (its
    RECURRENCE-ID), which a standalone event has none of."""
    return f"ics:uid:{uid}|{stamp(original)}"


def identity(event: Values) -> str:
    """What makes two VEVENTs versions of one event: its UID and RECURRENCE-ID (RFC 5545), or,
    without a UID, its own subject, times and organiser, so a file loaded twice gives the same keys."""
    if event.uid:
        return uid_key(event.uid, utc_moment(event.recurrence_id))
    organiser = event.organiser[0].strip().casefold() if event.organiser else ""
    return f"ics:event:{' '.join(event.summary.split())}|{stamp(utc_moment(event.start))}|{stamp(utc_moment(event.end))}|{organiser}"


def latest_versions(numbered: list[tuple[int, Values]]) -> tuple[list[tuple[int, Values]], int]:
    """One VEVENT per event (see :func:`identity`), and how many older versions were set aside.

    The kept version has the highest SEQUENCE, then the latest DTSTAMP, then the smallest digest
    of its text; it carries the earliest number (place in the file) of any version, for messages. The
    events come back in the order of their keys.
    """
    versions: dict[str, list[tuple[int, Values]]] = {}
    for number, event in numbered:
        versions.setdefault(identity(event), []).append((number, event))
    kept = []
    for key in sorted(versions):
        found = versions[key]
        event = found[0][1] if len(found) == 1 else min((ev for _, ev in found), key=_recency)
        kept.append((min(number for number, _ in found), event))
    return kept, len(numbered) - len(versions)


def _recency(event: Values) -> tuple[int, float, str]:
    """Smallest first for the version to keep: the highest SEQUENCE, the latest DTSTAMP, then its text's digest."""
    stamped = utc_moment(event.dtstamp) or EARLIEST
    return -event.sequence, -stamped.timestamp(), event.digest
