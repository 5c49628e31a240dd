"""The collaboration map and the team-by-team matrix, in Altair.

The map is two layers on one square plot: ties as ``mark_rule`` lines (width and opacity by
weight) under nodes as points (colour and shape by team, size by collaborators). A drop-down
picks a team; its ties stand out and the rest fade, which is how a room asks "who do we work
with?". Tooltips give team, role and counts, never a name: person-level points carry only the
anonymous labels made by :func:`diagnostic.network.map_frames`.

A crowded map (more teams than ``MAX_TEAM_COLOURS``) cannot give each team a colour and shape
that a room tells apart, nor a legend that fits. There, colour shows each team's service when
the staff list gives one, or else one colour for the council and one for partner agencies; a
few names are written, with a white halo and none over another, and the rest are found through
the picker, the tooltips and the team-by-team table.

Big maps are thinned before drawing (each point's strongest ties first, at most ``MAX_EDGES``
lines in all), at every level: a browser cannot draw tens of thousands of lines smoothly, a report
would carry megabytes of invisible lines, and nobody can read them. The reading line says how
many were drawn of how many; every figure in words is worked out from all the ties.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import numpy as np
import pandas as pd

from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import INK, OKABE_ITO, chart_config
from diagnostic.dataset import Dataset
from diagnostic.network import map_frames
from diagnostic.network.build import UNKNOWN_TEAM
from diagnostic.network.frames import HIDDEN_GROUP, PARTNER_ROLE, group_services
from diagnostic.settings import Settings
from diagnostic.wording import number

MAX_EDGES = 2500  # lines on screen before the map is thinned
TIES_PER_NODE = 5  # when thinning, each node keeps at least its strongest few ties
# Eight Okabe-Ito colours, each as a circle and as a square, are 16 marks a room tells apart at a
# glance, with a legend as tall as the map; past that the shapes get small and alike (triangles,
# diamonds) and the legend runs off the page. The sample's 16 teams and agencies sit at the limit.
MAX_TEAM_COLOURS = 2 * len(OKABE_ITO)
CROWDED_NAMES = 12  # names written on a crowded map: the strongest-tied that do not overlap
NAME_SIZE = 15  # pixels, as the legend's labels
NAME_WIDTH = 0.6  # a name's width per character, in font sizes: wider than most letters of the theme's fonts
NAME_HEIGHT = 1.5  # a name's line height and a little air between lines, in font sizes
HALO = 5  # width of the white stroke behind a crowded map's names, in pixels
NO_SERVICE = "Service not known"
COUNCIL, PARTNERS = "Council", "Partner agency"  # a crowded map's two colours when no service is known
SIZE = 640  # the map is square so the layout keeps its proportions
DOMAIN = [-1.1, 1.1]  # layouts are scaled into [-1, 1]; a margin keeps points off the edge
ALL_TEAMS = "All teams"
NO_TEAM = "Staff, team not known"  # how the map's legend names the council's people no roster places
HIDDEN_COLOUR = "#bdbdbd"
FADED = "#dcdcdc"
EDGE_COLOUR = "#8c8c8c"
LABEL_OFFSET = 34  # pixels above a team's point, clear of the largest point
# A team's point's area in square pixels, smallest and largest team; a crowded map's are smaller, so
# that hundreds of points do not cover each other and every line, and its names sit closer
AREAS, CROWDED_AREAS = (250, 2600), (60, 500)
CROWDED_OFFSET = 20  # clear of a crowded map's largest point (13 pixels from its middle)
LINE_OPACITY = (0.15, 0.6)  # faintest and strongest line when no team is picked
SHAPES = ("circle", "square", "triangle-up", "diamond", "triangle-down", "cross")
MATRIX_CELL = 44
MATRIX_SCALE = ["#f3f7fb", OKABE_ITO[0]]  # one sequential scale: pale to Okabe-Ito blue
LEVEL_NOUNS = {"person": ("person", "people"), "team": ("team", "teams"), "organisation": ("team or agency", "teams and agencies")}


# --- the map ---------------------------------------------------------------------------------------
def network_map_spec(
    dataset: Dataset, settings: Settings, level: str = "team", kinds: Iterable[str] | None = None, min_weight: float = 0
) -> ChartSpec | None:
    """The map at ``level`` with its title, reading and text alternative; None when there are no ties."""
    nodes, edges = map_frames(dataset, settings, level, kinds=kinds, min_weight=min_weight)
    if nodes.empty:
        return None
    return network_map(nodes, edges, level, group_services(dataset, settings) if _crowded(nodes) else None)


def team_map(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """The team-level map (the default view, and the one reports use)."""
    return network_map_spec(dataset, settings, level="team")


def network_map(nodes: pd.DataFrame, edges: pd.DataFrame, level: str, services: pd.Series | None = None) -> ChartSpec:
    """Wrap :func:`network_chart` with the words that go with it.

    ``services`` (group -> service, from :func:`~diagnostic.network.frames.group_services`)
    colours a crowded map; without it a crowded map has one colour for the council's teams.
    """
    nodes = nodes.assign(team=nodes["team"].replace({UNKNOWN_TEAM: NO_TEAM}))
    data = nodes.drop(columns=["x", "y"])
    edges = edges.assign(**{c: edges[c].replace({UNKNOWN_TEAM: NO_TEAM}) for c in ("source_team", "target_team")})
    shown = thin_edges(edges)
    legend = None
    if _crowded(nodes):
        groups, legend = _colour_groups(nodes, level, services)
        nodes = nodes.assign(colour_group=groups)
        if legend == "Service":
            data = data.assign(service=groups.astype(object).to_numpy())  # the download says what colour showed
        if level != "person":
            nodes = nodes.assign(named=_written(nodes))
    singular, plural = LEVEL_NOUNS[level]
    title = "Who works with whom" + (" (each point is one person, unnamed)" if level == "person" else f": {plural}")
    return ChartSpec(
        chart=network_chart(nodes, shown, level, title, legend),
        title=title,
        reading=_reading(nodes, edges, shown, level),
        alt_text=_alt_text(nodes, edges, shown, plural) + " " + _colour_words(nodes, level),
        data=data,
    )


def network_chart(nodes: pd.DataFrame, edges: pd.DataFrame, level: str, title: str = "", legend_title: str | None = None) -> alt.Chart:
    """Lines under points on a square plot, with a team picker. Draws the edges it is given.

    Points are coloured by team, or on a crowded map by ``nodes["colour_group"]`` (ordered
    categories) under ``legend_title`` (no legend when it is empty); a crowded map's ``named``
    column says which names are written.
    """
    teams = _team_order(nodes["team"])
    pick = alt.param(name="team_pick", value=ALL_TEAMS, bind=alt.binding_select(options=[ALL_TEAMS, *teams], name="Highlight a team: "))
    x = alt.X("x:Q", scale=alt.Scale(domain=DOMAIN), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=DOMAIN), axis=None)
    x2, y2 = alt.X2("x2:Q"), alt.Y2("y2:Q")
    any_team = f"team_pick == '{ALL_TEAMS}'"
    touches = "(datum.source_team == team_pick || datum.target_team == team_pick)"
    max_weight = float(edges["weight"].max()) if len(edges) else 1.0
    lines = (
        alt.Chart(edges)
        .transform_calculate(
            line_opacity=f"{any_team} ? {LINE_OPACITY[0]} + {LINE_OPACITY[1] - LINE_OPACITY[0]} * datum.weight / {max_weight} : ({touches} ? 0.9 : 0.04)"
        )
        .mark_rule(color=EDGE_COLOUR)
        .encode(
            x=x,
            y=y,
            x2=x2,
            y2=y2,
            strokeWidth=alt.StrokeWidth(
                "weight:Q", scale=alt.Scale(domain=[0, max_weight], range=[0.4, 6 if level != "person" else 2.5]), legend=None
            ),
            opacity=alt.Opacity("line_opacity:Q", scale=None, legend=None),
            color=alt.when(f"!({any_team}) && {touches}").then(alt.value(INK)).otherwise(alt.value(EDGE_COLOUR)),
            **({"tooltip": _edge_tooltip()} if level != "person" else {}),
        )
    )
    crowded = "colour_group" in nodes
    field = "colour_group" if crowded else "team"
    domain = [str(g) for g in nodes["colour_group"].cat.categories] if crowded else teams
    colour_scale = alt.Scale(
        domain=domain, range=[HIDDEN_COLOUR if t == HIDDEN_GROUP else OKABE_ITO[i % len(OKABE_ITO)] for i, t in enumerate(domain)]
    )
    shape_scale = alt.Scale(domain=domain, range=[_shape(i, group, crowded, len(domain)) for i, group in enumerate(domain)])
    if not crowded:
        legend_title = "Team" if level != "organisation" else "Team or agency"
    legend = alt.Legend(title=legend_title, orient="right", symbolSize=160, labelLimit=260) if legend_title else None
    points = (
        alt.Chart(nodes)
        .mark_point(filled=True, opacity=0.95, stroke="white", strokeWidth=0.8)
        .encode(
            x=x,
            y=y,
            # typed, so Altair takes it as it is: left as a plain dict, it is checked against the
            # schema once per team in the scale (seconds for a few hundred teams)
            color=alt.ColorValue(
                **alt.when(f"{any_team} || datum.team == team_pick")
                .then(alt.Color(f"{field}:N", scale=colour_scale, legend=legend))
                .otherwise(alt.value(FADED))
            ),
            shape=alt.Shape(f"{field}:N", scale=shape_scale, legend=legend),
            size=alt.Size(
                "degree:Q" if level == "person" else "people:Q",
                scale=alt.Scale(range=[25, 420] if level == "person" else list(CROWDED_AREAS if crowded else AREAS)),
                legend=None,
            ),
            tooltip=_node_tooltip(level, service=legend_title == "Service"),
        )
    )
    layers = [lines, points]
    if level != "person":
        names = alt.Chart(nodes)
        marks = [{"dy": -(CROWDED_OFFSET if crowded else LABEL_OFFSET), "fontSize": NAME_SIZE, "color": INK}]
        if crowded:  # a few names, each over a white halo so that lines and points behind it do not blur it
            names = names.transform_filter("datum.named || datum.team == team_pick")
            marks.insert(0, {**marks[0], "color": "white", "stroke": "white", "strokeWidth": HALO, "strokeJoin": "round"})
        fade = alt.when(f"{any_team} || datum.team == team_pick").then(alt.value(1.0)).otherwise(alt.value(0.3))
        layers.extend(names.mark_text(**mark).encode(x=x, y=y, text="team:N", opacity=fade) for mark in marks)
    chart = alt.layer(*layers).add_params(pick).properties(width=SIZE, height=SIZE, title=title or alt.Undefined)
    return chart_config(chart)


def _shape(index: int, group: str, crowded: bool, groups: int) -> str:
    """Circles, then squares past the eighth colour...; on a crowded map of circles, partner agencies
    are squares, so that the colour next to a service's is not their only difference."""
    if crowded and group == PARTNERS and groups <= len(OKABE_ITO):
        return SHAPES[1]
    return SHAPES[(index // len(OKABE_ITO)) % len(SHAPES)]


def _crowded(nodes: pd.DataFrame) -> bool:
    """More teams (or agencies) than colours and shapes can tell apart: see ``MAX_TEAM_COLOURS``."""
    return nodes["team"].nunique() > MAX_TEAM_COLOURS


def _colour_groups(nodes: pd.DataFrame, level: str, services: pd.Series | None) -> tuple[pd.Series, str]:
    """A crowded map's colours, as ordered categories, and the legend's title ("" for none).

    Each team's service, when the files give at least two and few enough to tell apart (fewer
    than there are teams), then "Service not known", partner agencies, the hidden group; or else
    the council in one colour and partner agencies in another.
    """
    known = services.reindex(nodes["team"]).to_numpy() if services is not None else np.full(len(nodes), None, dtype=object)
    service = pd.Series(known, index=nodes.index, dtype=object)
    partner = service.eq(PARTNER_ROLE) | (nodes["role"].eq(PARTNER_ROLE) if level != "person" else False)
    hidden = nodes["team"].eq(HIDDEN_GROUP)
    council = service[~partner & ~hidden]
    names = sorted(council.dropna().unique())
    tail = [PARTNERS] * bool(partner.any()) + [HIDDEN_GROUP] * bool(hidden.any())
    order = [*names, *[NO_SERVICE] * bool(council.isna().any()), *tail]
    if 2 <= len(names) < nodes.loc[council.index, "team"].nunique() and len(order) <= MAX_TEAM_COLOURS:
        title = "Service"
        groups = service.where(~partner, PARTNERS).fillna(NO_SERVICE)
    else:
        order, title = [COUNCIL, *tail], "Council or partner agency" if partner.any() else ""
        groups = pd.Series(np.where(partner, PARTNERS, COUNCIL), index=nodes.index)
    return pd.Series(pd.Categorical(groups.mask(hidden, HIDDEN_GROUP), categories=order, ordered=True), index=nodes.index), title


def _written(nodes: pd.DataFrame) -> np.ndarray:
    """Which names a crowded map writes: in order of tie weight with others (ties broken by name),
    each name whose box does not overlap one already written, until ``CROWDED_NAMES`` are."""
    order = nodes.sort_values(["weight", "team"], ascending=[False, True])
    span = DOMAIN[1] - DOMAIN[0]
    xs, ys = (order["x"] - DOMAIN[0]) / span * SIZE, (order["y"] - DOMAIN[0]) / span * SIZE
    widths = order["team"].str.len() * NAME_SIZE * NAME_WIDTH
    kept: list[tuple[object, float, float, float]] = []
    for index, x, y, width in zip(order.index, xs, ys, widths):
        if all(abs(x - kx) * 2 >= width + kw or abs(y - ky) >= NAME_SIZE * NAME_HEIGHT for _, kx, ky, kw in kept):
            kept.append((index, x, y, width))
            if len(kept) == CROWDED_NAMES:
                break
    return nodes.index.isin([k[0] for k in kept])


def thin_edges(edges: pd.DataFrame, max_edges: int = MAX_EDGES, per_node: int = TIES_PER_NODE) -> pd.DataFrame:
    """At most ``max_edges`` lines: each node's ``per_node`` strongest ties first, then the strongest overall."""
    if len(edges) <= max_edges:
        return edges
    ranked = edges.assign(
        _rank_s=edges.groupby("source")["weight"].rank(method="first", ascending=False),
        _rank_t=edges.groupby("target")["weight"].rank(method="first", ascending=False),
    )
    ranked["_best"] = ranked[["_rank_s", "_rank_t"]].min(axis=1)
    keep = ranked[ranked["_best"] <= per_node].sort_values(["_best", "weight"], ascending=[True, False]).head(max_edges)
    if len(keep) < max_edges:
        rest = ranked.drop(keep.index).nlargest(max_edges - len(keep), "weight")
        keep = pd.concat([keep, rest])
    return keep.drop(columns=["_rank_s", "_rank_t", "_best"]).reset_index(drop=True)


def _node_tooltip(level: str, service: bool = False) -> list[alt.Tooltip]:
    """Counts and labels only; the service where colour shows it."""
    served = [alt.Tooltip("colour_group:N", title="Service")] if service else []
    if level == "person":
        return [
            alt.Tooltip("node:N", title="Point"),
            alt.Tooltip("team:N", title="Team"),
            *served,
            alt.Tooltip("role:N", title="Role"),
            alt.Tooltip("degree:Q", title="Collaborators (people)"),
            alt.Tooltip("interactions:Q", title="Messages and meetings"),
        ]
    return [
        alt.Tooltip("team:N", title="Team or agency" if level == "organisation" else "Team"),
        *served,
        alt.Tooltip("people:Q", title="People"),
        alt.Tooltip("degree:Q", title="Linked teams"),
        alt.Tooltip("weight:Q", title="Tie weight with others", format=",.1f"),
        alt.Tooltip("internal_weight:Q", title="Tie weight inside", format=",.1f"),
        alt.Tooltip("interactions:Q", title="Messages and meetings with others"),
    ]


def _edge_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("source:N", title="From"),
        alt.Tooltip("target:N", title="To"),
        alt.Tooltip("weight:Q", title="Tie weight", format=",.1f"),
        alt.Tooltip("interactions:Q", title="Messages and meetings"),
        alt.Tooltip("kinds:N", title="Through"),
    ]


def _team_order(teams: pd.Series) -> list[str]:
    """Teams alphabetically, the hidden group last (so it takes the last, grey, slot)."""
    names = sorted(set(teams) - {HIDDEN_GROUP})
    return [*names, HIDDEN_GROUP] if HIDDEN_GROUP in set(teams) else names


def _reading(nodes: pd.DataFrame, edges: pd.DataFrame, shown: pd.DataFrame, level: str) -> str:
    if edges.empty:
        return _no_links(nodes, level)
    if level == "person":
        # no share of ties across teams here: the page gives that once, over staff whose team is known
        thinned = (
            f"Showing the strongest {len(shown):,} of {len(edges):,} ties."
            if len(shown) < len(edges)
            else f"Showing all {len(edges):,} ties."
        )
        return f"{thinned} {_colour_words(nodes, level)}"
    top = edges.nlargest(1, "weight").iloc[0]
    strongest = f"The strongest link is between {top['source']} and {top['target']} ({number(top['weight'])} tie weight, {int(top['interactions']):,} messages and meetings)."
    if len(shown) < len(edges):
        singular = LEVEL_NOUNS[level][0]
        strongest += (
            f" The map draws {len(shown):,} of the {len(edges):,} links: each {singular}'s strongest first, then the strongest of the rest."
        )
    strongest += " " + _colour_words(nodes, level)
    if "named" in nodes:
        singular, plural = LEVEL_NOUNS[level]
        strongest += (
            f" Names are written for {int(nodes['named'].sum())} of the {len(nodes):,} {plural}: those with the most tie weight"
            " with others, leaving out any that would cover a name already written. Every name is in the tooltip of its point;"
            f" pick a {singular} under “Highlight a team” to write its name and pick out its ties, or see each in “Team by team”"
            " below the map."
        )
    return strongest


def _no_links(nodes: pd.DataFrame, level: str) -> str:
    """Why a map has no line, in words: with no team known for the people in the ties, every tie
    falls inside "team not known", and the map would otherwise seem to say that teams never meet."""
    singular, plural = LEVEL_NOUNS[level]
    if level == "person" or "internal_weight" not in nodes or not nodes["internal_weight"].gt(0).any():
        return f"No ties were found between the {plural} shown."
    inside = nodes.loc[nodes["internal_weight"].gt(0), "team"]
    if set(inside) == {NO_TEAM}:
        people = int(nodes.loc[nodes["team"].eq(NO_TEAM), "people"].sum())
        return (
            f"Every tie found is between staff whose team is not known ({people:,} people), so no tie links one {singular} with another. "
            "To see ties between teams, load a staff list that gives each person's team, or on Home choose the attribute "
            "that is the team, if the files that hold the ties carry it."
        )
    return f"Every tie found stays inside one {singular}: none links one {singular} with another."


def _colour_words(nodes: pd.DataFrame, level: str) -> str:
    """What colour means on this map, in one sentence."""
    whose = "each person's team" if level == "person" else "each team"
    partners = " or partner agency" if (nodes["role"].eq(PARTNER_ROLE).any() or level == "person") else ""
    if "colour_group" not in nodes:
        return f"Colour and shape show {whose}{partners}."
    groups = [str(g) for g in nodes["colour_group"].cat.categories]
    if COUNCIL in groups:
        other = ", partner agencies in another, as squares" if PARTNERS in groups else ""
        return (
            f"With {nodes['team'].nunique():,} teams, too many to give each a colour of its own, the council is shown in one"
            f" colour{other}: the files give no services that divide its teams into a few groups."
        )
    services = [g for g in groups if g not in (NO_SERVICE, PARTNERS, HIDDEN_GROUP)]
    shown = "Colour and shape show" if len(groups) > len(OKABE_ITO) else "Colour shows"  # shapes differ past eight colours
    other = "; partner agencies have a colour of their own" + ("" if shown.endswith("and shape show") else ", as squares")
    other = other if PARTNERS in groups else ""
    return f"{shown} the service of {whose} (the service most of its members have in the staff list): {len(services)} services{other}."


def _alt_text(nodes: pd.DataFrame, edges: pd.DataFrame, shown: pd.DataFrame, plural: str) -> str:
    """What the map shows, in words: sizes, and for team maps which teams have the most and least ties with others."""
    head = f"Network map of {len(nodes):,} {plural} and {len(edges):,} ties"
    head += f" ({len(shown):,} drawn)." if len(shown) < len(edges) else "."
    if nodes["people"].gt(1).any() and nodes["weight"].nunique() > 1:
        ranked = nodes.sort_values(["weight", "team"], ascending=[False, True])
        most, least = ranked.iloc[0], ranked.iloc[-1]
        head += f" {most['team']} has the most tie weight with others ({number(most['weight'])}); {least['team']} the least ({number(least['weight'])})."
    return head


# --- the matrix ----------------------------------------------------------------------------------
def team_matrix_chart(matrix: pd.DataFrame) -> alt.Chart:
    """Heatmap of tie weight between teams, one sequential scale, each cell labelled with its value."""
    names = [str(n) for n in matrix.index]
    tidy = matrix.rename_axis(index="team", columns="with").stack().rename("weight").reset_index()
    tidy["label"] = tidy["weight"].map(lambda w: f"{w:,.0f}" if w >= 1 else ("<1" if w > 0 else "0"))
    high = float(tidy["weight"].max()) if len(tidy) else 1.0
    x = alt.X("with:N", sort=names, title="With", axis=alt.Axis(labelAngle=-40, labelLimit=200))
    y = alt.Y("team:N", sort=names, title="Team", axis=alt.Axis(labelLimit=220))
    cells = (
        alt.Chart(tidy)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color("weight:Q", scale=alt.Scale(range=MATRIX_SCALE, domain=[0, high or 1.0]), title="Tie weight"),
            tooltip=[
                alt.Tooltip("team:N", title="Team"),
                alt.Tooltip("with:N", title="With"),
                alt.Tooltip("weight:Q", title="Tie weight", format=",.1f"),
            ],
        )
    )
    labels = (
        alt.Chart(tidy)
        .mark_text(fontSize=13)
        .encode(x=x, y=y, text="label:N", color=alt.when(f"datum.weight > {high / 2}").then(alt.value("white")).otherwise(alt.value(INK)))
    )
    side = max(MATRIX_CELL * len(names), 120)
    chart = alt.layer(cells, labels).properties(
        width=side, height=side, title=alt.Title("Ties between teams", subtitle="Diagonal: ties inside each team. Darker means more.")
    )
    return chart_config(chart)


