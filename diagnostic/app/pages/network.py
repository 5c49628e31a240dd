"""Network: who works with whom, across teams and partner agencies. Teams by default; people only as unnamed points."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diagnostic.app import state, ui
from diagnostic.charts.network import network_map_spec, team_matrix_spec
from diagnostic.network import network_for, network_summary, team_matrix

LEVEL_LABELS = {"team": "Teams", "organisation": "Teams and partner agencies", "person": "People (unnamed points)"}
KIND_LABELS = {"email": "Email", "meeting": "Meetings", "chat": "Chat", "collaboration": "Viva collaboration"}


@state.per_data(max_entries=4, show_spinner=False)
def _kinds(key: str, _dataset, _settings) -> list[str]:
    return sorted(network_for(_dataset, _settings).edges["kind"].dropna().unique().tolist())


@state.per_data(max_entries=8, show_spinner="Mapping the network…")
def _summary(key: str, level: str, _dataset, _settings) -> dict:
    return network_summary(_dataset, _settings, level=level)


@state.per_data(max_entries=16, show_spinner="Drawing the map…")
def _map(key: str, level: str, kinds: tuple[str, ...], min_weight: float, _dataset, _settings):
    return network_map_spec(_dataset, _settings, level=level, kinds=kinds or None, min_weight=min_weight)


@state.per_data(max_entries=4, show_spinner=False)
def _matrix(key: str, level: str, _dataset, _settings):
    """The team-by-team heatmap, built once per level (the spec is the costly part of a rerun)."""
    return team_matrix_spec(team_matrix(_dataset, _settings, level=level))


st.title("Network")
st.markdown(
    "Relationships happen between people and teams. This map shows who works with whom, from email and shared "
    "meetings: silos, bottlenecks through a few people, and links to health, police, schools and other partners. "
    "Nobody is named: teams are shown by default, and people only as unnamed points."
)
dataset, _, _ = state.loaded()
settings = state.settings()
key = state.data_key()
card = state.scorecard()

summary = _summary(key, "team", dataset, settings)
if not summary.get("nodes"):
    ui.no_data("email or meeting data with attendees")
    st.stop()

cols = st.columns(4)
cols[0].metric("Share of ties that cross teams", f"{(summary.get('cross_team_share') or 0):.0%}")
cols[1].metric("Two-way email (reciprocity)", "—" if summary.get("reciprocity") is None else f"{summary['reciprocity']:.0%}")
cols[2].metric("People on the edge", f"{summary.get('isolates', 0):,} people", help="Two or fewer people they work with.")
cols[3].metric("Brokers between teams", f"{summary.get('brokers', 0):,} people")
st.caption(
    "Counts only: brokers and people on the edge are never named. Communities found: "
    f"{summary.get('communities', '—')}; modularity {summary.get('modularity', '—')} (higher means more separate groups)."
    + (f" Brokers: {summary['betweenness_note']}" if summary.get("betweenness_note") else "")
)

levels = ["team", "organisation", "person"]
left, mid, right = st.columns([2, 2, 1])
level = left.radio(
    "Show",
    levels,
    format_func=LEVEL_LABELS.get,
    horizontal=True,
    key="net-level",
    help="Teams by default. The person map shows unnamed points, thinned to their strongest ties to stay readable.",
)
present = _kinds(key, dataset, settings)
kinds = mid.multiselect("Ties from", present, default=present, format_func=KIND_LABELS.get, key="net-kinds")
min_weight = right.number_input("Weakest tie shown", min_value=0.0, value=0.0, step=1.0, key="net-min")

spec = _map(key, level, tuple(sorted(kinds)), float(min_weight), dataset, settings)
if spec is None:
    st.info("No ties match these choices.")
else:
    ui.show_chart(spec, key=f"network-{level}")

st.header("Team by team")
matrix_spec = _matrix(key, "organisation" if level == "organisation" else "team", dataset, settings)
if matrix_spec is not None:
    ui.show_chart(matrix_spec, key="network-matrix")
teams = pd.DataFrame(summary.get("teams", []))
if len(teams):
    shown = teams.rename(
        columns={
            "team": "Team",
            "people": "People",
            "internal_ties": "Ties inside",
            "external_ties": "Ties outside",
            "silo_index": "Silo index (−1 closed, +1 open)",
            "brokers": "Brokers",
            "partner_links": "Partner ties",
            "partner_agencies": "Partner agencies",
        }
    )
    st.dataframe(shown[[c for c in shown.columns if c not in ("bottlenecks", "isolated")]], hide_index=True, width="stretch")
    st.caption(f"Teams with fewer than {settings.min_group_size} people are merged into “Other teams” or left out.")

st.header("Network indicators")
for result in (r for r in card.results if r.indicator.domain == "network"):
    ui.indicator_card(result)
