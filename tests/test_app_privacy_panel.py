"""The sidebar's "Privacy and settings": drawn only when opened, and what was chosen there stands
while it is closed, on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app.shell import PAGES, PRIVACY_PANEL

pytestmark = pytest.mark.slow  # the whole app on the sample

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 120


def _chosen(at: AppTest) -> dict:
    return at.session_state["settings_overrides"]


def _opened(at: AppTest, open_: bool = True) -> AppTest:
    at.session_state[PRIVACY_PANEL] = open_  # as opening or closing the expander does
    at.run(timeout=TIMEOUT)
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_closed_panel_draws_nothing_and_names_and_free_text_stay_hidden():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert "Privacy and settings" in [e.label for e in at.sidebar.expander]
    assert not at.sidebar.number_input and [t.label for t in at.sidebar.toggle] == ["Workshop mode"]
    assert _chosen(at)["show_names"] is False and _chosen(at)["show_text"] is False


def test_a_choice_stands_once_the_panel_is_closed_and_shows_when_it_is_opened_again():
    at = _opened(AppTest.from_file(APP, default_timeout=TIMEOUT))
    floor = at.sidebar.number_input(key="privacy-min-group")
    assert floor.label == "Minimum group size (people)"
    raised = floor.value + 2
    floor.set_value(raised).run(timeout=TIMEOUT)
    assert _chosen(at)["min_group_size"] == raised
    _opened(at, False)
    assert not at.sidebar.number_input
    assert _chosen(at)["min_group_size"] == raised  # closed, the choice stands
    at.switch_page(str(PAGES / "network.py")).run(timeout=TIMEOUT)
    assert _chosen(at)["min_group_size"] == raised  # and on another page
    _opened(at)
    assert at.sidebar.number_input(key="privacy-min-group").value == raised
    assert at.sidebar.toggle(key="privacy-names").value is False
