"""Meeting indicators on small hand-built calendars whose answers can be worked out on paper."""

from __future__ import annotations

import factories as f
import pandas as pd
import pytest
from factories import Meeting

from diagnostic.indicators import meeting_times as times
from diagnostic.indicators import meetings as mt
from diagnostic.indicators import supervision as sup

ROSTER = f.people({"Team A": 6, "Team B": 6})
TEAM_A = f.team_ids(ROSTER, "Team A")  # p-a-0 manages p-a-1 .. p-a-5
TEAM_B = f.team_ids(ROSTER, "Team B")
INTERNAL = 13  # head + two teams of six


def calendar(specs: list[Meeting], people: pd.DataFrame = ROSTER) -> f.Dataset:
    m, a = f.meetings(specs)
    return f.dataset(people=people, meetings=m, attendance=a)


def test_meeting_hours_per_person_counts_meetings_of_two_or_more_and_leaves_out_direct_work(settings):
    specs = [Meeting(f"daily-{d}", f"2025-03-0{3 + d} 10:00", 60, TEAM_A, recurring=True) for d in range(5)]
    specs += [
        Meeting("visit", "2025-03-04 14:00", 120, TEAM_A[1:3], direct=True),
        Meeting("solo", "2025-03-05 14:00", 60, TEAM_A[3:4]),
        Meeting("leave", "2025-03-06 00:00", 24 * 60, TEAM_A, all_day=True),
    ]
    m = mt.meeting_hours_per_person(calendar(specs), settings)
    assert m.value == pytest.approx(5.0)  # five one-hour meetings in one working week
    assert (m.n, m.n_unit) == (6, "people")
    assert m.coverage == pytest.approx(6 / INTERNAL)
    assert m.by_team.to_dict("records") == [{"team": "Team A", "value": 5.0, "n": 6}]


def test_meeting_hours_per_person_ignores_declined_invitations(settings):
    specs = [Meeting(f"daily-{d}", f"2025-03-0{3 + d} 10:00", 60, TEAM_A, declined=TEAM_B[:1]) for d in range(5)]
    m = mt.meeting_hours_per_person(calendar(specs), settings)
    assert m.value == pytest.approx(5.0)
    assert m.n == 6


def test_meeting_hours_falls_back_to_activity_totals_and_says_so(settings):
    start, end = f.ts("2025-03-03"), f.ts("2025-03-17")  # the loaders write the closing midnight
    volumes = f.volumes([dict(person_id=p, period_start=start, period_end=end, meeting_hours=20.0) for p in TEAM_A])
    m = mt.meeting_hours_per_person(f.dataset(people=ROSTER, volumes=volumes), settings)
    assert m.value == pytest.approx(10.0)  # 20 hours over two weeks
    assert "activity totals" in m.note


def test_too_few_people_is_not_computed_with_the_reason(settings):
    specs = [Meeting("m", "2025-03-03 10:00", 60, TEAM_A[:3])]
    m = mt.meeting_hours_per_person(calendar(specs), settings)
    assert m.value is None
    assert "minimum group size of 5" in m.note


def test_large_meeting_share_weights_by_attendee_hours_and_skips_direct_work(settings):
    nine = TEAM_A + TEAM_B[:3]
    specs = [
        Meeting("big", "2025-03-03 10:00", 60, nine),
        Meeting("small", "2025-03-03 14:00", 60, TEAM_A[:3]),
    ]
    assert mt.large_meeting_share(calendar(specs), settings).value == pytest.approx(75.0)
    specs.append(Meeting("conference", "2025-03-04 10:00", 60, [*TEAM_A, *TEAM_B[:4]], direct=True))
    assert mt.large_meeting_share(calendar(specs), settings).value == pytest.approx(100 * 9 / 22)


