"""Network metrics of the department's own people, computed once per :class:`Network`.

Structural measures (brokers, bottlenecks, communities, centralisation, isolation, reciprocity)
read the internal graph: partner agencies' people are visible only through their links, since an
export never shows how partners work among themselves. Betweenness runs as matrix products
(:mod:`diagnostic.network.paths`); communities and components run in python-igraph, which is
tens of times faster than networkx on a few thousand people.

Nothing here names a person: functions return counts, shares and per-group figures. Person ids
only travel inside this package (to count brokers by team, say) and never reach an output.
"""

from __future__ import annotations

import hashlib
import math
import random
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import igraph as ig
import numpy as np
import pandas as pd

from diagnostic.memo import IdentityMemo
from diagnostic.network import paths
from diagnostic.network.build import KIND_BITS, UNKNOWN_TEAM
from diagnostic.network.graph import Network
from diagnostic.network.keys import distinct

SEED = 20240601  # fixed so that communities and sampled betweenness repeat run to run
# Exact betweenness costs a shortest-path search from every person: 0.4 s for 1,000 people,
# growing roughly with the square of the size. Above EXACT_BETWEENNESS_MAX people it is estimated
# from BETWEENNESS_SAMPLES starting people. On the 1,000-person sample organisation 250 starting
# points cost a quarter of the exact run and put centralisation typically within 5% of the exact
# value (1 draw in 10 off by more than 12%); brokers come out at about the same count, but most
# sit close to the threshold, so a third of them are different people.
EXACT_BETWEENNESS_MAX = 500
BETWEENNESS_SAMPLES = 250
BROKER_FACTOR = 3.0  # a broker carries at least three times the average betweenness (judgement)
ISOLATED_MAX_COLLABORATORS = 2  # "on the edge": two or fewer distinct collaborators in 4 weeks
TOP_SHARE = 0.05  # collaborative overload: the share held by the top 5% of people

_RNG_LOCK = threading.Lock()
T = TypeVar("T")


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
    sources: int | None = None  # starting people sampled for an estimate; None when exact

    @property
    def sampled(self) -> bool:
        return self.sources is not None

    @property
    def note(self) -> str:
        """How the values were found, for every place that reports them ("" when exact)."""
        return f"Estimated from {self.sources} sampled starting points ({len(self.values):,} people)." if self.sampled else ""


def betweenness(net: Network) -> Betweenness:
    """Betweenness on the internal graph: exact up to ``EXACT_BETWEENNESS_MAX`` people, else estimated.

    The estimate runs the shortest-path searches from ``BETWEENNESS_SAMPLES`` starting people
    only and scales the result up by people / samples.
    """

    def compute() -> Betweenness:
        names = pd.Index(net.internal_ids, dtype=object)
        n = len(names)
        a, b, _ = net.internal_ties
        if n <= EXACT_BETWEENNESS_MAX:
            return Betweenness(pd.Series(paths.betweenness(n, a, b, np.arange(n)), index=names, dtype=float))
        k = min(BETWEENNESS_SAMPLES, n)
        values = paths.betweenness(n, a, b, _spread_sample(internal_teams(net), k)) * n / k
        return Betweenness(pd.Series(values, index=names, dtype=float), k)

    return _by_ties(net, "betweenness", compute)


