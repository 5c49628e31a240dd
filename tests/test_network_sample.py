"""The bundled sample organisation: the shapes its README describes show up in the network."""

from __future__ import annotations

import pytest

from diagnostic.indicators.network import INDICATORS
from diagnostic.network import network_summary
from diagnostic.settings import Settings
from tests.conftest import SAMPLE_SALT

MIN_COMPUTED = 6


@pytest.fixture(scope="module")
def sample(sample_dataset):
    return sample_dataset, Settings(salt=SAMPLE_SALT)


def _teams(summary: dict) -> dict[str, dict]:
    return {t["team"]: t for t in summary["teams"]}


def test_disabled_children_is_the_silo(sample):
    dataset, settings = sample
    teams = _teams(network_summary(dataset, settings, level="team"))
    scored = {name: t for name, t in teams.items() if t["silo_index"] is not None}
    assert min(scored, key=lambda name: scored[name]["silo_index"]) == "Disabled children"
    assert teams["Disabled children"]["partner_links"] == 0
    assert teams["Disabled children"]["brokers"] == 0


def test_quality_assurance_joins_teams_up(sample):
    dataset, settings = sample
    teams = _teams(network_summary(dataset, settings, level="team"))
    frontline = {name: t["silo_index"] for name, t in teams.items() if t["silo_index"] is not None and name != "Senior leadership"}
    assert max(frontline, key=frontline.get) == "Quality assurance"
    assert frontline["Quality assurance"] > 0  # more of its ties lead out of the team than stay in


def test_management_traffic_runs_through_the_heads_of_service(sample):
    dataset, settings = sample
    summary = network_summary(dataset, settings, level="team")
    by_team = summary["brokers_by_team"]
    assert max(by_team, key=by_team.get) == "Senior leadership"
    assert summary["manager_flow_share"] > summary["manager_people_share"]


def test_the_isolated_practitioners_are_found(sample):
    dataset, settings = sample
    teams = _teams(network_summary(dataset, settings, level="team"))
    assert teams["Child in need"]["isolated"] + teams["Child protection"]["isolated"] >= 3


def test_summary_counts_and_never_names(sample):
    dataset, settings = sample
    summary = network_summary(dataset, settings, level="person")
    assert summary["nodes"] > 100 and summary["edges"] > summary["nodes"]
    assert isinstance(summary["brokers"], int) and isinstance(summary["isolates"], int)
    assert summary["isolates"] >= 1  # the sample marks a few practitioners who barely connect
    text = str(summary)
    assert not any(pid in text for pid in dataset.people["person_id"].dropna())


def test_most_network_indicators_are_computed(sample):
    dataset, settings = sample
    computed = [i.id for i in INDICATORS if i.compute(dataset, settings).computed]
    assert len(computed) >= MIN_COMPUTED, computed


def test_without_a_roster_no_indicator_gives_a_table_by_team(sample):
    """Without teams, everyone is in "Unknown team": a one-row table would pass for a breakdown."""
    dataset, settings = sample
    with_roster = {i.id: i.compute(dataset, settings) for i in INDICATORS}
    assert any(m.by_team is not None and len(m.by_team) > 1 for m in with_roster.values())
    no_roster = dataset.with_tables(people=None)
    for indicator in INDICATORS:
        m = indicator.compute(no_roster, settings)
        assert m.by_team is None, indicator.id
    assert network_summary(no_roster, settings)["teams_known"] is False
