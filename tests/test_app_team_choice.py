"""The choice of team attribute on Home, run through the whole app on the bundled sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app.shell import PAGE_FAILED
from diagnostic.app.team_choice import KEY

pytestmark = pytest.mark.slow

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_home_offers_the_attributes_with_their_groups_and_choosing_one_sets_the_team():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    choice = at.selectbox(key=KEY)
    assert choice.value == ""  # nothing is the team until someone chooses
    assert choice.options[0].startswith("None")
    offered = choice.options[1:]
    assert offered and all(" groups of " in o or " group of " in o for o in offered)  # each with its groups and sizes
    assert any(o.startswith("Team: ") for o in offered)  # the staff list's own team column is among them
    assert not any("indicators that need real teams are not computed" in c.value for c in at.caption)  # the roster gives teams
    choice.set_value("Team").run()
    assert not at.exception and PAGE_FAILED not in [e.value for e in at.error]
    assert at.session_state["settings_overrides"]["team_attribute"] == "Team"
