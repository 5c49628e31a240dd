"""iCalendar files (Outlook and Google .ics): series expanded, zones read, attendees kept, broken rules reported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from diagnostic.ingest import load_file
from diagnostic.ingest.formats import meetings_ics

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "meetings"


def load(name: str, settings):
    return load_file((FIXTURES / name).read_bytes(), name, settings, strict=True)


def test_outlook_ics_expands_the_weekly_series(settings):
    result = load("outlook.ics", settings)
    m = result.dataset.meetings.sort_values("start")
    team = m[m["kind"] == "team_meeting"]
    starts = [s.strftime("%d/%m %H:%M") for s in team["start"]]
    # 3 February is an EXDATE; 17 February was moved to 18 February at 14:00
    assert starts == ["13/01 10:00", "20/01 10:00", "27/01 10:00", "10/02 10:00", "18/02 14:00", "24/02 10:00"]
    assert team["is_recurring"].all() and team["series_id"].nunique() == 1
    assert team["invitees"].tolist() == [4, 4, 4, 4, 3, 4]  # the room is not a person
    summer = m[m["kind"] == "case"].iloc[0]
    assert summer["start"].tz_convert("UTC") == pd.Timestamp("2025-07-02 09:00", tz="UTC")  # GMT Standard Time in summer
    assert summer["direct_work"]
    day = m[m["all_day"]].iloc[0]
    assert (day["start"], day["end"]) == (pd.Timestamp("2025-01-17", tz="Europe/London"), pd.Timestamp("2025-01-18", tz="Europe/London"))
    assert not m[~m["kind"].eq("team_meeting")]["is_recurring"].any()


BROKEN_RULE_ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:series-1\r
DTSTART:20250303T090000Z\r
DTEND:20250303T100000Z\r
SUMMARY:Team meeting\r
RRULE:FREQ=WEEKLY;BYDAY=M;COUNT=4\r
ORGANIZER:mailto:a@northbridge.gov.uk\r
ATTENDEE:mailto:b@northbridge.gov.uk\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_an_unreadable_repeat_rule_keeps_the_first_date_and_says_where(settings):
    """``BYDAY=M`` is not a weekday (``MO`` is): the event counts once, and the warning names the line."""
    result = load_file(BROKEN_RULE_ICS, "outlook.ics", settings, strict=True)
    assert result.usable and len(result.dataset.meetings) == 1
    assert bool(result.dataset.meetings["is_recurring"].iloc[0])
    warning = next(str(i) for i in result.issues if "repeat rule we cannot read" in str(i))
    assert "row 3" in warning and "RRULE" in warning


def test_outlook_ics_attendance(settings):
    result = load("outlook.ics", settings)
    att = result.dataset.attendance
    assert att["role"].value_counts().to_dict() == {"required": 14, "organiser": 8, "optional": 6}  # no organiser on the all-day event
    assert (att["attended"] == False).sum() == 5  # noqa: E712 - Erin declined the series; accepted the moved one
    assert att["minutes"].isna().all()
    assert result.warnings == ["outlook.ics: 1 cancelled event(s) were left out."]


def test_google_ics(settings):
    result = load("google.ics", settings)
    m = result.dataset.meetings.sort_values("start")
    assert m["start"].iloc[0] == pd.Timestamp("2025-01-20 15:00", tz="Europe/London")
    assert m["direct_work"].tolist() == [True, False, False, False]
    assert m["is_recurring"].tolist() == [False, True, True, True]  # COUNT=3
    assert m["invitees"].tolist() == [3, 3, 3, 3]  # organiser listed as attendee counted once; room left out
    att = result.dataset.attendance
    assert (att["role"] == "organiser").sum() == 4
    assert (att["attended"] == False).sum() == 3  # noqa: E712


def test_calendar_without_attendees_says_so(settings):
    result = load("busy_only.ics", settings)
    assert any("busy time but no network" in w for w in result.warnings)
    m = result.dataset.meetings.sort_values("start")
    assert m["start"].iloc[0] == pd.Timestamp("2025-03-03 08:00", tz="Europe/London")  # Romance Standard Time
    assert m["end"].iloc[2] - m["start"].iloc[2] == pd.Timedelta(minutes=45)  # DURATION
    assert m["invitees"].tolist() == [1, 1, 1]


def ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n".encode()


@pytest.mark.parametrize(
    ("zone", "utc_hour"),
    [("Eastern Standard Time", 15), ("Pacific Standard Time", 18), ("W. Europe Standard Time", 9), ("UTC", 10), ("GMT Standard Time", 10)],
)
def test_windows_zone_names_without_a_definition(zone, utc_hour, settings):
    data = ics(f'UID:a\r\nSUMMARY:x\r\nDTSTART;TZID={zone}:20250114T100000\r\nDTEND;TZID="{zone}":20250114T110000')
    start = load_file(data, "z.ics", settings, strict=True).dataset.meetings["start"].iloc[0]
    assert start.tz_convert("UTC").hour == utc_hour


def test_unknown_zone_is_read_as_uk_time_with_a_warning(settings):
    data = ics("UID:a\r\nSUMMARY:x\r\nDTSTART;TZID=Nowhere Time:20250114T100000\r\nDTEND;TZID=Nowhere Time:20250114T110000")
    result = load_file(data, "z.ics", settings, strict=True)
    assert result.dataset.meetings["start"].iloc[0] == pd.Timestamp("2025-01-14 10:00", tz="Europe/London")
    assert any("Nowhere Time" in w for w in result.warnings)


def test_open_ended_series_runs_to_the_end_of_the_file(settings):
    data = ics(
        "UID:s\r\nSUMMARY:Huddle\r\nDTSTART:20250106T090000Z\r\nDTEND:20250106T091500Z\r\nRRULE:FREQ=DAILY",
        "UID:t\r\nSUMMARY:Panel\r\nDTSTART:20250110T090000Z\r\nDTEND:20250110T100000Z",
    )
    result = load_file(data, "feed.ics", settings, strict=True)
    assert (result.dataset.meetings["kind"] == "team_meeting").sum() == 5  # 6 to 10 January
    assert any("no end date" in w and "10 January 2025" in w for w in result.warnings)


def test_event_without_a_start_is_skipped_with_its_line(settings):
    data = ics("UID:a\r\nSUMMARY:x\r\nDTEND:20250114T110000Z", "UID:b\r\nSUMMARY:y\r\nDTSTART:20250115T100000Z")
    result = load_file(data, "z.ics", settings, strict=True)
    assert len(result.dataset.meetings) == 1
    [issue] = [i for i in result.issues if i.column == "DTSTART"]
    assert issue.rows == (3,)


@pytest.mark.parametrize("rule", ["FREQ=MINUTELY;COUNT=1000000", "FREQ=HOURLY", "FREQ=DAILY;BYHOUR=8,9,10,11,12"])
def test_rules_repeating_many_times_a_day_keep_only_their_first_date(rule, settings):
    data = ics(f"UID:m\r\nSUMMARY:x\r\nDTSTART:20250101T080000Z\r\nDTEND:20250101T080100Z\r\nRRULE:{rule}")
    result = load_file(data, "z.ics", settings, strict=True)
    assert len(result.dataset.meetings) == 1
    assert any("more than 4 times a day" in w for w in result.warnings)


def test_occurrences_are_capped_per_file(settings, monkeypatch):
    monkeypatch.setattr(meetings_ics, "MAX_OCCURRENCES", 10)
    data = ics("UID:d\r\nSUMMARY:x\r\nDTSTART:20250101T090000Z\r\nDTEND:20250101T091500Z\r\nRRULE:FREQ=DAILY;COUNT=400")
    result = load_file(data, "z.ics", settings, strict=True)
    assert len(result.dataset.meetings) == 10
    assert any("only the first 10 meetings" in w for w in result.warnings)


def test_a_daily_series_with_count_runs_to_its_count(settings):
    data = ics("UID:d\r\nSUMMARY:x\r\nDTSTART:20250101T090000Z\r\nDTEND:20250101T091500Z\r\nRRULE:FREQ=DAILY;COUNT=400")
    assert len(load_file(data, "z.ics", settings, strict=True).dataset.meetings) == 400


def test_ics_with_no_events_is_an_error(settings):
    result = load_file(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "empty.ics", settings, strict=True)
    assert result.errors and "no events" in result.errors[0]
