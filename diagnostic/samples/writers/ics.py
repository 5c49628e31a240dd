"""Outlook "Save Calendar" iCalendar (formats.md c).

What Outlook writes: ``GMT Standard Time`` (a Windows zone name) with its VTIMEZONE, lines folded
at 75 octets, ``SUMMARY;LANGUAGE=en-gb:``, ORGANIZER and ATTENDEE with a quoted CN and mailto,
ROLE and PARTSTAT, one master VEVENT per series with RRULE/UNTIL and EXDATE, moved occurrences as
extra VEVENTs with the same UID and a RECURRENCE-ID, all-day items as VALUE=DATE, CRLF line ends.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime

from diagnostic.samples.clock import to_utc
from diagnostic.samples.meeting_records import FREQS, Meeting, rrule_byday
from diagnostic.samples.organisation import Person
from diagnostic.samples.writers.text import teams_join_block

TZID = "GMT Standard Time"
FOLD_AT = 75
PARTSTATS = (("ACCEPTED", 0.85), ("NEEDS-ACTION", 0.08), ("TENTATIVE", 0.05), ("DECLINED", 0.02))

VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:16010101T020000",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010101T010000",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
)


def fold(line: str) -> bytes:
    """RFC 5545 folding: at most 75 octets a line, never splitting a UTF-8 character."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, FOLD_AT
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # inside a multi-byte character: step back
            end -= 1
        parts.append(data[start:end])
        start, limit = end, FOLD_AT - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _local(t: datetime) -> str:
    return f"{t:%Y%m%dT%H%M%S}"


def _person_line(prop: str, p: Person, extra: str = "") -> str:
    return f'{prop};CN="{p.name}"{extra}:mailto:{p.email}'


def _attendees(meeting: Meeting, rng: random.Random) -> list[str]:
    lines = []
    for role, people in (("REQ-PARTICIPANT", meeting.required), ("OPT-PARTICIPANT", meeting.optional)):
        for p in people:
            state = rng.choices([s for s, _ in PARTSTATS], weights=[w for _, w in PARTSTATS])[0]
            lines.append(_person_line("ATTENDEE", p, f";ROLE={role};PARTSTAT={state};RSVP=TRUE"))
    return lines


def _event(meeting: Meeting, stamp: datetime, rng: random.Random, attendees: list[str], recurrence_id: datetime | None = None) -> list[str]:
    if meeting.all_day:
        return _all_day(meeting, stamp)
    lines = []
    if meeting.organiser:
        lines.append(_person_line("ORGANIZER", meeting.organiser))
    lines.extend(attendees)
    if meeting.online and meeting.series is not None and recurrence_id is None:
        lines.append(f"DESCRIPTION;LANGUAGE=en-GB:{escape(teams_join_block(rng))}")
    if meeting.series is not None and recurrence_id is None:
        freq, interval = FREQS[meeting.series.freq]
        until = f"{to_utc(meeting.series.until):%Y%m%dT%H%M%SZ}"
        lines.append(f"RRULE:FREQ={freq};UNTIL={until};INTERVAL={interval};BYDAY={rrule_byday(meeting.start, meeting.series.freq)};WKST=MO")
        if meeting.series.exdates:
            lines.append(f"EXDATE;TZID={TZID}:" + ",".join(_local(t) for t in meeting.series.exdates))
    lines.append(f"UID:{meeting.uid}")
    start, end = meeting.start, meeting.end
    if recurrence_id is not None:
        lines.append(f"RECURRENCE-ID;TZID={TZID}:{_local(recurrence_id)}")
        start, end = meeting.series.moved[recurrence_id]
    lines += [
        f"SUMMARY;LANGUAGE=en-gb:{escape(meeting.subject)}",
        f"DTSTART;TZID={TZID}:{_local(start)}",
        f"DTEND;TZID={TZID}:{_local(end)}",
        "CLASS:PUBLIC",
        "PRIORITY:5",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        "TRANSP:OPAQUE",
        "STATUS:CONFIRMED",
        f"SEQUENCE:{1 if recurrence_id else 0}",
        f"LOCATION;LANGUAGE=en-gb:{escape(meeting.location)}",
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
        f"X-MICROSOFT-CDO-INSTTYPE:{3 if recurrence_id else (1 if meeting.series else 0)}",
    ]
    return ["BEGIN:VEVENT", *lines, "END:VEVENT"]


def _all_day(meeting: Meeting, stamp: datetime) -> list[str]:
    """A personal all-day appointment: Outlook writes no ORGANIZER and marks it out of office."""
    return [
        "BEGIN:VEVENT",
        f"UID:{meeting.uid}",
        f"SUMMARY;LANGUAGE=en-gb:{escape(meeting.subject)}",
        f"DTSTART;VALUE=DATE:{meeting.start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{meeting.end:%Y%m%d}",
        "CLASS:PUBLIC",
        "PRIORITY:5",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        "TRANSP:TRANSPARENT",
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
        "X-MICROSOFT-CDO-BUSYSTATUS:OOF",
        "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
        "X-MICROSOFT-CDO-INSTTYPE:0",
        "END:VEVENT",
    ]


def write_ics(meetings: Iterable[Meeting], stamp: datetime, rng: random.Random) -> bytes:
    """The whole calendar; ``stamp`` (UTC) is the export time written into every DTSTAMP."""
    lines = [
        "BEGIN:VCALENDAR",
        "METHOD:PUBLISH",
        "PRODID:Microsoft Exchange Server 2010",
        "VERSION:2.0",
        "X-WR-CALNAME:Calendar",
        *VTIMEZONE,
    ]
    for meeting in sorted(meetings, key=lambda m: (m.start, m.uid)):
        attendees = _attendees(meeting, rng)
        lines.extend(_event(meeting, stamp, rng, attendees))
        if meeting.series is not None:
            for original in sorted(meeting.series.moved):
                lines.extend(_event(meeting, stamp, rng, attendees, recurrence_id=original))
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
