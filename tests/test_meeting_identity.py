"""Which meeting is which: an .ics occurrence is its UID and original start, a repeat rule follows
RFC 5545, and the same meeting seen in a calendar, an Outlook export and a Teams report is kept once,
never two meetings that only share a subject and a start."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from diagnostic.indicators.meetings import long_meeting_share
from diagnostic.ingest import load_bytes, load_file
from diagnostic.ingest.combine import combine
from diagnostic.report.export import to_csv_bytes
from diagnostic.settings import Settings

DOMAIN = "northbridge.gov.uk"


def person(name: str, role: str = "REQ-PARTICIPANT", extra: str = "") -> str:
    address = name.lower().replace(" ", ".")
    return f'ATTENDEE;CN="{name}";ROLE={role}{extra}:mailto:{address}@{DOMAIN}'


def organiser(name: str) -> str:
    return f'ORGANIZER;CN="{name}":mailto:{name.lower().replace(" ", ".")}@{DOMAIN}'


def event(*lines: str) -> str:
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"


def calendar(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "".join(events) + "END:VCALENDAR\r\n").encode()


def outlook_csv(*rows: tuple[str, str, str, str, str, str]) -> bytes:
    """Outlook's calendar CSV: (subject, date, start, end, organiser, required attendees) per row."""
    header = '"Subject","Start Date","Start Time","End Date","End Time","All day event","Meeting Organizer","Required Attendees","Optional Attendees"'
    lines = [header] + [f'"{s}","{d}","{a}","{d}","{b}","False","{o}","{r}",' for s, d, a, b, o, r in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def teams_report(title: str, start: str, end: str, people: list[tuple[str, str]]) -> bytes:
    """A current-layout Teams attendance report; ``people`` are (name, role) with the time of the whole meeting."""
    rows = [
        "1. Summary",
        f"Meeting title\t{title}",
        f"Attended participants\t{len(people)}",
        f"Start time\t{start}",
        f"End time\t{end}",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for name, role in people:
        address = f"{name.lower().replace(' ', '.')}@{DOMAIN}"
        rows.append(f"{name}\t{start}\t{end}\t50m\t{address}\t{address}\t{role}")
    return ("\r\n".join(rows) + "\r\n").encode("utf-16")


def meeting_rows(dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Meetings and attendance as sorted plain tables, to compare two loads."""
    meetings = dataset.meetings.sort_values("meeting_id").reset_index(drop=True)
    attendance = dataset.attendance.sort_values(["meeting_id", "person_id"]).reset_index(drop=True)
    return meetings, attendance


def load_one(data: bytes, name: str, settings):
    result = load_file(data, name, settings, strict=True)
    assert result.usable, result.issues
    return result


# A four-weekly supervision whose last occurrence (5 March, the UNTIL date) moved to 6 March.
SUPERVISION = event(
    "UID:sup-1",
    organiser("Erin Reid"),
    person("Stuart Hale"),
    "SUMMARY:Supervision – Stuart",
    "DTSTART:20250108T093000Z",
    "DTEND:20250108T103000Z",
    "RRULE:FREQ=WEEKLY;INTERVAL=4;BYDAY=WE;UNTIL=20250305T093000Z",
)
# The February occurrence of the series, cancelled
CANCELLED = event(
    "UID:sup-1",
    "SUMMARY:Supervision – Stuart",
    "RECURRENCE-ID:20250205T093000Z",
    "STATUS:CANCELLED",
    "SEQUENCE:1",
    "DTSTART:20250205T093000Z",
    "DTEND:20250205T103000Z",
)
MOVED = event(
    "UID:sup-1",
    organiser("Erin Reid"),
    person("Stuart Hale"),
    "SUMMARY:Supervision – Stuart",
    "RECURRENCE-ID:20250305T093000Z",
    "DTSTART:20250306T093000Z",
    "DTEND:20250306T103000Z",
    "SEQUENCE:1",
)


def starts(result) -> list[str]:
    return sorted(s.tz_convert("UTC").strftime("%Y-%m-%d %H:%M") for s in result.dataset.meetings["start"])


def test_a_last_occurrence_moved_after_until_is_kept(settings):
    """UNTIL bounds the occurrence's original date (5 March), not the date it moved to (6 March)."""
    result = load_one(calendar(SUPERVISION, MOVED), "sup.ics", settings)
    assert starts(result) == ["2025-01-08 09:30", "2025-02-05 09:30", "2025-03-06 09:30"]


def test_an_occurrence_moved_earlier_than_the_series_start_is_kept(settings):
    early = MOVED.replace("RECURRENCE-ID:20250305T093000Z", "RECURRENCE-ID:20250108T093000Z").replace("20250306", "20250107")
    result = load_one(calendar(SUPERVISION, early), "sup.ics", settings)
    assert starts(result) == ["2025-01-07 09:30", "2025-02-05 09:30", "2025-03-05 09:30"]


def test_an_override_for_a_date_after_until_is_not_an_occurrence(settings):
    beyond = MOVED.replace("RECURRENCE-ID:20250305T093000Z", "RECURRENCE-ID:20250402T093000Z").replace("20250306", "20250403")
    result = load_one(calendar(SUPERVISION, beyond), "sup.ics", settings)
    assert starts(result) == ["2025-01-08 09:30", "2025-02-05 09:30", "2025-03-05 09:30"]


def test_a_cancelled_occurrence_and_an_exdate_are_left_out(settings):
    cancelled = CANCELLED
    excluded = SUPERVISION.replace("END:VEVENT", "EXDATE:20250305T093000Z\r\nEND:VEVENT")
    result = load_one(calendar(excluded, cancelled), "sup.ics", settings)
    assert starts(result) == ["2025-01-08 09:30"]
    assert any("cancelled" in w for w in result.warnings)


def test_an_rdate_adds_an_occurrence_even_after_until(settings):
    added = SUPERVISION.replace("END:VEVENT", "RDATE:20250320T140000Z\r\nEND:VEVENT")
    result = load_one(calendar(added), "sup.ics", settings)
    assert starts(result) == ["2025-01-08 09:30", "2025-02-05 09:30", "2025-03-05 09:30", "2025-03-20 14:00"]


def test_two_versions_of_one_occurrence_are_one_meeting_chosen_by_sequence(settings):
    """The update (SEQUENCE 2) wins wherever it is in the file; the old version's people are not added."""
    old = event(
        "UID:one",
        organiser("Ann Lee"),
        person("Ben Cole"),
        "SUMMARY:Panel",
        "SEQUENCE:1",
        "DTSTART:20250114T100000Z",
        "DTEND:20250114T110000Z",
    )
    new = event(
        "UID:one",
        organiser("Ann Lee"),
        person("Cara Diaz"),
        "SUMMARY:Panel",
        "SEQUENCE:2",
        "DTSTART:20250114T140000Z",
        "DTEND:20250114T150000Z",
    )
    for order in ((old, new), (new, old)):
        result = load_one(calendar(*order), "x.ics", settings)
        meetings, attendance = result.dataset.meetings, result.dataset.attendance
        assert len(meetings) == 1 and starts(result) == ["2025-01-14 14:00"]
        assert len(attendance) == 2 and meetings["invitees"].tolist() == [2]
        assert any("more than once" in w for w in result.warnings)


def test_the_same_version_twice_is_one_meeting_with_the_later_dtstamp(settings):
    base = ("UID:one", organiser("Ann Lee"), "SUMMARY:Panel", "DTSTART:20250114T100000Z", "DTEND:20250114T110000Z")
    early = event(*base, person("Ben Cole"), "DTSTAMP:20250101T000000Z")
    late = event(*base, person("Cara Diaz"), person("Dev Shah"), "DTSTAMP:20250102T000000Z")
    a = load_one(calendar(early, late), "x.ics", settings).dataset
    b = load_one(calendar(late, early), "x.ics", settings).dataset
    assert len(a.meetings) == 1 and len(a.attendance) == 3
    pd.testing.assert_frame_equal(meeting_rows(a)[1], meeting_rows(b)[1])


def test_generic_subjects_at_the_same_time_stay_two_meetings(settings):
    """Two teams' "Team huddle" at 09:00 share a subject and a start, not a meeting."""
    one = event(
        "UID:h1", organiser("Ann Lee"), person("Ben Cole"), "SUMMARY:Team huddle", "DTSTART:20250114T090000Z", "DTEND:20250114T091500Z"
    )
    two = event(
        "UID:h2", organiser("Cara Diaz"), person("Dev Shah"), "SUMMARY:Team huddle", "DTSTART:20250114T090000Z", "DTEND:20250114T091500Z"
    )
    result = load_one(calendar(one, two), "x.ics", settings)
    assert result.dataset.meetings["meeting_id"].nunique() == 2
    assert result.dataset.attendance.groupby("meeting_id").size().tolist() == [2, 2]
    rows = outlook_csv(
        ("Team huddle", "14/01/2025", "09:00:00", "09:15:00", "Ann Lee", "Ann Lee;Ben Cole"),
        ("Team huddle", "14/01/2025", "09:00:00", "09:15:00", "Cara Diaz", "Cara Diaz;Dev Shah"),
    )
    assert load_one(rows, "o.csv", settings).dataset.meetings["meeting_id"].nunique() == 2


def test_an_event_without_a_uid_has_the_same_id_in_every_load(settings):
    data = calendar(
        event("SUMMARY:Drop-in", organiser("Ann Lee"), person("Ben Cole"), "DTSTART:20250114T100000Z", "DTEND:20250114T110000Z")
    )
    first = load_one(data, "a.ics", settings).dataset.meetings["meeting_id"]
    assert first.tolist() == load_one(data, "b (1).ics", settings).dataset.meetings["meeting_id"].tolist()


def test_a_distribution_list_is_not_a_person(settings):
    data = calendar(
        event(
            "UID:g",
            organiser("Ann Lee"),
            person("All Staff", extra=";CUTYPE=GROUP"),
            person("Ben Cole"),
            "SUMMARY:Briefing",
            "DTSTART:20250114T100000Z",
            "DTEND:20250114T110000Z",
        )
    )
    result = load_one(data, "g.ics", settings)
    assert len(result.dataset.attendance) == 2 and result.dataset.meetings["invitees"].tolist() == [2]


def test_the_same_calendar_loaded_twice_under_another_name_is_the_same_meetings(settings):
    data = calendar(SUPERVISION, MOVED)
    once, _ = load_bytes([("sup.ics", data)], settings)
    twice, _ = load_bytes([("sup.ics", data), ("sup (1).ics", data)], settings)
    for a, b in zip(meeting_rows(once), meeting_rows(twice)):
        pd.testing.assert_frame_equal(a, b)


# Two calendar occurrences with one subject and start: a team's and a panel's, each with its own people.
CANDIDATES = calendar(
    event(
        "UID:c1",
        organiser("Ann Lee"),
        person("Ben Cole"),
        person("Cara Diaz"),
        "SUMMARY:Review",
        "DTSTART:20250114T100000Z",
        "DTEND:20250114T110000Z",
    ),
    event(
        "UID:c2",
        organiser("Eve Ford"),
        person("Ben Cole"),
        person("Gus Hart"),
        person("Ida Jones"),
        "SUMMARY:Review",
        "DTSTART:20250114T100000Z",
        "DTEND:20250114T110000Z",
    ),
)


def test_an_outlook_meeting_joins_the_calendar_occurrence_it_shares_most_people_with(settings):
    """Outlook's row names Ben, Gus and Ida: it shares one person with c1 and three with c2."""
    row = outlook_csv(("Review", "14/01/2025", "10:00:00", "11:00:00", "Eve Ford", "Eve Ford;Ben Cole;Gus Hart;Ida Jones"))
    dataset, _ = load_bytes([("cal.ics", CANDIDATES), ("hos.csv", row)], settings)
    assert len(dataset.meetings) == 2 and set(dataset.meetings["source_format"]) == {"icalendar"}
    assert sorted(dataset.attendance.groupby("meeting_id").size().tolist()) == [3, 4]


def test_an_outlook_meeting_sharing_nobody_stays_its_own_meeting(settings):
    row = outlook_csv(("Review", "14/01/2025", "10:00:00", "11:00:00", "Kim Lowe", "Kim Lowe;Max Nash"))
    dataset, _ = load_bytes([("cal.ics", CANDIDATES), ("hos.csv", row)], settings)
    assert len(dataset.meetings) == 3


def test_calendar_meetings_are_never_merged_with_each_other(settings):
    """Both occurrences share Ben with the Outlook row; it joins one of them, never both into one."""
    row = outlook_csv(("Review", "14/01/2025", "10:00:00", "11:00:00", "Zoe Quinn", "Zoe Quinn;Ben Cole"))
    dataset, _ = load_bytes([("cal.ics", CANDIDATES), ("hos.csv", row)], settings)
    assert len(dataset.meetings) == 2 and set(dataset.meetings["source_format"]) == {"icalendar"}


def test_a_teams_report_of_a_calendar_meeting_is_that_meeting(settings):
    """Teams records the actual start (10:03) and who came; the calendar's meeting is kept with Teams' minutes."""
    report = teams_report("Review", "14/01/25, 10:03:10", "14/01/25, 10:58:00", [("Ann Lee", "Organiser"), ("Ben Cole", "Attendee")])
    dataset, _ = load_bytes([("cal.ics", CANDIDATES), ("Review - Attendance report 14-01-25.csv", report)], settings)
    assert len(dataset.meetings) == 2 and set(dataset.meetings["source_format"]) == {"icalendar"}
    attendance = dataset.attendance
    c1 = attendance[attendance["minutes"].notna()]["meeting_id"].unique()
    assert len(c1) == 1
    came = attendance[attendance["meeting_id"] == c1[0]].set_index("role")
    assert len(came) == 3 and came.loc["organiser", "minutes"] == 50  # Ann organised; Cara was invited, not seen


def test_a_teams_report_of_another_meeting_with_the_title_stays_apart(settings):
    report = teams_report("Review", "14/01/25, 15:00:00", "14/01/25, 15:40:00", [("Ann Lee", "Organiser"), ("Ben Cole", "Attendee")])
    dataset, _ = load_bytes([("cal.ics", CANDIDATES), ("report.csv", report)], settings)
    assert len(dataset.meetings) == 3


def test_the_same_teams_report_twice_is_one_meeting_and_two_reports_stay_two(settings):
    one = teams_report("Forum", "14/01/25, 10:00:00", "14/01/25, 11:00:00", [("Ann Lee", "Organiser"), ("Ben Cole", "Attendee")])
    two = teams_report("Forum", "21/01/25, 10:00:00", "21/01/25, 11:00:00", [("Ann Lee", "Organiser"), ("Ben Cole", "Attendee")])
    twice, _ = load_bytes([("a.csv", one), ("a (1).csv", one)], settings)
    assert len(twice.meetings) == 1
    both, _ = load_bytes([("a.csv", one), ("b.csv", two)], settings)
    assert len(both.meetings) == 2


def three_exports():
    """One meeting in a calendar, an Outlook export and a Teams report, beside the calendar's other "Review"."""
    row = outlook_csv(("Review", "14/01/2025", "10:00:00", "11:00:00", "Eve Ford", "Eve Ford;Ben Cole;Gus Hart"))
    report = teams_report("Review", "14/01/25, 10:01:00", "14/01/25, 10:50:00", [("Eve Ford", "Organiser"), ("Gus Hart", "Attendee")])
    settings = Settings(salt=ORDER_SALT)
    return [load_one(data, name, settings).dataset for data, name in ((CANDIDATES, "cal.ics"), (row, "hos.csv"), (report, "r.csv"))]


@cache
def combined_in_order() -> tuple[pd.DataFrame, pd.DataFrame]:
    return meeting_rows(combine(three_exports(), Settings(salt=ORDER_SALT)))


def test_one_meeting_in_three_exports_is_the_calendar_meeting():
    meetings, attendance = combined_in_order()
    assert len(meetings) == 2 and set(meetings["source_format"]) == {"icalendar"}
    assert sorted(attendance.groupby("meeting_id").size().tolist()) == [3, 4]  # Eve, Ben, Gus, Ida; Ann, Ben, Cara


@pytest.mark.slow
@hyp_settings(max_examples=10, deadline=None)
@given(order=st.permutations(range(3)), seed=st.integers(0, 2**32 - 1))
def test_the_order_of_files_and_rows_never_changes_which_meetings_merge(order, seed):
    parts = three_exports()
    shuffled = [
        parts[i].with_tables(**{t: getattr(parts[i], t).sample(frac=1, random_state=seed) for t in ("meetings", "attendance")})
        for i in order
    ]
    for a, b in zip(combined_in_order(), meeting_rows(combine(shuffled, Settings(salt=ORDER_SALT)))):
        pd.testing.assert_frame_equal(a, b)


def test_the_match_key_is_never_exported():
    with pytest.raises(ValueError, match="never exported"):
        to_csv_bytes(pd.DataFrame({"match_key": ["k0123456789abcdef"], "hours": [1.0]}))


SERIES_EVENTS = [
    SUPERVISION,
    MOVED,
    CANCELLED,
    event(
        "UID:one",
        organiser("Ann Lee"),
        person("Ben Cole"),
        "SUMMARY:Panel",
        "SEQUENCE:1",
        "DTSTART:20250114T100000Z",
        "DTEND:20250114T110000Z",
    ),
    event(
        "UID:one",
        organiser("Ann Lee"),
        person("Cara Diaz"),
        "SUMMARY:Panel",
        "SEQUENCE:2",
        "DTSTART:20250114T140000Z",
        "DTEND:20250114T150000Z",
    ),
    event(
        "UID:one",
        organiser("Ann Lee"),
        person("Dev Shah"),
        "SUMMARY:Panel",
        "SEQUENCE:2",
        "DTSTART:20250114T140000Z",
        "DTEND:20250114T150000Z",
    ),
    event("SUMMARY:Drop-in", organiser("Ann Lee"), person("Ben Cole"), "DTSTART:20250115T100000Z", "DTEND:20250115T110000Z"),
    event("SUMMARY:Drop-in", organiser("Ann Lee"), person("Eve Ford"), "DTSTART:20250115T100000Z", "DTEND:20250115T110000Z"),
    event("UID:h1", organiser("Ann Lee"), person("Ben Cole"), "SUMMARY:Team huddle", "DTSTART:20250114T090000Z", "DTEND:20250114T091500Z"),
    event(
        "UID:h2", organiser("Cara Diaz"), person("Dev Shah"), "SUMMARY:Team huddle", "DTSTART:20250114T090000Z", "DTEND:20250114T091500Z"
    ),
]
ORDER_SALT = "order-salt"


@cache
def in_file_order():
    """The calendar of SERIES_EVENTS as written, loaded once."""
    return load_file(calendar(*SERIES_EVENTS), "ref.ics", Settings(salt=ORDER_SALT), strict=True).dataset


@pytest.mark.slow
@hyp_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(SERIES_EVENTS))
def test_the_order_of_events_never_changes_the_meetings(order):
    """Versions chosen by SEQUENCE, DTSTAMP and content, occurrences by UID and original start: not by position."""
    shuffled = load_file(calendar(*order), "ref.ics", Settings(salt=ORDER_SALT), strict=True).dataset
    for a, b in zip(meeting_rows(in_file_order()), meeting_rows(shuffled)):
        pd.testing.assert_frame_equal(a, b)


def test_the_sample_counts_each_meeting_once(sample_dataset):
    """2,200 timed calendar occurrences of two or more people and 3 Teams reports; the head of service's
    117 timed Outlook meetings are all calendar meetings, and the supervision moved after its end date is there."""
    assert long_meeting_share(sample_dataset, Settings()).n == 2203
    meetings = sample_dataset.meetings
    timed_outlook = meetings[(meetings["source_format"] == "outlook_calendar_csv") & ~meetings["all_day"].fillna(False)]
    assert timed_outlook.empty
    moved = meetings[meetings["start"] == pd.Timestamp("2025-03-06 09:30", tz="Europe/London")]
    assert (moved["kind"] == "supervision").any()
