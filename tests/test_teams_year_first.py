"""Teams attendance reports whose dates are written year first, as Teams writes them in Japanese
(``22/7/11 18:29:28`` is 11 July 2022, formats.md MEETINGS b), and reports in Japanese words.

The reports are built here, byte for byte as Teams writes them (UTF-16 LE with its BOM, tabs), and
the expected dates and minutes are worked out with plain ``datetime`` code, not the package's readers.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from diagnostic.ingest import load_file
from diagnostic.ingest.formats.teams_dates import year_first
from tests.fixture_builders.variants import ANN, BEN, CHLOE, tabbed, utf16

LONDON = "Europe/London"
NAME = "meetingAttendanceReport.csv"
# The meeting: Ann organises 18:29:28-19:40:05; Ben 18:31:00-19:00:00 then 19:06:00-19:35:00;
# Chloé 18:40:10-19:02:10.
SESSIONS = {
    "organiser": [("18:29:28", "19:40:05")],
    "Ben": [("18:31:00", "19:00:00"), ("19:06:00", "19:35:00")],
    "Chloé": [("18:40:10", "19:02:10")],
}
ENGLISH = (
    ("1. Summary", "Meeting title", "Start time", "End time", "2. Participants", "3. In-Meeting Activities"),
    ("Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role"),
    ("Name", "Join Time", "Leave Time", "Duration", "Email", "Role"),
    ("1h 10m 37s", "58m", "22m", "29m"),
    ("Organizer", "Presenter", "Attendee"),
)
# Only the Japanese words the reader knows (teams_terms); the in-meeting activities' columns are
# not known in Japanese, so this report stops after its participants.
JAPANESE = (
    ("1. 要約", "会議のタイトル", "開始時刻", "終了時刻", "2. 参加者", None),
    ("名前", "初めての参加", "最終退出", "会議の長さ", "メール", "参加者 ID (UPN)", "役割"),
    None,
    ("1 時間 10 分 37 秒", "58 分", "22 分", "29 分"),
    ("開催者", "出席者", "出席者"),
)


def report(when: str, words=ENGLISH, order=None) -> bytes:
    """The meeting as a current-layout report, each time written ``when.format(time)``; ``order``
    reorders the participants' and the activities' rows."""
    (summary, title, start, end, participants, activities), people, session_header, took, roles = words
    at = when.format
    people_rows = [
        ["Ann Lee", at("18:29:28"), at("19:40:05"), took[0], ANN, ANN, roles[0]],
        ["Ben Okafor", at("18:31:00"), at("19:35:00"), took[1], BEN, BEN, roles[1]],
        ["Chloé Martin", at("18:40:10"), at("19:02:10"), took[2], CHLOE, CHLOE, roles[2]],
    ]
    session_rows = [
        ["Ann Lee", at("18:29:28"), at("19:40:05"), took[0], ANN, roles[0]],
        ["Ben Okafor", at("18:31:00"), at("19:00:00"), took[3], BEN, roles[1]],
        ["Ben Okafor", at("19:06:00"), at("19:35:00"), took[3], BEN, roles[1]],
        ["Chloé Martin", at("18:40:10"), at("19:02:10"), took[2], CHLOE, roles[2]],
    ]
    if order is not None:
        people_rows, session_rows = [people_rows[i] for i in order[0]], [session_rows[i] for i in order[1]]
    rows = [
        [summary],
        [title, "Core group"],
        [start, at("18:29:28")],
        [end, at("19:40:05")],
        [],
        [participants],
        list(people),
        *people_rows,
    ]
    if activities is not None:
        rows += [[], [activities], list(session_header), *session_rows]
    return utf16(tabbed(rows))


def load(data: bytes, settings):
    return load_file(data, NAME, settings, strict=True)


def expected_minutes() -> list[float]:
    """Each person's minutes from the sessions above, by plain clock arithmetic."""

    def span(start: str, end: str) -> float:
        return (datetime.strptime(end, "%H:%M:%S") - datetime.strptime(start, "%H:%M:%S")).total_seconds() / 60

    return sorted(round(sum(span(*s) for s in spans), 2) for spans in SESSIONS.values())


