"""Classic Outlook (Windows) calendar export to CSV, from one person's calendar (formats.md a).

22 quoted headers; non-empty values quoted and empty ones bare; UK regional dates and 24-hour
times; display names joined with ``;`` (a bare address for people outside the address book);
``True``/``False``; ``Show time as`` as a number; CRLF rows; a Teams join block with quoted CRLFs
in ``Description``; Windows-1252 with no BOM, so characters outside it become ``?``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from diagnostic.samples.meeting_records import Meeting
from diagnostic.samples.organisation import Person
from diagnostic.samples.writers.text import quote_all, quote_nonempty, teams_join_block

HEADERS = (
    "Subject",
    "Start Date",
    "Start Time",
    "End Date",
    "End Time",
    "All day event",
    "Reminder on/off",
    "Reminder Date",
    "Reminder Time",
    "Meeting Organizer",
    "Required Attendees",
    "Optional Attendees",
    "Meeting Resources",
    "Billing Information",
    "Categories",
    "Description",
    "Location",
    "Mileage",
    "Priority",
    "Private",
    "Sensitivity",
    "Show time as",
)
REMINDER = timedelta(minutes=15)
BUSY, OUT_OF_OFFICE = "2", "3"


def _shown(p: Person) -> str:
    """Outlook shows a display name for people in the address book, a bare address for others."""
    return p.name if p.internal else p.email


def _row(meeting: Meeting, start: datetime, end: datetime, rng: random.Random) -> list[str]:
    remind = start - REMINDER
    organiser = meeting.organiser or meeting.owner
    required = ";".join(_shown(p) for p in ((meeting.organiser,) if meeting.organiser else ()) + meeting.required)
    return [
        meeting.subject,
        f"{start:%d/%m/%Y}",
        f"{start:%H:%M:%S}",
        f"{end:%d/%m/%Y}",
        f"{end:%H:%M:%S}",
        str(meeting.all_day),
        str(not meeting.all_day),
        "" if meeting.all_day else f"{remind:%d/%m/%Y}",
        "" if meeting.all_day else f"{remind:%H:%M:%S}",
        _shown(organiser) if organiser else "",
        required,
        ";".join(_shown(p) for p in meeting.optional),
        "",
        "",
        "",
        teams_join_block(rng) if meeting.online else "",
        meeting.location,
        "",
        "Normal",
        "False",
        "Normal",
        OUT_OF_OFFICE if meeting.all_day else BUSY,
    ]


def write_outlook_csv(meetings: list[Meeting], owner: Person, rng: random.Random) -> bytes:
    """Every occurrence in ``owner``'s calendar, in date order, as Outlook writes it."""
    rows = []
    for meeting in meetings:
        if owner not in meeting.people:
            continue
        for _, start, end in meeting.occurrences():
            rows.append((start, meeting.subject, meeting, end))
    rows.sort(key=lambda r: (r[0], r[1]))
    lines = [quote_all(list(HEADERS))]
    lines += [quote_nonempty(_row(meeting, start, end, rng)) for start, _, meeting, end in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252", errors="replace")
