"""Home's choice of which HR attribute is "team" (``Settings.team_attribute``).

The loaded files' attributes are offered with their groups and sizes, so that a department of 300
is not taken for a team by accident. Until one is chosen, indicators that need real teams say so.
"""

from __future__ import annotations

import streamlit as st

from diagnostic.app import state
from diagnostic.settings import SETTING_HELP
from diagnostic.team_attributes import attribute_groups

NONE_CHOSEN = ""
KEY = "team_attribute_choice"


def chosen() -> dict[str, str]:
    """This session's choice as a settings override (none before the choice is first drawn, so a
    settings file's own ``team_attribute`` stands)."""
    return {"team_attribute": st.session_state[KEY]} if KEY in st.session_state else {}


def render() -> None:
    """A choice among the loaded attributes, on Home beside the files they come from; the answer
    joins this session's settings through :func:`chosen`."""
    current = state.settings()
    dataset, _, _ = state.loaded()
    found = {a.name: a for a in attribute_groups(dataset, current.min_group_size)}
    if not found:
        return
    st.header("Teams")
    options = [NONE_CHOSEN, *found]
    chosen = current.team_attribute if current.team_attribute in found else NONE_CHOSEN
    choice = st.selectbox(
        "Which attribute is the team?",
        options,
        index=options.index(chosen),
        key=KEY,
        format_func=lambda name: found[name].describe(current.min_group_size) if name else "None: a staff list's team column only",
        help=SETTING_HELP["team_attribute"],
    )
    has_teams = dataset.people is not None and bool(dataset.people["team"].notna().any())  # a staff list's team column
    if choice == NONE_CHOSEN and not has_teams:
        st.caption("No attribute chosen: indicators that need real teams are not computed.")
