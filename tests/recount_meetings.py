"""Meeting indicators (catalogue A1) worked out again from :mod:`tests.recount_calendar`.

Rules copied from the catalogue and the package's definitions, each re-implemented here:

- a meeting has two or more people among organiser and attendees; a decline still counts
  towards that size (the package counts invitations, declined ones included), but a person who
  declined spends no hours in it;
- attendee-hours are the meeting's scheduled length (end minus start on the wall clock) for
  each member of staff on it who did not decline, whatever their own minutes in a Teams report;
- "direct work" is a subject with a direct-work term as a whole word (settings' default list,
  an "s" or "es" plural allowed, a space matching a hyphen, underscore or slash); it is never
  counted in a numerator, and stays in every denominator;
- "long" is more than 60 minutes; "large" is 9 or more people, organiser included;
- weeks are the working days (Monday to Friday less bank holidays) from the first meeting's day
  to the last meeting's day, over 5.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from tests.recount_calendar import Calendar, Meeting, counts
from tests.recount_common import DAYS_PER_WORKING_WEEK, Recount, Staff, working_days

LONG_S = 60 * 60  # longer than one hour
LARGE = 9  # people, organiser included: Viva Insights' "more than 8"
PERCENT = 100.0
SECONDS_PER_HOUR = 3600.0

# The settings' default direct-work terms (diagnostic/settings.py), typed in again.
DIRECT_WORK_TERMS = (
    "home visit",
    "visit",
    "family time",
    "fgc",
    "family group conference",
    "court",
    "conference with family",
    "direct work",
    "child protection conference",
    "core group",
    "life story",
    "review with young person",
)


def _direct_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    words = [r"[\s\-_/]+".join(re.escape(w) for w in term.split()) for term in terms]
    return re.compile(rf"(?<![A-Za-z0-9])(?:{'|'.join(words)})(?:e?s)?(?![A-Za-z0-9])", re.IGNORECASE)


DIRECT_WORK = _direct_pattern(DIRECT_WORK_TERMS)


def is_direct_work(subject: str) -> bool:
    return DIRECT_WORK.search(subject) is not None


@dataclass(frozen=True)
class Attendance:
    """Who spent time in which counted meeting: staff who did not decline, each once per meeting."""

    meetings: list[Meeting]
    rows: list[tuple[Meeting, str]]  # (meeting, person key)

    @property
    def weeks(self) -> float:
        first = min(m.start.date() for m in self.meetings)
        last = max(m.start.date() for m in self.meetings)
        return working_days(first, last) / DAYS_PER_WORKING_WEEK


def attendance(calendar: Calendar, staff: Staff) -> Attendance:
    meetings = calendar.meetings
    rows = [(m, p.key) for m in meetings for p in m.people if not p.declined and staff.is_internal(p.email)]
    return Attendance(meetings, rows)


def meetings_counted(att: Attendance) -> Recount:
    """The number of meetings behind the meeting indicators."""
    return Recount(float(len(att.meetings)), len(att.meetings))


def long_meeting_share(att: Attendance) -> Recount:
    """Meetings longer than an hour (direct work never long) over all meetings, in %."""
    long = sum(1 for m in att.meetings if m.seconds > LONG_S and not is_direct_work(m.subject))
    return Recount(PERCENT * long / len(att.meetings), len(att.meetings))


def large_meeting_share(att: Attendance) -> Recount:
    """Attendee-hours in meetings of 9+ people (direct work never counted) over all attendee-hours, in %."""
    total = sum(m.seconds for m, _ in att.rows)
    large = sum(m.seconds for m, _ in att.rows if m.size >= LARGE and not is_direct_work(m.subject))
    return Recount(PERCENT * large / total, len(att.meetings))


def meeting_hours_per_person(att: Attendance) -> Recount:
    """Each person's hours a week in meetings other than direct work; mean over the staff in any meeting.

    Someone whose only meetings are direct work counts with 0 hours: they are in the calendar.
    """
    hours: dict[str, float] = defaultdict(float)
    for m, person in att.rows:
        hours[person] += 0.0 if is_direct_work(m.subject) else m.seconds / SECONDS_PER_HOUR
    weeks = att.weeks
    return Recount(sum(h / weeks for h in hours.values()) / len(hours), len(hours))


@dataclass(frozen=True)
class OutlookCheck:
    """What merging the Outlook CSV into the .ics meetings (same subject and start, shared people) would do."""

    items: int  # timed Outlook rows
    matched: int  # rows with an .ics meeting of the same subject and start sharing at least one person
    unmatched: int  # rows with no such .ics meeting: they would add meetings
    added_people: int  # (meeting, name) pairs on an Outlook row that its .ics meeting does not list


def outlook_check(calendar: Calendar) -> OutlookCheck:
    """Outlook names colleagues by display name and outsiders by address, so people are compared by both."""
    by_slot: dict[tuple[str, object], list[Meeting]] = defaultdict(list)
    for m in calendar.ics:
        if counts(m):
            by_slot[(m.subject.casefold(), m.start)].append(m)
    timed = [i for i in calendar.outlook if not i.all_day]
    matched = unmatched = added = 0
    for item in timed:
        candidates = [m for m in by_slot.get((item.subject.casefold(), item.start), []) if item.names & _names(m)]
        if not candidates:
            unmatched += 1
            continue
        matched += 1
        best = max(candidates, key=lambda m: len(item.names & _names(m)))
        added += len(item.names - _names(best))
    return OutlookCheck(len(timed), matched, unmatched, added)


def _names(meeting: Meeting) -> frozenset[str]:
    """Every way the .ics shows its people: display names (CN) and addresses."""
    names = {" ".join(p.name.split()).casefold() for p in meeting.people if p.name}
    return frozenset(names | {p.email for p in meeting.people if p.email})