def _by_ties(net: Network, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` for a measure that depends only on who is tied to whom and their teams, memoised on the network.

    Such measures (betweenness, brokers, bottlenecks) ignore how strong a tie is and when
    it happened. A scenario that moves email to the morning or shortens meetings keeps every tie,
    so they are carried over from any network with the same ties rather than worked out again.
    """
    method = (EXACT_BETWEENNESS_MAX, BETWEENNESS_SAMPLES, SEED, BROKER_FACTOR)
    return net.memo(name, lambda: _SAME_TIES.get((), (name, tie_structure(net), method), compute))


_SAME_TIES: IdentityMemo = IdentityMemo(32)  # seven measures for the baseline, the same for a few scenarios


def _by_windows(net: Network, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` for a measure that reads only who was tied to whom in which window, memoised on the network.

    Collaborators per window, team density and who wrote back ignore tie weights. Shortening
    meetings changes only weights, so these are carried over from any network with the same
    :func:`window_structure`, like the tie-only measures above.
    """
    return net.memo(name, lambda: _same_windows(net, name, compute))


def _same_windows(net: Network, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its value for any network with the same :func:`window_structure`."""
    return _SAME_TIES.get((), (name, window_structure(net), net.min_group_size), compute)


def _by_source(net: Network, table: str, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` for a measure that reads only the ties from one source ``table``, memoised on the network.

    Who wrote back to whom reads the message trace alone, so a lever that changes only meetings
    carries it over from any network with the same email edges and the same people. Otherwise it
    is carried over as :func:`_by_windows` carries it (a lever that changes only weights).
    """
    part = net.sources.get(table)
    if part is None:
        return _by_windows(net, name, compute)
    return net.memo(name, lambda: _SAME_SOURCE.get((part, net.people), name, lambda: _same_windows(net, name, compute)))


_SAME_SOURCE: IdentityMemo = IdentityMemo(8)


def window_structure(net: Network) -> bytes:
    """A digest of the people (see :func:`people_structure`) and of each edge row's ends, window, kind and directness, in order."""

    def compute() -> bytes:
        people = net.people
        digest = hashlib.blake2b(people_structure(net), digest_size=16)
        source, target = net.ends
        edges = net.edges
        kinds = net.kind_bits
        block = edges["block"].to_numpy()
        n, blocks = len(people) + 1, int(block.max(initial=0)) + 1
        rows = ((source.astype(np.int64) * n + target) * blocks + block) * 32 + kinds * 2 + (edges["direct_count"].to_numpy() > 0)
        digest.update(np.ascontiguousarray(rows, dtype=np.int64).tobytes())
        return digest.digest()

    return net.memo("window_structure", compute)


def internal_teams(net: Network) -> pd.Series:
    """The team of each of the council's own people, in the internal graph's vertex order."""
    return net.people.loc[net.people["internal"], "team"]


def tie_structure(net: Network) -> bytes:
    """A digest of the network's people (see :func:`people_structure`) and the internal graph's unweighted ties: equal digests, equal graphs."""

    def compute() -> bytes:
        a, b, _ = net.internal_ties
        digest = hashlib.blake2b(people_structure(net), digest_size=16)
        digest.update(np.ascontiguousarray(a, dtype=np.int64).tobytes())
        digest.update(np.ascontiguousarray(b, dtype=np.int64).tobytes())
        return digest.digest()

    return net.memo("tie_structure", compute)


def people_structure(net: Network) -> bytes:
    """A digest of the network's people in order: id, team, shown group, internal, on the roster."""

    def compute() -> bytes:
        people = net.people
        flags = people["internal"].to_numpy(dtype=np.int64) * 2 + people["rostered"].to_numpy(dtype=np.int64)
        columns = (people.index.tolist(), people["team"].tolist(), net.groups.tolist(), flags.tolist())
        text = "\x1f".join(map(str, [value for column in columns for value in column]))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()

    return net.people_memo("people_structure", compute)


def _spread_sample(teams: pd.Series, k: int) -> list[int]:
    """``k`` of the positions in ``teams`` (person id -> team), spread evenly over the teams (seeded).

    People are put in team order (teams by name; within a team, by a seeded hash of their id) and
    every (n / k)-th is taken from a random start. Each person is still drawn with chance k / n,
    so scaling up by n / k stays unbiased, but no team is left out or over-represented by chance:
    on the sample organisation that cuts the error of the estimate by about a quarter against a
    plain draw. The draw depends on who is in which team, never on the order the files list
    them in, so the same data exported in another order gives the same estimate.
    """
    n = len(teams)
    rng = np.random.default_rng(SEED)
    shuffled = pd.util.hash_array(teams.index.to_numpy(dtype=object), hash_key=f"{SEED:016d}")
    order = np.lexsort((shuffled, pd.factorize(teams, sort=True)[0]))
    return order[((rng.random() + np.arange(k)) * n / k).astype(np.int64)].tolist()


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

    return _by_ties(net, "brokers", compute)


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
        # Edge ids of a spanning tree per block; igraph's own wrapper lists every edge of the graph
        # to turn these into vertex sets, while only the tree edges are needed.
        trees, cuts = ig.GraphBase.biconnected_components(g, True)
        blocks = [sorted({v for edge in g.es[tree] for v in edge.tuple}) for tree in trees]
        groups = net.groups.reindex(g.vs["name"]).to_numpy(dtype=object)
        codes = {name: i for i, name in enumerate(sorted({x for x in groups if isinstance(x, str) and x != UNKNOWN_TEAM}))}
        if not cuts or len(codes) < 2:
            return pd.Index([], dtype=object)
        tree = _BlockCutTree(blocks, cuts, [codes.get(x, -1) for x in groups], len(codes))
        return pd.Index([g.vs[v]["name"] for v in cuts if _separates_groups(tree.pieces(v))], dtype=object)

    return _by_ties(net, "bottlenecks", compute)


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
        low, high, window, windows = window_pairs(net)
        n = len(net.people)
        internal = net.people["internal"].to_numpy(dtype=bool)
        ends = [low[internal[low]] * windows + window[internal[low]]]  # each pair once a window: a collaborator for each end
        other = internal[high] & (high != low)
        ends.append(high[other] * windows + window[other])
        # collaborators per person and window
        counts = np.bincount(np.concatenate(ends), minlength=n * windows).reshape(n, windows).astype(float)
        counts[counts == 0] = np.nan  # a window with no tie is not counted
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # people with no tie at all: NaN, read as 0 below
            values = np.nan_to_num(np.nanmedian(counts, axis=1))
        return pd.Series(values[internal], index=net.internal_ids)

    return _by_windows(net, "collaborators", compute)


def window_pairs(net: Network) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Every pair of people tied in each 4-week window, once: both ends' positions (lower first), the window, and how many windows.

    Whatever the kinds and directions of their ties. Collaborators per window and team density
    both count these, so the pairs are found once per network.
    """

    def compute() -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        source, target = net.ends
        block = net.edges["block"].to_numpy()
        n, windows = len(net.people), int(block.max(initial=0)) + 1
        low, high = np.minimum(source, target).astype(np.int64), np.maximum(source, target).astype(np.int64)
        pair, window = np.divmod(distinct((low * n + high) * windows + block, n * n * windows), windows)
        return *np.divmod(pair, n), window, windows

    return _by_windows(net, "window_pairs", compute)


def isolation_population(net: Network) -> pd.Index:
    """Who isolation is measured over: rostered staff active in any source (all internal if no roster)."""
    people = net.people
    base = people["internal"] & people["rostered"] if net.has_teams else people["internal"]
    return people.index[base]


def isolated(net: Network) -> pd.Index:
    """People with ``ISOLATED_MAX_COLLABORATORS`` or fewer distinct collaborators per 4 weeks."""

    def compute() -> pd.Index:
        counts = collaborators_per_window(net).reindex(isolation_population(net), fill_value=0)
        return counts.index[counts <= ISOLATED_MAX_COLLABORATORS]

    return net.memo("isolated", compute)


def density(nodes: int, edges: int) -> float | None:
    """Share of possible undirected pairs that are tied."""
    return edges / (nodes * (nodes - 1) / 2) if nodes > 1 else None


def within_team_density(net: Network) -> pd.DataFrame:
    """Per rostered team of at least the minimum size: median over 4-week windows of tied pairs ÷ possible pairs.

    Columns team, value (0-1), n (people). The windows are every window with any tie in it.
    """
    return _by_windows(net, "team_density", lambda: _team_density(net))


def _team_density(net: Network) -> pd.DataFrame:
    sizes, team = net.people_memo("density_teams", lambda: _density_teams(net.people, net.min_group_size))
    if sizes.empty:
        return pd.DataFrame({"team": pd.Series(dtype="str"), "value": pd.Series(dtype=float), "n": pd.Series(dtype="int64")})
    low, high, window, windows = window_pairs(net)
    same = (team[low] >= 0) & (team[low] == team[high])
    tied = np.bincount(team[low[same]] * windows + window[same], minlength=len(sizes) * windows)  # same-team pairs per window
    possible = (sizes * (sizes - 1) / 2).to_numpy()
    active = np.flatnonzero(np.bincount(window, minlength=windows))  # windows with any tie
    density = tied.reshape(len(sizes), windows)[:, active] / possible[:, None]
    return pd.DataFrame({"team": list(sizes.index), "value": np.median(density, axis=1), "n": sizes.to_numpy(dtype="int64")})


def _density_teams(people: pd.DataFrame, min_size: int) -> tuple[pd.Series, np.ndarray]:
    """Rostered teams of at least ``min_size`` staff and their sizes, and each person's position among them (-1 if none)."""
    staff = (people["internal"] & people["rostered"]).to_numpy(dtype=bool)
    sizes = people.loc[staff, "team"].value_counts()
    sizes = sizes[sizes >= min_size]
    return sizes, np.where(staff, pd.Index(sizes.index).get_indexer(people["team"]), -1)


# --- teams, partners, reciprocity, concentration ---------------------------------------------
def labelled_pairs(net: Network, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Person pairs with each end's team, group and organisation side by side."""

    def compute() -> pd.DataFrame:
        pairs = net.pairs(kinds)
        p = net.people
        labels = {
            "team": p["team"].astype("str").array,
            "group": net.groups.astype("str").array,
            "organisation": p["organisation"].astype("str").array,
            "internal": p["internal"].to_numpy(dtype=bool),
            "rostered": p["rostered"].to_numpy(dtype=bool),
        }
        out = pairs.copy()
        for end in ("a", "b"):
            at = pairs[f"i{end}"].to_numpy()
            for name, values in labels.items():
                out[f"{name}_{end}"] = values.take(at)
        return out

    key = "labelled_pairs:" + ",".join(sorted(kinds)) if kinds is not None else "labelled_pairs"
    return net.memo(key, compute)


def cross_team_share(net: Network) -> float | None:
    """Share of tie weight between rostered staff that crosses team lines."""
    pairs, people = net.pairs(), net.people
    a, b = pairs["ia"].to_numpy(), pairs["ib"].to_numpy()
    rostered = people["rostered"].to_numpy(dtype=bool)
    team = pd.factorize(people["team"])[0]
    weight = pairs["weight"]
    staff = rostered[a] & rostered[b]
    total = weight[staff].sum()
    if total <= 0:
        return None
    return float(weight[staff & (team[a] != team[b])].sum() / total)


def partner_share(net: Network) -> float | None:
    """Share of the council's tie weight that reaches partner agencies."""
    pairs = net.pairs()
    internal = net.people["internal"].to_numpy(dtype=bool)
    internal_a, internal_b = internal[pairs["ia"].to_numpy()], internal[pairs["ib"].to_numpy()]
    weight = pairs["weight"]
    touches = internal_a | internal_b
    total = weight[touches].sum()
    if total <= 0:
        return None
    return float(weight[touches & ~(internal_a & internal_b)].sum() / total)


def direct_dyads(net: Network) -> pd.DataFrame:
    """Ordered internal pairs (sender, recipient) with a direct message (to ten people or fewer), and whether it was answered.

    Sender and recipient are categoricals over the council's people, so per-group figures read codes.
    """

    def compute() -> pd.DataFrame:
        e = net.edges
        direct = (net.kind_bits == KIND_BITS["email"]) & (e["direct_count"].to_numpy() > 0)
        source, target = net.ends
        s, t = net.internal_at[source[direct]], net.internal_at[target[direct]]
        keep = (s >= 0) & (t >= 0)
        internal = net.internal_ids
        n = max(len(internal), 1)
        key = pd.unique(s[keep].astype(np.int64) * n + t[keep])
        reverse = (key % n) * n + key // n
        ids = pd.Index(internal, dtype=object)
        return pd.DataFrame(
            {
                "sender": pd.Categorical.from_codes(key // n, categories=ids),
                "recipient": pd.Categorical.from_codes(key % n, categories=ids),
                "mutual": np.isin(reverse, key),
            }
        )

    return _by_source(net, "messages", "direct_dyads", compute)


def reciprocity(net: Network) -> float | None:
    """Share of direct internal email dyads (A wrote to B) where B also wrote to A."""
    dyads = direct_dyads(net)
    return float(dyads["mutual"].mean()) if len(dyads) else None


def top_share(net: Network, share: float = TOP_SHARE) -> tuple[float, int] | None:
    """(share of weighted degree held by the top ``share`` of internal people, how many they are)."""
    pairs = net.pairs()
    weight = pairs["weight"].to_numpy(dtype=float)
    ends = np.concatenate([pairs["ia"].to_numpy(), pairs["ib"].to_numpy()])
    degree = np.bincount(ends, weights=np.concatenate([weight, weight]), minlength=len(net.people))
    degree = pd.Series(degree[net.people["internal"].to_numpy(dtype=bool)], index=net.internal_ids)
    total = degree.sum()
    if total <= 0:
        return None
    top = max(1, math.ceil(share * len(degree)))
    return float(degree.nlargest(top).sum() / total), top


def team_records(net: Network) -> list[dict]:
    """One record per shown internal group: size, ties in and out, silo index, brokers, partners.

    Tie counts are distinct pairs of people; ``silo_index`` is :func:`silo_index`.
    """

    def compute() -> list[dict]:
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

    return [dict(r) for r in net.memo("team_records", compute)]


def shown_internal(net: Network) -> pd.Series:
    """The shown group of each of the council's own people who has one (person_id -> group)."""
    groups = net.groups
    return groups[net.people["internal"] & groups.notna()]


def silo_index(net: Network) -> dict[str, float | None]:
    """Per shown internal group: Krackhardt and Stern's E-I index over tie weight with other rostered teams.

    -1 when all of a group's tie weight stays inside it, +1 when all goes to other teams; None for
    a group with no rostered member or no ties. A merged group is read as one group. The silo
    indicator reads this alone, so it does not wait for the rest of :func:`team_records`.
    """

    def compute() -> dict[str, float | None]:
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

    return net.memo("silo_index", compute)


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


def pair_sides(net: Network) -> PairSides:
    """The pairs from both ends (see :class:`PairSides`): what the per-group tie shares sum over."""

    def compute() -> PairSides:
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

    return net.memo("pair_sides", compute)


def pair_ends(net: Network) -> pd.DataFrame:
    """Each pair seen from each internal, grouped end: group, the other end's details, weight.

    Groups and organisations are categoricals (categories in name order), so the per-group
    sums that read this frame group small integer codes rather than strings.
    """

    def compute() -> pd.DataFrame:
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

    return net.memo("pair_ends", compute)


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


def reciprocity_by_group(net: Network) -> pd.DataFrame:
    """Per shown group: % of its people's direct email dyads that were answered (team, value, n)."""
    return _by_windows(net, "reciprocity_by_group", lambda: _reciprocity_by_group(net))


def _reciprocity_by_group(net: Network) -> pd.DataFrame:
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
