"""Scorecard: the compost index with its coverage, the domains, and every indicator on one strip."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from diagnostic.app import domain_view, state, trends_view, ui
from diagnostic.charts.scorecard import scorecard_strip
from diagnostic.charts.spec import ChartSpec
from diagnostic.indicators.base import DOMAIN_TITLES
from diagnostic.wording import points


@state.per_data(max_entries=4, show_spinner=False)
def _strip(key: str, _card) -> ChartSpec:
    """The strip of every indicator, built once per data and settings rather than on every rerun."""
    return scorecard_strip(_card)


card = state.scorecard()

st.title("Scorecard")
st.markdown(f'<div class="big-number">{points(card.score, missing="—")}</div>', unsafe_allow_html=True)
st.markdown(f"Compost index out of 100 &nbsp; {ui.band_badge(card.band)}", unsafe_allow_html=True)
st.caption(card.coverage_line())
if card.settings_changed:
    # they can name a column of the user's files (the HR attribute taken as the team)
    st.caption("Settings changed from the defaults: " + "; ".join(map(ui.plain, card.settings_changed)) + ".")
ui.show_html(ui.domain_tiles(card.domains))
st.markdown(
    "Each indicator scores 0 at its concrete threshold and 100 at its compost threshold. "
    "Bands are coarse on purpose: most thresholds are judgement, so differences under 5 points mean little."
)

ui.show_chart(_strip(state.data_key(), card), key="scorecard-strip")

st.header("Indicators")
# One domain at a time: seven domains of cards at once is a long page that is slow to draw.
chosen = st.radio(
    "Show the indicators of",
    [d.id for d in card.domains],
    format_func=lambda domain: f"{DOMAIN_TITLES[domain]} ({card.domain(domain).computed})",
    horizontal=True,
    key="scorecard-domain",
)
domain_view.indicator_cards([r for r in card.results if r.indicator.domain == chosen], key=f"scorecard-{chosen}")
st.page_link(str(Path(__file__).with_name("change.py")), label="See how the scores change over time →")
trends_view.prepare(state.loaded()[0])  # the link above leads there: score the four-week periods while this page is read
