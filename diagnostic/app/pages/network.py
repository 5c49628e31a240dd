"""Network: who works with whom, across teams and partner agencies. Teams by default; people only as unnamed points."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diagnostic.app import domain_view, state, ui
from diagnostic.charts.network import MAX_EDGES, network_map_spec, team_matrix_spec
from diagnostic.network import network_for, network_summary, team_matrix
from diagnostic.network.build import UNKNOWN_TEAM
from diagnostic.sources import SOURCES
from diagnostic.wording import percent

LEVEL_LABELS = {"team": "Teams", "organisation": "Teams and partner agencies", "person": "People (unnamed points)"}
CROSS_TEAM_HELP = (
    "Of the tie weight between staff whose team is known, the share between people in different teams. "
    "The only share of ties across teams on this page: the maps and the table below do not repeat it."
)
# The team table's columns: (heading, what it means or "" where the heading says it all)
TEAM_COLUMNS = {
    "team": ("Team", ""),
    "people": ("People", ""),
    "internal_ties": ("Ties inside", "pairs of people in the team who work together"),
    "external_ties": ("Ties outside", "pairs with people in other teams"),
    "silo_index": (
        "Silo index",
        "tie weight with other teams against inside the team, from −1 (all inside, closed) to +1 (all outside, open)",
    ),
    "brokers": ("Brokers", "people in the team who link teams that would otherwise be apart"),
    "partner_links": ("Partner ties", "pairs with people in partner agencies"),
    "partner_agencies": ("Partner agencies", "how many partner agencies the team has ties with"),
}
TEAM_FIGURES, TEAM_TIES = "Each team's ties", "Ties between teams"  # the two views of the teams, one at a time
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
    return team_matrix_spec(team_matrix(_dataset, _settings, level=level), level=level)


def _silo(team: str, value: float | None) -> str:
    """The silo index as the table shows it: a signed number, or why there is none (never a blank or "None")."""
    if team == UNKNOWN_TEAM:
        return "Team not known"
    return "No ties with known teams" if value is None or pd.isna(value) else f"{value:+.2f}"


def _team_figures(summary: dict, min_group_size: int) -> None:
    """Each team's ties as a plain table, every column explained below it."""
    teams = pd.DataFrame(summary.get("teams", []))
    if not len(teams):
        st.info("There are no team figures to show for the files loaded.")
        return
    teams["silo_index"] = [_silo(team, v) for team, v in zip(teams["team"], teams["silo_index"])]
    columns = [c for c in TEAM_COLUMNS if c in teams.columns]
    # a plain table, not a data grid: a dozen rows read at a glance, and cost each browser far less to draw
    ui.show_html(ui.table_html(teams[columns].rename(columns={c: TEAM_COLUMNS[c][0] for c in columns}), TEAM_FIGURES))
    meanings = [f"{TEAM_COLUMNS[c][0]}: {TEAM_COLUMNS[c][1]}." for c in columns if TEAM_COLUMNS[c][1]]
    st.caption(" ".join(meanings) + f" Teams with fewer than {min_group_size} people are merged into “Other teams” or left out.")


def _indicators(card) -> None:
    st.header("Network indicators")
    domain_view.indicator_cards([r for r in card.results if r.indicator.domain == "network"], key="net")


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
if not summary.get("interactions"):
    st.info(
        "No ties between people in the files loaded, so there is no map to draw. Load a message trace, calendars "
        "(.ics or Outlook CSV), Teams attendance reports or a Viva Insights person-to-person query (in the sidebar): "
        "each says who works with whom. Totals per person (a Viva Insights person query, the Microsoft 365 activity "
        "reports) give no ties."
    )
    _indicators(card)
    st.stop()
teams_known = bool(summary.get("teams_known"))
if not teams_known:
    known = summary.get("people_with_team", 0)
    st.info(
        (f"Only {known:,} of the {summary.get('people', 0):,} people" if known else f"None of the {summary.get('people', 0):,} people")
        + " in these files have a known team, so this page shows people as unnamed points and no team figures. "
        f"Load {SOURCES['roster'].name} (name or work email, team, job title and line manager) in the sidebar "
        f"to add {SOURCES['roster'].adds}."
    )

# (label, value, help): figures on teams only when teams are known, two-way email only when email is loaded
figures = [
    (
        ("Ties across teams", percent(summary.get("cross_team_share")), CROSS_TEAM_HELP)
        if teams_known
        else (
            "People in the network",
            f"{summary.get('people', 0):,} people",
            "The council's own people with at least one tie or activity record.",
        )
    ),
    *(
        [
            (
                "Two-way email",
                percent(summary.get("reciprocity")),
                "Of pairs of people who email each other directly, the share where both wrote.",
            )
        ]
        if "email" in summary["interactions"]
        else []
    ),
    ("People on the edge", f"{summary.get('isolates', 0):,} people", "Two or fewer people they work with."),
    (
        ("Brokers", f"{summary.get('brokers', 0):,} people", "People who link teams that would otherwise be apart (never named).")
        if teams_known
        else (
            "Ties with partners",
            percent(summary.get("partner_tie_share")),
            "The share of the council's tie weight that reaches partner agencies.",
        )
    ),
]
for column, (label, value, explained) in zip(st.columns(len(figures)), figures):
    column.metric(label, value, help=explained)
st.caption(
    "Counts only: brokers and people on the edge are never named. Communities found: "
    f"{summary.get('communities', '—')}; modularity {summary.get('modularity', '—')} (higher means more separate groups)."
    + (f" Brokers: {summary['betweenness_note']}" if summary.get("betweenness_note") else "")
)

levels = ["team", "organisation", "person"] if teams_known else ["person"]
left, mid, right = st.columns([2, 2, 1])
level = left.radio(
    "Show",
    levels,
    format_func=LEVEL_LABELS.get,
    horizontal=True,
    key="net-level" if teams_known else "net-level-people",
    help=f"Teams by default. The person map shows unnamed points. A map of more than {MAX_EDGES:,} ties draws the strongest {MAX_EDGES:,}, so it stays readable.",
)
present = _kinds(key, dataset, settings)
kinds = mid.multiselect("Ties from", present, default=present, format_func=KIND_LABELS.get, key="net-kinds")
min_weight = right.number_input("Weakest tie shown", min_value=0.0, value=0.0, step=1.0, key="net-min")

spec = _map(key, level, tuple(sorted(kinds)), float(min_weight), dataset, settings)
if spec is None:
    st.info("No ties match these choices.")
else:
    ui.show_chart(spec, key=f"network-{level}")

if teams_known:
    st.header("Team by team")
    # one view at a time, the other drawn only when its tab is chosen: two views of a dozen teams
    # drawn on every visit cost each browser twice the time for the same teams
    table_tab, grid_tab = st.tabs([TEAM_FIGURES, TEAM_TIES], key="net-team-view", on_change="rerun")
    with table_tab:
        if table_tab.open:
            _team_figures(summary, settings.min_group_size)
    with grid_tab:
        if grid_tab.open:
            matrix_spec = _matrix(key, "organisation" if level == "organisation" else "team", dataset, settings)
            if matrix_spec is None:
                st.info("Fewer than two teams, so there are no ties between teams to show.")
            else:
                ui.show_chart(matrix_spec, key="network-matrix")

_indicators(card)
