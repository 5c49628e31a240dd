"""The shared helpers: the team view with its privacy floor, working time, and the per-Dataset memo."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import factories as f
import numpy as np
import pandas as pd
import pytest
from factories import Meeting, Message
from hypothesis import given
from hypothesis import strategies as st

from diagnostic.indicators import common as c
from diagnostic.indicators import email_rows as erows
from diagnostic.indicators import meeting_rows as mrows
from diagnostic.indicators import people as pp
from diagnostic.indicators import worktime as wt


def rows(sizes: dict[str, int]) -> pd.DataFrame:
    """One row per person; each person's ``num`` is 1 in Team A, else 0."""
    out = []
    for team, n in sizes.items():
        out += [dict(team=team, person_id=f"{team}-{i}", num=float(team == "A"), den=1.0) for i in range(n)]
    return pd.DataFrame(out)


def test_by_team_ratio_and_sizes(settings):
    teams = c.by_team(rows({"A": 5, "B": 6}), settings, "num", "den", scale=100)
    assert teams.to_dict("records") == [{"team": "A", "value": 100.0, "n": 5}, {"team": "B", "value": 0.0, "n": 6}]


def test_by_team_merges_small_teams_and_recomputes_from_rows(settings):
    frame = rows({"A": 3, "B": 1, "C": 1, "D": 6})
    teams = c.by_team(frame, settings, "num", "den", scale=100)
    assert teams.to_dict("records") == [{"team": "D", "value": 0.0, "n": 6}, {"team": "Other teams", "value": 60.0, "n": 5}]


def test_by_team_drops_a_merged_group_still_below_the_minimum(settings):
    teams = c.by_team(rows({"A": 2, "B": 2, "C": 6}), settings, "num", "den")
    assert teams["team"].tolist() == ["C"]


def test_by_team_never_shows_a_group_below_the_minimum(settings):
    assert c.by_team(rows({"A": 4}), settings, "num", "den") is None
    raised = replace(settings, min_group_size=7)
    merged = c.by_team(rows({"A": 5, "B": 6}), raised, "num", "den")
    assert merged.to_dict("records") == [{"team": "Other teams", "value": pytest.approx(5 / 11), "n": 11}]
    assert c.by_team(rows({"A": 5, "B": 6}), replace(settings, min_group_size=12), "num", "den") is None


def test_by_team_without_teams(settings):
    assert c.by_team(rows({"A": 6}).assign(team=pd.NA), settings, "num", "den") is None
    assert c.by_team(rows({"A": 6}).drop(columns="team"), settings, "num", "den") is None


def test_by_team_mean_median_and_distinct(settings):
    frame = pd.DataFrame({"team": ["A"] * 6, "person_id": list("uvwxyz"), "num": [1.0, 2, 3, 4, 100, 6], "m": [1, 1, 2, 2, 3, 3]})
    assert c.by_team(frame, settings, "num", how="mean")["value"].tolist() == [pytest.approx(116 / 6)]
    assert c.by_team(frame, settings, "num", how="median")["value"].tolist() == [3.5]
    counted = c.by_team(frame.assign(one=1.0, num=[1.0, 1, 0, 0, 1, 1]), settings, "num", "one", distinct="m")
    assert counted["value"].tolist() == [pytest.approx(2 / 3)]  # three distinct meetings, two flagged


def test_by_team_counts_size_in_distinct_units(settings):
    frame = pd.DataFrame({"team": ["A"] * 10, "person_id": ["p1", "p2", "p3", "p4"] * 2 + ["p1", "p2"], "num": 1.0, "den": 1.0})
    assert c.by_team(frame, settings, "num", "den") is None  # ten rows, but only four people


def test_working_day_count_leaves_out_weekends_and_bank_holidays(settings):
    assert wt.working_day_count(date(2025, 3, 3), date(2025, 3, 7), settings) == 5
    assert wt.working_day_count(date(2025, 4, 14), date(2025, 4, 25), settings) == 8  # Good Friday and Easter Monday
    assert wt.working_day_count(date(2025, 3, 7), date(2025, 3, 3), settings) == 0
    four_day_week = replace(settings, work_days=(0, 1, 2, 3))
    assert wt.working_day_count(date(2025, 3, 3), date(2025, 3, 7), four_day_week) == 4


def test_period_days_reads_a_closing_midnight_as_exclusive():
    start = pd.Series([f.ts("2025-03-03"), f.ts("2025-03-03"), f.ts("2025-03-03")])
    end = pd.Series([f.ts("2025-03-10"), f.ts("2025-03-09 17:00"), f.ts("2025-03-03 12:00")])
    assert wt.period_days(start, end).tolist() == [7, 7, 1]


def test_in_working_hours(settings):
    times = pd.Series(
        [
            f.ts(t)
            for t in [
                "2025-03-03 07:59",
                "2025-03-03 08:00",
                "2025-03-03 17:59",
                "2025-03-03 18:00",
                "2025-03-08 10:00",
                "2025-12-25 10:00",
            ]
        ]
    )
    assert wt.in_working_hours(wt.wall_seconds(times), settings).tolist() == [False, True, True, False, False, False]


def test_in_working_hours_uses_local_time_in_summer(settings):
    utc = pd.Series(pd.to_datetime(["2025-07-01 07:30"], utc=True)).dt.tz_convert(f.TZ)  # 08:30 in London
    assert wt.in_working_hours(wt.wall_seconds(utc), settings).tolist() == [True]


