"""The report's annex on the collaboration network, by team: its measures, each team's ties and the matrix."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.report.markup import captioned_table, esc, section
from diagnostic.settings import Settings
from diagnostic.wording import number, percent

NETWORK_METRICS = (
    ("nodes", "Teams in the map", "teams"),
    ("edges", "Links between teams", "links"),
    ("density", "Density: share of possible links between teams that exist", "share"),
    ("cross_team_share", "Share of ties that cross team boundaries", "share"),
    ("reciprocity", "Reciprocity: share of ties that go both ways", "share"),
    ("modularity", "Modularity: how strongly the network splits into groups (0 to 1)", ""),
    ("communities", "Communities found", "groups"),
    ("partner_tie_share", "Share of ties with partner agencies", "share"),
    ("manager_flow_share", "Share of brokerage that runs through managers", "share"),
    ("brokers", "People who broker between groups (counted, not named)", "people"),
    ("bottlenecks", "People whose absence would cut teams off (counted, not named)", "people"),
    ("isolates", "People with no regular collaborators (counted, not named)", "people"),
    ("people", "Council staff in the network", "people"),
)
TEAM_RECORD_COLUMNS = (
    ("team", "Team", None),
    ("people", "People", "people"),
    ("internal_ties", "Ties inside", "ties"),
    ("external_ties", "Ties with other teams", "ties"),
    ("silo_index", "Silo index (−1 inward, +1 outward)", ""),
    ("brokers", "Brokers", "people"),
    ("isolated", "Isolated", "people"),
    ("partner_links", "Links with partners", "ties"),
)
MATRIX_TABLE_MAX = 8  # teams; a wider matrix does not fit an A4 page as a table (the export carries it)
STRONGEST_LINKS = 15
HEADING = "Annex B: the collaboration network by team"


def network_section(dataset: Dataset, settings: Settings) -> str:
    """The annex's network reference: its measures, each team's ties and the ties between teams (the map is on the network's page)."""
    from diagnostic.network import network_summary, team_matrix

    summary = network_summary(dataset, settings, level="team")
    if not summary.get("nodes"):
        body = "<p>No collaboration network could be built: it needs email, meeting attendance or Viva Insights ties.</p>"
        return section("network", HEADING, body)
    intro = (
        "<p>The map shows teams, not people. Links combine email (copies count for less) and time spent in the same "
        f"meetings. Teams with fewer than {esc(settings.min_group_size)} people are merged or left out. Brokers, "
        "bottlenecks and isolated people are counted, never named.</p>"
    )
    if summary.get("betweenness_note"):
        intro += f"<p>Brokers, centralisation and the managers' share of flow: {esc(summary['betweenness_note'])}</p>"
    rows = [[esc(label), esc(_metric(summary.get(key), unit))] for key, label, unit in NETWORK_METRICS if key in summary]
    metrics = captioned_table("Network measures", ["Measure", "Value"], rows, numeric=(1,))
    matrix = team_matrix(dataset, settings)
    body = intro + metrics + _team_records(summary.get("teams", [])) + _matrix_table(matrix)
    return section("network", HEADING, body)


def _metric(value: object, unit: str) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "Not computed"
    if unit == "share":
        return percent(value)
    return number(value, unit)


def _team_records(records: list[dict]) -> str:
    if not records:
        return ""
    columns = [(key, label, unit) for key, label, unit in TEAM_RECORD_COLUMNS if key in records[0]]
    rows = [
        [esc(r[key]) if unit is None else esc(number(r[key])) if r[key] is not None else "Not computed" for key, _, unit in columns]
        for r in records
    ]
    return captioned_table("Each team's ties", [label for _, label, _ in columns], rows, numeric=range(1, len(columns)), row_headers=True)


def _matrix_table(matrix: pd.DataFrame) -> str:
    """The matrix itself when it fits a page; otherwise the strongest links between teams."""
    if matrix.empty:
        return ""
    if len(matrix) > MATRIX_TABLE_MAX:
        return _strongest_links(matrix)
    headers = ["Team", *[str(c) for c in matrix.columns]]
    rows = [[esc(team), *(esc(number(v)) for v in row)] for team, row in zip(matrix.index, matrix.to_numpy().tolist())]
    caption = "Tie weight between teams (the diagonal is ties inside each team)"
    return captioned_table(caption, headers, rows, numeric=range(1, len(headers)), cls="matrix", row_headers=True)


def _strongest_links(matrix: pd.DataFrame) -> str:
    values = matrix.to_numpy(dtype=float)
    upper = np.triu(np.ones_like(values, dtype=bool), k=1)
    a, b = np.nonzero(upper & (values > 0))
    order = np.argsort(-values[a, b], kind="stable")[:STRONGEST_LINKS]
    names = [str(n) for n in matrix.index]
    rows = [[esc(names[a[i]]), esc(names[b[i]]), esc(number(values[a[i], b[i]]))] for i in order]
    caption = f"The {len(rows)} strongest links between teams (tie weight)"
    note = (
        f"<p>The full table of ties between the {len(matrix)} teams is in the CSV and Excel export "
        "(network_team_matrix); it is too wide to print.</p>"
    )
    return captioned_table(caption, ["Team", "With", "Tie weight"], rows, numeric=(2,)) + note
