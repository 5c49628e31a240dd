"""The ten network indicators: values on a known organisation, honest reasons when they cannot be computed."""

from __future__ import annotations

import network_org as org
import pandas as pd
import pytest

from diagnostic.dataset import Dataset, conform
from diagnostic.indicators import BY_ID
from diagnostic.indicators.network import INDICATORS
from diagnostic.network import graph

IDS = [
    "collaboration_top5_share",
    "cross_team_ei",
    "within_team_density",
    "external_partner_tie_share",
    "reciprocity",
    "betweenness_centralisation",
    "isolated_share",
    "management_layers",
    "manager_share",
    "team_size_over_12_share",
]


def _compute(indicator_id: str, dataset: Dataset, settings):
    return BY_ID[indicator_id].compute(dataset, settings)


def test_the_catalogue_set_is_declared_in_the_network_domain():
    assert [i.id for i in INDICATORS] == IDS
    for indicator in INDICATORS:
        assert indicator.domain == "network"
        assert indicator.source and indicator.seed and indicator.caveat and indicator.needs
        assert indicator.concrete_at != indicator.compost_at


@pytest.mark.parametrize(
    ("indicator_id", "expected"),
    [
        ("cross_team_ei", 2 * 38 / 142 - 1),
        ("within_team_density", 100 * (11 / 15 + 1 + 1 + 1) / 4),
        ("external_partner_tie_share", 100 * 11 / 153),
        ("reciprocity", 100.0),
        ("isolated_share", 100 * 3 / 25),
        ("management_layers", 3.0),  # practitioner -> team manager -> service manager -> director
        ("manager_share", 100 * 8 / 28),
        ("team_size_over_12_share", 0.0),
    ],
)
def test_values_on_the_known_organisation(settings, indicator_id, expected):
    measurement = _compute(indicator_id, org.org(), settings)
    assert measurement.value == pytest.approx(expected)


def test_centralisation_is_between_zero_and_one(settings):
    value = _compute("betweenness_centralisation", org.org(), settings).value
    assert 0 < value < 1


def test_per_team_figures_only_for_teams_big_enough(settings):
    measurement = _compute("cross_team_ei", org.org(), settings)
    by_team = measurement.by_team.set_index("team")
    assert "Legal" not in by_team.index
    assert (by_team["n"] >= settings.min_group_size).all()
    assert by_team["value"].idxmin() == "Disabled children"
    manager_share = _compute("manager_share", org.org(), settings).by_team
    assert "Leadership" not in set(manager_share["team"])  # three people


def test_top5_needs_a_top_group_of_at_least_the_minimum_size(settings):
    small = _compute("collaboration_top5_share", org.org(), settings)
    assert small.value is None
    assert "100" in small.note


def test_top5_share_on_an_organisation_with_six_hubs(settings):
    hubs = [f"phub{i}" for i in range(6)]
    others = [f"pother{i:03d}" for i in range(114)]
    pairs = [(h, o) for h in hubs for o in others]
    ties = conform(
        "ties",
        pd.DataFrame({"person_a": [a for a, _ in pairs], "person_b": [b for _, b in pairs], "weight": 1.0, "kind": "collaboration"}),
    )
    measurement = _compute("collaboration_top5_share", Dataset(ties=ties), settings)
    assert measurement.value == pytest.approx(50.0)  # 6 hubs hold 684 of 1,368 weighted degree
    assert measurement.n == 120


def test_roster_indicators_say_they_need_a_roster(settings):
    dataset = org.org(with_roster=False)
    for indicator_id in ("cross_team_ei", "within_team_density", "management_layers", "manager_share", "team_size_over_12_share"):
        measurement = _compute(indicator_id, dataset, settings)
        assert measurement.value is None
        assert "roster" in measurement.note
    assert _compute("reciprocity", dataset, settings).value == 100.0


def test_no_tie_exports_gives_a_plain_reason(settings):
    dataset = Dataset(people=org.people())
    measurement = _compute("isolated_share", dataset, settings)
    assert measurement.value is None
    assert "message trace" in measurement.note
    assert "message trace" in _compute("reciprocity", dataset, settings).note
    assert _compute("management_layers", dataset, settings).value == 3.0  # the roster alone is enough


def test_team_size_share_counts_people_in_teams_over_twelve(settings):
    people = conform(
        "people",
        pd.DataFrame({"person_id": [f"p{i}" for i in range(20)], "team": ["Big"] * 13 + ["Small"] * 7, "organisation": "internal"}),
    )
    measurement = _compute("team_size_over_12_share", Dataset(people=people), settings)
    assert measurement.value == pytest.approx(65.0)
    assert measurement.by_team.set_index("team")["value"].to_dict() == {"Big": 13.0, "Small": 7.0}


def test_a_loop_in_the_manager_chain_does_not_hang(settings):
    people = conform(
        "people",
        pd.DataFrame(
            {
                "person_id": ["p1", "p2", "p3", "p4", "p5"],
                "team": "T",
                "manager_id": ["p2", "p3", "p2", "p1", "p1"],
                "is_practitioner": [True, False, False, True, True],
                "organisation": "internal",
            }
        ),
    )
    # p4 -> p1 -> p2 -> p3 -> p2 ...: three distinct managers, then the loop stops the count
    assert _compute("management_layers", Dataset(people=people), settings).value == 3.0


def test_the_graph_is_built_once_for_all_ten(settings, monkeypatch):
    calls = []
    real = graph.build_network
    monkeypatch.setattr(graph, "build_network", lambda d, s: calls.append(1) or real(d, s))
    dataset = org.org()
    computed = [i.compute(dataset, settings) for i in INDICATORS]
    assert len(calls) == 1
    assert sum(m.computed for m in computed) == 9  # all but the top-5% share, which needs 100 people
