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

from tests.app_run import TIMEOUT, assert_healthy, open_page, started

pytestmark = pytest.mark.slow  # the whole app on the sample

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r'<th scope="row">([^<]*)</th>')


@pytest.fixture(scope="module")
def app() -> AppTest:
    return started()


@pytest.fixture(scope="module")
def roster_teams() -> set[str]:
    return set(pd.read_excel(ROOT / "data" / "samples" / "roster.xlsx", engine="openpyxl")["Team"].dropna())


def _cards(at: AppTest) -> list[str]:
    """Each card's HTML: a page draws all its cards as one block."""
    blocks = [str(h.value) for h in at.html if str(h.value).startswith('<div class="card">')]
    assert len(blocks) <= 1, "the cards are one block, not one element each"
    return [c for b in blocks for c in b.split('<div class="card">')[1:]]


def _team_tables(at: AppTest) -> list[str]:
    return [str(h.value) for h in at.html if 'class="card-teams"' in str(h.value)]


def test_network_shows_one_team_table_for_the_chosen_indicator(app, roster_teams):
    open_page(app, "network.py")
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
    assert_healthy(app)
    (second,) = _team_tables(app)
    assert second != tables[0] and set(ROW.findall(second)) <= roster_teams | {"Other teams"}


def test_choosing_a_domain_on_the_scorecard_shows_its_cards_and_its_teams_only(app):
    open_page(app, "scorecard.py")
    app.radio(key="scorecard-domain").set_value("email").run(timeout=TIMEOUT)
    assert_healthy(app)
    cards = _cards(app)
    assert len(cards) == 7 and any("<strong>Inbound email load</strong>" in c for c in cards)
    assert not any("Team cohesion" in c or "Back-to-back meetings" in c for c in cards)
    picker = app.selectbox(key="scorecard-email-team-indicator")
    assert picker.options and all(any(f"<strong>{title}</strong>" in c for c in cards) for title in picker.options)
    assert len(_team_tables(app)) == 1


def test_a_meetings_page_shows_the_domain_s_cards_and_one_team_table(app):
    open_page(app, "meetings.py")
    assert len(_cards(app)) == 13 and not any("card-teams" in c for c in _cards(app))
    assert len(_team_tables(app)) == 1


def test_every_indicator_of_a_comparison_is_drawn_when_asked_for(app):
    open_page(app, "change.py")
    shown = lambda: [d.value for d in app.dataframe]  # noqa: E731
    assert len(shown()) == 1 and "Change (points)" in shown()[0].columns  # domains and the index only
    assert set(shown()[0]["Indicator" if "Indicator" in shown()[0] else "title"]) >= {"Compost index"}
    app.toggle(key="trend-every-indicator").set_value(True).run(timeout=TIMEOUT)
    assert_healthy(app)
    every = shown()[1]
    assert len(every) == 55 and {"Before", "After", "Score before", "Score after"} <= set(every.columns)


def test_the_report_page_shows_one_table_at_a_time(app):
    open_page(app, "report.py")
    picker = app.selectbox(key="report-table")
    assert [o.split(" (")[0] for o in picker.options] == ["Domains", "Indicators", "By team", "Network by team"]
    assert picker.options[0] == "Domains (8 rows)"  # the index and seven domains
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) == 8
    picker.select_index(1).run(timeout=TIMEOUT)
    assert_healthy(app)
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
        at = started()
        open_page(at, "scorecard.py")
        open_page(at, "change.py")
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


def test_network_team_figures_are_a_plain_table_with_every_column_explained(app, roster_teams):
    """A dozen teams as an HTML table rather than a data grid, its people counted as the roster counts them."""
    open_page(app, "network.py")
    assert len(app.dataframe) == 0  # no grid on the page until one is asked for
    (table,) = [str(h.value) for h in app.html if 'class="plain-table"' in str(h.value)]
    headings = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert headings == ["Team", "People", "Ties inside", "Ties outside", "Silo index", "Brokers", "Partner ties", "Partner agencies"]
    rows = dict(re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td>', table))  # team -> people
    roster = pd.read_excel(ROOT / "data" / "samples" / "roster.xlsx", engine="openpyxl")
    sizes = roster["Team"].value_counts()
    named = {team: people for team, people in rows.items() if team in roster_teams}
    assert len(named) >= 10 and set(rows) <= roster_teams | {"Other teams"}
    assert all(int(people.replace(",", "")) == sizes[team] for team, people in named.items())
    explained = " ".join(c.value for c in app.caption)
    assert all(f"{h}:" in explained for h in headings[2:]) and "fewer than" in explained


def test_folded_parts_are_drawn_only_once_opened(app):
    """A chart's words, downloads and table, and the indicators a scenario moves, wait to be opened."""
    open_page(app, "network.py")
    assert not app.get("download_button") and not [t for t in app.toggle if str(t.key).endswith("-table")]
    open_page(app, "scenarios.py")
    app.slider(key="lever-shorten_meetings").set_value(25).run(timeout=TIMEOUT)
    assert_healthy(app)
    moved = [e for e in app.expander if e.label.endswith("indicators moved")]
    assert len(moved) == 1 and len(app.dataframe) == 0  # the domains are a plain table
    assert any('class="plain-table"' in str(h.value) and "Meetings" in str(h.value) for h in app.html)
    app.session_state["scenario-moved"] = True  # as opening the expander does
    app.run(timeout=TIMEOUT)
    assert_healthy(app)
    assert len(app.dataframe) == 1 and "Indicator" in app.dataframe[0].value.columns


def test_network_shows_one_view_of_the_teams_at_a_time(app):
    """Each team's ties as a table first; the grid of ties between teams is drawn when its tab is chosen."""
    open_page(app, "network.py")
    assert len(app.get("vega_lite_chart")) == 1  # the map
    assert any('class="plain-table"' in str(h.value) for h in app.html)
    app.session_state["net-team-view"] = "Ties between teams"  # as choosing the tab does
    app.run(timeout=TIMEOUT)
    assert_healthy(app)
    charts = app.get("vega_lite_chart")
    assert len(charts) == 2 and "Ties between teams" in charts[1].proto.spec
    assert not any('class="plain-table"' in str(h.value) for h in app.html)
    app.session_state["net-team-view"] = "Each team's ties"  # as the other tests of this app expect
    app.run(timeout=TIMEOUT)


def test_a_domain_page_draws_the_chart_whose_tab_is_chosen(app):
    """Each chart has its tab, named by its title; only the chosen one is drawn."""
    open_page(app, "meetings.py")
    titles = [t.label for t in app.tabs]
    assert len(titles) == 3 and len(app.get("vega_lite_chart")) == 1
    assert titles[0] in app.get("vega_lite_chart")[0].proto.spec
    app.session_state["meetings-charts"] = titles[1]  # as choosing the tab does
    app.run(timeout=TIMEOUT)
    assert_healthy(app)
    (chart,) = app.get("vega_lite_chart")
    assert titles[1] in chart.proto.spec and titles[0] not in chart.proto.spec
    app.session_state["meetings-charts"] = titles[0]  # as the other tests of this app expect
    app.run(timeout=TIMEOUT)
