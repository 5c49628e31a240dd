"""Pages draw what is on screen: one domain's cards, one indicator's teams, one table, and the
four-week periods scored ahead of the page that shows them."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from diagnostic.app.shell import PAGE_FAILED, PAGES

pytestmark = pytest.mark.slow  # the whole app on the sample

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 120
ROW = re.compile(r'<th scope="row">([^<]*)</th>')


@pytest.fixture(scope="module")
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    return at


@pytest.fixture(scope="module")
def roster_teams() -> set[str]:
    return set(pd.read_excel(ROOT / "data" / "samples" / "roster.xlsx", engine="openpyxl")["Team"].dropna())


def _healthy(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert PAGE_FAILED not in [e.value for e in at.error]


def _cards(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown if 'class="card"' in str(m.value)]


def _team_tables(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown if 'class="card-teams"' in str(m.value)]


def _open(at: AppTest, page: str) -> AppTest:
    at.switch_page(str(PAGES / page)).run(timeout=TIMEOUT)
    _healthy(at)
    return at


def test_network_shows_one_team_table_for_the_chosen_indicator(app, roster_teams):
    _open(app, "network.py")
    cards = _cards(app)
    assert len(cards) == 10 and not any("card-teams" in c for c in cards)  # no table folded into a card
    picker = app.selectbox(key="net-team-indicator")
    titles = list(picker.options)  # as shown: the indicators' titles
    assert len(titles) >= 2 and all(any(f"<strong>{t}</strong>" in c for c in cards) for t in titles)
    tables = _team_tables(app)
    assert len(tables) == 1
    first = ROW.findall(tables[0])
    assert first and set(first) <= roster_teams | {"Other teams"}
    picker.select_index(1).run(timeout=TIMEOUT)
    _healthy(app)
    (second,) = _team_tables(app)
    assert second != tables[0] and set(ROW.findall(second)) <= roster_teams | {"Other teams"}


def test_choosing_a_domain_on_the_scorecard_shows_its_cards_and_its_teams_only(app):
    _open(app, "scorecard.py")
    app.radio(key="scorecard-domain").set_value("email").run(timeout=TIMEOUT)
    _healthy(app)
    cards = _cards(app)
    assert len(cards) == 7 and any("<strong>Inbound email load</strong>" in c for c in cards)
    assert not any("Team cohesion" in c or "Back-to-back meetings" in c for c in cards)
    picker = app.selectbox(key="scorecard-email-team-indicator")
    assert picker.options and all(any(f"<strong>{title}</strong>" in c for c in cards) for title in picker.options)
    assert len(_team_tables(app)) == 1


def test_a_meetings_page_shows_the_domain_s_cards_and_one_team_table(app):
    _open(app, "meetings.py")
    assert len(_cards(app)) == 13 and not any("card-teams" in c for c in _cards(app))
    assert len(_team_tables(app)) == 1


def test_every_indicator_of_a_comparison_is_drawn_when_asked_for(app):
    _open(app, "change.py")
    shown = lambda: [d.value for d in app.dataframe]  # noqa: E731
    assert len(shown()) == 1 and "Change (points)" in shown()[0].columns  # domains and the index only
    assert set(shown()[0]["Indicator" if "Indicator" in shown()[0] else "title"]) >= {"Compost index"}
    app.toggle(key="trend-every-indicator").set_value(True).run(timeout=TIMEOUT)
    _healthy(app)
    every = shown()[1]
    assert len(every) == 55 and {"Before", "After", "Score before", "Score after"} <= set(every.columns)


def test_the_report_page_shows_one_table_at_a_time(app):
    _open(app, "report.py")
    picker = app.selectbox(key="report-table")
    assert [o.split(" (")[0] for o in picker.options] == ["Domains", "Indicators", "By team", "Network by team"]
    assert picker.options[0] == "Domains (8 rows)"  # the index and seven domains
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) == 8
    picker.select_index(1).run(timeout=TIMEOUT)
    _healthy(app)
    assert picker.options[1] == "Indicators (55 rows)"
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) == 55


def test_the_periods_scored_behind_the_scorecard_are_the_ones_change_over_time_shows(monkeypatch):
    """Once the Scorecard page is drawn the four-week periods are scored in the background, once:
    the Change over time page waits for that work rather than starting it again, and shows what a
    page that scored them itself (memoising off) shows."""
    from diagnostic.app import trends_view
    from diagnostic.memo import memoising_off

    runs: list[str] = []
    real = trends_view.period_scorecards

    def counting(*args, **kwargs):
        runs.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(trends_view, "period_scorecards", counting)

    def change_page() -> list:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.run()
        _open(at, "scorecard.py")
        _open(at, "change.py")
        return [d.value.to_dict() for d in at.dataframe]

    st.cache_resource.clear()
    try:
        ahead = change_page()
        assert len(runs) == 1 and runs[0].startswith("ahead")  # the background thread, not the page's
        st.cache_resource.clear()
        with memoising_off():
            itself = change_page()
        assert runs[1:] and not runs[1].startswith("ahead")
        assert ahead == itself and ahead  # the comparison of the first and last periods
    finally:
        st.cache_resource.clear()
