"""One layout for the four domain pages: the domain's score, its charts one tab at a time, then its indicators.

:func:`indicator_cards` is how every page shows a domain's indicators: the cards, then one chosen
indicator team by team. A team table folded into every card was drawn on every visit (ten or
more per page) for a reader who opens one at most.
"""

from __future__ import annotations

import streamlit as st

from diagnostic.app import sources_view, state, ui
from diagnostic.charts.domains import domain_charts
from diagnostic.charts.spec import ChartSpec
from diagnostic.wording import points


@state.per_data(max_entries=16, show_spinner="Drawing the charts…")
def _charts(key: str, domain: str, _dataset, _card, _settings) -> tuple[ChartSpec, ...]:
    return tuple(domain_charts(domain, _dataset, _card, _settings))


def render(domain: str, title: str, lead: str) -> None:
    """A domain page: score and band with coverage, purposeful charts with readings, indicator strips."""
    dataset, _, _ = state.loaded()
    card = state.scorecard()
    d = card.domain(domain)
    st.title(title)
    st.markdown(lead)
    score = "Not scored" if d.score is None else f"{points(d.score)} out of 100"
    st.markdown(f"**Domain score:** {score} &nbsp; {ui.band_badge(d.band)}", unsafe_allow_html=True)
    st.caption(f"{d.computed} of {d.total} indicators could be computed from the files loaded.")
    has_data = sources_view.what_to_load(domain)
    specs = _charts(state.data_key(), domain, dataset, card, state.settings())
    if not specs and has_data:
        st.info("The files loaded do not carry enough for this domain's charts. The indicators below say what each one needs.")
    charts(specs, key=f"{domain}-chart")
    st.header("Indicators")
    indicator_cards([r for r in card.results if r.indicator.domain == domain], key=domain)


def charts(specs, key: str) -> None:
    """The charts one at a time, each in its own tab: a tab's chart is drawn only when chosen.

    Three or four charts drawn on every visit were most of what a domain page cost each browser,
    while a reader looks at one; the tabs name every chart, so each is one click away.
    """
    if len(specs) < 2:
        for i, spec in enumerate(specs):
            ui.show_chart(spec, key=f"{key}-{i}")
        return
    for i, (tab, spec) in enumerate(zip(st.tabs([s.title for s in specs], key=f"{key}s", on_change="rerun"), specs)):
        with tab:
            if tab.open:
                ui.show_chart(spec, key=f"{key}-{i}")


def indicator_cards(results, key: str) -> None:
    """The cards of ``results``, then, where any has team figures, a choice of one of them and its
    table team by team (first the first such indicator, in the cards' order)."""
    ui.indicator_cards(results)
    by_team = {r.indicator.id: r for r in results if r.measurement.by_team is not None and len(r.measurement.by_team)}
    if not by_team:
        return
    st.subheader("An indicator, team by team")
    chosen = by_team[
        st.selectbox("Indicator", list(by_team), format_func=lambda i: by_team[i].indicator.title, key=f"{key}-team-indicator")
    ]
    ui.show_html(ui.team_table(chosen.measurement.by_team, chosen.indicator.unit))
    st.caption(f"Teams with fewer than {state.settings().min_group_size} people are merged into “Other teams” or left out.")
