"""Network metrics of the department's own people, computed once per :class:`Network`.

Structural measures (brokers, bottlenecks, communities, centralisation, isolation, reciprocity)
read the internal graph: partner agencies' people are visible only through their links, since an
export never shows how partners work among themselves. Betweenness, communities and components
run in python-igraph, which is tens of times faster than networkx on a few thousand people.

Nothing here names a person: functions return counts, shares and per-group figures. Person ids
only travel inside this package (to count brokers by team, say) and never reach an output.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import numpy as np
import pandas as pd

from diagnostic.network.build import UNKNOWN_TEAM
from diagnostic.network.graph import Network

SEED = 20240601  # fixed so that communities and sampled betweenness repeat run to run
EXACT_BETWEENNESS_MAX = 5000  # above this many people betweenness is estimated from samples
BETWEENNESS_SAMPLES = 500  # source people sampled for the estimate
BROKER_FACTOR = 3.0  # a broker carries at least three times the average betweenness (judgement)
ISOLATED_MAX_COLLABORATORS = 2  # "on the edge": two or fewer distinct collaborators in 4 weeks
TOP_SHARE = 0.05  # collaborative overload: the share held by the top 5% of people

_RNG_LOCK = threading.Lock()


@contextmanager
def seeded_igraph(seed: int = SEED) -> Iterator[None]:
    """igraph draws from one global generator: give it a seeded one, then restore the default."""
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


# --- betweenness, brokers, centralisation ----------------------------------------------------
@dataclass(frozen=True)
class Betweenness:
    values: pd.Series  # person_id -> betweenness (unnormalised, undirected, unweighted)
    sampled: bool


def betweenness(net: Network) -> Betweenness:
    """Betweenness on the internal graph; estimated from ``BETWEENNESS_SAMPLES`` sources when big."""

    def compute() -> Betweenness:
        g = net.internal_igraph
        n = g.vcount()
        if n <= EXACT_BETWEENNESS_MAX:
            values = g.betweenness(directed=False)
            sampled = False
        else:
            k = min(BETWEENNESS_SAMPLES, n)
            sources = np.random.default_rng(SEED).choice(n, size=k, replace=False).tolist()
            values = [v * n / k for v in g.betweenness(directed=False, sources=sources)]
            sampled = True
        return Betweenness(pd.Series(values, index=pd.Index(g.vs["name"] if n else [], dtype=object), dtype=float), sampled)

    return net.memo("betweenness", compute)


def brokers(net: Network) -> pd.Index:
    """People who carry ``BROKER_FACTOR`` times the average share of shortest paths AND link two or more teams.

    The second condition keeps out people who are central only inside their own team.
    """

    def compute() -> pd.Index:
        b = betweenness(net).values
        if b.empty or b.sum() <= 0:
            return pd.Index([], dtype=object)
        high = b[(b > 0) & (b >= BROKER_FACTOR * b.mean())].index
        reach = _groups_reached(net, high)
        return pd.Index([p for p in high if reach.get(p, 0) >= 2], dtype=object)

    return net.memo("brokers", compute)


def _groups_reached(net: Network, people: pd.Index) -> dict[str, int]:
    """person -> number of distinct teams among their internal contacts (their own included)."""
    g = net.internal_igraph
    team = net.people["team"].reindex(g.vs["name"]).to_numpy(dtype=object)
    where = {name: i for i, name in enumerate(g.vs["name"])}
    return {p: len({team[where[p]], *team[g.neighbors(where[p])]}) for p in people}


def betweenness_centralisation(net: Network) -> float | None:
    """Freeman centralisation (0 = evenly spread, 1 = a star): sum(max - b) / ((n-1)^2 (n-2) / 2)."""
    b = betweenness(net).values
    n = len(b)
    if n < 3:
        return None
    return float((b.max() - b).sum() / ((n - 1) ** 2 * (n - 2) / 2))


def manager_flow_share(net: Network) -> tuple[float, float] | None:
    """(managers' share of betweenness, managers' share of people); None without a roster."""
    b = betweenness(net).values
    managers = net.people["is_manager"].reindex(b.index)
    if managers.isna().all() or b.sum() <= 0:
        return None
    is_manager = managers.fillna(False).astype(bool)
    return float(b[is_manager].sum() / b.sum()), float(is_manager.mean())


# --- communities, bottlenecks -----------------------------------------------------------------
@dataclass(frozen=True)
class Communities:
    membership: pd.Series  # person_id -> community number
    modularity: float | None

    def count(self, min_size: int) -> int:
        """Communities with at least ``min_size`` people (smaller ones are not reported)."""
        return int((self.membership.value_counts() >= min_size).sum())


def communities(net: Network) -> Communities:
    """Leiden communities (modularity objective, weighted) of the internal graph."""

    def compute() -> Communities:
        g = net.internal_igraph
        if g.ecount() == 0:
            return Communities(pd.Series(range(g.vcount()), index=g.vs["name"], dtype="int64"), None)
        with seeded_igraph():
            parts = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
        membership = pd.Series(parts.membership, index=g.vs["name"], dtype="int64")
        return Communities(membership, float(g.modularity(parts.membership, weights="weight")))

    return net.memo("communities", compute)


def bottlenecks(net: Network) -> pd.Index:
    """People whose removal leaves some team with no path at all to another team.

    A cut vertex that only strands one colleague of a team that stays connected is not a
    bottleneck; one that is the sole route between whole teams is. Computed on the block-cut
    tree (biconnected components and the cut vertices joining them), so each cut vertex costs
    a few vector sums instead of a fresh component search: a sparse 3,000-person graph can
    have 2,000 cut vertices.
    """

    def compute() -> pd.Index:
        g = net.internal_igraph
        blocks, cuts = g.biconnected_components(return_articulation_points=True)
        groups = net.groups.reindex(g.vs["name"]).to_numpy(dtype=object)
        codes = {name: i for i, name in enumerate(sorted({x for x in groups if isinstance(x, str) and x != UNKNOWN_TEAM}))}
        if not cuts or len(codes) < 2:
            return pd.Index([], dtype=object)
        tree = _BlockCutTree(list(blocks), cuts, [codes.get(x, -1) for x in groups], len(codes))
        return pd.Index([g.vs[v]["name"] for v in cuts if _separates_groups(tree.pieces(v))], dtype=object)

    return net.memo("bottlenecks", compute)


def _separates_groups(pieces: np.ndarray) -> bool:
    """True when two teams share no piece (no member of one can reach any member of the other)."""
    pieces = pieces[:, pieces.any(axis=0)]
    if pieces.shape[1] < 2 or pieces.all(axis=1).any():  # one piece holds every team: nothing cut apart
        return False
    together = pieces.T.astype(np.int32) @ pieces.astype(np.int32)
    return bool((together == 0).any())


class _BlockCutTree:
    """Blocks and cut vertices as a forest, with per-team head counts for every subtree."""

    def __init__(self, blocks: list[list[int]], cuts: list[int], group: list[int], n_groups: int) -> None:
        self.cut_node = {v: len(blocks) + i for i, v in enumerate(cuts)}
        size = len(blocks) + len(cuts)
        own = np.zeros((size, n_groups), dtype=np.int32)
        self.neighbours: list[list[int]] = [[] for _ in range(size)]
        for b, members in enumerate(blocks):
            for v in members:
                if v in self.cut_node:
                    self.neighbours[b].append(self.cut_node[v])
                    self.neighbours[self.cut_node[v]].append(b)
                elif group[v] >= 0:
                    own[b, group[v]] += 1
        for v, node in self.cut_node.items():
            if group[v] >= 0:
                own[node, group[v]] += 1
        self.parent = np.full(size, -1)
        self.root = np.arange(size)
        self.below = own  # becomes: head counts per team in each node's subtree
        for node in reversed(self._walk()):
            if self.parent[node] >= 0:
                self.below[self.parent[node]] += self.below[node]

    def _walk(self) -> list[int]:
        """Depth-first order over every tree of the forest, filling parent and root."""
        seen = np.zeros(len(self.neighbours), dtype=bool)
        order = []
        for start in range(len(self.neighbours)):
            if seen[start]:
                continue
            seen[start] = True
            stack = [start]
            while stack:
                node = stack.pop()
                order.append(node)
                self.root[node] = start
                for nxt in self.neighbours[node]:
                    if not seen[nxt]:
                        seen[nxt] = True
                        self.parent[nxt] = node
                        stack.append(nxt)
        return order

    def pieces(self, cut: int) -> np.ndarray:
        """Boolean (pieces x teams): which teams are in each piece left when ``cut`` is removed."""
        node = self.cut_node[cut]
        counts = [self.below[c] for c in self.neighbours[node] if c != self.parent[node]]
        if self.parent[node] >= 0:
            counts.append(self.below[self.root[node]] - self.below[node])
        return np.array(counts) > 0


# --- collaborators, isolation, density -------------------------------------------------------
def collaborators_per_window(net: Network) -> pd.Series:
    """Internal person -> median distinct collaborators per 4-week window in which they had any tie.

    People active in a source but with no tie at all get 0.
    """

    def compute() -> pd.Series:
        e = net.edges
        both = pd.concat(
            [
                e[["source", "target", "block"]].set_axis(["person", "other", "block"], axis=1),
                e[["target", "source", "block"]].set_axis(["person", "other", "block"], axis=1),
            ],
            ignore_index=True,
        )
        internal = net.internal_ids
        both = both[both["person"].isin(internal)].drop_duplicates()
        per_window = both.groupby(["person", "block"]).size()
        median = per_window.groupby(level="person").median()
        return median.reindex(internal, fill_value=0).astype(float)

    return net.memo("collaborators", compute)


def isolation_population(net: Network) -> pd.Index:
    """Who isolation is measured over: rostered staff active in any source (all internal if no roster)."""
    people = net.people
    base = people["internal"] & people["rostered"] if net.has_teams else people["internal"]
    return people.index[base]


def isolated(net: Network) -> pd.Index:
    """People with ``ISOLATED_MAX_COLLABORATORS`` or fewer distinct collaborators per 4 weeks."""
    counts = collaborators_per_window(net).reindex(isolation_population(net), fill_value=0)
    return counts.index[counts <= ISOLATED_MAX_COLLABORATORS]


def density(nodes: int, edges: int) -> float | None:
    """Share of possible undirected pairs that are tied."""
    return edges / (nodes * (nodes - 1) / 2) if nodes > 1 else None


def within_team_density(net: Network) -> pd.DataFrame:
    """Per rostered team of at least the minimum size: median over 4-week windows of tied pairs ÷ possible pairs.

    Columns team, value (0-1), n (people).
    """
    people = net.people
    staff = people[people["internal"] & people["rostered"]]
    sizes = staff["team"].value_counts()
    sizes = sizes[sizes >= net.min_group_size]
    rows = []
    if len(sizes):
        pairs = _window_pairs(net)
        team = staff["team"]
        same = pairs[pairs["a"].isin(staff.index) & pairs["b"].isin(staff.index)]
        same = same.assign(team_a=team.reindex(same["a"]).to_numpy(), team_b=team.reindex(same["b"]).to_numpy())
        same = same[same["team_a"] == same["team_b"]]
        windows = sorted(pairs["block"].unique())
        for name, size in sizes.items():
            tied = same[same["team_a"] == name].groupby("block").size().reindex(windows, fill_value=0)
            rows.append({"team": name, "value": float(np.median(tied / (size * (size - 1) / 2))), "n": int(size)})
    return pd.DataFrame(rows, columns=["team", "value", "n"])


def _window_pairs(net: Network) -> pd.DataFrame:
    e = net.edges
    s, t = e["source"].to_numpy(dtype=object), e["target"].to_numpy(dtype=object)
    swap = s > t
    pairs = pd.DataFrame({"a": np.where(swap, t, s), "b": np.where(swap, s, t), "block": e["block"].to_numpy()})
    return pairs.drop_duplicates()


# --- teams, partners, reciprocity, concentration ---------------------------------------------
def labelled_pairs(net: Network, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Person pairs with each end's team, group and organisation side by side."""

    def compute() -> pd.DataFrame:
        pairs = net.pairs(kinds)
        p = net.people
        groups = net.groups
        out = pairs.copy()
        for end in ("a", "b"):
            ids = pairs[end]
            out[f"team_{end}"] = p["team"].reindex(ids).to_numpy(dtype=object)
            out[f"group_{end}"] = groups.reindex(ids).to_numpy(dtype=object)
            out[f"organisation_{end}"] = p["organisation"].reindex(ids).to_numpy(dtype=object)
            out[f"internal_{end}"] = p["internal"].reindex(ids).to_numpy(dtype=bool)
            out[f"rostered_{end}"] = p["rostered"].reindex(ids).to_numpy(dtype=bool)
        return out

    key = "labelled_pairs:" + ",".join(sorted(kinds)) if kinds is not None else "labelled_pairs"
    return net.memo(key, compute)


