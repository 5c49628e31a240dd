"""The package's figures for the bundled sample agree with a recount from the raw files.

The recount (:mod:`tests.recount`) reads the files with plain code and re-implements each
definition; the package's side is its own loading of the sample and its indicator functions.
Values must agree to 4 decimal places (both sides sum the same whole seconds, counts and days,
so any larger gap is a difference of definition or of reading, never of rounding), and ``n``
exactly.

The recount's own reading is checked too: its repeat-rule expansion against
``recurring_ical_events``, its working days against the complaints log's own column.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import recurring_ical_events

from diagnostic.indicators import BY_ID
from diagnostic.scorecard import measure
from diagnostic.settings import Settings
from tests.conftest import SAMPLE_SALT
from tests.recount import MEETINGS_COUNTED, Sources, read_sources, recount
from tests.recount_calendar import ICS_FILE, LONDON
from tests.recount_common import SAMPLES, sheet_rows
from tests.recount_meetings import outlook_check
from tests.recount_records import day_of, working_days_after

pytestmark = pytest.mark.slow  # reads the whole sample twice: once with plain code, once with the package

DECIMALS = 4
TOLERANCE = 0.5 * 10**-DECIMALS
MEETING_INDICATORS = ("long_meeting_share", "large_meeting_share", "after_hours_meeting_share", "recurring_large_long_share")
TIMED_ICS_MEETINGS = 2200  # distinct timed .ics occurrences with 2+ people, not cancelled, ending after they start
TEAMS_REPORTS = 3


@pytest.fixture(scope="module")
def sources() -> Sources:
    if not (SAMPLES / ICS_FILE).exists():
        pytest.skip("the sample organisation has not been generated into data/samples")
    return read_sources()


@pytest.fixture(scope="module")
def recounted(sources):
    return recount(sources)


@pytest.fixture(scope="module")
def package(sample_dataset):
    settings = Settings(salt=SAMPLE_SALT)
    return lambda indicator_id: measure(BY_ID[indicator_id], sample_dataset, settings)


def _agrees(recounted, package, indicator_id: str) -> None:
    mine, theirs = recounted[indicator_id], package(indicator_id)
    assert theirs.value is not None, theirs.note
    said = f"package {theirs.value:.{DECIMALS}f} (n {theirs.n}), recount {mine.value:.{DECIMALS}f} (n {mine.n})"
    assert theirs.value == pytest.approx(mine.value, abs=TOLERANCE), said
    assert theirs.n == mine.n, said


def test_the_meetings_counted_are_the_ics_occurrences_and_the_teams_reports(sources, recounted, package):
    ics = [m for m in sources.calendar.meetings if m.key[0] != "teams"]
    assert (len(ics), len(sources.calendar.teams)) == (TIMED_ICS_MEETINGS, TEAMS_REPORTS)
    assert recounted[MEETINGS_COUNTED].n == TIMED_ICS_MEETINGS + TEAMS_REPORTS
    assert {i: package(i).n for i in MEETING_INDICATORS} == dict.fromkeys(MEETING_INDICATORS, recounted[MEETINGS_COUNTED].n)


RECOUNTED = (
    "long_meeting_share",
    "large_meeting_share",
    "meeting_hours_per_person",
    "after_hours_email_share",
    "mean_recipients_per_message",
    "child_voice_rate",
    "practice_focus_share",
    "child_feedback_share",
    "complaint_stage1_in_10wd",
)


@pytest.mark.parametrize("indicator_id", RECOUNTED)
def test_the_package_agrees_with_the_recount(recounted, package, indicator_id):
    _agrees(recounted, package, indicator_id)


def test_the_outlook_csv_adds_no_meeting_and_no_one_to_the_ics_meetings(sources):
    """Every timed Outlook row is an .ics meeting (same subject and start, people in common) and lists nobody it does not."""
    check = outlook_check(sources.calendar)
    assert check.items > 0
    assert (check.matched, check.unmatched, check.added_people) == (check.items, 0, 0)


def test_the_recount_expands_repeats_as_recurring_ical_events_does(sources):
    """A second reading of the .ics, by the icalendar libraries over a window wide enough to miss nothing."""
    text = (SAMPLES / ICS_FILE).read_text(encoding="utf-8-sig").replace("TZID=GMT Standard Time", "TZID=Europe/London")
    occurrences = recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(dt.date(2024, 1, 1), dt.date(2027, 1, 1))

    def wall(value):
        if isinstance(value, dt.datetime):
            return value.astimezone(LONDON).replace(tzinfo=None) if value.tzinfo else value
        return dt.datetime(value.year, value.month, value.day)

    theirs = sorted((str(o["UID"]).strip(), wall(o.decoded("DTSTART")), wall(o.decoded("DTEND"))) for o in occurrences)
    assert sorted((m.key[0], m.start, m.end) for m in sources.calendar.ics) == theirs


def test_the_recount_counts_working_days_as_the_complaints_log_does():
    """The log's own "Working Days Taken" column, kept by the complaints team, is the recount's count."""
    rows = [r for r in sheet_rows(SAMPLES / "complaints_log.xlsx") if r["Date Responded"] is not None]
    assert rows
    assert [working_days_after(day_of(r["Date Received"]), day_of(r["Date Responded"])) for r in rows] == [
        int(r["Working Days Taken"]) for r in rows
    ]