def minutes(result) -> list[float]:
    return sorted(result.dataset.attendance["minutes"].astype(float).round(2))


def start_of(result) -> pd.Timestamp:
    return result.dataset.meetings["start"].iloc[0]


def test_a_report_written_year_first_is_read_on_its_day(settings):
    result = load(report("22/7/11 {}"), settings)
    assert not result.errors
    # 22/7/11 read year, month, day (plain strptime), not 22 July 2011 as day-first would have it
    assert start_of(result) == pd.Timestamp(datetime.strptime("22/7/11 18:29:28", "%y/%m/%d %H:%M:%S"), tz=LONDON)
    assert start_of(result).date() == date(2022, 7, 11)
    assert result.dataset.meetings["end"].iloc[0] == pd.Timestamp("2022-07-11 19:40:05", tz=LONDON)
    assert minutes(result) == expected_minutes() == [22.0, 58.0, 70.62]
    assert result.warnings == [
        f"{NAME}, column “Start time”: Dates in this report are written year first (22/7/11 is 11 July 2022), "
        "so every date in it was read that way. Read day first, they would fall before 2020, before Teams made "
        "attendance reports. If that is wrong, download the attendance report again with Teams set to English "
        "and load that instead."
    ]


def test_a_uk_report_is_read_day_first_as_before(settings):
    result = load(report("15/11/22, {}"), settings)
    assert start_of(result) == pd.Timestamp(datetime.strptime("15/11/22 18:29:28", "%d/%m/%y %H:%M:%S"), tz=LONDON)
    assert minutes(result) == expected_minutes()
    assert not result.warnings and not result.errors


def test_a_us_report_is_read_month_first_as_before(settings):
    result = load(report("11/26/25, {}"), settings)
    assert start_of(result).date() == date(2025, 11, 26)
    assert not result.warnings


def test_an_ambiguous_date_is_read_year_first_only_when_written_the_japanese_way(settings):
    """25/3/24 is 24 March 2025 read year first and 25 March 2024 read day first: both possible.
    Written as Teams writes Japanese dates (no leading zeros, no comma before the time) it is read
    year first, and the warning says why; written as en-GB writes it (25/03/24, 18:29:28) it is
    read day first, as before."""
    japanese = load(report("25/3/24 {}"), settings)
    assert start_of(japanese) == pd.Timestamp(datetime.strptime("25/3/24 18:29:28", "%y/%m/%d %H:%M:%S"), tz=LONDON)
    assert minutes(japanese) == expected_minutes()
    assert len(japanese.warnings) == 1
    assert "(25/3/24 is 24 March 2025)" in japanese.warnings[0]
    assert "written as Teams writes dates in Japanese: no leading zeros, and no comma before the time." in japanese.warnings[0]
    english = load(report("25/03/24, {}"), settings)
    assert start_of(english) == pd.Timestamp(datetime.strptime("25/03/24 18:29:28", "%d/%m/%y %H:%M:%S"), tz=LONDON)
    assert not english.warnings


def test_a_report_in_japanese_words_reads_like_the_english_one(settings):
    result = load(report("22/7/11 {}", JAPANESE), settings)
    assert result.format == "teams_attendance"
    assert start_of(result).date() == date(2022, 7, 11)
    assert minutes(result) == expected_minutes()  # from each participant's own "会議の長さ"
    assert result.dataset.meetings["invitees"].iloc[0] == 3
    assert sorted(result.dataset.attendance["role"]) == ["attendee", "attendee", "organiser"]
    warnings = " ".join(result.warnings)
    assert "written year first (22/7/11 is 11 July 2022)" in warnings
    assert "no “In-Meeting Activities” section" in warnings
    [said] = [i for i in result.issues if "year first" in i.message]
    assert said.column == "開始時刻"  # the summary's row as the report writes it, for a reader of Japanese to find


