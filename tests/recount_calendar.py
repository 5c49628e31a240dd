"""The sample's meetings read line by line from its calendar files, without the package's readers.

Three sources: the .ics calendar (unfolded and split into properties here; repeat rules expanded
with ``dateutil.rrule``), the Teams attendance reports (UTF-16, tab-separated), and one head of
service's classic Outlook CSV (read only to check it adds nothing to the .ics meetings).

Times are kept as naive UK wall-clock datetimes: working hours, days and durations are all read
on the wall clock, as the catalogue defines them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from tests.recount_common import SAMPLES

LONDON = ZoneInfo("Europe/London")
ZONES = {"GMT Standard Time": LONDON, "Europe/London": LONDON}  # every TZID the sample uses; any other fails loudly
NOT_PEOPLE = {"ROOM", "RESOURCE"}  # CUTYPEs that book a room or equipment, not a person
ICS_FILE = "calendar_northbridge.ics"
OUTLOOK_FILE = "outlook_calendar_head_of_service.csv"
TEAMS_GLOB = "* - Attendance report *.csv"
GUEST_UPN = re.compile(r"^(?P<local>.+)_(?P<domain>[^_#@]+)#ext#@", re.IGNORECASE)


@dataclass(frozen=True)
class Invitee:
    """One person on a meeting: address (lower case) or, for a dial-in, only the name shown."""

    email: str | None
    name: str | None
    declined: bool

    @property
    def key(self) -> str:
        return f"email:{self.email}" if self.email else f"name:{' '.join((self.name or '').split()).casefold()}"


@dataclass(frozen=True)
class Meeting:
    """One meeting occurrence: its identity, subject, wall-clock times and the people on it."""

    key: tuple
    subject: str
    start: datetime
    end: datetime
    all_day: bool
    cancelled: bool
    people: tuple[Invitee, ...]  # distinct people, organiser included, rooms left out

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())

    @property
    def size(self) -> int:
        return len(self.people)


# ---- .ics -----------------------------------------------------------------------------------


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    parts, current, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _property(line: str) -> tuple[str, dict[str, str], str]:
    """``NAME;P=1;Q="a:b":value`` -> (NAME, {P: 1, Q: a:b}, value); the first colon outside quotes ends the head."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head, value = line[:i], line[i + 1 :]
            break
    else:
        raise ValueError(f"not a property line: {line[:40]!r}")
    name, *params = _split_outside_quotes(head, ";")
    return name.upper(), {k.upper(): v.strip('"') for k, _, v in (p.partition("=") for p in params)}, value


def _events(text: str) -> list[dict[str, list[tuple[dict[str, str], str]]]]:
    """Every VEVENT's own properties (nested components such as alarms left out)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    events, current, depth = [], None, 0
    for line in unfolded.splitlines():
        if not line.strip():
            continue
        upper = line.strip().upper()
        if upper == "BEGIN:VEVENT":
            current, depth = {}, 0
        elif current is not None and upper.startswith("BEGIN:"):
            depth += 1
        elif current is not None and upper == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and upper.startswith("END:"):
            depth -= 1
        elif current is not None and depth == 0:
            name, params, value = _property(line)
            current.setdefault(name, []).append((params, value))
    return events


def _text(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _moment(params: dict[str, str], value: str) -> tuple[datetime, bool]:
    """(UK wall-clock datetime, date-only?) from a DTSTART-like value."""
    value = value.strip()
    if params.get("VALUE", "").upper() == "DATE" or len(value) == 8:
        return datetime.strptime(value, "%Y%m%d"), True
    naive = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return naive.replace(tzinfo=UTC).astimezone(LONDON).replace(tzinfo=None), False
    zone = ZONES[params["TZID"]] if "TZID" in params else LONDON  # floating times are UK local
    return naive.replace(tzinfo=zone).astimezone(LONDON).replace(tzinfo=None), False


def _first(event: dict, name: str) -> tuple[dict[str, str], str] | None:
    return event.get(name, [None])[0]


def _people(event: dict) -> tuple[Invitee, ...]:
    """Organiser and attendees, each person once; rooms and resources are not people.

    Like the package, a ROLE=NON-PARTICIPANT attendee (someone copied for information) is left
    out too; the sample has none. A decline is kept (the person was invited) but marked.
    """
    found: dict[str, Invitee] = {}
    for name in ("ORGANIZER", "ATTENDEE"):
        for params, value in event.get(name, []):
            if params.get("CUTYPE", "").upper() in NOT_PEOPLE or params.get("ROLE", "").upper() == "NON-PARTICIPANT":
                continue
            address = re.sub(r"^mailto:", "", value.strip(), flags=re.IGNORECASE).lower() or None
            person = Invitee(address, params.get("CN"), params.get("PARTSTAT", "").upper() == "DECLINED")
            found.setdefault(person.key, person)  # the organiser, listed first, is never a decline
    return tuple(found.values())


def _occurrence(event: dict, key: tuple, start: datetime | None = None) -> Meeting:
    """One occurrence of ``event``: at its own DTSTART, or at ``start`` with the event's length."""
    own_start, date_only = _moment(*_first(event, "DTSTART"))
    if _first(event, "DTEND") is not None:
        own_end, _ = _moment(*_first(event, "DTEND"))
    elif _first(event, "DURATION") is not None:
        raise NotImplementedError("DURATION is not used in the sample")
    else:
        own_end = own_start + (timedelta(days=1) if date_only else timedelta(0))
    begin = start or own_start
    all_day = date_only or (_first(event, "X-MICROSOFT-CDO-ALLDAYEVENT") or ({}, ""))[1].strip().upper() == "TRUE"
    status = (_first(event, "STATUS") or ({}, ""))[1].strip().upper()
    return Meeting(
        key=key,
        subject=_text((_first(event, "SUMMARY") or ({}, ""))[1]).strip(),
        start=begin,
        end=begin + (own_end - own_start),
        all_day=all_day,
        cancelled=status == "CANCELLED",
        people=_people(event),
    )


