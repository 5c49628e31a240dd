"""The collaboration network: who works with whom, built from email, meetings and Viva ties.

``network_summary`` gives the figures, ``map_frames`` the map, ``team_matrix`` the team-by-team
table. All three share one :class:`~diagnostic.network.graph.Network` per dataset (built on first
use), and none of them ever returns a person's id, name or address.
"""

from __future__ import annotations

from diagnostic.network.frames import map_frames, team_matrix
from diagnostic.network.graph import LEVELS, Network, network_for
from diagnostic.network.summary import network_summary

__all__ = ["LEVELS", "Network", "map_frames", "network_for", "network_summary", "team_matrix"]