def cross_team_share(net: Network) -> float | None:
    """Share of tie weight between rostered staff that crosses team lines."""
    lp = labelled_pairs(net)
    staff = lp[lp["rostered_a"] & lp["rostered_b"]]
    total = staff["weight"].sum()
    if total <= 0:
        return None
    return float(staff.loc[staff["team_a"] != staff["team_b"], "weight"].sum() / total)


def partner_share(net: Network) -> float | None:
    """Share of the council's tie weight that reaches partner agencies."""
    lp = labelled_pairs(net)
    touches = lp[lp["internal_a"] | lp["internal_b"]]
    total = touches["weight"].sum()
    if total <= 0:
        return None
    return float(touches.loc[~(touches["internal_a"] & touches["internal_b"]), "weight"].sum() / total)


def direct_dyads(net: Network) -> pd.DataFrame:
    """Ordered internal pairs (sender, recipient) with a direct message (to ten people or fewer), and whether it was answered."""

    def compute() -> pd.DataFrame:
        e = net.edges
        internal = net.internal_ids
        e = e[(e["kind"] == "email") & (e["direct_count"] > 0)]
        s, t = internal.get_indexer(e["source"]), internal.get_indexer(e["target"])
        keep = (s >= 0) & (t >= 0)
        n = max(len(internal), 1)
        key = pd.unique(s[keep].astype(np.int64) * n + t[keep])
        reverse = (key % n) * n + key // n
        ids = internal.to_numpy(dtype=object)
        return pd.DataFrame({"sender": ids[key // n], "recipient": ids[key % n], "mutual": np.isin(reverse, key)})

    return net.memo("direct_dyads", compute)


def reciprocity(net: Network) -> float | None:
    """Share of direct internal email dyads (A wrote to B) where B also wrote to A."""
    dyads = direct_dyads(net)
    return float(dyads["mutual"].mean()) if len(dyads) else None


def top_share(net: Network, share: float = TOP_SHARE) -> tuple[float, int] | None:
    """(share of weighted degree held by the top ``share`` of internal people, how many they are)."""
    pairs = net.pairs()
    internal = net.internal_ids
    ends = pd.concat(
        [pairs[["a", "weight"]].set_axis(["person", "weight"], axis=1), pairs[["b", "weight"]].set_axis(["person", "weight"], axis=1)]
    )
    degree = ends.groupby("person")["weight"].sum().reindex(internal, fill_value=0.0)
    total = degree.sum()
    if total <= 0:
        return None
    top = max(1, math.ceil(share * len(degree)))
    return float(degree.nlargest(top).sum() / total), top


def team_records(net: Network) -> list[dict]:
    """One record per shown internal group: size, ties in and out, silo index, brokers, partners.

    ``silo_index`` is Krackhardt and Stern's E-I index over tie weight with other rostered
    teams: -1 all ties inside the team, +1 all outside. A merged group is read as one group.
    Tie counts are distinct pairs of people.
    """

    def compute() -> list[dict]:
        groups = net.groups
        people = net.people
        shown = groups[people["internal"] & groups.notna()]
        if shown.empty:
            return []
        ends = pair_ends(labelled_pairs(net))
        same = ends["group"] == ends["other_group"]
        inside = ends[same].groupby("group")["weight"].agg(["size", "sum"]) / 2  # each inside pair is seen from both ends
        crossing = ends[~same & ends["other_internal"]]
        rostered_out = crossing[crossing["other_rostered"]].groupby("group")["weight"].sum()
        partners = ends[~ends["other_internal"]]
        rostered = people.loc[shown.index, "rostered"].groupby(shown).any()
        counts = {
            name: groups.reindex(found).value_counts()
            for name, found in (("brokers", brokers(net)), ("bottlenecks", bottlenecks(net)), ("isolated", isolated(net)))
        }
        external = crossing.groupby("group").size()
        partner_links = partners.groupby("group").size()
        agencies = partners.groupby("group")["other_organisation"].nunique()
        records = []
        for group, size in shown.value_counts().sort_index().items():
            records.append(
                {
                    "team": group,
                    "people": int(size),
                    "internal_ties": int(inside["size"].get(group, 0)),
                    "external_ties": int(external.get(group, 0)),
                    "silo_index": _ei(float(rostered_out.get(group, 0.0)), float(inside["sum"].get(group, 0.0)))
                    if rostered[group]
                    else None,
                    **{name: int(found.get(group, 0)) for name, found in counts.items()},
                    "partner_links": int(partner_links.get(group, 0)),
                    "partner_agencies": int(agencies.get(group, 0)),
                }
            )
        return records

    return [dict(r) for r in net.memo("team_records", compute)]


def pair_ends(lp: pd.DataFrame) -> pd.DataFrame:
    """Each pair seen from each internal, grouped end: group, the other end's details, weight."""
    views = []
    for me, other in (("a", "b"), ("b", "a")):
        views.append(
            pd.DataFrame(
                {
                    "group": lp[f"group_{me}"],
                    "internal": lp[f"internal_{me}"],
                    "other_group": lp[f"group_{other}"],
                    "other_internal": lp[f"internal_{other}"],
                    "other_rostered": lp[f"rostered_{other}"],
                    "other_organisation": lp[f"organisation_{other}"],
                    "weight": lp["weight"],
                }
            )
        )
    ends = pd.concat(views, ignore_index=True)
    return ends[ends["internal"] & ends["group"].notna()]


def _ei(external: float, internal: float) -> float | None:
    total = external + internal
    return round(float((external - internal) / total), 3) if total > 0 else None


def partner_share_by_group(net: Network) -> pd.DataFrame:
    """Per shown internal group: % of its tie weight that reaches partner agencies (team, value, n)."""
    ends = pair_ends(labelled_pairs(net))
    inside = ends["group"] == ends["other_group"]
    ends = ends.assign(weight=ends["weight"].where(~inside, ends["weight"] / 2))  # an inside pair is seen from both ends
    total = ends.groupby("group")["weight"].sum()
    partner = ends[~ends["other_internal"]].groupby("group")["weight"].sum().reindex(total.index, fill_value=0.0)
    sizes = net.groups.value_counts().reindex(total.index)
    return pd.DataFrame({"team": total.index, "value": (100 * partner / total).to_numpy(), "n": sizes.to_numpy(dtype=int)})


def reciprocity_by_group(net: Network) -> pd.DataFrame:
    """Per shown group: % of its people's direct email dyads that were answered (team, value, n)."""
    rows = direct_dyads(net)
    rows = rows.assign(team=net.groups.reindex(rows["sender"]).to_numpy()).dropna(subset=["team"])
    frame = rows.groupby("team")["mutual"].mean().mul(100).rename("value").reset_index()
    frame["n"] = net.groups.value_counts().reindex(frame["team"]).to_numpy(dtype=int)
    return frame
