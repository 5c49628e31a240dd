"""Teams attendance reports as real downloads vary: other languages, re-saved by Excel, the 2020
list with unpaired events (fixtures from tests/fixture_builders/variants.py)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from diagnostic.ingest import load_file
from diagnostic.ingest.formats import teams_terms
from diagnostic.ingest.rawfile import RawFile
from tests.strategies import damaged_fixture

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "variants"
LOCALISED = [
    "teams_fr_2021.csv",
    "teams_de_current.csv",
    "teams_es_2021.csv",
    "teams_nl_2021.csv",
    "teams_it_2021.csv",
    "teams_pt_2021.csv",
]
LONDON = "Europe/London"


def load(name: str, settings):
    return load_file((FIXTURES / name).read_bytes(), name, settings, strict=True)


def minutes_by_role(result) -> list[tuple[str, float]]:
    att = result.dataset.attendance
    return sorted(zip(att["role"], att["minutes"].astype(float).round(2)))


def span_minutes(start: str, end: str) -> float:
    return (pd.Timestamp(end) - pd.Timestamp(start)).total_seconds() / 60


@pytest.mark.parametrize("name", LOCALISED)
def test_a_localised_report_reads_like_the_english_one(name, settings):
    result = load(name, settings)
    assert result.format == "teams_attendance"
    assert not result.errors and not result.warnings
    # the same meeting in every language: Ann organises; Ben's two sessions; Chloé 44 min 3 s
    ann = span_minutes("09:01:31", "10:46:31")
    ben = span_minutes("09:02:00", "10:00:00") + span_minutes("10:10:00", "10:46:00")
    chloe = span_minutes("09:05:00", "09:49:03")
    assert minutes_by_role(result) == sorted([("organiser", round(ann, 2)), ("attendee", round(ben, 2)), ("attendee", round(chloe, 2))])
    meeting = result.dataset.meetings.iloc[0]
    assert meeting["start"] == pd.Timestamp("2021-04-13 09:01:31", tz=LONDON)
    assert meeting["end"] == pd.Timestamp("2021-04-13 10:46:31", tz=LONDON)
    assert meeting["invitees"] == 3


def test_the_localised_reports_are_recognised_by_content_not_name(settings):
    for name in LOCALISED:
        assert load_file((FIXTURES / name).read_bytes(), "meetingAttendanceReport.csv", settings).format == "teams_attendance"


def test_a_title_written_as_null_is_no_title(settings):
    result = load("teams_fr_2021.csv", replace(settings, show_text=True))
    assert pd.isna(result.dataset.meetings["subject"].iloc[0])


def test_localised_durations_become_english_ones():
    written = pd.Series(
        ["2 h 44 m", "1 Std. 5 Min.", "44 min 3 s", "1 u 5 min", "45m 10s", "PT1H20M5S", "01:02:03", "3 Sek.", "1 時間 5 分 3 秒", None]
    )
    expected = ["2h 44m", "1h 5m", "44m 3s", "1h 5m", "45m 10s", "PT1h 20m 5s", "01:02:03", "3s", "1h 5m 3s", None]
    assert teams_terms.duration_text(written).tolist() == [pd.NA if e is None else e for e in expected]


def test_words_between_a_date_and_its_time_are_dropped():
    written = pd.Series(
        ["13/04/2021 à 09:01:31", "13.04.2021, 09:01:31", "13/4/2021 a las 9:01:31 p. m.", "14/01/25, 10:00:41", "13/04/2021"]
    )
    assert teams_terms.time_text(written).tolist() == [
        "13/04/2021 09:01:31",
        "13.04.2021 09:01:31",
        "13/4/2021 9:01:31 PM",
        "14/01/25 10:00:41",
        "13/04/2021",
    ]


def test_every_language_table_has_the_same_keys_and_no_word_means_two_things():
    """Every table names the English keys; one may lack words not found in real reports
    (Japanese has no 2020 list actions), but never the organiser or a duration unit."""
    english = teams_terms.LANGUAGES["English"]
    for language, terms in teams_terms.LANGUAGES.items():
        assert set(terms.headers) <= set(english.headers), language
        assert {"meetingtitle", "starttime", "endtime"} <= set(terms.summary) <= set(english.summary), language
        assert set(terms.units) == {"h", "m", "s"}, language
        assert terms.organiser and bool(terms.joined) == bool(terms.left), language
    assert teams_terms.header_key("Heure d'arrivée") == "jointime"
    assert teams_terms.header_key("ROLLE") == "role"
    assert teams_terms.summary_key("Titre de la réunion") == "meetingtitle"
    # Japanese words keep their letters (folding would otherwise leave them all the same, empty)
    assert teams_terms.header_key("参加者 ID (UPN)") == "participantidupn"
    assert teams_terms.header_key("メール アドレス") == "email"
    assert teams_terms.summary_key("会議のタイトル") == "meetingtitle"


def test_a_participants_table_resaved_with_semicolons_and_a_renamed_first_column(settings):
    result = load("teams_resaved_semicolons.csv", settings)
    assert result.format == "teams_attendance"
    assert RawFile("x.csv", (FIXTURES / "teams_resaved_semicolons.csv").read_bytes()).delimiter == ";"
    # minutes from each row's own duration: 1h 42m, 1h 39m, 45m, 40m
    assert minutes_by_role(result) == [("attendee", 40.0), ("attendee", 45.0), ("attendee", 99.0), ("organiser", 102.0)]
    meeting = result.dataset.meetings.iloc[0]
    assert meeting["start"] == pd.Timestamp("2025-01-13 10:00", tz=LONDON)  # first join
    assert meeting["end"] == pd.Timestamp("2025-01-13 11:42", tz=LONDON)  # last leave
    warnings = " ".join(result.warnings)
    assert "participants table alone" in warnings
    assert "the first column (“Nama”) was read as the participants' names" in warnings


def test_the_2020_list_with_unpaired_events_says_what_it_assumed(settings):
    result = load("teams_2020_unpaired.csv", settings)
    # first event 09:50:12, last 10:50:12: Ann 60; Ben 20 + 15; Chloé left at 10:30:12 with no join (40);
    # Dev joined at 10:20:12 with no leave (30)
    assert minutes_by_role(result) == [("attendee", 30.0), ("attendee", 35.0), ("attendee", 40.0), ("attendee", 60.0)]
    warnings = result.warnings
    assert len(warnings) == 3
    assert any("1 person had joined before the list began" in w for w in warnings)
    assert any("1 leave has no join before it" in w and "(09:50)" in w for w in warnings)
    assert any("1 join has no leave after it" in w and "(10:50)" in w for w in warnings)


def test_the_2020_list_in_any_row_order_gives_the_same_tables(settings):
    lines = (FIXTURES / "teams_2020_unpaired.csv").read_bytes().decode().splitlines(keepends=True)
    expected = load("teams_2020_unpaired.csv", settings)
    rng = random.Random(7)
    for _ in range(5):
        body = lines[1:]
        rng.shuffle(body)
        shuffled = load_file("".join([lines[0], *body]).encode(), "teams_2020_unpaired.csv", settings, strict=True)
        for table in ("meetings", "attendance"):
            pd.testing.assert_frame_equal(
                getattr(shuffled.dataset, table).sort_values("person_id" if table == "attendance" else "meeting_id").reset_index(drop=True),
                getattr(expected.dataset, table).sort_values("person_id" if table == "attendance" else "meeting_id").reset_index(drop=True),
            )
        assert sorted(shuffled.warnings) == sorted(expected.warnings)


def test_a_table_with_two_times_but_nothing_about_attendance_is_not_teams(settings):
    data = b"Site;Join Time;Leave Time\r\nDepot;09:00;17:00\r\n"
    assert load_file(data, "shifts.csv", settings).format != "teams_attendance"


def test_a_header_spelt_another_way_is_read_from_its_words():
    assert teams_terms.header_key("Heure de la première arrivée") == "firstjoin"
    assert teams_terms.header_key("Uhrzeit des Verlassens") == "leavetime"
    assert teams_terms.header_key("Primeira hora de entrada") == "firstjoin"
    # a staff list's join and leave dates are not attendance times
    assert teams_terms.header_key("Join date") == "joindate"
    assert teams_terms.header_key("Leaving date") == "leavingdate"


VARIANTS = sorted(p.name for p in FIXTURES.iterdir() if p.is_file())


@pytest.mark.slow
@hyp_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_variant_files_only_ever_give_issues(data, settings):
    """Every variant fixture, damaged at the byte level, loads or says why; never an exception."""
    _, damaged = data.draw(damaged_fixture(FIXTURES, {name: name for name in VARIANTS}))
    result = load_file(damaged, "meetingAttendanceReport.csv", settings, strict=True)
    assert result.usable or result.errors


@hyp_settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_localised_times_and_durations_take_any_text(text):
    series = pd.Series([text, None], dtype="string")
    assert len(teams_terms.time_text(series)) == 2
    assert len(teams_terms.duration_text(series)) == 2
    teams_terms.header_key(text)
    teams_terms.action(text)


def test_address_columns_are_found_however_they_are_spelt():
    assert teams_terms.header_key("Identifiant du participant (UPN)") == "participantidupn"
    assert teams_terms.header_key("Adresse de courriel") == "email"
    assert teams_terms.header_key("Email del partecipante") == "email"


def test_a_2020_list_whose_actions_are_all_empty_is_left_out_with_a_reason(settings):
    """A list cut down to names with no action (found by the fuzzer) loads nothing and says why, by row and column."""
    result = load_file(b"Full Name,User Action,Timestamp\r\nB,,\r\n", "teams_2020_unpaired.csv", settings, strict=False)
    assert not result.usable
    assert any("lists nobody who attended" in e for e in result.errors)
    assert any("row 2" in w and "“User Action”" in w for w in result.warnings)
