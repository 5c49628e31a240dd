"""Network metrics of the department's own people, gathered from the modules that hold them.

- :mod:`~diagnostic.network.centrality`: betweenness, brokers, bottlenecks, communities, centralisation;
- :mod:`~diagnostic.network.windows`: collaborators per 4-week window, isolation, team density;
- :mod:`~diagnostic.network.shares`: shares of tie weight across teams and to partners, reciprocity,
  the top 5%'s share;
- :mod:`~diagnostic.network.teams`: the same per shown team;
- :mod:`~diagnostic.network.carry`: how far each memoised measure is carried over between
  networks, and the digests that carry-over is keyed by.

Each is computed once per :class:`~diagnostic.network.graph.Network`. Nothing here names a person:
functions return counts, shares and per-group figures. Person ids only travel inside this package
(to count brokers by team, say) and never reach an output.
"""

from __future__ import annotations

from diagnostic.network.carry import people_structure, tie_structure, window_structure
from diagnostic.network.centrality import (
    BETWEENNESS_SAMPLES,
    BROKER_FACTOR,
    EXACT_BETWEENNESS_MAX,
    SEED,
    Betweenness,
    Communities,
    betweenness,
    betweenness_centralisation,
    bottlenecks,
    brokers,
    communities,
    internal_teams,
    manager_flow_share,
    seeded_igraph,
)
from diagnostic.network.shares import TOP_SHARE, cross_team_share, direct_dyads, labelled_pairs, partner_share, reciprocity, top_share
from diagnostic.network.teams import (
    PairSides,
    isolated_by_group,
    pair_ends,
    pair_sides,
    partner_share_by_group,
    reciprocity_by_group,
    shown_internal,
    silo_index,
    team_records,
)
from diagnostic.network.windows import (
    ISOLATED_MAX_COLLABORATORS,
    collaborators_per_window,
    density,
    isolated,
    isolation_population,
    window_pairs,
    within_team_density,
)

__all__ = [
    "BETWEENNESS_SAMPLES",
    "BROKER_FACTOR",
    "EXACT_BETWEENNESS_MAX",
    "ISOLATED_MAX_COLLABORATORS",
    "SEED",
    "TOP_SHARE",
    "Betweenness",
    "Communities",
    "PairSides",
    "betweenness",
    "betweenness_centralisation",
    "bottlenecks",
    "brokers",
    "collaborators_per_window",
    "communities",
    "cross_team_share",
    "density",
    "direct_dyads",
    "internal_teams",
    "isolated",
    "isolated_by_group",
    "isolation_population",
    "labelled_pairs",
    "manager_flow_share",
    "pair_ends",
    "pair_sides",
    "partner_share",
    "partner_share_by_group",
    "people_structure",
    "reciprocity",
    "reciprocity_by_group",
    "seeded_igraph",
    "shown_internal",
    "silo_index",
    "team_records",
    "tie_structure",
    "top_share",
    "window_pairs",
    "window_structure",
    "within_team_density",
]
