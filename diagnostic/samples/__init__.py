"""A synthetic organisation's exports, in the real formats: ``python -m diagnostic sample``.

Northbridge Council Children's Services is fictional. Its teams have deliberately different
habits (see ``habits.py`` and ``data/samples/README.md``) so that every indicator has something
true to show. Each part draws from its own generator seeded from ``seed`` and a fixed name, and the
time window is fixed, so the same arguments always give the same bytes.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from pathlib import Path

from diagnostic.errors import InputError
from diagnostic.samples.casework import audit_conversations, build_audits, build_log
from diagnostic.samples.clock import Window
from diagnostic.samples.habits import BALANCED, SAFEGUARDING
from diagnostic.samples.mail import simulate_mail, trace_days
from diagnostic.samples.meetings import build_calendar
from diagnostic.samples.online import build_online_meetings
from diagnostic.samples.organisation import build_organisation
from diagnostic.samples.voices import build_forms, build_room, build_survey
from diagnostic.samples.writers import documents, exchange, ics, outlook_csv, spreadsheets, surveys, teams_attendance, usage

MIN_PEOPLE, MAX_PEOPLE = 100, 10_000
MIN_WEEKS, MAX_WEEKS = 4, 52
EXPORT_TIME = time(9, 0)  # the exports were all taken at 09:00 two days after the window closed

__all__ = ["write_sample"]


def write_sample(out: Path, people: int = 150, weeks: int = 12, seed: int = 7) -> list[Path]:
    """Write the sample organisation's exports into ``out`` (created if needed); return the files.

    Existing files in ``out`` are overwritten when they have the same name and otherwise left alone.
    """
    if not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise InputError(f"--people must be between {MIN_PEOPLE} and {MAX_PEOPLE:,}; you gave {people}.")
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise InputError(f"--weeks must be between {MIN_WEEKS} and {MAX_WEEKS}; you gave {weeks}.")
    files = build_files(people, weeks, seed)
    out = Path(out)
    written = []
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def _rng(seed: int, part: str) -> random.Random:
    """One generator per part, so changing how one part is drawn never changes another."""
    return random.Random(f"{seed}:{part}")


def build_files(people: int, weeks: int, seed: int, leaning: str = BALANCED) -> dict[str, bytes]:
    """File name (relative, ``/``-separated) -> exact bytes. ``leaning``: see ``habits.LEANINGS``."""
    window = Window(weeks)
    stamp = datetime.combine(window.end + timedelta(days=2), EXPORT_TIME)
    org = build_organisation(people, _rng(seed, "organisation"), leaning)
    audits = build_audits(org, window, _rng(seed, "audits"))
    calendar = build_calendar(org, window, _rng(seed, "calendar"), audit_conversations(audits))
    (trace_first, trace_last), (summary_first, summary_last) = trace_days(window)
    trace = simulate_mail(org, window, trace_first, trace_last, _rng(seed, "trace"))
    summary = simulate_mail(org, window, summary_first, summary_last, _rng(seed, "summary"))
    log = build_log(org, window, _rng(seed, "complaints"))
    online = build_online_meetings(org, window, _rng(seed, "teams"))
    head = org.heads[SAFEGUARDING][0]
    writing = _rng(seed, "writing")

    files = {
        "roster.xlsx": spreadsheets.write_roster(org, stamp),
        "calendar_northbridge.ics": ics.write_ics(calendar.meetings, stamp, writing),
        "outlook_calendar_head_of_service.csv": outlook_csv.write_outlook_csv(calendar.meetings, head, writing),
    }
    for meeting in online:
        files[teams_attendance.file_name(meeting)] = teams_attendance.write_attendance(meeting, writing)
    files |= {
        "message_trace.csv": exchange.write_message_trace(trace, writing),
        "message_trace_summary.csv": exchange.write_summary_report(summary, writing),
        "email_activity_user_detail.csv": usage.write_email_activity(org, window, calendar.meetings, writing),
        "teams_user_activity_user_detail.csv": usage.write_teams_activity(org, window, calendar.meetings, writing),
        "case_audits.xlsx": spreadsheets.write_audits(audits, stamp),
        "complaints_log.xlsx": spreadsheets.write_complaints(log, window.working_days_between, stamp),
        "young_people_feedback_forms.xlsx": spreadsheets.write_forms(build_forms(org, window, _rng(seed, "forms")), stamp),
        "staff_survey_surveymonkey.csv": surveys.write_surveymonkey(build_survey(org, window, _rng(seed, "survey"))),
        "letter_to_family.docx": documents.write_letter(stamp),
        "family_time_policy.md": documents.write_policy(),
        "self_assessment_room.csv": surveys.write_room(build_room(_rng(seed, "room"))),
    }
    return files
