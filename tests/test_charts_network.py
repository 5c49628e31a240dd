"""The network map and the team matrix: what the specs encode, what they carry in words, what they never leak."""

from __future__ import annotations

import json

import network_org as org
import pandas as pd
import pytest
import vl_convert

from diagnostic.charts.network import MAX_EDGES, MAX_NAMES, network_map_spec, team_map, team_matrix_spec, thin_edges
from diagnostic.charts.spec import ChartSpec
from diagnostic.dataset import Dataset, conform
from diagnostic.network import team_matrix


def _spec_json(spec: ChartSpec) -> str:
    return json.dumps(spec.chart.to_dict())


def _layers(spec: ChartSpec) -> list[dict]:
    return spec.chart.to_dict()["layer"]


@pytest.mark.slow
@pytest.mark.parametrize("level", ["person", "team", "organisation"])
def test_map_spec_has_words_and_no_identities(settings, level):
    spec = network_map_spec(org.org(), settings, level=level)
    assert isinstance(spec, ChartSpec)
    assert spec.title and spec.reading and spec.alt_text
    text = _spec_json(spec) + spec.reading + spec.alt_text + spec.data.to_json()
    for pid in org.all_ids():
        assert pid not in text
    assert "Fictional Person" not in text


def test_map_layers_lines_under_points_on_a_square_plot(settings):
    chart = team_map(org.org(), settings).chart.to_dict()
    marks = [layer["mark"]["type"] for layer in chart["layer"]]
    assert marks[:2] == ["rule", "point"]
    assert chart["width"] == chart["height"]
    x, y = chart["layer"][1]["encoding"]["x"], chart["layer"][1]["encoding"]["y"]
    assert x["scale"]["domain"] == y["scale"]["domain"]


@pytest.mark.slow
def test_map_colours_by_team_with_a_legend_and_a_team_picker(settings):
    spec = team_map(org.org(), settings)
    chart = spec.chart.to_dict()
    points = chart["layer"][1]["encoding"]
    colour = points["color"]["condition"]
    assert colour["field"] == "team"
    assert colour["scale"]["range"][0] == "#0072B2"  # Okabe-Ito first colour
    assert colour["legend"]["title"] == "Team"
    picker = chart["params"][0]
    assert picker["name"] == "team_pick"
    assert picker["bind"]["options"][0] == "All teams"
    assert "Disabled children" in picker["bind"]["options"]
    tooltip_titles = {t["title"] for t in points["tooltip"]}
    assert {"Team", "People", "Linked teams"} <= tooltip_titles


def test_person_map_tooltip_has_team_role_and_counts_only(settings):
    chart = network_map_spec(org.org(), settings, level="person").chart.to_dict()
    fields = [t["field"] for t in chart["layer"][1]["encoding"]["tooltip"]]
    assert fields == ["node", "team", "role", "degree", "interactions"]
    assert chart["layer"][1]["encoding"]["size"]["field"] == "degree"


@pytest.mark.slow
def test_readings_name_teams_never_people(settings):
    team = team_map(org.org(), settings)
    assert "Assessment and Child protection" in team.reading
    assert "Disabled children" in team.alt_text  # the least linked team
    person = network_map_spec(org.org(), settings, level="person")
    assert person.reading.startswith("Showing all 72 ties.")


def test_thinning_keeps_each_nodes_strongest_ties_and_a_cap():
    rows = [{"source": f"n{i}", "target": f"n{j}", "weight": float(i + j)} for i in range(120) for j in range(i + 1, 120)]
    edges = pd.DataFrame(rows)
    thinned = thin_edges(edges, max_edges=MAX_EDGES, per_node=5)
    assert len(edges) > MAX_EDGES
    assert len(thinned) == MAX_EDGES
    ends = set(thinned["source"]) | set(thinned["target"])
    assert ends == {f"n{i}" for i in range(120)}  # nobody loses every line
    small = edges.head(10)
    assert thin_edges(small).equals(small)