def test_the_base_tables_are_built_once_per_dataset(settings):
    m, a = f.meetings([Meeting("m", "2025-03-03 10:00", 60, ["p-a-1", "p-a-2"])])
    ds = f.dataset(people=f.people(), meetings=m, attendance=a)
    assert mrows.meeting_rows(ds, settings) is mrows.meeting_rows(ds, settings)
    other = ds.with_tables(meetings=m.copy())
    assert mrows.meeting_rows(other, settings) is not mrows.meeting_rows(ds, settings)
    assert mrows.meeting_rows(ds, replace(settings, work_start="09:00")) is not mrows.meeting_rows(ds, settings)


def test_meeting_rows_keep_internal_attendees_and_mark_partner_meetings(settings):
    m, a = f.meetings([Meeting("m", "2025-03-03 10:00", 90, ["p-a-1", "p-a-2", "x-0"])])
    mr = mrows.meeting_rows(f.dataset(people=f.people(), meetings=m, attendance=a), settings)
    assert mr.per_person
    assert len(mr.rows) == 2
    assert mr.rows["attendee_s"].sum() == 2 * 90 * 60
    assert mr.meetings["partner"].tolist() == [True]
    assert mr.meetings["size"].tolist() == [3]


def test_email_rows_count_each_delivery_once(settings):
    specs = [Message("m1", "2025-03-03 10:00", "p-a-1", ["p-a-2", "p-a-3"]), Message("m1", "2025-03-03 10:00", "p-a-1", ["p-a-2"])]
    er = erows.email_rows(f.dataset(people=f.people(), messages=f.messages(specs)), settings)
    assert len(er.rows) == 2
    assert er.sent["recipients"].tolist() == [2]
    assert sorted(er.received["received"].tolist()) == [1, 1]


def test_first_seen_marks_the_first_row_of_each_code():
    codes = np.array([0, 1, 0, 2, 1, 3, 3])
    assert erows._first_seen(codes).tolist() == [True, True, False, True, False, True, False]


def test_finish_makes_order_of_addition_irrelevant():
    values = [0.1] * 10 + [1e-3] * 7
    assert c.finish(sum(values)) == c.finish(sum(reversed(values)))


def test_the_memo_keeps_the_dataset_in_use(settings):
    m, a = f.meetings([Meeting("m", "2025-03-03 10:00", 60, ["p-a-1", "p-a-2"])])
    baseline = f.dataset(people=f.people(), meetings=m, attendance=a)
    first = mrows.meeting_rows(baseline, settings)
    for _ in range(2 * c.CACHE_SIZE):
        mrows.meeting_rows(baseline.with_tables(meetings=m.copy()), settings)  # a scenario moving a lever
        assert mrows.meeting_rows(baseline, settings) is first


def _walk(person: str, manager_of: dict[str, str]) -> list[str]:
    """Everyone above ``person``, one manager at a time, until someone repeats or the chain ends."""
    seen, chain, current = {person}, [], person
    for _ in range(pp.MAX_CHAIN):
        boss = manager_of.get(current)
        if boss is None or boss in seen:
            break
        seen.add(boss)
        chain.append(boss)
        current = boss
    return chain


@given(
    st.lists(
        st.tuples(st.sampled_from("abcdefgh"), st.one_of(st.none(), st.sampled_from("abcdefghxy"))), max_size=12, unique_by=lambda t: t[0]
    )
)
def test_chains_above_follow_each_manager_until_a_repeat(roster):
    """Loops, people who manage themselves and managers off the roster (x, y) end a chain where a walk would."""
    ids = pd.Index([p for p, _ in roster], dtype="string")
    managers = pd.Series([m for _, m in roster], dtype="string")
    manager_of = {p: m for p, m in roster if m is not None}
    start, above = pp.chains_above(ids, managers, np.arange(len(ids)))
    for i, person in enumerate(ids):
        assert list(above[start == i]) == _walk(person, manager_of)


@given(st.lists(st.dates(min_value=date(2018, 1, 1), max_value=date(2028, 12, 31)), min_size=1, max_size=40))
def test_bank_holiday_days_are_the_england_and_wales_bank_holidays(days):
    from diagnostic.dates import bank_holidays

    midnights = np.array([np.datetime64(d, "s").astype(np.int64) for d in days])
    expected = [d in set(bank_holidays(2017, 2029)) for d in days]
    assert wt.bank_holiday_days(midnights).tolist() == expected


def test_christmas_and_new_year_are_bank_holidays():
    days = pd.date_range("2024-12-24", "2025-01-02", freq="D").to_numpy().astype("datetime64[s]").astype(np.int64)
    assert wt.bank_holiday_days(days).tolist() == [False, True, True, False, False, False, False, False, True, False]


@given(st.lists(st.tuples(st.integers(-1, 6), st.integers(0, 5), st.integers(0, 3), st.integers(0, 50)), max_size=60))
def test_calendar_order_is_the_four_column_lexsort(rows):
    rows = list({(p, m): (p, s, e, m) for p, s, e, m in rows}.values())  # one row per person per meeting, as in the meeting table
    person, start, length, meeting = (np.array([r[i] for r in rows], dtype=np.int64) for i in range(4))
    end = start + length
    expected = np.lexsort((meeting, end, start, person))
    assert mrows.calendar_order(person, start * 1800 + 1_700_000_000, end * 1800 + 1_700_000_000, meeting).tolist() == expected.tolist()