def _rule_starts(master: dict) -> list[datetime]:
    """Every start of a repeating event's rule, EXDATEs removed, on the UK wall clock.

    UNTIL is written in UTC; it is turned into UK wall-clock time so the rule runs on the same
    clock as DTSTART.
    """
    if "RDATE" in master:
        raise NotImplementedError("RDATE is not used in the sample")
    dtstart, _ = _moment(*_first(master, "DTSTART"))
    starts: set[datetime] = set()
    for _, rule in master["RRULE"]:
        parts = []
        for part in rule.split(";"):
            name, _, value = part.partition("=")
            if name.upper() == "UNTIL":
                value = _moment({}, value)[0].strftime("%Y%m%dT%H%M%S")
            parts.append(f"{name}={value}")
        starts.update(rrulestr(";".join(parts), dtstart=dtstart))
    for params, value in master.get("EXDATE", []):
        starts -= {_moment(params, v)[0] for v in value.split(",")}
    return sorted(starts)


def read_ics(path: Path) -> list[Meeting]:
    """Every occurrence in the file, each once, keyed by UID and its start as first scheduled.

    An occurrence is (UID, RECURRENCE-ID) for a moved or changed one and (UID, start) otherwise,
    so two different meetings with the same subject at the same time stay two. A moved
    occurrence replaces the one its RECURRENCE-ID names, wherever it moved to (after the rule's
    UNTIL included: the package drops such a last occurrence). The same event written twice
    (same UID, same start) is one meeting.
    """
    events = _events(path.read_text(encoding="utf-8-sig"))
    masters = {_uid(ev): ev for ev in events if "RRULE" in ev and "RECURRENCE-ID" not in ev}
    moved = {(_uid(ev), _moment(*_first(ev, "RECURRENCE-ID"))[0]): ev for ev in events if "RECURRENCE-ID" in ev}
    found: dict[tuple, Meeting] = {}
    for series, master in masters.items():
        for start in _rule_starts(master):
            key = (series, start)
            occurrence = _occurrence(moved[key], key) if key in moved else _occurrence(master, key, start)
            found[key] = _cancelled(occurrence) if _is_cancelled(master) else occurrence  # a cancelled series cancels every date
    for key, event in moved.items():  # a moved occurrence whose original date the rule does not give (none in the sample)
        found.setdefault(key, _occurrence(event, key))
    for event in events:
        if "RRULE" not in event and "RECURRENCE-ID" not in event:
            key = (_uid(event), _moment(*_first(event, "DTSTART"))[0])
            found.setdefault(key, _occurrence(event, key))
    return list(found.values())


