"""Where we sit among peers: our figures beside the peers' median and quartiles.

A figure is compared only where it means the same thing on both sides and no single peer's value
can be read off: the same definition (its fingerprint), comparable coverage (within a quarter of
ours), and at least :data:`MIN_PEERS` peers. Indicators are compared on their values (units do not
depend on thresholds); domains and the index on their scores. Settings that change values or
scores (working hours, thresholds, weights, the minimum group size) are flagged when a peer's
differ from ours, never silently mixed in.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from diagnostic.indicators import REGISTRY
from diagnostic.indicators.base import DOMAIN_TITLES, DOMAINS
from diagnostic.peers.reading import Pack, Peers, digest
from diagnostic.wording import number

MIN_PEERS = 5  # fewer, and one peer's value could be read off the quartiles
COVERAGE_GAP = 0.25  # a peer's coverage within this of ours (as a share) counts as comparable
TITLES = {ind.id: ind.title for ind in REGISTRY}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """Lower quartile, median and upper quartile (linear interpolation, as a spreadsheet's QUARTILE does)."""
    if len(values) == 1:
        return (values[0],) * 3
    q1, q2, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return q1, q2, q3


def comparable_coverage(ours: float | None, theirs: float | None) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return abs(ours - theirs) <= COVERAGE_GAP + 1e-9


def compare(ours: dict, peers: Peers) -> dict:
    """The ``compare --json`` document: index, domains and indicators beside the peers, and what was left out."""
    own = digest(ours)
    packs = [p for p in peers.packs if p.digest != own]
    left_out = list(peers.left_out) + [
        f"{p.file} holds this organisation's own figures. It is left out." for p in peers.packs if p.digest == own
    ]
    domains_by_id = {d["id"]: d for d in ours["domains"]}
    return {
        "peers": len(packs),
        "labels": sorted(p.label for p in packs if p.label),
        "left_out": left_out,
        "settings_differ": settings_differ(ours, packs),
        "min_peers": MIN_PEERS,
        "index": _score_row(ours["index"], [p.data["index"] for p in packs], lower_is_better=False),
        "domains": [
            {"id": d, "title": DOMAIN_TITLES[d]}
            | _score_row(domains_by_id.get(d), [_domain(p, d) for p in packs], lower_is_better=False)
            | {"flags": _weights_flag(packs)}
            for d in DOMAINS
        ],
        "indicators": [_indicator_row(item, packs) for item in ours["indicators"]],
    }


def _domain(pack: Pack, domain: str) -> dict | None:
    return next((d for d in pack.data["domains"] if d["id"] == domain), None)


def _score_row(ours: dict | None, theirs: list[dict | None], lower_is_better: bool) -> dict:
    """Our score beside the peers' scores, for the index or a domain."""
    score = None if ours is None else ours["score"]
    if score is None:
        return {"ours": None, "band": None, "peers": 0, "shown": False, "reason": "We have no score here, so there is nothing to compare."}
    values = [
        t["score"] for t in theirs if t is not None and t["score"] is not None and comparable_coverage(ours["coverage"], t["coverage"])
    ]
    return {"ours": score, "band": ours["band"]} | _spread(score, values, lower_is_better)


def _indicator_row(item: dict, packs: list[Pack]) -> dict:
    """One of our indicators beside the same indicator in peers' packs, when it means the same there."""
    matching = [x for p in packs for x in p.data["indicators"] if x["id"] == item["id"]]
    same = [x for x in matching if x["definition"] == item["definition"] and comparable_coverage(item["coverage"], x["coverage"])]
    thresholds = sum(1 for x in same if (x["concrete_at"], x["compost_at"]) != (item["concrete_at"], item["compost_at"]))
    flags = [f"{thresholds} of {len(same)} peers score it on other thresholds, so compare values, not scores."] if thresholds else []
    row = {
        "id": item["id"],
        "domain": item["domain"],
        "title": TITLES.get(item["id"], item["id"]),
        "unit": item["unit"],
        "ours": item["value"],
        "score": item["score"],
        "band": item["band"],
        "lower_is_better": item["compost_at"] < item["concrete_at"],
        "flags": flags,
    }
    return row | _spread(item["value"], [x["value"] for x in same], row["lower_is_better"])


def _spread(ours: float, values: list[float], lower_is_better: bool) -> dict:
    """Median, quartiles and where we sit, or why not shown (too few comparable peers)."""
    if len(values) < MIN_PEERS:
        return {
            "peers": len(values),
            "shown": False,
            "reason": f"Fewer than {MIN_PEERS} peers have this with the same definition and similar coverage, so it is not compared.",
        }
    low, median, high = quartiles(values)
    return {
        "peers": len(values),
        "shown": True,
        "median": median,
        "lower_quartile": low,
        "upper_quartile": high,
        "peer_values": sorted(values),
        "side_of_median": _side(ours, median, lower_is_better),
        "position": _position(ours, low, high, lower_is_better),
    }


def _side(ours: float, median: float, lower_is_better: bool) -> str:
    """ "compost", "concrete" or "median": which side of the peers' median we are on."""
    if ours == median:
        return "median"
    better = ours < median if lower_is_better else ours > median
    return "compost" if better else "concrete"


def _position(ours: float, low: float, high: float, lower_is_better: bool) -> str:
    """Where we sit, in words that say which way is better."""
    better_end, worse_end = (low, high) if lower_is_better else (high, low)
    beyond_better = ours < better_end if lower_is_better else ours > better_end
    beyond_worse = ours > worse_end if lower_is_better else ours < worse_end
    if beyond_better:
        return "Closer to compost than three in four peers."
    if beyond_worse:
        return "Closer to concrete than three in four peers."
    return "In the middle half of peers."


def settings_differ(ours: dict, packs: list[Pack]) -> list[str]:
    """One line per setting that some peers set differently from us, with how many."""
    mine = ours["settings"]
    lines = []
    hours = sum(
        1
        for p in packs
        if (p.data["settings"]["working_hours"], p.data["settings"]["work_days"]) != (mine["working_hours"], mine["work_days"])
    )
    if hours:
        lines.append(
            f"{hours} of {len(packs)} peers count working hours differently from our {mine['working_hours']}, {working_days(mine['work_days'])}: "
            "out-of-hours figures and figures per week are not like for like."
        )
    floor = sum(1 for p in packs if p.data["settings"]["min_group_size"] != mine["min_group_size"])
    if floor:
        lines.append(
            f"{floor} of {len(packs)} peers use a minimum group size other than our {number(mine['min_group_size'], 'people')}, so they left out different figures."
        )
    thresholds = sum(1 for p in packs if _other_thresholds(ours, p))
    if thresholds:
        lines.append(f"{thresholds} of {len(packs)} peers score some indicators on other thresholds: their scores are not like for like.")
    return lines + _weights_flag(packs)


def _other_thresholds(ours: dict, pack: Pack) -> bool:
    mine = {i["id"]: (i["concrete_at"], i["compost_at"]) for i in ours["indicators"]}
    return any(
        mine.get(i["id"], (i["concrete_at"], i["compost_at"])) != (i["concrete_at"], i["compost_at"]) for i in pack.data["indicators"]
    )


def _weights_flag(packs: list[Pack]) -> list[str]:
    weights = sum(1 for p in packs if p.data["settings"]["weights_changed"])
    return (
        [f"{weights} of {len(packs)} peers weigh indicators differently within a domain, so their domain scores are not like for like."]
        if weights
        else []
    )


def working_days(days: list[int]) -> str:
    """[0, 1, 2, 3, 4] -> "Monday to Friday"; days that are not a run are listed."""
    if not days:
        return "no working days"
    if len(days) > 1 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
    return ", ".join(DAY_NAMES[d] for d in days)
