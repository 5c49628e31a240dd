"""The network map and the team matrix: what the specs encode, what they carry in words, what they never leak."""

from __future__ import annotations

import json
from dataclasses import replace

import network_org as org
import pandas as pd
import pytest
import vl_convert

from diagnostic.charts.network import (
    CROWDED_NAMES,
    MAX_EDGES,
    MAX_TEAM_COLOURS,
    NAME_HEIGHT,
    NAME_SIZE,
    NAME_WIDTH,
    NO_TEAM,
    SIZE,
    network_map_spec,
    team_map,
    team_matrix_spec,
    thin_edges,
)
from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import OKABE_ITO
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


@pytest.mark.parametrize("level", ["team", "organisation", "person"])
def test_the_samples_maps_keep_each_teams_colour(sample_dataset, settings, level):
    spec = network_map_spec(sample_dataset, settings, level=level)
    chart = spec.chart.to_dict()
    colour = chart["layer"][1]["encoding"]["color"]["condition"]
    assert colour["field"] == "team" and chart["layer"][1]["encoding"]["shape"]["field"] == "team"
    assert colour["legend"]["title"] == ("Team or agency" if level == "organisation" else "Team")
    assert len(colour["scale"]["domain"]) <= MAX_TEAM_COLOURS
    if level != "person":
        assert len(chart["layer"]) == 3 and "transform" not in chart["layer"][2]  # every team named, no halo
        assert "named" not in chart["datasets"][chart["layer"][2]["data"]["name"]][0]
    assert "service" not in spec.data.columns and "Colour and shape show each" in spec.reading


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


def _many_teams(count: int, services: list[str] | None = None) -> Dataset:
    """``count`` teams of five, every team tied to every other; with ``services``, a staff list's Service column, team by team in turn."""
    teams = [f"Team {i:02d}" for i in range(count)]
    members = {t: [f"p{t:02d}{k}" for k in range(5)] for t in range(count)}  # five people a team: none merged away
    ids = [p for t in members for p in members[t]]
    roster = conform(
        "people", pd.DataFrame({"person_id": ids, "team": [teams[t] for t in members for _ in range(5)], "organisation": "internal"})
    )
    links = {(a, b): 1.0 + (a * b) % 7 for a in range(count) for b in range(a + 1, count)}
    rows = [(members[a][k], members[b][k], w) for (a, b), w in links.items() for k in range(5)]
    ties = conform("ties", pd.DataFrame(rows, columns=["person_a", "person_b", "weight"]))
    if services is None:
        return Dataset(people=roster, ties=ties)
    # one member in each team gives another service: the team's is the one most of its members have
    given = [services[t % len(services)] if k else services[(t + 1) % len(services)] for t in members for k in range(5)]
    attributes = conform("attributes", pd.DataFrame({"person_id": ids, "attribute": "Service", "value": given}))
    return Dataset(people=roster, ties=ties, attributes=attributes)


def _names_written(chart: dict) -> list[dict]:
    names = chart["layer"][-1]
    return [row for row in chart["datasets"][names["data"]["name"]] if row["named"]]


def _overlap(a: dict, b: dict) -> bool:
    """Two names' boxes on the map (same offset above each point) cross, in pixels."""
    scale = SIZE / 2.2  # the plot's domain is -1.1 to 1.1
    width = (len(a["team"]) + len(b["team"])) * NAME_SIZE * NAME_WIDTH / 2
    return abs(a["x"] - b["x"]) * scale < width and abs(a["y"] - b["y"]) * scale < NAME_SIZE * NAME_HEIGHT


@pytest.mark.slow
def test_big_team_maps_are_thinned_and_say_so(settings):
    spec = team_map(_many_teams(80), settings)
    links = 80 * 79 // 2
    chart = spec.chart.to_dict()
    drawn = chart["datasets"][chart["layer"][0]["data"]["name"]]
    assert links > MAX_EDGES and len(drawn) == MAX_EDGES
    assert f"The map draws {MAX_EDGES:,} of the {links:,} links" in spec.reading
    assert f"Network map of 80 teams and {links:,} ties ({MAX_EDGES:,} drawn)." in spec.alt_text
    assert max(e["weight"] for e in drawn) == 5 * 7.0  # the strongest link is always drawn
    halo, names = chart["layer"][2:]
    assert names["transform"] == halo["transform"] == [{"filter": "datum.named || datum.team == team_pick"}]
    assert halo["mark"]["stroke"] == "white" and "stroke" not in names["mark"]
    written = _names_written(chart)
    assert 0 < len(written) <= CROWDED_NAMES
    assert f"Names are written for {len(written)} of the 80 teams" in spec.reading and "Highlight a team" in spec.reading
    # no service in the files: one colour for the council, no legend
    colour = chart["layer"][1]["encoding"]["color"]["condition"]
    assert colour["field"] == "colour_group" and colour["scale"]["range"] == [OKABE_ITO[0]] and colour["legend"] is None
    assert "the council is shown in one colour: the files give no services" in spec.reading
    assert "the council is shown in one colour" in spec.alt_text


