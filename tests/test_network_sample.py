"""The bundled sample organisation: the silo and the bridging team built into it show up in the network."""

from __future__ import annotations

from pathlib import Path

import pytest

from diagnostic.indicators.network import INDICATORS
from diagnostic.ingest import load_paths
from diagnostic.network import network_summary
from diagnostic.settings import Settings

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
MIN_COMPUTED = 6


@pytest.fixture(scope="module")
def sample():
    if not SAMPLES.is_dir() or not any(p.is_file() and p.name != "README.md" for p in SAMPLES.iterdir()):
        pytest.skip("the sample organisation has not been generated into data/samples")
    settings = Settings(salt="sample-network-test")
    dataset, _ = load_paths([SAMPLES], settings)
    return dataset, settings


def _teams(summary: dict) -> dict[str, dict]:
    return {t["team"]: t for t in summary["teams"]}


def test_disabled_children_is_the_silo(sample):
    dataset, settings = sample
    teams = _teams(network_summary(dataset, settings, level="team"))
    scored = {name: t for name, t in teams.items() if t["silo_index"] is not None}
    assert min(scored, key=lambda name: scored[name]["silo_index"]) == "Disabled children"
    assert teams["Disabled children"]["partner_links"] == 0


def test_quality_assurance_bridges_teams(sample):
    dataset, settings = sample
    teams = _teams(network_summary(dataset, settings, level="team"))
    scored = {name: t for name, t in teams.items() if t["silo_index"] is not None}
    assert max(scored, key=lambda name: scored[name]["silo_index"]) == "Quality assurance"
    per_person = {name: t["external_ties"] / t["people"] for name, t in teams.items()}
    assert per_person["Quality assurance"] > per_person["Disabled children"]


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
