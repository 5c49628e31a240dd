"""Scenario levers: pure, deterministic, identity at their defaults, and moving what they say they move.

What each lever does to the tables is in ``test_scenario_levers.py``.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scenario_org import SETTINGS, TABLE_DOMAINS, build_org, frames

from diagnostic.dataset import Dataset
from diagnostic.errors import InputError
from diagnostic.indicators import BY_ID as INDICATORS
from diagnostic.scenarios import LEVERS, Scenario, apply_scenario, compare_scenarios, scenario_label, summarise_change
from diagnostic.scorecard import build_scorecard


@pytest.fixture(scope="module")
def org() -> Dataset:
    return build_org()


@pytest.fixture(scope="module")
def baseline(org):
    return build_scorecard(org, SETTINGS)


@pytest.fixture(scope="module")
def far_score(org):
    """Results of some indicators with one lever at its far end; each lever is applied once."""
    changed = {}

    def score(lever, indicator_ids):
        if lever.id not in changed:
            changed[lever.id] = lever.apply(org, far_end(lever), SETTINGS)
        return build_scorecard(changed[lever.id], SETTINGS, tuple(INDICATORS[i] for i in indicator_ids))

    return score


def far_end(lever) -> float:
    """The value furthest from the default (a cap is furthest at its minimum)."""
    return lever.min if lever.max - lever.default < lever.default - lever.min else lever.max


def assert_same_tables(a: Dataset, b: Dataset) -> None:
    assert a.present() == b.present()
    for name, frame in frames(a).items():
        pd.testing.assert_frame_equal(frame, getattr(b, name))


# ----------------------------------------------------------------------------------------------
# the registry


def test_at_least_eight_levers_with_unique_ids_and_contract_keys():
    assert len(LEVERS) >= 8
    assert len({lever.id for lever in LEVERS}) == len(LEVERS)
    for lever in LEVERS:
        record = lever.to_dict()
        assert set(record) == {"id", "label", "min", "max", "default", "unit", "step", "moves", "help"}
        assert lever.min <= lever.default <= lever.max and lever.step > 0
        assert lever.help.endswith(".") and lever.moves


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_every_moved_indicator_exists(lever):
    assert [m for m in lever.moves if m not in INDICATORS] == []


# ----------------------------------------------------------------------------------------------
# purity: the default changes nothing, no lever changes its input


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_default_returns_the_same_tables(lever, org, settings):
    changed = lever.apply(org, lever.default, settings)
    assert_same_tables(org, changed)
    for name in org.present():
        assert getattr(changed, name) is getattr(org, name)


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_a_lever_never_changes_its_input_nor_tables_it_does_not_own(lever, org, settings):
    org = Dataset(**{name: frame.copy() for name, frame in frames(org).items()})
    before = {name: frame.copy() for name, frame in frames(org).items()}
    changed = lever.apply(org, far_end(lever), settings)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(org, name), frame)
        if name not in lever.tables:
            assert getattr(changed, name) is getattr(org, name)
    assert any(not getattr(changed, t).equals(getattr(org, t)) for t in lever.tables if getattr(org, t) is not None)


def test_a_scenario_of_defaults_reproduces_the_baseline_scorecard(org, settings, baseline):
    scenario = Scenario("no change", {lever.id: lever.default for lever in LEVERS})
    assert build_scorecard(apply_scenario(org, scenario, settings), settings).to_dict() == baseline.to_dict()


# ----------------------------------------------------------------------------------------------
# direction: the far end moves the named indicators towards compost, and nothing unrelated


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_far_end_moves_named_indicators_towards_compost(lever, baseline, far_score):
    card = far_score(lever, lever.moves)
    moved = []
    for indicator_id in lever.moves:
        before, after = baseline.result(indicator_id), card.result(indicator_id)
        if before.measurement.value is None or after.measurement.value is None:
            continue
        towards = np.sign(before.compost_at - before.concrete_at)
        delta = (after.measurement.value - before.measurement.value) * towards
        assert delta >= -1e-9, f"{indicator_id} moved away from compost: {before.measurement.value} -> {after.measurement.value}"
        moved.append(delta > 1e-9)
    if not moved:
        pytest.skip(f"none of {lever.moves} is computed on the test organisation")
    assert any(moved), f"{lever.id} at {far_end(lever)} moved none of {lever.moves}"


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.id)
def test_far_end_leaves_unrelated_domains_unchanged(lever, baseline, far_score):
    related = set().union(*(TABLE_DOMAINS[t] for t in lever.tables))
    unrelated = [r.indicator.id for r in baseline.results if r.indicator.domain not in related]
    card = far_score(lever, unrelated)
    for after in card.results:
        assert after.measurement.value == baseline.result(after.indicator.id).measurement.value, after.indicator.id
    for after in card.domains:
        if after.total:
            assert after.score == baseline.domain(after.id).score


# ----------------------------------------------------------------------------------------------
# scenario files


def test_scenario_round_trips_through_a_file(tmp_path):
    scenario = Scenario("Fewer, smaller meetings", {"cancel_recurring_meetings": 20, "cap_meeting_size": 8})
    path = scenario.save(tmp_path / "fewer.json")
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "name": "Fewer, smaller meetings",
        "levers": {"cancel_recurring_meetings": 20, "cap_meeting_size": 8},
    }
    assert Scenario.load(path) == scenario
    assert Scenario.from_json(scenario.to_json()) == scenario


@pytest.mark.parametrize(
    "text, words",
    [
        ('{"name": "x", "levers": {"cancel_all_meetings": 10}}', ["bad.json", "cancel_all_meetings"]),
        ('{"name": "x", "levers": {"cap_meeting_size": 2}}', ["bad.json", "cap_meeting_size", "3 to 50"]),
        ('{"name": "x", "levers": {"drop_cc": true}}', ["bad.json", "drop_cc", "not a number"]),
        ('{"name": "x", "levers": {"drop_cc": "ten"}}', ["bad.json", "drop_cc", "not a number"]),
        ('{"levers": {}}', ["bad.json", "name"]),
        ("not json at all", ["bad.json", "not valid JSON"]),
    ],
)
def test_bad_scenario_files_name_the_file_and_the_lever(tmp_path, text, words):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        Scenario.load(path)
    assert all(w in str(error.value) for w in words), str(error.value)


def test_apply_scenario_checks_values_built_in_code(org, settings):
    with pytest.raises(InputError, match="drop_cc"):
        apply_scenario(org, Scenario("too much", {"drop_cc": 150}), settings)


def test_numpy_numbers_from_widgets_are_accepted(org, settings):
    changed = apply_scenario(org, Scenario("numpy", {"drop_cc": np.int64(50), "shorten_meetings": np.float64(10)}), settings)
    assert len(changed.messages) < len(org.messages)


def test_apply_scenario_combines_levers_in_a_fixed_order(org, settings):
    a = apply_scenario(org, Scenario("a", {"drop_cc": 50, "cancel_recurring_meetings": 30}), settings)
    b = apply_scenario(org, Scenario("b", {"cancel_recurring_meetings": 30, "drop_cc": 50}), settings)
    assert_same_tables(a, b)
    assert len(a.meetings) < len(org.meetings) and len(a.messages) < len(org.messages)


# ----------------------------------------------------------------------------------------------
# comparing scorecards


def test_compare_scenarios_puts_each_scenario_beside_the_baseline(org, settings, baseline):
    audits = build_scorecard(apply_scenario(org, Scenario("audit with", {"practitioners_in_audits": 100}), settings), settings)
    table = compare_scenarios(baseline, {"audit with": audits})
    assert list(table.columns[:7]) == ["level", "id", "domain", "title", "unit", "baseline", "baseline value"]
    assert {"audit with", "audit with value", "audit with change"} <= set(table.columns)
    assert len(table) == 1 + len(baseline.domains) + len(baseline.results)
    row = table.set_index("id").loc["practitioner_involved_rate"]
    assert row["audit with value"] == 100 and row["audit with change"] > 0
    assert (table.loc[table["domain"] == "feedback", "audit with change"].fillna(0) == 0).all()


def test_summarise_change_says_what_moved_and_that_nothing_else_did(org, settings, baseline):
    assert summarise_change(baseline, baseline) == "This scenario changes nothing that the data loaded can show."
    card = build_scorecard(
        apply_scenario(org, Scenario("audit with", {"practitioners_in_audits": 100, "families_in_audits": 100}), settings), settings
    )
    text = summarise_change(baseline, card)
    assert text.startswith("This scenario ") and "audits" in text and "nothing else changes." in text
    b, s = baseline.domain("audits"), card.domain("audits")
    if b.band != s.band:
        assert f"moves audits from {b.band} to {s.band}" in text
    else:
        assert "raises audits by" in text


@pytest.mark.parametrize("name", ["baseline", "Baseline", " BASELINE "])
def test_a_scenario_named_baseline_never_takes_the_baselines_column(org, settings, baseline, name):
    audits = build_scorecard(apply_scenario(org, Scenario(name, {"practitioners_in_audits": 100}), settings), settings)
    table = compare_scenarios(baseline, {name: audits})
    label = scenario_label(name)
    assert label != "baseline" and f"{label} change" in table.columns
    row = table.set_index("id").loc["practitioner_involved_rate"]
    assert row[label] > row["baseline"] and row[f"{label} change"] > 0