def test_long_meeting_share_counts_meetings_over_an_hour(settings):
    specs = [Meeting(f"m{i}", f"2025-03-0{3 + i} 10:00", minutes, TEAM_A) for i, minutes in enumerate([30, 60, 61, 90])]
    m = mt.long_meeting_share(calendar(specs), settings)
    assert m.value == pytest.approx(50.0)
    assert (m.n, m.n_unit) == (4, "meetings")
    assert m.by_team.loc[0, "value"] == pytest.approx(50.0)


def test_recurring_large_long_share_counts_only_recurring_series_that_are_large_or_long(settings):
    specs = [
        Meeting("long-series", "2025-03-03 10:00", 90, TEAM_A, recurring=True),  # 9 attendee-hours, counted
        Meeting("short-series", "2025-03-04 10:00", 30, TEAM_A, recurring=True),  # 3, not counted
        Meeting("long-once", "2025-03-05 10:00", 90, TEAM_A),  # 9, not counted
    ]
    assert mt.recurring_large_long_share(calendar(specs), settings).value == pytest.approx(100 * 9 / 21)


def test_conflicting_meeting_share_is_a_mean_over_people(settings):
    specs = [
        Meeting("a", "2025-03-03 10:00", 60, TEAM_A),
        Meeting("b", "2025-03-03 10:30", 60, TEAM_A[:2]),
        Meeting("c", "2025-03-03 14:00", 60, TEAM_A),
    ]
    m = times.conflicting_meeting_share(calendar(specs), settings)
    # two people have 2 of their 3 hours double-booked; four have none
    assert m.value == pytest.approx(100 * (2 * 2 / 3) / 6)
    assert "does not say who accepted" in m.note


def test_conflicts_with_response_status_have_no_warning(settings):
    specs = [Meeting("a", "2025-03-03 10:00", 60, TEAM_A, attended=True), Meeting("b", "2025-03-03 10:30", 60, TEAM_A, attended=True)]
    m = times.conflicting_meeting_share(calendar(specs), settings)
    assert m.value == pytest.approx(100.0)
    assert m.note == ""


def test_back_to_back_share_needs_a_break_of_ten_minutes(settings):
    specs = [
        Meeting("first", "2025-03-03 09:00", 60, TEAM_A),
        Meeting("five-minute-gap", "2025-03-03 10:05", 55, TEAM_A),  # back-to-back
        Meeting("ten-minute-gap", "2025-03-03 11:10", 50, TEAM_A),  # a real break
        Meeting("next-day", "2025-03-04 09:00", 60, TEAM_A),
    ]
    assert times.back_to_back_share(calendar(specs), settings).value == pytest.approx(25.0)


def test_after_hours_meeting_share_uses_the_working_hours_and_bank_holidays(settings):
    specs = [
        Meeting("late", "2025-03-03 17:00", 120, TEAM_A),  # 1 of its 2 hours is after 18:00
        Meeting("day", "2025-03-04 10:00", 60, TEAM_A),
        Meeting("saturday", "2025-03-08 10:00", 60, TEAM_A),
        Meeting("evening-visit", "2025-03-05 19:00", 60, TEAM_A, direct=True),
        Meeting("good-friday", "2025-04-18 10:00", 60, TEAM_A),
    ]
    m = times.after_hours_meeting_share(calendar(specs), settings)
    assert m.value == pytest.approx(100 * (6 + 6 + 6) / (12 + 6 + 6 + 6 + 6))


def test_after_hours_follows_the_settings(settings):
    from dataclasses import replace

    specs = [Meeting("early", "2025-03-03 08:00", 60, TEAM_A), Meeting("day", "2025-03-04 10:00", 60, TEAM_A)]
    assert times.after_hours_meeting_share(calendar(specs), settings).value == 0.0
    later = replace(settings, work_start="09:00")
    assert times.after_hours_meeting_share(calendar(specs), later).value == pytest.approx(50.0)