def team_matrix_spec(matrix: pd.DataFrame, level: str = "team") -> ChartSpec | None:
    """The matrix chart with its reading and text alternative; None when there is nothing to show.

    At team level the reading names the strongest link between two teams rather than a share of
    tie weight across teams: the page states that share once, from the network summary, over staff
    whose team is known, and a second share over the table's groups ("Other teams" merged) could
    differ from it. With partner agencies, the share that reaches them is the table's own figure.
    """
    if matrix.empty or len(matrix) < 2:
        return None
    inside = pd.Series(matrix.to_numpy().diagonal(), index=matrix.index)
    between = matrix.sum(axis=1) - inside
    silo = (between / (between + inside)).dropna()
    _, plural = LEVEL_NOUNS[level]
    alt_text = f"A {len(matrix)} by {len(matrix)} table of tie weight between {plural}."
    if len(silo):
        alt_text += f" {silo.idxmin()} keeps the largest share of its ties inside ({1 - silo.min():.0%})."
    return ChartSpec(
        chart=team_matrix_chart(matrix),
        title=f"Ties between {plural}",
        reading=_matrix_reading(matrix, plural),
        alt_text=alt_text,
        data=matrix.reset_index(),
    )


def _matrix_reading(matrix: pd.DataFrame, plural: str) -> str:
    """The strongest tie between two different groups, in words."""
    off = matrix.where(~np.eye(len(matrix), dtype=bool)).stack()
    off = off[off > 0]
    if off.empty:
        return f"No ties were found between different {plural}: every tie stays inside one."
    ranked = off.reset_index().set_axis(["a", "b", "weight"], axis=1).sort_values(["weight", "a", "b"], ascending=[False, True, True])
    top = ranked.iloc[0]
    return f"The strongest link between two {plural} is {top['a']} with {top['b']} ({number(top['weight'])} tie weight). Darker cells mean more."
