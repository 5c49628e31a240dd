"""Teams attendance reports in the current layout (formats.md, MEETINGS b): a summary block, then
participants and in-meeting activities, UTF-16 and tab-separated despite the ``.csv`` name.

``headers`` renames the participants' columns, as a report re-saved by someone else would be, so
the file is one we do not recognise and goes to the column-mapping step. People are fictional.
"""

from __future__ import annotations

from datetime import datetime, timedelta

TEAMS_HEADERS = ("Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role")
RENAMED = ("Participant", "First seen", "Last seen", "Time in call", "Email", "Participant ID (UPN)", "Role")
PEOPLE = (("Ann Lee", "ann.lee"), ("Sam Okafor", "sam.okafor"), ("Jo Patel", "jo.patel"), ("Kit Byrne", "kit.byrne"))


def _clock(t: datetime) -> str:
    return f"{t.month}/{t.day}/{t.strftime('%y')}, {t.strftime('%I:%M:%S %p').lstrip('0')}"


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return (f"{hours}h " if hours else "") + f"{rest // 60}m {rest % 60}s"


def report(meeting: int, headers: tuple[str, ...] = TEAMS_HEADERS, people: int = 3, domain: str = "northbridge.gov.uk") -> bytes:
    """Meeting ``meeting`` (1, 2, ...) on its own day: ``people`` attendees, the first the organiser."""
    start = datetime(2025, 1, 13, 10, 0, 0) + timedelta(days=meeting)
    lines = [
        "1. Summary",
        f"Meeting title\tCase review {meeting}",
        f"Attended participants\t{people}",
        f"Start time\t{_clock(start)}",
        f"End time\t{_clock(start + timedelta(minutes=55))}",
        "Meeting duration\t55m 0s",
        "Average attendance time\t50m 0s",
        "",
        "2. Participants",
        "\t".join(headers),
    ]
    for i, (name, local) in enumerate(PEOPLE[:people]):
        joined = start + timedelta(minutes=i)
        left = start + timedelta(minutes=50 + i)
        role = "Organizer" if i == 0 else "Attendee"
        email = f"{local}@{domain}"
        lines.append("\t".join([name, _clock(joined), _clock(left), _duration(int((left - joined).total_seconds())), email, email, role]))
    lines += ["", "3. In-Meeting Activities", "\t".join(("Name", "Join Time", "Leave Time", "Duration", "Email", "Role"))]
    for i, (name, local) in enumerate(PEOPLE[:people]):
        joined = start + timedelta(minutes=i)
        left = start + timedelta(minutes=50 + i)
        lines.append(
            "\t".join(
                [name, _clock(joined), _clock(left), _duration(int((left - joined).total_seconds())), f"{local}@{domain}", "Attendee"]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")
