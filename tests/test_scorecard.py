"""The scoring rules of indicators.md section D, on the real registry and on stand-in indicators."""

from __future__ import annotations

from dataclasses import replace

import factories as f
import pandas as pd
import pytest

from diagnostic.dataset import Dataset
from diagnostic.indicators import REGISTRY, audits, email, feedback, meetings
from diagnostic.indicators.base import Indicator, Measurement, band, not_computed, score_value
from diagnostic.scorecard import build_scorecard


def fixed(id_: str, domain: str, value: float | None, concrete_at: float = 0.0, compost_at: float = 100.0) -> Indicator:
    """A stand-in indicator that always measures ``value`` (None: not computed)."""

    def compute(dataset, settings):
        return not_computed("Not computed: test.") if value is None else Measurement(value=value, n=10)

    return Indicator(
        id=id_,
        domain=domain,
        title=id_,
        question="?",
        unit="%",
        concrete_at=concrete_at,
        compost_at=compost_at,
        source="judgement",
        seed="seed",
        caveat="caveat",
        needs=("documents",),
        compute=compute,
    )


def domain(name: str, values: list[float | None]) -> list[Indicator]:
    return [fixed(f"{name}_{i}", name, v) for i, v in enumerate(values)]


ANY_DATA = Dataset(documents=f.conform("documents", pd.DataFrame({"doc_id": ["d"], "name": ["policy"], "text": ["text"]})))


def score(indicators: list[Indicator], settings):
    """Score stand-ins over a dataset holding the one table they declare."""
    return build_scorecard(ANY_DATA, settings, tuple(indicators))


@pytest.mark.parametrize(
    ("value", "concrete", "compost", "expected"),
    [(50, 0, 100, 50), (-10, 0, 100, 0), (150, 0, 100, 100), (10, 15, 6, 5 / 9 * 100), (20, 15, 6, 0), (3, 15, 6, 100), (0, 10, 0, 100)],
)
def test_indicator_score_is_linear_and_clamped_in_both_directions(value, concrete, compost, expected):
    assert score_value(value, concrete, compost) == pytest.approx(expected)


def test_bands_are_coarse():
    assert [band(s) for s in (0, 24.9, 25, 49.9, 50, 74.9, 75, 100)] == [
        "concrete",
        "concrete",
        "cracks",
        "cracks",
        "soil",
        "soil",
        "compost",
        "compost",
    ]
    assert band(None) is None


def test_a_domain_is_the_mean_of_its_computed_indicators_nothing_imputed(settings):
    card = score(domain("meetings", [20, 40, 90, None]), settings)
    d = card.domain("meetings")
    assert d.score == pytest.approx(50.0)  # (20 + 40 + 90) / 3; the missing one is not a zero
    assert (d.computed, d.total) == (3, 4)
    assert card.result("meetings_3").score is None


def test_a_domain_needs_three_computed_indicators(settings):
    assert score(domain("meetings", [50, 50, None, None]), settings).domain("meetings").score is None


def test_a_domain_needs_half_of_its_indicators(settings):
    card = score(domain("meetings", [50, 50, 50, None, None, None, None]), settings)
    assert card.domain("meetings").score is None
    card = score(domain("meetings", [50, 50, 50, None, None, None]), settings)
    assert card.domain("meetings").score == pytest.approx(50.0)


def test_the_index_needs_three_scored_domains(settings):
    two = domain("meetings", [10, 20, 30]) + domain("email", [50, 60, 70])
    card = score(two, settings)
    assert card.score is None
    assert card.coverage_line().startswith("Partial profile")
    card = score(two + domain("audits", [80, 90, 100]), settings)
    assert card.score == pytest.approx((20 + 60 + 90) / 3)
    assert card.band == "soil"


def test_an_audit_log_alone_scores_the_audits_domain_only_with_partial_coverage(settings):
    card = build_scorecard(
        f.org().with_tables(people=None, meetings=None, attendance=None, messages=None, volumes=None, feedback=None), settings
    )
    audits = card.domain("audits")
    assert audits.score is not None
    assert audits.computed == 6
    assert [d.id for d in card.scored_domains] == ["audits"]
    assert card.score is None
    assert card.coverage == pytest.approx(6 / len(REGISTRY))
    for r in card.results:
        if r.indicator.domain != "audits":
            assert r.score is None and r.measurement.note


def test_threshold_overrides_come_from_settings_and_are_shown(settings):
    changed = replace(settings, thresholds={"meetings_0": {"concrete_at": 100, "compost_at": 0}})
    card = score(domain("meetings", [20, 40, 90]), changed)
    r = card.result("meetings_0")
    assert r.overridden
    assert r.score == pytest.approx(80.0)
    assert r.to_dict()["thresholds_changed"] is True
    assert any("thresholds changed" in s for s in card.settings_changed)


def test_weights_come_from_settings(settings):
    weighted = replace(settings, weights={"meetings_2": 0.0})
    card = score(domain("meetings", [20, 40, 90]), weighted)
    assert card.domain("meetings").score == pytest.approx(30.0)
    assert any("weights changed" in s for s in card.settings_changed)


@pytest.mark.slow
def test_the_real_registry_on_a_complete_organisation(settings):
    card = build_scorecard(f.org(), settings)
    for name in ("meetings", "email", "audits", "feedback"):
        d = card.domain(name)
        thin = [r.indicator.id for r in card.results if r.indicator.domain == name and r.measurement.too_little_data]
        assert d.score is not None and d.computed == d.total - len(thin)
    # the organisation's staff gave 8 feedback items with actions recorded: fewer than the 10 a share of records needs
    staff_loop = card.result("staff_feedback_loop_rate").measurement
    assert staff_loop.too_little_data and staff_loop.n == 8 and staff_loop.value is None
    assert "8 items; at least 10 items are needed" in staff_loop.note
    assert card.score is not None
    as_json = card.to_dict()
    assert {"overall", "domains", "indicators", "settings_changed"} <= set(as_json)
    for i in as_json["indicators"]:
        assert i["value"] is not None or i["score"] is None


@pytest.mark.slow
def test_the_scorecard_is_deterministic(settings):
    ours = (*meetings.INDICATORS, *email.INDICATORS, *audits.INDICATORS, *feedback.INDICATORS)
    assert build_scorecard(f.org(seed=5), settings, ours).to_dict() == build_scorecard(f.org(seed=5), settings, ours).to_dict()