def test_focus_block_share_counts_only_open_blocks_of_two_hours(settings):
    specs = [
        Meeting("mon-1", "2025-03-03 10:00", 60, TEAM_A),
        Meeting("mon-2", "2025-03-03 13:00", 60, TEAM_A),
        Meeting("fri", "2025-03-07 12:00", 60, TEAM_A),
    ]
    # Monday 2 + 2 + 4 open hours, Tuesday to Thursday 10 each, Friday 4 + 5: 47 of 50 working hours
    assert times.focus_block_share(calendar(specs), settings).value == pytest.approx(94.0)
    specs[0] = Meeting("mon-1", "2025-03-03 09:00", 60, TEAM_A)
    specs[1] = Meeting("mon-2", "2025-03-03 11:30", 30, TEAM_A)
    # Monday now has only 12:00-18:00 open in a block of two hours or more: 6 + 30 + 9 = 45
    assert times.focus_block_share(calendar(specs), settings).value == pytest.approx(90.0)


def test_direct_work_does_not_close_an_open_block(settings):
    specs = [
        Meeting("mon", "2025-03-03 08:00", 600, TEAM_A, direct=True),
        Meeting("fri", "2025-03-07 08:00", 600, TEAM_A),
    ]
    assert times.focus_block_share(calendar(specs), settings).value == pytest.approx(80.0)


def supervision(weeks: list[int], practitioner: str, manager: str = TEAM_A[0]) -> list[Meeting]:
    return [
        Meeting(f"sup-{practitioner}-{w}", f"{pd.Timestamp(f.MONDAY) + pd.Timedelta(weeks=w):%Y-%m-%d} 14:00", 60, [manager, practitioner])
        for w in weeks
    ]


def test_manager_1to1_cadence_needs_one_in_every_four_week_window(settings):
    specs = [Meeting("start", "2025-03-03 09:00", 60, TEAM_A), Meeting("end", "2025-04-28 09:00", 60, TEAM_A)]  # 57 days: two windows
    for p in TEAM_A[1:5]:
        specs += supervision([0, 5], p)
    specs += supervision([0], TEAM_A[5])  # no 1:1 in the second window
    m = sup.manager_1to1_cadence(calendar(specs), settings)
    assert m.value == pytest.approx(80.0)
    assert (m.n, m.n_unit) == (5, "practitioners")
    assert m.coverage == pytest.approx(5 / 10)  # Team B's practitioners are not in the calendar
    assert "2 four-week windows" in m.note


def test_manager_1to1_cadence_is_not_scored_zero_when_supervision_is_not_in_the_calendar(settings):
    m = sup.manager_1to1_cadence(calendar([Meeting("team", "2025-03-03 09:00", 60, TEAM_A)]), settings)
    assert m.value is None
    assert "outside Outlook" in m.note


def test_roster_indicators_need_a_roster(settings):
    bare = f.people({"Team A": 6}).assign(is_manager=pd.NA, manager_id=pd.NA, is_practitioner=pd.NA)
    specs = [Meeting("team", "2025-03-03 09:00", 60, TEAM_A)]
    for compute in (sup.manager_1to1_cadence, sup.management_meeting_share):
        m = compute(calendar(specs, bare), settings)
        assert m.value is None
        assert "roster" in m.note


def test_management_meeting_share_counts_meetings_of_managers_only(settings):
    specs = [
        Meeting("managers", "2025-03-03 10:00", 60, [f.HEAD, TEAM_A[0], TEAM_B[0]]),
        Meeting("team", "2025-03-03 14:00", 60, TEAM_A),
    ]
    assert sup.management_meeting_share(calendar(specs), settings).value == pytest.approx(100 * 3 / 9)


def test_partner_meeting_share_counts_meetings_with_a_partner_agency(settings):
    specs = [Meeting(f"m{i}", f"2025-03-{3 + i:02d} 10:00", 60, TEAM_A) for i in range(6)]
    specs += [
        Meeting("with-health", "2025-03-10 14:00", 60, [*TEAM_A, "x-0"]),
        Meeting("with-police", "2025-03-11 14:00", 60, [*TEAM_A[:2], "x-1"]),
    ]
    m = mt.partner_meeting_share(calendar(specs), settings)
    assert m.value == pytest.approx(25.0)
    assert m.coverage == pytest.approx(1.0)


