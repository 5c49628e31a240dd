"""Home states the analysis period, warns about files outside it, and lets the user choose another."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app import period_view, state
from tests.app_run import assert_healthy, started_with
from tests.fixture_builders.periods import mixed_period_files

pytestmark = pytest.mark.slow  # the whole app, run in-process


@pytest.fixture(scope="module")
def mixed() -> AppTest:
    at, _ = started_with(tuple(mixed_period_files()))
    return at


def _text(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in [*at.markdown, *at.warning])


def test_home_proposes_the_recent_period_and_names_the_files_left_out(mixed):
    text = _text(mixed)
    assert "Analysis period: 6 January 2025 to 28 March 2025" in text
    assert "where most of the activity data sits" in text
    warnings = [w.value for w in mixed.warning]
    assert any("periods that do not overlap" in w for w in warnings)
    assert any("outside the analysis period" in w for w in warnings)


def _open_the_period_panel(at: AppTest) -> None:
    """As a user does: the picker is drawn once "Choose another period" is opened."""
    assert "Choose another period" in [e.label for e in at.expander]
    assert not at.date_input  # folded away, nothing is drawn
    at.session_state[period_view.PANEL_KEY] = True  # as opening the expander does
    at.run()


def test_choosing_another_period_is_used_and_said(mixed):
    _open_the_period_panel(mixed)
    picker = mixed.date_input(key="analysis_period_picker")
    picker.set_value((date(2025, 2, 3), date(2025, 3, 28))).run()
    assert not mixed.exception
    assert "Analysis period: 3 February 2025 to 28 March 2025**, the period you chose" in _text(mixed)
    mixed.button[[b.label for b in mixed.button].index("Go back to the proposed period")].click().run()
    assert "where most of the activity data sits" in _text(mixed)


def test_choosing_another_period_trims_what_was_read_without_reading_the_files_again(monkeypatch):
    reads = []

    def counted(*args, **kwargs):
        reads.append(len(args[0]))
        return real(*args, **kwargs)

    real = state.load_bytes
    monkeypatch.setattr(state, "load_bytes", counted)
    files = tuple((f"again {name}", data) for name, data in mixed_period_files())  # not the files read before
    at, _ = started_with(files)
    assert reads == [len(files)]
    _open_the_period_panel(at)
    at.date_input(key="analysis_period_picker").set_value((date(2025, 2, 3), date(2025, 3, 28))).run()
    assert not at.exception
    assert "Analysis period: 3 February 2025 to 28 March 2025**, the period you chose" in _text(at)
    assert reads == [len(files)]  # the same reading, trimmed to the new period


def test_a_person_query_without_dates_is_read_once_its_period_is_given_on_home():
    data = b"PersonId,Meeting_hours,Emails_sent\n" + b"".join(
        f"0a83c097-8796-3b8b-b15f-e6895217{i:04d},{10 + i},{50 + i}\n".encode() for i in range(6)
    )
    at, _ = started_with((("whole_period.csv", data),))
    assert "Analysis period: not known." in _text(at)
    assert "0 of 1 files could be used" in " ".join(str(c.value) for c in at.caption)
    at.date_input(key="analysis_period_first").set_value(date(2025, 3, 2)).run()
    assert "0 of 1 files could be used" in " ".join(str(c.value) for c in at.caption)  # one day of two: nothing yet
    at.date_input(key="analysis_period_last").set_value(date(2025, 3, 29)).run()
    assert_healthy(at)
    assert "Analysis period: 2 March 2025 to 29 March 2025**, the period you chose" in _text(at)
    assert "1 of 1 files could be used" in " ".join(str(c.value) for c in at.caption)
