"""``network_summary``: the figures behind the Network page and ``python -m diagnostic network``.

Every value is a count, a share or a per-team record; no person id appears. ``nodes``,
``edges`` and ``density`` describe the graph at the level asked for; the structural measures
(reciprocity, modularity, communities, brokers, bottlenecks, isolates) always describe the
council's own people, whatever level is drawn. Above ``nm.EXACT_BETWEENNESS_MAX`` people
betweenness is estimated, and so are the figures built on it (brokers, their count by team,
centralisation, the managers' share of flow): ``betweenness_note`` then says so, with the number
of sampled starting points, for any page that shows them. ``teams_known`` says whether at least
``TEAMS_KNOWN_SHARE`` of the council's people have a team from a roster (or an HR attribute): below
that, "Unknown team" would be most of every team figure, so pages show people instead.
"""

from __future__ import annotations

import math

from diagnostic.dataset import Dataset
from diagnostic.network import metrics as nm
from diagnostic.network import shares as ns
from diagnostic.network import teams as nt
from diagnostic.network import windows as nw
from diagnostic.network.frames import level_graph
from diagnostic.network.graph import LEVELS, network_for
from diagnostic.privacy import ETHICS_LINE
from diagnostic.roster import enough_in_common
from diagnostic.settings import Settings

DIGITS = 3


def network_summary(dataset: Dataset, settings: Settings, level: str = "team") -> dict:
    """Network metrics as a JSON-ready dict (DESIGN.md keys first, then the detail)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    net = network_for(dataset, settings)
    nodes, pairs = level_graph(net, level, None)
    communities = nm.communities(net)
    between = nm.betweenness(net)
    broker_ids = nm.brokers(net)
    teams = nt.team_records(net)
    flow = nm.manager_flow_share(net)
    top = ns.top_share(net)
    isolated = nw.isolated(net)
    population = nw.isolation_population(net)
    kinds = net.edges.groupby("kind")["count"].sum()
    with_team = int((net.people["internal"] & net.people["rostered"]).sum())
    return {
        "level": level,
        "nodes": len(nodes),
        "edges": len(pairs),
        "density": _round(nw.density(len(nodes), len(pairs))),
        "reciprocity": _round(ns.reciprocity(net)),
        "modularity": _round(communities.modularity),
        "communities": communities.count(settings.min_group_size),
        "cross_team_share": _round(ns.cross_team_share(net)),
        "isolates": len(isolated),
        "brokers": len(broker_ids),
        "teams": teams,
        "people": len(net.internal_ids),
        "people_with_team": with_team,
        "teams_known": bool(len(net.internal_ids)) and enough_in_common(with_team / len(net.internal_ids)),
        "partner_people": int((~net.people["internal"]).sum()),
        "isolated_share": _round(len(isolated) / len(population)) if len(population) else None,
        "brokers_by_team": {t["team"]: t["brokers"] for t in teams},
        "bottlenecks": len(nm.bottlenecks(net)),
        "betweenness_sampled": between.sampled,
        "betweenness_note": between.note or None,
        "betweenness_centralisation": _round(nm.betweenness_centralisation(net)),
        "partner_tie_share": _round(ns.partner_share(net)),
        "manager_flow_share": _round(flow[0]) if flow else None,
        "manager_people_share": _round(flow[1]) if flow else None,
        "top5_share": _round(top[0]) if top else None,
        "interactions": {str(k): int(v) for k, v in kinds.items()},
        "sources": {k: int(v) for k, v in net.stats.items()},
        "min_group_size": settings.min_group_size,
        "ethics": ETHICS_LINE,
    }


def _round(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), DIGITS)
