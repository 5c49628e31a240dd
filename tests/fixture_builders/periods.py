"""Builds uploads whose files cover different periods, as real ones do (fictional people only).

* a single Teams attendance list of 2020 (the legacy "Full Name / User Action / Timestamp" list:
  one meeting, five people, one day);
* a 21-file mixed-period upload: 19 .ics calendars of January to March 2025 and two Teams
  attendance reports of June 2020, with the meetings listed as data so a test can recount them.

Files are built in memory: ``python`` callers take (name, bytes) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

DOMAIN = "northbridge.gov.uk"
PEOPLE = tuple(f"worker{i:02d}" for i in range(1, 13))  # twelve staff, addressed as worker01@...


@dataclass(frozen=True)
class Meeting:
    """One meeting: when it starts, how long it lasts (minutes) and who came (all internal, all accepted)."""

    uid: str
    start: datetime
    minutes: int
    people: tuple[str, ...]

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def _utf16(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


def teams_2020_list(day: date = date(2020, 11, 3), people: int = 5) -> bytes:
    """A legacy Teams attendance list: everyone joins at ten and leaves by eleven."""
    lines = ["Full Name\tUser Action\tTimestamp"]
    stamp = day.strftime("%d/%m/%Y")
    for i, who in enumerate(PEOPLE[:people]):
        lines.append(f"Staff Member {who[-2:]}\tJoined\t{stamp}, 10:0{i}:00")
    for i, who in enumerate(PEOPLE[:people]):
        lines.append(f"Staff Member {who[-2:]}\tLeft\t{stamp}, 10:5{i}:00")
    return _utf16(lines)


def teams_report(title: str, meeting: Meeting) -> bytes:
    """A current Teams attendance report (summary, participants) for one meeting."""
    fmt = "%d/%m/%y, %H:%M:%S"
    start, end = meeting.start.strftime(fmt), meeting.end.strftime(fmt)
    lines = [
        "1. Summary",
        f"Meeting title\t{title}",
        f"Attended participants\t{len(meeting.people)}",
        f"Start time\t{start}",
        f"End time\t{end}",
        f"Meeting duration\t{meeting.minutes}m",
        f"Average attendance time\t{meeting.minutes}m",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for i, who in enumerate(meeting.people):
        role = "Organizer" if i == 0 else "Attendee"
        address = f"{who}@{DOMAIN}"
        lines.append(f"Staff Member {who[-2:]}\t{start}\t{end}\t{meeting.minutes}m\t{address}\t{address}\t{role}")
    return _utf16(lines)


def ics_calendar(meetings: list[Meeting]) -> bytes:
    """An Outlook-style .ics export holding the given meetings (UK local times)."""
    out = ["BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", "VERSION:2.0", "METHOD:PUBLISH"]
    for m in meetings:
        organiser, *others = m.people
        out += [
            "BEGIN:VEVENT",
            f'ORGANIZER;CN="Staff Member {organiser[-2:]}":mailto:{organiser}@{DOMAIN}',
            *(f'ATTENDEE;CN="Staff Member {p[-2:]}";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:{p}@{DOMAIN}' for p in others),
            f"DTSTART;TZID=GMT Standard Time:{m.start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=GMT Standard Time:{m.end:%Y%m%dT%H%M%S}",
            "SUMMARY:Team meeting",
            f"UID:{m.uid}",
            "END:VEVENT",
        ]
    out.append("END:VCALENDAR")
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


# The recent period: Monday 6 January to Friday 28 March 2025 (no bank holiday falls in it).
RECENT_FIRST = date(2025, 1, 6)
RECENT_LAST = date(2025, 3, 28)
OLD_DAY = date(2020, 6, 15)


def recent_meetings() -> list[Meeting]:
    """29 meetings spread over the working days of 6 January to 28 March 2025, of 2 to 7 of the twelve staff."""
    days = [RECENT_FIRST + timedelta(days=d) for d in range((RECENT_LAST - RECENT_FIRST).days + 1)]
    workdays = [d for d in days if d.weekday() < 5]
    count = 29
    meetings = []
    for i in range(count):
        day = workdays[round(i * (len(workdays) - 1) / (count - 1))]
        size = 2 + i % 6
        people = tuple(PEOPLE[(i + k) % len(PEOPLE)] for k in range(size))
        start = datetime(day.year, day.month, day.day, 9 + i % 7)
        meetings.append(Meeting(f"recent-{i:02d}@{DOMAIN}", start, 30 + 15 * (i % 4), people))
    return meetings


def old_meetings() -> list[Meeting]:
    """The two June 2020 meetings of the old Teams reports."""
    return [
        Meeting("old-1", datetime(OLD_DAY.year, OLD_DAY.month, OLD_DAY.day, 10), 60, PEOPLE[:5]),
        Meeting("old-2", datetime(OLD_DAY.year, OLD_DAY.month, OLD_DAY.day + 2, 14), 90, PEOPLE[3:9]),
    ]


def mixed_period_files() -> list[tuple[str, bytes]]:
    """21 files: 19 calendars of early 2025 (the 29 meetings dealt among them) and two Teams reports of June 2020."""
    recent = recent_meetings()
    files = [(f"calendar_{k + 1:02d}.ics", ics_calendar(recent[k::19])) for k in range(19)]
    for m in old_meetings():
        files.append((f"Team meeting - Attendance report {m.start:%d-%m-%y}.csv", teams_report("Team meeting", m)))
    return files
