"""Chart-ready frames: the map's nodes and edges, and the team-by-team matrix.

Nothing here carries a person id, name or address. On the person map each point gets a
sequential label ("Person 1", ...) made fresh for each drawing, ordered by team and position,
so a label cannot be joined to anything else. A role is shown only where at least
``min_group_size`` people on the map share it within the same team; otherwise the tooltip would
point at the one manager of a small team.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.ingest.headers import normalise_header
from diagnostic.network.build import KIND_BITS
from diagnostic.network.graph import LEVELS, OTHER_PARTNERS, OTHER_TEAMS, Network, kinds_label, network_for
from diagnostic.network.layout import positions
from diagnostic.network.shares import labelled_pairs
from diagnostic.network.teams import group_matrix
from diagnostic.settings import Settings

HIDDEN_GROUP = "Not shown (small group)"
HIDDEN_ROLE = "Not shown (small group)"
NO_ROLE = "Role not given"
TEAM_ROLE = "Team"
PARTNER_ROLE = "Partner agency"
NODE_COLUMNS = ("node", "x", "y", "team", "role", "people", "degree", "weight", "interactions")
# HR attributes that name the service (department) a team sits in, in the order tried: the sample's
# staff list and councils' HR exports write "Service" or "Service area"; Viva Insights' standard
# attribute for a department is "Organization", tried last since a staff list may use it for the employer
SERVICE_ATTRIBUTES = ("Service", "Service area", "Department", "Directorate", "Division", "Organization")
EDGE_COLUMNS = ("source", "target", "x", "y", "x2", "y2", "weight", "interactions", "kinds", "source_team", "target_team", "cross_team")


def map_frames(
    dataset: Dataset, settings: Settings, level: str = "team", kinds: Iterable[str] | None = None, min_weight: float = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges) ready to draw at ``level`` (person, team or organisation).

    ``kinds`` keeps only some tie kinds (email, meeting, chat, collaboration); ``min_weight``
    drops weaker lines. Positions come from the full network, so filtering never moves a node.
    Node columns: ``NODE_COLUMNS`` (plus ``internal_weight``, the ties inside each group, at
    team and organisation level); edge columns: ``EDGE_COLUMNS``.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    net = network_for(dataset, settings)
    kinds = sorted(kinds) if kinds is not None else None
    nodes, full = level_graph(net, level, None)
    _, shown = level_graph(net, level, kinds)
    shown = shown[shown["weight"] >= min_weight].reset_index(drop=True)
    pos = positions(net, level, full, nodes.index)
    nodes = nodes.join(pos)
    nodes = _with_degree(nodes, shown)
    if level == "person":
        nodes = _anonymise(nodes, net.min_group_size)
    else:
        nodes["node"] = nodes.index.astype(str)
    edges = _edge_frame(shown, nodes)
    columns = list(NODE_COLUMNS) if level == "person" else [*NODE_COLUMNS, "internal_weight"]
    return nodes.reset_index(drop=True)[columns], edges


def level_graph(net: Network, level: str, kinds: list[str] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (indexed by person id or group; columns team, role, people) and pairs (a, b, weight, count, kinds).

    Memoised per network, level and kinds: the summary, the map and the matrix all start from it.
    """
    key = ("level_graph", level, tuple(kinds) if kinds is not None else None)
    return net.memo(key, lambda: _level_graph(net, level, kinds))


