"""Indicators of the bundled sample worked out again from its raw files, with plain code.

A check a sceptical analyst would make before a number goes to a board: nothing here imports
``diagnostic``. Files are read with ``csv``, ``openpyxl`` and line parsing of the .ics (repeat
rules expanded with ``dateutil``); each definition is re-implemented from the indicator catalogue.
The modules:

- :mod:`tests.recount_common`: the staff list, working days and hours, bank holidays;
- :mod:`tests.recount_calendar`: meetings from the .ics, the Teams reports and the Outlook CSV;
- :mod:`tests.recount_meetings`, :mod:`tests.recount_email`, :mod:`tests.recount_records`: the
  indicators.

:func:`recount` gives every indicator's value and ``n`` by the package's indicator id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests import recount_email, recount_meetings, recount_records
from tests.recount_calendar import Calendar, read_calendar
from tests.recount_common import SAMPLES, Recount, Staff, read_staff

MEETINGS_COUNTED = "meetings"  # not an indicator: the number of meetings behind the meeting indicators


@dataclass(frozen=True)
class Sources:
    """The sample's raw files, read once."""

    staff: Staff
    calendar: Calendar
    attendance: recount_meetings.Attendance
    sent: list[recount_email.Message]
    audits: list[dict[str, object]]
    feedback: list[dict[str, object]]


def read_sources(folder: Path = SAMPLES) -> Sources:
    staff = read_staff(folder)
    calendar = read_calendar(folder)
    return Sources(
        staff=staff,
        calendar=calendar,
        attendance=recount_meetings.attendance(calendar, staff),
        sent=recount_email.sent_by_staff(recount_email.read_traces(folder), staff),
        audits=recount_records.audits(folder),
        feedback=recount_records.feedback_items(folder),
    )


RECOUNTS: dict[str, Callable[[Sources], Recount]] = {
    MEETINGS_COUNTED: lambda s: recount_meetings.meetings_counted(s.attendance),
    "long_meeting_share": lambda s: recount_meetings.long_meeting_share(s.attendance),
    "large_meeting_share": lambda s: recount_meetings.large_meeting_share(s.attendance),
    "meeting_hours_per_person": lambda s: recount_meetings.meeting_hours_per_person(s.attendance),
    "after_hours_email_share": lambda s: recount_email.after_hours_email_share(s.sent),
    "mean_recipients_per_message": lambda s: recount_email.mean_recipients_per_message(s.sent),
    "child_voice_rate": lambda s: recount_records.child_voice_rate(s.audits),
    "practice_focus_share": lambda s: recount_records.practice_focus_share(s.audits),
    "child_feedback_share": lambda s: recount_records.child_feedback_share(s.feedback),
    "complaint_stage1_in_10wd": lambda s: recount_records.complaint_stage1_in_10wd(s.feedback),
}


def recount(sources: Sources) -> dict[str, Recount]:
    """Every recounted figure, by indicator id."""
    return {name: compute(sources) for name, compute in RECOUNTS.items()}
