"""Reading one VEVENT of a calendar: its times as UTC moments, what makes it one event, and which
of several versions of it a file holds is the one to keep.

A calendar saved after an update can hold an occurrence twice (the original and the change), and
the same file can be exported in any order: the version kept is chosen by its data, never by where
it is in the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import icalendar

from diagnostic.schema import TZ

YEARS = (1900, 2200)  # dates outside these years are typing errors, not meetings
LONDON = ZoneInfo(TZ)
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"  # an original start, as it is written in an occurrence's key
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)  # the DTSTAMP of a version that has none


def decoded_value(ev: icalendar.Event, name: str):
    """A property's Python value, or None when it is missing or broken."""
    try:
        return ev.decoded(name) if name in ev else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def utc_moment(value) -> dt.datetime | None:
    """A date or datetime as an aware UTC datetime; dates and floating times are UK local.

    Plain datetimes, not pandas timestamps: a calendar can hold tens of thousands of occurrences
    and the columns are converted once at the end.
    """
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


def event_uid(event: icalendar.Event) -> str:
    return str(event.get("UID", "")).strip()


def stamp(moment: dt.datetime | None) -> str:
    """A moment as it is written in a key ("" when there is none)."""
    return moment.strftime(STAMP_FORMAT) if moment is not None else ""


def identity(event: icalendar.Event) -> str:
    """What makes two VEVENTs versions of one event: its UID and RECURRENCE-ID (RFC 5545), or,
    without a UID, its own subject, times and organiser, so a file loaded twice gives the same keys."""
    uid = event_uid(event)
    if uid:
        return f"ics:uid:{uid}|{stamp(utc_moment(decoded_value(event, 'RECURRENCE-ID')))}"
    start, end = utc_moment(decoded_value(event, "DTSTART")), utc_moment(decoded_value(event, "DTEND"))
    organiser = str(event.get("ORGANIZER", "")).strip().casefold()
    return f"ics:event:{' '.join(str(event.get('SUMMARY', '')).split())}|{stamp(start)}|{stamp(end)}|{organiser}"


def latest_versions(numbered: list[tuple[int, icalendar.Event]]) -> tuple[list[tuple[int, icalendar.Event]], int]:
    """One VEVENT per event (see :func:`identity`), and how many older versions were set aside.

    The kept version has the highest SEQUENCE, then the latest DTSTAMP, then the smallest digest
    of its text; it carries the earliest line any version of it begins on, for messages. The
    events come back in the order of their keys.
    """
    versions: dict[str, list[tuple[int, icalendar.Event]]] = {}
    for number, event in numbered:
        versions.setdefault(identity(event), []).append((number, event))
    kept = []
    for key in sorted(versions):
        found = versions[key]
        event = found[0][1] if len(found) == 1 else min((ev for _, ev in found), key=_recency)
        kept.append((min(number for number, _ in found), event))
    return kept, len(numbered) - len(versions)


def _recency(event: icalendar.Event) -> tuple[int, float, str]:
    """Smallest first for the version to keep: the highest SEQUENCE, the latest DTSTAMP, then its text's digest."""
    stamped = utc_moment(decoded_value(event, "DTSTAMP")) or EARLIEST
    return -_sequence(event), -stamped.timestamp(), hashlib.sha256(event.to_ical()).hexdigest()


def _sequence(event: icalendar.Event) -> int:
    try:
        return int(str(event.get("SEQUENCE", 0)).strip())
    except ValueError:
        return 0
