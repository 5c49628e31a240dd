"""Change over time: slicing by period, a scorecard per four weeks, and before/after on the same thresholds."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import factories as f
import pandas as pd
import pytest
from factories import Meeting, Message

from diagnostic.dataset import Dataset
from diagnostic.indicators import audits, email, feedback, meetings
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings
from diagnostic.trends import COMPARE_COLUMNS, compare, period_scorecards, slice_dataset, time_span

OURS = (*meetings.INDICATORS, *email.INDICATORS, *audits.INDICATORS, *feedback.INDICATORS)


def small() -> Dataset:
    m, a = f.meetings(
        [
            Meeting("march", "2025-03-03 10:00", 60, ["p-a-1", "p-a-2"]),
            Meeting("april", "2025-04-07 10:00", 60, ["p-a-1", "p-a-3"]),
        ]
    )
    msgs = f.messages([Message("e1", "2025-03-04 09:00", "p-a-1", ["p-a-2"]), Message("e2", "2025-04-08 09:00", "p-a-2", ["p-a-1"])])
    audits = f.audits([dict(audit_id="a1", date=f.ts("2025-03-05")), dict(audit_id="a2", date=f.ts("2025-05-05"))])
    return f.dataset(people=f.people(), meetings=m, attendance=a, messages=msgs, audits=audits)


def test_slice_keeps_rows_in_the_period_and_attendance_with_its_meetings():
    part = slice_dataset(small(), pd.Timestamp("2025-03-01"), pd.Timestamp("2025-04-01"))
    assert part.meetings["meeting_id"].tolist() == ["march"]
    assert set(part.attendance["meeting_id"]) == {"march"}
    assert part.messages["message_id"].tolist() == ["e1"]
    assert part.audits["audit_id"].tolist() == ["a1"]
    assert len(part.people) == len(small().people)  # the roster is not sliced


def test_slice_end_is_exclusive():
    part = slice_dataset(small(), f.ts("2025-03-03 10:00"), f.ts("2025-04-07 10:00"))
    assert part.meetings["meeting_id"].tolist() == ["march"]


def test_time_span_covers_every_time_stamped_table():
    first, last = time_span(small())
    assert first == f.ts("2025-03-03 10:00")
    assert last == f.ts("2025-05-05")
    assert time_span(f.dataset(people=f.people())) is None


@cache
def periods():
    return period_scorecards(f.org(seed=2, weeks=8), Settings(salt="trends"), indicators=OURS)


@pytest.mark.slow
def test_periods_are_four_calendar_weeks_from_a_monday():
    out = periods()
    starts = [s for s, _, _ in out]
    assert all(s.weekday() == 0 and s.hour == 0 for s in starts)
    assert all(e - s in (pd.Timedelta(days=28), pd.Timedelta(days=28, hours=-1), pd.Timedelta(days=28, hours=1)) for s, e, _ in out)
    assert all(e.hour == 0 for _, e, _ in out)  # local midnight, also across the clock change
    assert starts == sorted(starts)


@pytest.mark.slow
def test_each_period_is_scored_on_its_own_rows():
    out = periods()
    calendar = [card for _, _, card in out if card.domain("meetings").score is not None]
    assert len(calendar) >= 2  # eight weeks of meetings make two periods
    before_calendar = out[0][2]
    assert before_calendar.domain("meetings").computed == 0  # the audit log reaches back further than the calendar


def test_periods_without_data_are_left_out(settings):
    assert [s for s, _, _ in period_scorecards(small(), settings, indicators=OURS)] == [
        f.ts("2025-03-03"),
        f.ts("2025-03-31"),
        f.ts("2025-04-28"),
    ]
    assert period_scorecards(f.dataset(people=f.people()), settings) == []


def test_weeks_must_be_positive(settings):
    with pytest.raises(ValueError):
        period_scorecards(small(), settings, weeks=0)


def test_compare_same_scorecard_shows_no_change():
    card = periods()[-1][2]
    table = compare(card, card)
    assert list(table.columns) == COMPARE_COLUMNS
    assert table["level"].tolist()[:1] == ["index"]
    indicators = table[table["level"] == "indicator"]
    scored = indicators[indicators["score_before"].notna()]
    assert (scored["change"] == 0).all()
    assert set(scored["band_change"]) == {"no change"}
    assert set(scored["direction"]) == {"little change"}


def test_compare_two_periods_reads_direction():
    (_, _, before), (_, _, after) = [p for p in periods() if p[2].domain("meetings").score is not None][:2]
    table = compare(before, after).set_index("id")
    row = table.loc["long_meeting_share"]
    assert row["change"] == pytest.approx(row["score_after"] - row["score_before"])
    expected = "towards compost" if row["change"] >= 5 else "towards concrete" if row["change"] <= -5 else "little change"
    assert row["direction"] == expected


@pytest.mark.slow
def test_compare_keeps_the_thresholds_of_before(settings):
    ds = f.org(seed=4, weeks=4)
    before = build_scorecard(ds, settings, OURS)
    after = build_scorecard(ds, replace(settings, thresholds={"long_meeting_share": {"concrete_at": 100, "compost_at": 0}}), OURS)
    row = compare(before, after).set_index("id").loc["long_meeting_share"]
    assert row["score_after"] == pytest.approx(row["score_before"])
    assert row["change"] == pytest.approx(0)


def test_compare_marks_what_cannot_be_compared(settings):
    ds = f.org(seed=4, weeks=4)
    before = build_scorecard(ds, settings, OURS)
    after = build_scorecard(ds.with_tables(audits=None), settings, OURS)
    row = compare(before, after).set_index("id").loc["child_voice_rate"]
    assert pd.isna(row["score_after"])
    assert row["direction"] == "not comparable"
    assert row["band_change"] == ""
