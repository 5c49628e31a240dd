"""Change over time on the Scorecard page: four-week periods, or this upload against an earlier one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diagnostic.app import state, ui
from diagnostic.charts.trends import period_chart
from diagnostic.ingest import load_bytes
from diagnostic.scorecard import build_scorecard
from diagnostic.trends import compare, period_scorecards

SHOWN = ["title", "unit", "value_before", "value_after", "score_before", "score_after", "change", "band_change", "direction"]
LABELS = {
    "title": "Indicator",
    "unit": "Unit",
    "value_before": "Before",
    "value_after": "After",
    "score_before": "Score before",
    "score_after": "Score after",
    "change": "Change (points)",
    "band_change": "Band",
    "direction": "Direction",
}


@state.per_data(max_entries=4, show_spinner="Scoring each four-week period…")
def _periods(key: str, _dataset, _settings):
    return period_scorecards(_dataset, _settings, weeks=4)


def render(dataset) -> None:
    settings = state.settings()
    periods = _periods(state.data_key(), dataset, settings)
    spec = period_chart(periods)
    if spec is None:
        st.info("The files loaded cover less than two four-week periods, so there is no change over time to show yet.")
    else:
        ui.show_chart(spec, key="trend")
        labels = [f"{s:%d %b %Y} to {(e - pd.Timedelta(days=1)):%d %b %Y}" for s, e, _ in periods]
        cols = st.columns(2)
        before = cols[0].selectbox("Compare the period", labels, index=0, key="trend-before")
        after = cols[1].selectbox("with the period", labels, index=len(labels) - 1, key="trend-after")
        _table(periods[labels.index(before)][2], periods[labels.index(after)][2])

    st.subheader("Compare with an earlier upload")
    earlier = st.file_uploader("Earlier exports (same kinds of file, an earlier period)", accept_multiple_files=True, key="earlier")
    if earlier:
        old, _ = load_bytes([(f.name, f.getvalue()) for f in earlier], settings)
        _table(build_scorecard(old, settings), state.scorecard())


def _table(before, after) -> None:
    frame = compare(before, after)
    domains = frame[frame["level"] != "indicator"][["title", "score_before", "score_after", "change", "band_change", "direction"]]
    st.dataframe(domains.rename(columns=LABELS), hide_index=True, width="stretch")
    with st.expander("Every indicator"):
        st.dataframe(frame[frame["level"] == "indicator"][SHOWN].rename(columns=LABELS), hide_index=True, width="stretch")
