"""Microsoft Teams meeting attendance report, current three-section layout (formats.md b).

UTF-16LE with a BOM, tab-separated despite the ``.csv`` name, CRLF, free text quoted only when it
holds a tab, quote or line break; en-GB times ``14/01/25, 10:00:41`` with no zone; durations
``1h 7s`` with zero parts left out; ``Organiser`` (en-GB); ``(External)``/``(Guest)`` name tags;
Teams' own summary figures slightly off what the rows add up to, as they are in real downloads.
The 2024+ variant adds eight engagement columns (rows may stop short) and a fourth section.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from diagnostic.samples.online import Attendee, OnlineMeeting
from diagnostic.samples.writers.text import tab_field

PARTICIPANT_COLUMNS = ("Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role")
ACTIVITY_COLUMNS = ("Name", "Join Time", "Leave Time", "Duration", "Email", "Role")
ENGAGEMENT_COLUMNS = (
    "Engagement: Reaction-Applause",
    "Engagement: Reaction-Laugh",
    "Engagement: Reaction-Like",
    "Engagement: Reaction-Love",
    "Engagement: Reaction-Surprised",
    "Engagement: Camera On",
    "Engagement: Raise Hands",
    "Engagement: Unmute",
)


def file_name(meeting: OnlineMeeting) -> str:
    """``<title> - Attendance report dd-mm-yy.csv`` as Teams names the download."""
    return f"{meeting.file_title} - Attendance report {meeting.scheduled:%d-%m-%y}.csv"


def duration(td: timedelta) -> str:
    """``1h 7s``, ``45m``, ``8s``: hours, minutes and seconds with the zero parts left out."""
    total = max(0, int(td.total_seconds()))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    parts = [f"{v}{u}" for v, u in ((h, "h"), (m, "m"), (s, "s")) if v]
    return " ".join(parts) or "0s"


def _when(t: datetime) -> str:
    return f"{t:%d/%m/%y, %H:%M:%S}"


def _name(a: Attendee) -> str:
    if a.person is None:
        return a.phone
    return f"{a.person.name} ({a.tag})" if a.tag else a.person.name


def _line(fields) -> str:
    return "\t".join(tab_field(f) for f in fields)


def _engagement(a: Attendee, rng: random.Random) -> list[str]:
    """Engagement cells; quiet attendees' rows stop short, as Teams writes them."""
    if rng.random() < 0.3:
        return []
    reactions = [str(rng.choice((0, 0, 1, 2))) for _ in range(5)]
    camera = duration(timedelta(seconds=rng.randint(0, 3000)))
    return [*reactions, camera, str(rng.choice((0, 0, 1))), str(rng.randint(0, 6))]


def write_attendance(meeting: OnlineMeeting, rng: random.Random) -> bytes:
    attended = [a for a in meeting.attendees if a.sessions]
    start = min(s for a in attended for s, _ in a.sessions)
    end = max(e for a in attended for _, e in a.sessions)
    spent = {id(a): sum((e - s for s, e in a.sessions), timedelta()) for a in attended}
    average = sum(spent.values(), timedelta()) / len(attended) + timedelta(seconds=1)  # Teams' own rounding
    lines = [
        "1. Summary",
        _line(("Meeting title", meeting.title)),
        _line(("Attended participants", len(attended))),
        _line(("Start time", _when(start))),
        _line(("End time", _when(end))),
        _line(("Meeting duration", duration(end - start))),
        _line(("Average attendance time", duration(average))),
        "",
        "2. Participants",
        _line(PARTICIPANT_COLUMNS + (ENGAGEMENT_COLUMNS if meeting.engagement else ())),
    ]
    for a in attended:
        email = a.person.email if a.person else ""
        row = [_name(a), _when(a.sessions[0][0]), _when(a.sessions[-1][1]), duration(spent[id(a)]), email, a.upn, a.role]
        if meeting.engagement:
            row += _engagement(a, rng)
        lines.append(_line(row))
    lines += ["", "3. In-Meeting Activities", _line(ACTIVITY_COLUMNS)]
    for a in attended:
        for s, e in a.sessions:
            lines.append(_line((_name(a), _when(s), _when(e), duration(e - s), a.person.email if a.person else "", a.role)))
    if meeting.engagement:
        lines += ["", "4. Meeting Engagement", _line(("Name", "Engagement Type", "Time"))]
        for a in attended[:4]:
            t = a.sessions[0][0] + timedelta(minutes=rng.randint(5, 40), seconds=rng.randint(0, 59))
            lines.append(_line((_name(a), rng.choice(("Reaction-Like", "Raise hand", "Reaction-Applause")), _when(t))))
    return "\ufeff".encode("utf-16-le") + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")
