"""Per-team figures: each shown group's ties inside and out, silo index, partners, who wrote back.

A group is a team as :attr:`Network.groups <diagnostic.network.graph.Network.groups>` shows it
(small teams merged or left out). How far each memoised value is carried over between networks is
declared in :data:`~diagnostic.network.carry.CARRY_OVER`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from diagnostic.network.carry import carried
from diagnostic.network.graph import Network
from diagnostic.network.metrics import bottlenecks, brokers
from diagnostic.network.shares import direct_dyads
from diagnostic.network.windows import isolated
from diagnostic.settings import Settings


def team_records(net: Network) -> list[dict]:
    """One record per shown internal group: size, ties in and out, silo index, brokers, partners.

    Tie counts are distinct pairs of people; ``silo_index`` is :func:`silo_index`. Each record is
    the caller's own copy.
    """
    return [dict(r) for r in group_records(net)]


@carried
def group_records(net: Network) -> list[dict]:
    """The records :func:`team_records` hands out copies of."""
    shown = shown_internal(net)
    if shown.empty:
        return []
    ends = pair_ends(net)
    same = ends["group"] == ends["other_group"]
    inside = ends[same].groupby("group", observed=True).size() / 2  # each inside pair is seen from both ends
    crossing = ends[~same & ends["other_internal"]]
    partners = ends[~ends["other_internal"]]
    silo = silo_index(net)
    counts = {
        name: net.groups.reindex(found).value_counts() for name, found in (("brokers", brokers(net)), ("bottlenecks", bottlenecks(net)))
    }
    counts["isolated"] = isolated_by_group(net)
    external = crossing.groupby("group", observed=True).size()
    partner_links = partners.groupby("group", observed=True).size()
    agencies = partners.groupby("group", observed=True)["other_organisation"].nunique()
    records = []
    for group, size in shown.value_counts().sort_index().items():
        records.append(
            {
                "team": group,
                "people": int(size),
                "internal_ties": int(inside.get(group, 0)),
                "external_ties": int(external.get(group, 0)),
                "silo_index": silo.get(group),
                **{name: int(found.get(group, 0)) for name, found in counts.items()},
                "partner_links": int(partner_links.get(group, 0)),
                "partner_agencies": int(agencies.get(group, 0)),
            }
        )
    return records


def shown_internal(net: Network) -> pd.Series:
    """The shown group of each of the council's own people who has one (person_id -> group)."""
    groups = net.groups
    return groups[net.people["internal"] & groups.notna()]


@carried
def silo_index(net: Network) -> dict[str, float | None]:
    """Per shown internal group: Krackhardt and Stern's E-I index over tie weight with other rostered teams.

    -1 when all of a group's tie weight stays inside it, +1 when all goes to other teams; None for
    a group with no rostered member or no ties. A merged group is read as one group. The silo
    indicator reads this alone, so it does not wait for the rest of :func:`team_records`.
    """
    shown = shown_internal(net)
    sides = pair_sides(net)
    same = sides.group == sides.other_group
    out = ~same & sides.other_internal & sides.other_rostered
    groups = len(sides.names)
    inside = np.bincount(sides.group[same], weights=sides.weight[same], minlength=groups) / 2  # each inside pair is seen from both ends
    outside = np.bincount(sides.group[out], weights=sides.weight[out], minlength=groups)
    rostered = net.people.loc[shown.index, "rostered"].groupby(shown).any()
    at = {name: i for i, name in enumerate(sides.names)}
    return {name: _ei(float(outside[at[name]]), float(inside[at[name]])) if rostered[name] else None for name in sorted(rostered.index)}


def isolated_by_group(net: Network) -> pd.Series:
    """Per shown group: how many of its people are isolated (see :func:`isolated`)."""
    return net.groups.reindex(isolated(net)).value_counts()


@dataclass(frozen=True)
class PairSides:
    """Each person pair seen from each end that is one of the council's people in a shown group, as arrays.

    ``group`` and ``other_group`` are codes into ``names`` (sorted; -1 for no shown group).
    """

    names: list[str]
    group: np.ndarray
    other_group: np.ndarray
    other_internal: np.ndarray
    other_rostered: np.ndarray
    other: np.ndarray  # the other end's position in the people frame
    weight: np.ndarray


@carried
def pair_sides(net: Network) -> PairSides:
    """The pairs from both ends (see :class:`PairSides`): what the per-group tie shares sum over."""
    pairs, people = net.pairs(), net.people
    codes, names = net.group_codes
    internal, rostered = people["internal"].to_numpy(dtype=bool), people["rostered"].to_numpy(dtype=bool)
    ia, ib = pairs["ia"].to_numpy(), pairs["ib"].to_numpy()
    me, other = np.concatenate([ia, ib]), np.concatenate([ib, ia])
    weight = pairs["weight"].to_numpy(dtype=float)
    keep = internal[me] & (codes[me] >= 0)
    me, other = me[keep], other[keep]
    return PairSides(
        names=names,
        group=codes[me],
        other_group=codes[other],
        other_internal=internal[other],
        other_rostered=rostered[other],
        other=other,
        weight=np.concatenate([weight, weight])[keep],
    )


