"""Edge frames and networks built the plain way, for tests that look at one step on its own.

The package always builds a network from a dataset, passing each edge's ends as integer codes and
its kind as a bit; these build the same things from names, so a test can hand-make a network or
check one source's edges without the rest.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.network.build import email_part, kind_bits, meeting_part
from diagnostic.network.graph import Network


def email_edges(messages: pd.DataFrame, origin: pd.Timestamp | None) -> pd.DataFrame:
    """Directed sender -> recipient rows, weighted per message (bulk and copies discounted)."""
    return email_part(messages, origin).frame


def meeting_edges(
    attendance: pd.DataFrame, meetings: pd.DataFrame | None, cap: int, origin: pd.Timestamp | None
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Undirected co-attendance pairs and what was left out (see :func:`~diagnostic.network.build.meeting_part`)."""
    part, stats = meeting_part(attendance, meetings, cap, origin)
    return part.frame, stats


def network_by_name(edges: pd.DataFrame, people: pd.DataFrame, min_group_size: int = 5, stats: dict[str, int] | None = None) -> Network:
    """A network whose edge codes and kind bits are found from the edge frame's names and kinds."""
    ids = pd.Index(pd.unique(pd.concat([edges["source"], edges["target"]], ignore_index=True)), dtype="string")
    codes = (ids, ids.get_indexer(edges["source"]), ids.get_indexer(edges["target"]))
    return Network(edges=edges, people=people, stats=stats or {}, min_group_size=min_group_size, codes=codes, bits=kind_bits(edges["kind"]))