def _level_graph(net: Network, level: str, kinds: list[str] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    if level == "person":
        people = net.people
        groups = net.groups.reindex(people.index)
        nodes = pd.DataFrame(
            {"team": groups.fillna(HIDDEN_GROUP).astype(str), "role": people["role"].astype(object).fillna(NO_ROLE), "people": 1},
            index=people.index,
        )
        return nodes, net.pairs(kinds)[["a", "b", "weight", "count", "kinds"]]
    groups = net.groups
    keep = net.people["internal"] if level == "team" else pd.Series(True, index=net.people.index)
    members = groups[keep & groups.notna()]
    sizes = members.value_counts()
    partners = set(groups[~net.people["internal"]].dropna())
    names = sorted(sizes.index, key=_group_order(partners))
    nodes = pd.DataFrame(
        {"team": names, "role": [PARTNER_ROLE if n in partners else TEAM_ROLE for n in names], "people": [int(sizes[n]) for n in names]},
        index=pd.Index(names, dtype=object),
    )
    lp = labelled_pairs(net, kinds)
    lp = lp.loc[lp["group_a"].isin(names) & lp["group_b"].isin(names), ["group_a", "group_b", "weight", "count", "mask"]]
    nodes["internal_weight"] = (
        lp[lp["group_a"] == lp["group_b"]].groupby("group_a")["weight"].sum().reindex(nodes.index, fill_value=0.0).round(2)
    )
    between = lp[lp["group_a"] != lp["group_b"]]
    ga, gb = between["group_a"].to_numpy(dtype=object), between["group_b"].to_numpy(dtype=object)
    swap = ga > gb
    grouped = pd.DataFrame(
        {
            "a": np.where(swap, gb, ga),
            "b": np.where(swap, ga, gb),
            "weight": between["weight"].to_numpy(),
            "count": between["count"].to_numpy(),
        }
    )
    if grouped.empty:
        return nodes, pd.DataFrame({"a": [], "b": [], "weight": [], "count": [], "kinds": []})
    for kind, bit in KIND_BITS.items():
        grouped[kind] = (between["mask"].to_numpy() & bit) > 0
    pairs = grouped.groupby(["a", "b"], as_index=False).agg({"weight": "sum", "count": "sum", **dict.fromkeys(KIND_BITS, "any")})
    mask = sum(pairs[kind].to_numpy(dtype=np.int64) * bit for kind, bit in KIND_BITS.items())
    pairs["kinds"] = kinds_label(np.asarray(mask))
    return nodes, pairs[["a", "b", "weight", "count", "kinds"]]


def group_services(dataset: Dataset, settings: Settings) -> pd.Series:
    """Each group on the maps -> its service: the one most of its members have (ties broken by name).

    Partner agencies get ``PARTNER_ROLE``; a group none of whose members has a service, or when the
    files carry no service attribute, gets NA. The attribute chosen as team is never taken as the
    service (each team would be its own service).
    """
    net = network_for(dataset, settings)
    return net.memo(("group_services",), lambda: _group_services(net, dataset.attributes, settings.team_attribute))


def _group_services(net: Network, attributes: pd.DataFrame | None, team_attribute: str) -> pd.Series:
    groups = net.groups.dropna()
    services = pd.Series(pd.NA, index=pd.Index(sorted(set(groups)), dtype=object), dtype=object)
    if attributes is not None and len(attributes):
        by_key = {normalise_header(name): name for name in attributes["attribute"].dropna().unique()}  # a few headers, many rows
        by_key.pop(normalise_header(team_attribute), None)
        wanted = next((by_key[key] for a in SERVICE_ATTRIBUTES if (key := normalise_header(a)) in by_key), None)
        if wanted is not None:
            rows = attributes.loc[attributes["attribute"] == wanted].drop_duplicates("person_id").set_index("person_id")["value"]
            members = pd.DataFrame({"group": groups, "service": rows.reindex(groups.index).to_numpy()}).dropna()
            counts = members.groupby(["group", "service"]).size().rename("n").reset_index()
            top = counts.sort_values(["n", "service"], ascending=[False, True]).drop_duplicates("group")
            services.loc[top["group"].to_numpy()] = top["service"].astype(object).to_numpy()
    partners = set(groups[~net.people["internal"].reindex(groups.index, fill_value=True)])
    services.loc[sorted(partners)] = PARTNER_ROLE
    return services


def team_matrix(dataset: Dataset, settings: Settings, level: str = "team") -> pd.DataFrame:
    """Square group x group frame of tie weight (diagonal: ties inside the group).

    Small teams are merged into "Other teams" or left out, as everywhere. ``level="organisation"``
    adds partner agencies as rows and columns. Without a network of people in teams, a Viva
    group-to-group query gives the matrix (hours, see :func:`~diagnostic.network.teams.group_matrix`).
    """
    if level not in ("team", "organisation"):
        raise ValueError("level must be team or organisation")
    net = network_for(dataset, settings)
    if level == "team" and not net.has_teams and (groups := group_matrix(dataset.group_ties, settings)) is not None:
        return groups  # a Viva group-to-group query's hours between the teams chosen
    nodes, _ = level_graph(net, level, None)
    names = list(nodes.index)
    lp = labelled_pairs(net)
    lp = lp.loc[lp["group_a"].isin(names) & lp["group_b"].isin(names), ["group_a", "group_b", "weight"]]
    sums = lp.groupby(["group_a", "group_b"])["weight"].sum().unstack(fill_value=0.0)
    sums = sums.reindex(index=names, columns=names, fill_value=0.0)
    inside = np.diag(np.diag(sums.to_numpy()))
    matrix = pd.DataFrame(
        sums.to_numpy() + sums.to_numpy().T - inside, index=pd.Index(names, name="team"), columns=pd.Index(names, name="with")
    )
    return matrix.round(2)


def _group_order(partners: set[str]):
    """Teams alphabetically, then the merged group, then partner agencies."""

    def key(name: str) -> tuple[int, str]:
        if name in partners:
            return (3 if name == OTHER_PARTNERS else 2, name)
        return (1 if name == OTHER_TEAMS else 0, name)

    return key


def _with_degree(nodes: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    ends = pd.concat(
        [
            pairs[["a", "weight", "count"]].set_axis(["node", "weight", "count"], axis=1),
            pairs[["b", "weight", "count"]].set_axis(["node", "weight", "count"], axis=1),
        ]
    )
    per = ends.groupby("node").agg(degree=("weight", "size"), weight=("weight", "sum"), interactions=("count", "sum"))
    nodes = nodes.join(per)
    nodes[["degree", "interactions"]] = nodes[["degree", "interactions"]].fillna(0).astype(int)
    nodes["weight"] = nodes["weight"].fillna(0.0).round(2)
    return nodes


def _anonymise(nodes: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """Sequential labels in team-and-position order; roles only where a team has enough of them."""
    nodes = nodes.sort_values(["team", "x", "y"]).copy()
    nodes["node"] = [f"Person {i}" for i in range(1, len(nodes) + 1)]
    common = nodes.groupby(["team", "role"])["role"].transform("size") >= min_size
    nodes["role"] = nodes["role"].where(common | nodes["role"].eq(NO_ROLE), HIDDEN_ROLE)
    return nodes


def _edge_frame(pairs: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """One row per line: both ends' labels and positions, weight, what kinds of tie it holds."""
    a = nodes.reindex(pairs["a"])
    b = nodes.reindex(pairs["b"])
    edges = pd.DataFrame(
        {
            "source": a["node"].to_numpy(),
            "target": b["node"].to_numpy(),
            "x": a["x"].to_numpy(),
            "y": a["y"].to_numpy(),
            "x2": b["x"].to_numpy(),
            "y2": b["y"].to_numpy(),
            "weight": pairs["weight"].round(2).to_numpy(),
            "interactions": pairs["count"].astype(int).to_numpy(),
            "kinds": pairs["kinds"].to_numpy(),
            "source_team": a["team"].to_numpy(),
            "target_team": b["team"].to_numpy(),
        }
    )
    edges["cross_team"] = edges["source_team"] != edges["target_team"]
    return edges[list(EDGE_COLUMNS)].reset_index(drop=True)
