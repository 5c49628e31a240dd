"""Case-file audit indicators: rates over the audits that recorded each field, teams merged when small."""

from __future__ import annotations

import factories as f
import pandas as pd
import pytest

from diagnostic.indicators import audits as au


def audit_log(n: int = 10, **columns) -> f.Dataset:
    """``n`` audits a week apart; each keyword gives a column as a list (or one value for all)."""
    rows = []
    for i in range(n):
        row = dict(audit_id=f"a{i}", date=f.ts("2025-01-06") + pd.Timedelta(weeks=i), team="Team A" if i % 2 else "Team B")
        row.update({k: (v[i] if isinstance(v, list) else v) for k, v in columns.items()})
        rows.append(row)
    return f.dataset(audits=f.audits(rows))


def test_practice_focus_share(settings):
    ds = audit_log(focus=["practice"] * 3 + ["Practice"] + ["compliance"] * 6)
    m = au.practice_focus_share(ds, settings)
    assert m.value == pytest.approx(40.0)
    assert (m.n, m.n_unit, m.coverage) == (10, "audits", 1.0)
    assert m.by_team["team"].tolist() == ["Team A", "Team B"]


def test_rates_count_only_audits_that_recorded_the_field(settings):
    ds = audit_log(child_voice=[True] * 5 + [False] * 3 + [None] * 2)
    m = au.child_voice_rate(ds, settings)
    assert m.value == pytest.approx(62.5)
    assert m.n == 8
    assert m.coverage == pytest.approx(0.8)


def test_family_and_practitioner_involvement(settings):
    ds = audit_log(family_involved=[True] * 2 + [False] * 8, practitioner_involved=[True] * 9 + [False])
    assert au.family_involved_rate(ds, settings).value == pytest.approx(20.0)
    assert au.practitioner_involved_rate(ds, settings).value == pytest.approx(90.0)


def test_a_field_the_template_lacks_is_not_computed(settings):
    m = au.family_involved_rate(audit_log(focus="practice"), settings)
    assert m.value is None
    assert "audit template" in m.note


def test_action_completion_counts_audits_at_least_eight_weeks_old_and_caps_done_at_set(settings):
    # audits 0-9 a week apart: only audits 0 and 1 are 8 weeks older than the latest (week 9)
    ds = audit_log(actions_set=[4, 6] + [1] * 8, actions_done=[2, 9] + [0] * 8)
    m = au.action_completion_rate(ds, settings)
    assert m.value is None  # two audits is below the minimum group size
    ds = audit_log(n=16, actions_set=[4, 6, 2, 2, 2, 2, 2, 2] + [1] * 8, actions_done=[2, 9, 1, 1, 1, 1, 1, 1] + [0] * 8)
    m = au.action_completion_rate(ds, settings)
    assert m.value == pytest.approx(100 * (2 + 6 + 6) / (4 + 6 + 12))
    assert m.n == 8
    assert "on or before" in m.note


def test_action_completion_without_dates_or_old_audits(settings):
    recent = audit_log(n=5, actions_set=2, actions_done=1)
    assert "no audit is 8 weeks older" in au.action_completion_rate(recent, settings).note
    undated = f.dataset(audits=f.audits([dict(audit_id=f"a{i}", actions_set=2, actions_done=1) for i in range(6)]))
    assert "no audit dates" in au.action_completion_rate(undated, settings).note


def test_actions_per_audit(settings):
    m = au.actions_per_audit(audit_log(actions_set=[2, 4] * 5), settings)
    assert m.value == pytest.approx(3.0)


def test_team_falls_back_to_the_practitioners_roster_team(settings):
    roster = f.people({"Team A": 6, "Team B": 6})
    rows = [dict(audit_id=f"a{i}", practitioner_id=f"p-a-{1 + i % 5}", focus="practice" if i < 4 else "compliance") for i in range(10)]
    m = au.practice_focus_share(f.dataset(people=roster, audits=f.audits(rows)), settings)
    assert m.by_team.to_dict("records") == [{"team": "Team A", "value": 40.0, "n": 10}]


def test_small_teams_of_audits_merge_or_disappear(settings):
    rows = [dict(audit_id=f"a{i}", team=team, focus="practice") for i, team in enumerate(["A"] * 6 + ["B"] * 3 + ["C"] * 1)]
    m = au.practice_focus_share(f.dataset(audits=f.audits(rows)), settings)
    assert m.by_team["team"].tolist() == ["A"]  # B and C together are 4 audits: still below 5
    rows += [dict(audit_id="a10", team="C", focus="compliance")]
    m = au.practice_focus_share(f.dataset(audits=f.audits(rows)), settings)
    assert m.by_team.to_dict("records") == [{"team": "A", "value": 100.0, "n": 6}, {"team": "Other teams", "value": 80.0, "n": 5}]


def test_no_audit_log(settings):
    m = au.child_voice_rate(f.dataset(people=f.people()), settings)
    assert m.value is None
    assert "audit log" in m.note