def test_partner_meeting_share_without_addresses_is_not_computed(settings):
    names_only = ROSTER.assign(domain=pd.NA)
    specs = [Meeting(f"m{i}", f"2025-03-0{3 + i} 10:00", 60, TEAM_A) for i in range(5)]
    m = mt.partner_meeting_share(calendar(specs, names_only), settings)
    assert m.value is None
    assert "email addresses" in m.note


def viva_meetings() -> f.Dataset:
    """A Viva Insights meeting query: meeting-level totals, no attendee list."""
    rows = [
        dict(
            meeting_id=f"v{i}",
            start=f.ts(f"2025-03-0{3 + i % 5} 10:00"),
            end=f.ts(f"2025-03-0{3 + i % 5} 11:00"),
            invitees=size,
            attendee_hours=float(size),
        )
        for i, size in enumerate([12, 3, 3, 4, 2, 10])
    ]
    return f.dataset(people=ROSTER, meetings=f.conform("meetings", pd.DataFrame(rows)))


def test_meeting_level_totals_give_shares_without_a_team_view(settings):
    m = mt.large_meeting_share(viva_meetings(), settings)
    assert m.value == pytest.approx(100 * 22 / 34)
    assert m.by_team is None
    assert "no attendee list" in m.note


def test_meeting_level_totals_cannot_give_per_person_indicators(settings):
    for compute in (times.conflicting_meeting_share, times.back_to_back_share, times.focus_block_share, sup.manager_1to1_cadence):
        m = compute(viva_meetings(), settings)
        assert m.value is None
        assert "attendee list" in m.note


def test_no_calendar_is_not_computed(settings):
    m = mt.long_meeting_share(f.dataset(people=ROSTER), settings)
    assert m.value is None
    assert m.note.startswith("Not computed")


def test_small_teams_merge_into_other_teams(settings):
    roster = f.people({"Team A": 6, "Team B": 3, "Team C": 3})
    everyone = roster.loc[roster["organisation"] == "internal", "person_id"].astype(str).tolist()
    specs = [Meeting(f"m{d}", f"2025-03-0{3 + d} 10:00", 60, everyone) for d in range(5)]
    teams = mt.meeting_hours_per_person(calendar(specs, roster), settings).by_team
    assert teams["team"].tolist() == ["Team A", "Other teams"]
    assert teams["n"].tolist() == [6, 7]  # Team B, Team C and the head of service


def test_the_levers_change_exactly_the_managers_only_meetings_the_indicator_counts(settings):
    """A declined invitation does not stop a managers' meeting; an all-day item of managers is not one; partners do not count."""
    from diagnostic.scenarios.meetings import managers_meetings

    bosses = [f.HEAD, TEAM_A[0], TEAM_B[0]]
    specs = [
        Meeting("board", "2025-03-03 10:00", 60, bosses, declined=TEAM_A[1:2]),
        Meeting("with-health", "2025-03-04 10:00", 60, [*bosses[:2], "x-0"]),
        Meeting("away-day", "2025-03-05 00:00", 24 * 60, bosses, all_day=True),
        Meeting("team", "2025-03-05 14:00", 60, TEAM_A),
        Meeting("one-manager", "2025-03-06 14:00", 60, [f.HEAD, TEAM_A[1]]),
    ]
    dataset = calendar(specs)
    assert list(sup.managers_only_meetings(dataset, settings)) == ["board", "with-health"]
    assert list(managers_meetings(dataset, settings)) == ["board", "with-health"]
    share = sup.management_meeting_share(dataset, settings).value
    assert share == pytest.approx(100 * (3 + 2) / (3 + 2 + 6 + 2))  # attendee-hours of the internal people who came