def test_a_japanese_activities_section_in_words_not_known_is_said_so(settings):
    """Its heading is known but not its columns: the minutes come from the participants' own
    durations, and the warning says the section could not be read, not that it is missing. (The
    heading with なし under it is how nuitsjp/teams-board's tests end a Japanese report.)"""
    text = report("22/7/11 {}", JAPANESE)[2:].decode("utf-16-le") + tabbed([[], ["3. 会議中のアクティビティ"], ["なし"]])
    result = load(utf16(text), settings)
    assert minutes(result) == expected_minutes()
    warnings = " ".join(result.warnings)
    assert "“In-Meeting Activities” section has columns that could not be read" in warnings
    assert "no “In-Meeting Activities” section" not in warnings


def test_the_2020_list_written_year_first(settings):
    rows = [
        ["Full Name", "User Action", "Timestamp"],
        ["Ann Lee", "Joined", "20/11/4 10:00:00"],
        ["Ann Lee", "Left", "20/11/4 10:45:30"],
    ]
    result = load_file(utf16(tabbed(rows)), "meetingAttendanceList.csv", settings, strict=True)
    assert start_of(result) == pd.Timestamp("2020-11-04 10:00:00", tz=LONDON)
    assert minutes(result) == [45.5]
    assert any("column “Timestamp”" in w and "(20/11/4 is 4 November 2020)" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("values", "written", "meaning", "by_style"),
    [
        (["22/7/11 18:29:28", "22/7/11, 19:40:05"], "22/7/11", date(2022, 7, 11), False),  # 2011 is before Teams' reports
        (["25/3/24 10:00:00", "25/3/25 10:00:00"], "25/3/24", date(2025, 3, 24), True),
        (["25/03/24, 10:00:00"], None, None, None),  # en-GB: a comma and leading zeros
        (["25/11/24 10:00:00"], None, None, None),  # no one-digit month or day: how it pads is unknown
        (["15/11/22, 09:30:17"], None, None, None),
        (["11/26/25, 4:16:54 PM"], None, None, None),
        (["19/12/31 10:00:00"], None, None, None),  # 2019 read year first: before Teams' reports too
        (["22/7/11 18:29:28", "15/11/22 09:30:17"], None, None, None),  # every date must read year first
        (["2022/7/11 18:29:28", "2022-07-11T18:29:28"], None, None, None),  # four-digit years say so themselves
        ([None, ""], None, None, None),
    ],
)
def test_when_a_report_is_read_year_first(values, written, meaning, by_style):
    decided = year_first(pd.Series(values, dtype="string"))
    if written is None:
        assert decided is None
    else:
        assert (decided.written, decided.meaning, decided.by_style) == (written, meaning, by_style)


def test_a_year_first_reading_after_today_is_not_taken():
    next_year = (date.today().year + 1) % 100
    assert year_first(pd.Series([f"{next_year}/1/5 10:00:00"], dtype="string")) is None


@hyp_settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    people=st.permutations(range(3)), sessions=st.permutations(range(4)), when=st.sampled_from(["22/7/11 {}", "25/3/24 {}", "15/11/22, {}"])
)
def test_the_rows_order_changes_nothing(settings, people, sessions, when):
    """One decision for the whole report, from its distinct dates: any order of its rows reads the same."""
    expected = load(report(when), settings)
    shuffled = load(report(when, order=(people, sessions)), settings)
    pd.testing.assert_frame_equal(shuffled.dataset.meetings, expected.dataset.meetings)
    pd.testing.assert_frame_equal(
        shuffled.dataset.attendance.sort_values("person_id", ignore_index=True),
        expected.dataset.attendance.sort_values("person_id", ignore_index=True),
    )
    assert shuffled.warnings == expected.warnings


@hyp_settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(max_size=30), st.from_regex(r"[0-9]{1,3}/[0-9]{1,3}/[0-9]{1,3}( |, )?[0-9:]{0,8}", fullmatch=True)),
        max_size=6,
    )
)
def test_any_text_gives_a_decision_or_none(values):
    decided = year_first(pd.Series(values, dtype="string"))
    assert decided is None or decided.meaning.year >= 2020


def test_a_report_cut_short_after_its_activities_heading_is_still_said_to_be_cut_short(settings):
    text = report("22/7/11 {}", JAPANESE)[2:].decode("utf-16-le") + tabbed([[], ["3. 会議中のアクティビティ"]])
    assert any("no “In-Meeting Activities” section, so it may have been cut short" in w for w in load(utf16(text), settings).warnings)