@pytest.mark.slow
def test_big_person_maps_say_how_many_lines_were_left_out(settings):
    people = [f"p{i:03d}" for i in range(90)]
    pairs = [(a, b) for i, a in enumerate(people) for b in people[i + 1 :]]
    ties = conform("ties", pd.DataFrame({"person_a": [a for a, _ in pairs], "person_b": [b for _, b in pairs], "weight": 1.0}))
    spec = network_map_spec(Dataset(ties=ties), settings, level="person")
    assert f"of {len(pairs):,} ties" in spec.reading
    chart = spec.chart.to_dict()
    assert len(chart["datasets"][chart["layer"][0]["data"]["name"]]) == MAX_EDGES


@pytest.mark.slow
def test_big_team_maps_are_thinned_and_say_so(settings):
    teams = [f"Team {i:02d}" for i in range(80)]
    members = {t: [f"p{t:02d}{k}" for k in range(5)] for t in range(80)}  # five people a team: none merged away
    roster = conform(
        "people",
        pd.DataFrame(
            {
                "person_id": [p for t in members for p in members[t]],
                "team": [teams[t] for t in members for _ in range(5)],
                "organisation": "internal",
            }
        ),
    )
    links = {(a, b): 1.0 + (a * b) % 7 for a in range(80) for b in range(a + 1, 80)}  # every team with every other
    rows = [(members[a][k], members[b][k], w) for (a, b), w in links.items() for k in range(5)]
    ties = conform("ties", pd.DataFrame(rows, columns=["person_a", "person_b", "weight"]))
    spec = team_map(Dataset(people=roster, ties=ties), settings)
    chart = spec.chart.to_dict()
    drawn = chart["datasets"][chart["layer"][0]["data"]["name"]]
    assert len(links) > MAX_EDGES and len(drawn) == MAX_EDGES
    assert f"The map draws {MAX_EDGES:,} of the {len(links):,} links" in spec.reading
    assert f"Network map of 80 teams and {len(links):,} ties ({MAX_EDGES:,} drawn)." in spec.alt_text
    assert max(e["weight"] for e in drawn) == 5 * max(links.values())  # the strongest link is always drawn
    names = chart["layer"][2]
    assert names["transform"] == [{"filter": "datum.named || datum.team == team_pick"}]
    with_others = {t: 5 * sum(w for pair, w in links.items() if t in pair) for t in range(80)}
    top = sorted(range(80), key=lambda t: (-with_others[t], teams[t]))[:MAX_NAMES]
    assert {row["team"] for row in chart["datasets"][names["data"]["name"]] if row["named"]} == {teams[t] for t in top}
    assert f"Names are written for the {MAX_NAMES} of the 80 teams with the most tie weight with others." in spec.reading


def test_no_ties_no_map(settings):
    assert team_map(Dataset(), settings) is None


def test_matrix_heatmap_one_scale_with_labelled_cells(settings):
    matrix = team_matrix(org.org(), settings)
    spec = team_matrix_spec(matrix)
    chart = spec.chart.to_dict()
    rect, text = chart["layer"]
    assert rect["mark"]["type"] == "rect" and text["mark"]["type"] == "text"
    assert rect["encoding"]["color"]["field"] == "weight"
    assert len(rect["encoding"]["color"]["scale"]["range"]) == 2  # one sequential scale
    assert text["encoding"]["text"]["field"] == "label"
    assert "Disabled children" in spec.alt_text
    between = [(matrix.loc[a, b], a, b) for i, a in enumerate(matrix.index) for b in matrix.columns[i + 1 :] if matrix.loc[a, b] > 0]
    weight, a, b = sorted(between, key=lambda x: (-x[0], x[1], x[2]))[0]
    assert spec.reading.startswith(f"The strongest link between two teams is {a} with {b} ({weight:g} tie weight).")
    assert "%" not in spec.reading  # the page states the share of ties across teams once, from the summary


def test_matrix_of_nothing_or_of_one_group_has_no_spec():
    assert team_matrix_spec(pd.DataFrame()) is None
    one = pd.DataFrame([[5.0]], index=pd.Index(["Unknown team"], name="team"), columns=pd.Index(["Unknown team"], name="with"))
    assert team_matrix_spec(one) is None  # a heatmap of one cell is not drawn


@pytest.mark.slow
def test_team_map_renders_to_svg(settings):
    svg = vl_convert.vegalite_to_svg(team_map(org.org(), settings).chart.to_dict())
    assert svg.lstrip().startswith("<svg") and "Disabled children" in svg
