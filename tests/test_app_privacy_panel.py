"""The sidebar's "Privacy and settings": drawn only when opened, and what was chosen there stands
while it is closed, on every page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app.shell import PRIVACY_PANEL
from tests.app_run import TIMEOUT, assert_healthy, open_page, started

pytestmark = pytest.mark.slow  # the whole app on the sample


def _chosen(at: AppTest) -> dict:
    return at.session_state["settings_overrides"]


def _opened(at: AppTest, open_: bool = True) -> AppTest:
    at.session_state[PRIVACY_PANEL] = open_  # as opening or closing the expander does
    at.run(timeout=TIMEOUT)
    assert_healthy(at)
    return at


def test_the_closed_panel_draws_nothing_and_names_and_free_text_stay_hidden():
    at = started()
    assert "Privacy and settings" in [e.label for e in at.sidebar.expander]
    assert not at.sidebar.number_input and [t.label for t in at.sidebar.toggle] == ["Workshop mode"]
    assert _chosen(at)["show_names"] is False and _chosen(at)["show_text"] is False


def test_a_choice_stands_once_the_panel_is_closed_and_shows_when_it_is_opened_again():
    at = _opened(started())
    floor = at.sidebar.number_input(key="privacy-min-group")
    assert floor.label == "Minimum group size (people)"
    raised = floor.value + 2
    floor.set_value(raised).run(timeout=TIMEOUT)
    assert _chosen(at)["min_group_size"] == raised
    _opened(at, False)
    assert not at.sidebar.number_input
    assert _chosen(at)["min_group_size"] == raised  # closed, the choice stands
    open_page(at, "network.py")
    assert _chosen(at)["min_group_size"] == raised  # and on another page
    _opened(at)
    assert at.sidebar.number_input(key="privacy-min-group").value == raised
    assert at.sidebar.toggle(key="privacy-names").value is False