def test_a_crowded_map_is_coloured_by_service_and_writes_a_few_names_apart(settings):
    services = ["Early help", "Safeguarding", "Children in care"]
    spec = team_map(_many_teams(58, services), settings)
    chart = spec.chart.to_dict()
    points = chart["layer"][1]["encoding"]
    colour = points["color"]["condition"]
    assert colour["field"] == "colour_group" and colour["legend"]["title"] == "Service"
    assert colour["scale"]["domain"] == sorted(services)  # a legend of services, not of 58 teams
    assert set(colour["scale"]["range"]) <= set(OKABE_ITO) and len(set(colour["scale"]["range"])) == len(services)
    rows = chart["datasets"][chart["layer"][1]["data"]["name"]]
    assert {r["team"]: r["colour_group"] for r in rows}["Team 04"] == services[4 % 3]  # four of its five members
    assert {"Team", "Service"} <= {t["title"] for t in points["tooltip"]}
    assert len(chart["params"][0]["bind"]["options"]) == 59  # every team can still be picked
    written = _names_written(chart)
    assert 0 < len(written) <= CROWDED_NAMES
    assert not any(_overlap(a, b) for i, a in enumerate(written) for b in written[i + 1 :])
    strongest = sorted(rows, key=lambda r: (-r["weight"], r["team"]))[0]
    assert strongest["team"] in {r["team"] for r in written}  # the first in tie-weight order is always written
    assert "Colour shows the service of each team" in spec.reading and "3 services" in spec.alt_text
    assert set(spec.data["service"]) == set(services)  # the download says what colour showed


def test_maps_of_up_to_sixteen_teams_keep_a_colour_and_shape_for_each(settings):
    spec = team_map(_many_teams(MAX_TEAM_COLOURS, ["Early help", "Safeguarding"]), settings)
    chart = spec.chart.to_dict()
    colour = chart["layer"][1]["encoding"]["color"]["condition"]
    assert colour["field"] == "team" and len(colour["scale"]["domain"]) == MAX_TEAM_COLOURS
    pairs = set(zip(colour["scale"]["range"], chart["layer"][1]["encoding"]["shape"]["scale"]["range"]))
    assert len(pairs) == MAX_TEAM_COLOURS  # each team told apart by colour and shape
    assert len(chart["layer"]) == 3 and "transform" not in chart["layer"][2]  # every name written, as before
    assert "Colour and shape show each team." in spec.reading and "service" not in spec.reading


def test_no_ties_no_map(settings):
    assert team_map(Dataset(), settings) is None


def test_a_map_with_no_team_known_says_why_it_has_no_line(settings):
    """Ties among staff no file places in a team: one point, and words that say teams are not
    known, not that teams never meet."""
    spec = team_map(org.org(with_roster=False), settings)
    staff = sum(len(members) for members in org.TEAMS.values()) + 1  # a5 also belongs to Assessment
    assert spec.data["team"].tolist() == [NO_TEAM] and spec.data["people"].tolist() == [staff]
    assert spec.reading.startswith(f"Every tie found is between staff whose team is not known ({staff} people)")
    assert "load a staff list" in spec.reading


def test_a_map_whose_ties_stay_inside_teams_says_so(settings):
    inside = set(org.staff_of("Assessment"))
    dataset = org.org()
    messages = dataset.messages
    dataset = replace(dataset, messages=messages[messages["sender_id"].isin(inside) & messages["recipient_id"].isin(inside)])
    spec = team_map(dataset, settings)
    assert spec.reading == "Every tie found stays inside one team: none links one team with another."


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