@carried
def pair_ends(net: Network) -> pd.DataFrame:
    """Each pair seen from each internal, grouped end: group, the other end's details, weight.

    Groups and organisations are categoricals (categories in name order), so the per-group
    sums that read this frame group small integer codes rather than strings.
    """
    sides = pair_sides(net)
    return pd.DataFrame(
        {
            "group": pd.Categorical.from_codes(sides.group, categories=sides.names),
            "other_group": pd.Categorical.from_codes(sides.other_group, categories=sides.names),
            "other_internal": sides.other_internal,
            "other_rostered": sides.other_rostered,
            "other_organisation": pd.Categorical(net.people["organisation"]).take(sides.other),
            "weight": sides.weight,
        }
    )


def _ei(external: float, internal: float) -> float | None:
    total = external + internal
    return round(float((external - internal) / total), 3) if total > 0 else None


def partner_share_by_group(net: Network) -> pd.DataFrame:
    """Per shown internal group: % of its tie weight that reaches partner agencies (team, value, n)."""
    sides = pair_sides(net)
    weight = np.where(sides.group == sides.other_group, sides.weight / 2, sides.weight)  # an inside pair is seen from both ends
    groups = len(sides.names)
    total = np.bincount(sides.group, weights=weight, minlength=groups)
    partner = np.bincount(sides.group[~sides.other_internal], weights=weight[~sides.other_internal], minlength=groups)
    seen = np.flatnonzero(np.bincount(sides.group, minlength=groups))
    teams = [sides.names[i] for i in seen]
    sizes = net.groups.value_counts().reindex(teams)
    return pd.DataFrame({"team": teams, "value": 100 * partner[seen] / total[seen], "n": sizes.to_numpy(dtype=int)})


@carried
def reciprocity_by_group(net: Network) -> pd.DataFrame:
    """Per shown group: % of its people's direct email dyads that were answered (team, value, n)."""
    rows = direct_dyads(net)
    codes, names = net.group_codes
    sender_group = codes[np.flatnonzero(net.people["internal"].to_numpy(dtype=bool))][rows["sender"].cat.codes.to_numpy()]
    keep = sender_group >= 0
    sender_group, mutual = sender_group[keep], rows["mutual"].to_numpy(dtype=float)[keep]
    dyads = np.bincount(sender_group, minlength=len(names))
    seen = np.flatnonzero(dyads)
    teams = [names[i] for i in seen]
    value = 100 * np.bincount(sender_group, weights=mutual, minlength=len(names))[seen] / dyads[seen]
    return pd.DataFrame({"team": teams, "value": value, "n": net.groups.value_counts().reindex(teams).to_numpy(dtype=int)})


def _attribute_key(name: str) -> str:
    """An attribute's name as loaders match headers: case, spaces and punctuation ignored."""
    return re.sub(r"[^0-9a-z]", "", str(name).casefold())


def group_ei(group_ties: pd.DataFrame | None, settings: Settings) -> tuple[float, pd.DataFrame, int, int] | None:
    """(E-I index, per-team frame, people, groups) from a Viva group-to-group query's hours, or None when it cannot stand in.

    Krackhardt and Stern's index over collaboration hours, only when the query's groups are
    values of the attribute the user chose as team: a department's hours with other departments
    say nothing of teams. The groups are those the query reports from their own side
    (``group_a``); hours with anyone else (Viva's "Unclassified" or outside collaborators) are left
    out, as ties to people without a team are. Groups under the minimum group size are left out.
    """
    if group_ties is None or group_ties.empty or not settings.team_attribute:
        return None
    rows = group_ties[group_ties["attribute"].map(_attribute_key) == _attribute_key(settings.team_attribute)]
    sizes = rows.groupby("group_a")["size_a"].max()
    teams = sizes[sizes.fillna(0) >= settings.min_group_size].index
    rows = rows[rows["group_a"].isin(teams) & rows["group_b"].isin(teams)]
    if rows.empty:
        return None
    inside = rows["group_a"] == rows["group_b"]
    hours = rows["hours"].astype(float)
    per = pd.DataFrame({"team": rows["group_a"], "in": hours.where(inside, 0.0), "out": hours.where(~inside, 0.0)}).groupby("team").sum()
    per = per[(per["in"] + per["out"]) > 0]
    if per.empty:
        return None
    by_team = pd.DataFrame(
        {
            "team": per.index,
            "value": ((per["out"] - per["in"]) / (per["out"] + per["in"])).round(3).to_numpy(),
            "n": sizes[per.index].astype(int).to_numpy(),
        }
    )
    total_in, total_out = float(per["in"].sum()), float(per["out"].sum())
    return (total_out - total_in) / (total_out + total_in), by_team, int(sizes[per.index].sum()), len(per)


def group_matrix(group_ties: pd.DataFrame | None, settings: Settings) -> pd.DataFrame | None:
    """Square team x team frame of a group-to-group query's hours: each row's hours with each column's group.

    For the team matrix when no network of people has teams; only for the attribute chosen as
    team, and only groups of at least the minimum group size (as :func:`group_ei`). Not made
    symmetric: each group reports its own time with the other.
    """
    if group_ties is None or group_ties.empty or not settings.team_attribute:
        return None
    rows = group_ties[group_ties["attribute"].map(_attribute_key) == _attribute_key(settings.team_attribute)]
    sizes = rows.groupby("group_a")["size_a"].max()
    teams = sorted(sizes[sizes.fillna(0) >= settings.min_group_size].index)
    rows = rows[rows["group_a"].isin(teams) & rows["group_b"].isin(teams)]
    if rows.empty:
        return None
    sums = rows.groupby(["group_a", "group_b"])["hours"].sum().unstack(fill_value=0.0)
    sums = sums.reindex(index=teams, columns=teams, fill_value=0.0).astype(float)
    return sums.rename_axis(index="team", columns="with").round(2)
