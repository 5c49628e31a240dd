"""Enough evidence before a score: the rule table, the withheld value and the domains it leaves unscored."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from diagnostic.indicators import REGISTRY
from diagnostic.indicators.base import DOMAINS
from diagnostic.indicators.evidence import GROUP_SIZE, MINIMUM, SOURCE_EVIDENCE, SOURCES, WEEKS, minimum
from diagnostic.ingest import load_bytes, load_paths
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings
from tests.conftest import FIXTURES
from tests.fixture_builders.periods import PEOPLE, Meeting, ics_calendar, teams_2020_list


def test_the_rule_table_is_data_every_declaration_can_be_checked_against(settings):
    assert MINIMUM["meetings"] == 20 and MINIMUM[WEEKS] == 2
    assert MINIMUM["people"] == GROUP_SIZE and minimum(REGISTRY[0], "people", settings) == settings.min_group_size
    assert MINIMUM["audits"] == MINIMUM["items"] == MINIMUM["records"] == 10
    assert set(SOURCE_EVIDENCE) <= set(DOMAINS)
    for units in SOURCE_EVIDENCE.values():
        assert all(u in MINIMUM and u in SOURCES for u in units)
    for indicator in REGISTRY:
        for unit, at_least in indicator.evidence:
            assert unit in MINIMUM, f"{indicator.id} declares evidence in an unknown unit {unit!r}"
            assert at_least > 0
        assert set(indicator.joins) <= {"teams"}


def test_a_single_teams_attendance_list_of_2020_scores_no_domain(settings):
    dataset, results = load_bytes([("Team meeting.csv", teams_2020_list())], settings)
    assert [r.format for r in results] == ["teams_attendance"]
    card = build_scorecard(dataset, settings)
    assert card.scored_domains == [] and card.score is None
    hours = card.result("meeting_hours_per_person")
    assert hours.measurement.value is None and hours.score is None and hours.band is None
    assert hours.measurement.too_little_data
    assert hours.measurement.note.startswith("Too little data to score: 5 people and 1 meeting over 0.2 working weeks;")
    assert "at least 5 people and 20 meetings over 2 working weeks are needed" in hours.measurement.note
    record = hours.to_dict()
    assert record["value"] is None and record["score"] is None and record["too_little_data"] is True


def _calendar(meetings: int, days_apart: int):
    """``meetings`` one-hour meetings of six staff, ``days_apart`` days after each other from Monday 6 January 2025."""
    start = datetime(2025, 1, 6, 10)
    return [Meeting(f"m{i}@x", start + timedelta(days=days_apart * i), 60, PEOPLE[i % 6 : i % 6 + 6]) for i in range(meetings)]


@pytest.mark.parametrize(("meetings", "scored"), [(19, False), (20, True)])
def test_twenty_meetings_is_the_line(settings, meetings, scored):
    # one meeting a day from a Monday: 19 or 20 calendar days hold at least 14 working days (2.8 working weeks)
    dataset, _ = load_bytes([("calendar.ics", ics_calendar(_calendar(meetings, 1)))], settings)
    m = build_scorecard(dataset, settings).result("long_meeting_share").measurement
    assert m.computed is scored
    assert m.too_little_data is not scored


def test_twenty_meetings_within_a_week_are_too_short_a_span(settings):
    meetings = _calendar(20, 0)  # all on one Monday: one working day
    dataset, _ = load_bytes([("calendar.ics", ics_calendar(meetings))], settings)
    m = build_scorecard(dataset, settings).result("long_meeting_share").measurement
    assert not m.computed and "20 meetings over 0.2 working weeks" in m.note


def test_too_few_meetings_in_a_meeting_query_fall_back_to_the_person_querys_totals():
    """Six meetings cannot score the meeting indicators; the person query's hours can, and the note says which."""
    settings = Settings(salt="fallback")
    queries = [FIXTURES / "viva" / "meeting_query.csv", FIXTURES / "viva" / "person_query.csv"]
    both = build_scorecard(load_paths(queries, settings)[0], settings)
    alone = build_scorecard(load_paths(queries[1:], settings)[0], settings)
    m = both.result("after_hours_meeting_share").measurement
    assert m.value == alone.result("after_hours_meeting_share").measurement.value is not None
    assert m.note.startswith("From the activity totals, because the finer files gave too little: 6 meetings")
    assert both.result("long_meeting_share").measurement.too_little_data  # no totals say how long meetings are
