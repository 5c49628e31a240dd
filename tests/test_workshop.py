"""Workshop content: reflection questions from the source material, and findings ordered to start a conversation."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from diagnostic.dataset import Dataset, conform
from diagnostic.indicators.base import DOMAINS, Indicator, Measurement
from diagnostic.scorecard import build_scorecard
from diagnostic.wording import number
from diagnostic.workshop import (
    BRIGHT_SPOT_QUESTION,
    CONCRETE_QUESTION,
    DISRUPTION_QUESTION,
    QUESTION_SOURCES,
    REFLECTION_QUESTIONS,
    findings,
    with_unit,
)

KAY_QUESTIONS = (
    "What type of environment do we want to create?",
    "What is my communication practice currently creating?",
    "How do I communicate in order to build and maintain the culture?",
    "What underpins my communication practice when challenging or supporting colleagues?",
)
DATA = Dataset(documents=conform("documents", pd.DataFrame({"doc_id": ["d"], "name": ["n"], "text": ["t"]})))
TEAMS = pd.DataFrame({"team": ["Riverside Team", "Hilltop Team"], "value": [1.0, 2.0], "n": [6, 7]})


def indicator(id: str, domain: str, value: float | None, concrete_at: float, compost_at: float, unit: str = "%") -> Indicator:
    measurement = Measurement(value, n=120, n_unit="meetings", coverage=1.0, by_team=TEAMS) if value is not None else Measurement(None)
    return Indicator(
        id=id,
        domain=domain,
        title=id.replace("_", " ").capitalize(),
        question="?",
        unit=unit,
        concrete_at=concrete_at,
        compost_at=compost_at,
        source="judgement",
        seed="",
        caveat="",
        needs=("documents",),
        compute=lambda dataset, settings, m=measurement: m,
    )


def _score(indicators, settings):
    """A scorecard of hand-made indicators (each reads the one-row documents table and returns its value)."""
    return build_scorecard(DATA, settings, tuple(indicators))


@pytest.fixture
def mixed(settings):
    return _score(
        [
            indicator("meeting_hours", "meetings", 13.5, 15, 6, "hours/week"),  # score ~17
            indicator("large_meetings", "meetings", 20, 40, 15),  # 80: the bright spot
            indicator("cc_share", "email", 0.35, 0.40, 0.15),  # a 0-1 share: score 20
            indicator("family_involved", "audits", 20, 10, 50),  # 25
            indicator("closed_loop", "feedback", 50, 20, 80),  # 50
            indicator("not_computed", "feedback", None, 20, 80),
        ],
        settings,
    )


def test_every_domain_has_questions_drawn_from_the_source_material():
    assert set(REFLECTION_QUESTIONS) == set(DOMAINS)
    asked = {q for qs in REFLECTION_QUESTIONS.values() for q in qs}
    assert set(KAY_QUESTIONS) <= asked and DISRUPTION_QUESTION in asked
    assert all(q.endswith("?") for q in asked | {CONCRETE_QUESTION, BRIGHT_SPOT_QUESTION})
    assert set(KAY_QUESTIONS) | {DISRUPTION_QUESTION, CONCRETE_QUESTION} <= set(QUESTION_SOURCES)


def test_most_concrete_first_then_a_bright_spot_then_one_per_domain(mixed):
    screens = findings(mixed)
    assert [(f.indicator_id, f.kind) for f in screens] == [
        ("meeting_hours", "challenge"),
        ("large_meetings", "bright spot"),
        ("cc_share", "challenge"),
        ("family_involved", "challenge"),
        ("closed_loop", "challenge"),
    ]
    assert screens[0].band == "concrete" and screens[1].band == "compost"
    assert CONCRETE_QUESTION in screens[0].questions and BRIGHT_SPOT_QUESTION in screens[1].questions
    assert screens[0].questions[: len(REFLECTION_QUESTIONS["meetings"])] == REFLECTION_QUESTIONS["meetings"]


def test_each_finding_has_its_number_unit_n_and_a_plain_reading(mixed):
    first, bright, cc = findings(mixed)[:3]
    assert (first.figure, first.n) == ("13.5 hours/week", "across 120 meetings")
    assert first.reading == "Closer to concrete than to compost: compost is 6 hours/week or less, concrete is 15 hours/week or more."
    assert bright.reading.startswith("A bright spot, closer to compost than to concrete")
    assert cc.figure == "35%" and "compost is 15% or less" in cc.reading


def test_a_finding_past_a_line_says_so_and_a_point_scale_reads_as_its_range(settings):
    card = _score(
        [
            indicator("large_meetings", "meetings", 48, 40, 15),  # past the concrete line
            indicator("theme", "self_assessment", 30, 0, 100, "points"),
            indicator("focus", "email", 0.61, 0.30, 0.60),  # a 0-1 share past the compost line: the bright spot
        ],
        settings,
    )
    said = {f.indicator_id: f.reading for f in findings(card)}
    assert said["large_meetings"] == "Past the concrete line of 40%: compost is 15% or less, concrete is 40% or more."
    assert said["theme"] == "Closer to concrete than to compost: scored 0 to 100 points, 100 is compost and 0 is concrete."
    assert said["focus"] == "A bright spot, past the compost line of 60%: compost is 60% or more, concrete is 30% or less."


def test_no_bright_spot_when_nothing_reaches_soil(settings):
    low = _score([indicator("a", "meetings", 14, 15, 6, "hours/week"), indicator("b", "email", 39, 40, 15)], settings)
    assert [f.kind for f in findings(low)] == ["challenge", "challenge"]


def test_nothing_scored_gives_no_findings(settings):
    assert findings(_score([indicator("a", "meetings", None, 15, 6)], settings)) == []


def test_a_network_screen_from_counts_only(mixed):
    summary = {
        "cross_team_share": 0.23,
        "people": 140,
        "isolates": 3,
        "min_group_size": 5,
        "teams": [{"team": "Riverside Team", "brokers": 2}],
    }
    network = findings(mixed, summary)[-1]
    assert network.kind == "network" and network.domain == "network"
    assert network.figure == "23% of collaboration crosses team lines" and network.n == "across 140 people"
    assert "Fewer than 5 people" in network.reading
    assert findings(mixed, {**summary, "isolates": 12})[-1].reading.endswith("12 people have two or fewer collaborators.")
    assert findings(mixed, {"nodes": 0}) == findings(mixed)


def test_findings_never_carry_team_names_or_identifiers(mixed):
    text = json.dumps([f.to_dict() for f in findings(mixed, {"cross_team_share": 0.2, "people": 50, "teams": [{"team": "Hilltop Team"}]})])
    assert "Riverside" not in text and "Hilltop" not in text and "@" not in text


@pytest.mark.slow
def test_numbers_read_aloud():
    assert [number(v) for v in (1234.4, 12.54, 12.0, 0.456, 3.0)] == ["1,234", "12.5", "12", "0.46", "3"]
    assert with_unit(0.42, "%", 100) == "42%" and with_unit(4.0, "layers") == "4 layers"
    assert with_unit(0.424, "%", 100) == number(42.4, "%") == "42.4%"  # as the indicator card writes it
