"""Change over time: scores per four-week period, or this upload against an earlier one, on the same thresholds."""

from __future__ import annotations

import streamlit as st

from diagnostic.app import state, trends_view

st.title("Change over time")
st.markdown(
    "The point is to see concrete being replaced by compost. Each four-week period is scored on the same "
    "thresholds, so a rising line means the conditions changed, not the ruler."
)
dataset, _, _ = state.loaded()
trends_view.render(dataset)
