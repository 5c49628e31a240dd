"""Sources that must join: a person query and a person-to-person query with no people in common."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest

from diagnostic.findings import JOIN, cross_file_findings
from diagnostic.indicators import REGISTRY
from diagnostic.indicators.teams import team_gap
from diagnostic.ingest import load_bytes
from diagnostic.joins import failed_joins, overlap, unshared_pairs
from diagnostic.scorecard import build_scorecard
from tests.conftest import FIXTURES

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TEAM_LEVEL = {i.id for i in REGISTRY if "teams" in i.joins}


def _p2p_of_other_people(keep_organisation: bool, keep: int = 0) -> bytes:
    """The fixture's person-to-person query with every person but the first ``keep`` replaced by someone the person query does not list."""
    text = (FIXTURES / "viva" / "p2p_query.csv").read_text(encoding="utf-8")
    for i, guid in enumerate(sorted(set(GUID.findall(text)))[keep:]):
        text = text.replace(guid, f"ffffffff-0000-0000-0000-{i:012d}")
    rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, h in enumerate(rows[0]) if keep_organisation or "Organization" not in h]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
    return out.getvalue().encode("utf-8")


def _load(settings, keep_organisation: bool, keep: int = 0):
    person = (FIXTURES / "viva" / "person_query.csv").read_bytes()
    return load_bytes([("person_query.csv", person), ("p2p_query.csv", _p2p_of_other_people(keep_organisation, keep))], settings)


def test_no_people_in_common_gives_a_warning_and_no_team_level_network_indicator(settings):
    settings = replace(settings, team_attribute="Organization")  # the person query's teams, chosen
    dataset, results = _load(settings, keep_organisation=False)
    assert {"cross_team_ei", "within_team_density"} <= TEAM_LEVEL
    common = overlap(dataset, settings, ("ties",))
    assert (common.in_common, common.people) == (0, 6)
    card = build_scorecard(dataset, settings)
    for indicator_id in TEAM_LEVEL:
        m = card.result(indicator_id).measurement
        assert m.value is None and card.result(indicator_id).band is None
    assert "have a known team" in card.result("cross_team_ei").measurement.note  # why, in words
    joins = [f for f in cross_file_findings(dataset, results, settings) if f.topic == JOIN]
    assert len(joins) == 2
    assert "have 0 of their staff in common" in joins[0].message
    assert "Only 0 of the 6 staff in the person-to-person query have a known team" in joins[1].message
    for finding in joins:
        assert set(finding.files) == {"person_query.csv", "p2p_query.csv"}
        assert "@" not in finding.message


def test_a_query_with_its_own_teams_still_warns_that_the_two_queries_do_not_join(settings):
    dataset, results = _load(settings, keep_organisation=True)
    joins = [f for f in cross_file_findings(dataset, results, settings) if f.topic == JOIN]
    assert [f.message.split(" have ")[0] for f in joins] == ["The activity report or person query and the person-to-person query"]


@pytest.mark.slow
def test_the_sample_joins(sample_dataset, settings):
    assert failed_joins(sample_dataset, settings) == [] and unshared_pairs(sample_dataset, settings) == []
    for table in ("attendance", "messages", "volumes"):
        assert overlap(sample_dataset, settings, (table,)).joins


def test_at_exactly_half_in_common_the_join_check_and_the_team_figures_agree(settings):
    """Half the people with a known team is enough for every check: none warns while another computes."""
    settings = replace(settings, team_attribute="Organization")
    dataset, results = _load(settings, keep_organisation=False, keep=3)
    common = overlap(dataset, settings, ("ties",))
    assert (common.in_common, common.people) == (3, 6) and common.joins
    assert not [f for f in cross_file_findings(dataset, results, settings) if f.topic == JOIN and "known team" in f.message]
    assert team_gap(dataset, settings, known=0.5) is None
    card = build_scorecard(dataset, settings)
    for indicator_id in TEAM_LEVEL:
        assert "have a known team" not in (card.result(indicator_id).measurement.note or "")
