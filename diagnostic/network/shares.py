"""Organisation-wide shares of the ties: across teams, to partners, written back, held by the few.

How far each memoised value is carried over between networks is declared in
:data:`~diagnostic.network.carry.CARRY_OVER`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from diagnostic.network.build import KIND_BITS
from diagnostic.network.carry import carried
from diagnostic.network.graph import Network

TOP_SHARE = 0.05  # collaborative overload: the share held by the top 5% of people


@carried
def labelled_pairs(net: Network, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Person pairs with each end's team, group and organisation side by side."""
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


@carried
def direct_dyads(net: Network) -> pd.DataFrame:
    """Ordered internal pairs (sender, recipient) with a direct message (to ten people or fewer), and whether it was answered.

    Sender and recipient are categoricals over the council's people, so per-group figures read codes.
    """
    e = net.edges
    direct = (net.bits == KIND_BITS["email"]) & (e["direct_count"].to_numpy() > 0)
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
