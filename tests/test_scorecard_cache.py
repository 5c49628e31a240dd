"""Measurements are reused only while the tables a domain reads are the same objects."""

from __future__ import annotations

from dataclasses import fields

import pytest

from diagnostic.dataset import HIERARCHY, VIEWS, Dataset
from diagnostic.indicators import REGISTRY
from diagnostic.scorecard import DOMAIN_TABLES, build_scorecard, reads
from diagnostic.settings import Settings
from tests.conftest import SAMPLE_SALT

SETTINGS = Settings(salt=SAMPLE_SALT)


@pytest.fixture(scope="module")
def sample(sample_dataset) -> Dataset:
    return sample_dataset


def _values(card, domain: str) -> dict[str, float | None]:
    return {r.indicator.id: r.measurement.value for r in card.results if r.indicator.domain == domain}


@pytest.mark.parametrize("domain", sorted(DOMAIN_TABLES))
def test_each_domain_reads_only_its_declared_tables(sample, domain):
    keep = {VIEWS.get(t, t) for t in DOMAIN_TABLES[domain]}
    only = Dataset(**{f.name: getattr(sample, f.name) for f in fields(Dataset) if f.name in keep})
    assert _values(build_scorecard(only, SETTINGS), domain) == pytest.approx(
        _values(build_scorecard(sample, SETTINGS), domain), nan_ok=True
    )


def test_a_changed_table_is_recomputed_and_the_rest_reused(sample):
    before = build_scorecard(sample, SETTINGS)
    fewer = sample.with_tables(audits=sample.audits.iloc[: len(sample.audits) // 2].copy())
    after = build_scorecard(fewer, SETTINGS)
    audits = [r.indicator.id for r in before.results if r.indicator.domain == "audits"]
    assert any(before.result(i).measurement.n != after.result(i).measurement.n for i in audits)
    meetings = [r.indicator.id for r in before.results if r.indicator.domain == "meetings"]
    assert all(before.result(i).measurement is after.result(i).measurement for i in meetings)


@pytest.mark.parametrize("indicator", [i for i in REGISTRY if i.reads], ids=lambda i: i.id)
def test_an_indicator_that_names_fewer_tables_reads_only_those(sample, indicator):
    only = Dataset(**{VIEWS.get(t, t): getattr(sample, VIEWS.get(t, t)) for t in reads(indicator)})
    assert indicator.compute(only, SETTINGS).value == pytest.approx(indicator.compute(sample, SETTINGS).value, nan_ok=True)


def test_a_meeting_change_leaves_roster_only_indicators_as_they_were(sample):
    before = build_scorecard(sample, SETTINGS)
    after = build_scorecard(sample.with_tables(attendance=sample.attendance.copy()), SETTINGS)
    for indicator in (i for i in REGISTRY if i.reads == ("people",)):
        assert after.result(indicator.id).measurement is before.result(indicator.id).measurement


def _restructured(dataset: Dataset) -> Dataset:
    """The same roster with who manages whom scrambled: managers reversed, every flag flipped."""
    people = dataset.people.copy()
    people["manager_id"] = people["manager_id"].iloc[::-1].to_numpy()
    people["is_manager"] = ~people["is_manager"].fillna(False)
    people["is_practitioner"] = ~people["is_practitioner"].fillna(False)
    return dataset.with_tables(people=people)


@pytest.mark.parametrize("indicator", [i for i in REGISTRY if "teams" in reads(i)], ids=lambda i: i.id)
def test_an_indicator_that_reads_teams_ignores_who_manages_whom(sample, indicator):
    assert set(HIERARCHY) <= set(sample.people.columns)
    before = indicator.compute(sample, SETTINGS)
    after = indicator.compute(_restructured(sample), SETTINGS)
    assert after.value == pytest.approx(before.value, nan_ok=True)
    assert after.n == before.n and after.coverage == before.coverage


def test_a_restructure_reuses_what_reads_only_teams(sample):
    before = build_scorecard(sample, SETTINGS)
    after = build_scorecard(_restructured(sample), SETTINGS)
    by_teams = [i.id for i in REGISTRY if "teams" in reads(i)]
    assert by_teams and all(after.result(i).measurement is before.result(i).measurement for i in by_teams)
    assert after.result("upward_email_share").measurement is not before.result("upward_email_share").measurement
