"""What-if scenarios: levers that turn one Dataset into another, and the scorecards compared.

A lever is a pure function ``Dataset x value -> Dataset`` (cancel a share of recurring meetings,
cap meeting size, hold email sent out of hours, answer feedback within N working days, remove a
management layer, ...). A scenario is a name plus lever values, saved as JSON. At its default a
lever changes nothing, so a scenario of defaults reproduces the baseline exactly.
"""

from __future__ import annotations

from diagnostic.scenarios.compare import compare_scenarios, indicators_scored, scenario_label, summarise_change
from diagnostic.scenarios.lever import Lever
from diagnostic.scenarios.registry import BY_ID, LEVERS
from diagnostic.scenarios.scenario import Scenario, apply_scenario

__all__ = [
    "BY_ID",
    "LEVERS",
    "Lever",
    "Scenario",
    "apply_scenario",
    "compare_scenarios",
    "indicators_scored",
    "scenario_label",
    "summarise_change",
]