def _uid(event: dict) -> str:
    """The event's UID; an event without one (none in the sample) is an identity of its own."""
    return (_first(event, "UID") or ({}, ""))[1].strip() or f"no-uid-{id(event)}"


def _is_cancelled(event: dict) -> bool:
    return (_first(event, "STATUS") or ({}, ""))[1].strip().upper() == "CANCELLED"


def _cancelled(meeting: Meeting) -> Meeting:
    return Meeting(meeting.key, meeting.subject, meeting.start, meeting.end, meeting.all_day, True, meeting.people)


# ---- Teams attendance reports ---------------------------------------------------------------


def _teams_time(text: str) -> datetime:
    return datetime.strptime(text.strip(), "%d/%m/%y, %H:%M:%S")  # UK wall clock, as Teams writes it for a UK tenant


def read_teams(path: Path) -> Meeting:
    """One Teams report: the summary's start and end, and the people of its Participants section.

    A participant is known by their address (a guest's by the address inside the guest sign-in
    name); a phone dial-in has none and is known by the number shown. Everyone listed attended.
    """
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-16"), newline=""), delimiter="\t"))
    summary: dict[str, str] = {}
    header_at = next(i for i, r in enumerate(rows) if r[:3] == ["Name", "First Join", "Last Leave"])
    for row in rows[:header_at]:
        if len(row) >= 2 and row[0].strip():
            summary.setdefault(row[0].strip(), row[1].strip())
    header = rows[header_at]
    people: dict[str, Invitee] = {}
    for row in rows[header_at + 1 :]:
        if not any(c.strip() for c in row):
            break
        cell = dict(zip(header, (c.strip() for c in row)))
        email = cell.get("Email", "").lower() or None
        if email is None and (guest := GUEST_UPN.match(cell.get("Participant ID (UPN)", ""))):
            email = f"{guest['local']}@{guest['domain']}".lower()
        person = Invitee(email, cell["Name"], False)
        people.setdefault(person.key, person)
    start, end = _teams_time(summary["Start time"]), _teams_time(summary["End time"])
    title = " ".join(summary["Meeting title"].split())
    return Meeting(("teams", path.name), title, start, end, False, False, tuple(people.values()))


# ---- classic Outlook CSV --------------------------------------------------------------------


@dataclass(frozen=True)
class OutlookItem:
    """A row of the Outlook CSV: subject, start, end, all-day flag and the display names on it."""

    subject: str
    start: datetime
    end: datetime
    all_day: bool
    names: frozenset[str]


def read_outlook(path: Path) -> list[OutlookItem]:
    """Outlook's "Export to a file" CSV (Windows-1252, UK dates); resources are not people."""
    items = []
    with path.open(encoding="cp1252", newline="") as fh:
        for row in csv.DictReader(fh):
            names = [row.get("Meeting Organizer") or ""]
            for column in ("Required Attendees", "Optional Attendees"):
                names += (row.get(column) or "").split(";")
            items.append(
                OutlookItem(
                    subject=" ".join(row["Subject"].split()),
                    start=datetime.strptime(f"{row['Start Date']} {row['Start Time']}", "%d/%m/%Y %H:%M:%S"),
                    end=datetime.strptime(f"{row['End Date']} {row['End Time']}", "%d/%m/%Y %H:%M:%S"),
                    all_day=row["All day event"].strip().lower() == "true",
                    names=frozenset(n.strip().casefold() for n in names if n.strip()),
                )
            )
    return items


# ---- the sample's meetings ------------------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    """Everything read from the sample's calendar files."""

    ics: list[Meeting]
    teams: list[Meeting]
    outlook: list[OutlookItem]

    @property
    def meetings(self) -> list[Meeting]:
        """The meetings the indicators count: timed, not cancelled, ending after they start, 2+ people."""
        return [m for m in self.ics + self.teams if counts(m)]


def counts(meeting: Meeting) -> bool:
    """A meeting in the catalogue's sense (all-day items mark leave or training days, not meetings)."""
    return not meeting.cancelled and not meeting.all_day and meeting.end > meeting.start and meeting.size >= 2


def read_calendar(folder: Path = SAMPLES) -> Calendar:
    return Calendar(
        ics=read_ics(folder / ICS_FILE),
        teams=[read_teams(p) for p in sorted(folder.glob(TEAMS_GLOB))],
        outlook=read_outlook(folder / OUTLOOK_FILE),
    )
