"""The analysis period on Home: which days the figures use, why, and a way to choose others."""

from __future__ import annotations

import streamlit as st

from diagnostic.app import state
from diagnostic.periods import Period, activity_spans, chosen_period, parse_period

PERIOD_KEY = "analysis_period"  # "FROM:TO" chosen here; read into the settings by the sidebar
_PICKER_KEY = "analysis_period_picker"
PANEL_KEY = "analysis_period_panel"  # "Choose another period", drawn only when open
_FIRST_KEY, _LAST_KEY = "analysis_period_first", "analysis_period_last"  # asked for when no file dates the data


def chosen() -> str:
    """The period this session chose on Home ("" for none), as the ``period`` setting spells it."""
    return st.session_state.get(PERIOD_KEY, "")


def has_activity(results) -> bool:
    """Whether any meeting, email or collaboration file places the data in time, or needs a period given."""
    return bool(activity_spans(results)) or state.needs_a_period(results)


def render(results, settings) -> None:
    """Say which period the figures use and offer the dates the activity files cover."""
    spans = activity_spans(results)
    if not spans:
        if state.needs_a_period(results):
            _ask_for_a_period()
        return
    whole = Period(min(s.first for s in spans), max(s.last for s in spans))
    period = chosen_period(results, settings)
    if parse_period(settings.period):
        st.markdown(f"**Analysis period: {period.label()}**, the period you chose.")
    elif period is not None:
        st.markdown(
            f"**Analysis period: {period.label()}**, where most of the activity data sits. "
            f"The files cover {whole.label()} in all; rows outside the analysis period are left out of the figures."
        )
    else:
        st.markdown(f"**Analysis period: {whole.label()}**, all the meeting and email data.")
    with st.expander("Choose another period", key=PANEL_KEY, on_change="rerun") as panel:
        if not panel.open:  # drawn only when opened: the chosen period is kept apart from the picker
            return
        shown = period or whole
        st.date_input(
            "From and to (both days included)",
            value=(shown.first, shown.last),
            min_value=whole.first,
            max_value=whole.last,
            format="DD/MM/YYYY",
            key=_PICKER_KEY,
            on_change=_picked,
        )
        if chosen() and st.button("Go back to the proposed period"):
            st.session_state.pop(PERIOD_KEY, None)
            st.session_state.pop(_PICKER_KEY, None)
            st.rerun()


def _ask_for_a_period() -> None:
    """A person query without dates says nothing of the weeks it covers: the user gives them."""
    st.markdown(
        "**Analysis period: not known.** A Viva Insights person query without a MetricDate column covers one whole period, "
        "and the file does not say which. Give the days the query was run over, and it is read again."
    )
    first, last = st.columns(2)
    first.date_input("First day", value=None, format="DD/MM/YYYY", key=_FIRST_KEY, on_change=_given)
    last.date_input("Last day (included)", value=None, format="DD/MM/YYYY", key=_LAST_KEY, on_change=_given)
    st.caption("No period is set until both days are given, the first no later than the last.")


def _given() -> None:
    """Keep the period once both days are given in order; until then nothing changes."""
    first, last = st.session_state.get(_FIRST_KEY), st.session_state.get(_LAST_KEY)
    if first and last and first <= last:
        st.session_state[PERIOD_KEY] = str(Period(first, last))


def _picked() -> None:
    """Keep a complete range only: while the user has picked one day of two, nothing changes."""
    picked = st.session_state.get(_PICKER_KEY) or ()
    if len(picked) == 2:
        st.session_state[PERIOD_KEY] = str(Period(picked[0], picked[1]))
