"""The bundled sample organisation tells the story its README describes, through the indicators.

The README names the teams built to be concrete and those built to be compost. On every indicator
designed to show the difference, the concrete teams' figures are clearly worse (in the compost
direction of that indicator) than the compost teams'.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diagnostic.indicators import BY_ID
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings
from tests.conftest import SAMPLE_SALT

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
README = SAMPLES / "README.md"
MIN_GAP = 0.1  # of the distance between an indicator's two thresholds: a visible difference
MIN_COMPUTED = 30

SHOWN_BY_TEAM = (
    "meeting_hours_per_person",
    "long_meeting_share",
    "conflicting_meeting_share",
    "back_to_back_share",
    "after_hours_meeting_share",
    "focus_block_share",
    "manager_1to1_cadence",
    "after_hours_email_share",
    "mean_recipients_per_message",
    "upward_email_share",
    "practice_focus_share",
    "family_involved_rate",
    "practitioner_involved_rate",
    "actions_per_audit",
    "child_feedback_share",
)


def habit_teams(habit: str) -> list[str]:
    """The teams the README's habits table lists for ``habit`` ("Concrete" or "Compost")."""
    row = re.search(rf"^\|\s*{habit}\s*\|\s*([^|]+)\|", README.read_text(encoding="utf-8"), re.M)
    assert row, f"the README's habits table has no {habit} row"
    return [t.strip() for t in row.group(1).split(",")]


@pytest.fixture(scope="module")
def sample(sample_dataset):
    if not README.exists():
        pytest.skip("the sample organisation has not been generated into data/samples")
    return build_scorecard(sample_dataset, Settings(salt=SAMPLE_SALT))


def test_the_readme_names_both_kinds_of_team():
    if not README.exists():
        pytest.skip("no sample README")
    assert habit_teams("Concrete") and habit_teams("Compost")


@pytest.mark.slow
@pytest.mark.parametrize("indicator_id", SHOWN_BY_TEAM)
def test_concrete_teams_are_clearly_worse_than_compost_teams(sample, indicator_id):
    result = sample.result(indicator_id)
    teams = result.measurement.by_team
    assert teams is not None, result.measurement.note
    values = dict(zip(teams["team"], teams["value"]))
    concrete = [values[t] for t in habit_teams("Concrete") if t in values]
    compost = [values[t] for t in habit_teams("Compost") if t in values]
    assert concrete and compost, f"teams shown: {sorted(values)}"
    ind = BY_ID[indicator_id]
    direction = 1 if ind.compost_at > ind.concrete_at else -1
    gap = direction * (sum(compost) / len(compost) - sum(concrete) / len(concrete))
    assert gap >= MIN_GAP * abs(ind.compost_at - ind.concrete_at), (concrete, compost)


def test_the_scorecard_is_nearly_complete(sample):
    computed = [r for r in sample.results if r.measurement.computed]
    assert len(computed) >= MIN_COMPUTED
    for domain in ("meetings", "email", "audits", "feedback"):
        assert sample.domain(domain).score is not None, domain
    assert sample.score is not None


def test_what_the_sample_cannot_show_is_said_not_guessed(sample):
    cc = sample.result("cc_share")
    assert cc.measurement.value is None
    assert "Cc" in cc.measurement.note
