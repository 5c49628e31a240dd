"""The Peers page's strips: peers' values as anonymous points, ours marked, the median drawn.

Peers are never named on a chart (a label is for the list of packs, outside workshop mode), and a
strip is drawn only for figures at least five peers share (``peers.compare``), so no point can be
tied to one peer.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from diagnostic.charts.base import LABEL_LIMIT, WIDTH, titled
from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import BAND_COLOURS, INK, MUTED
from diagnostic.indicators.base import BAND_LABELS
from diagnostic.wording import number

US, PEER = "Us", "A peer"
WHO_SHAPES = {US: "diamond", PEER: "circle"}
ROW_HEIGHT = 44


def _rows(items: list[dict], unit: str) -> pd.DataFrame:
    """One row per point: each peer's value (unnamed) and ours, per figure."""
    rows = []
    for item in items:
        rows.extend(
            {"figure": item["title"], "who": PEER, "value": v, "band": "", "shown as": number(v, unit)} for v in item["peer_values"]
        )
        rows.append(
            {
                "figure": item["title"],
                "who": US,
                "value": item["ours"],
                "band": BAND_LABELS[item["band"]],
                "shown as": number(item["ours"], unit),
            }
        )
    return pd.DataFrame(rows, columns=["figure", "who", "value", "band", "shown as"])


def _strip(data: pd.DataFrame, medians: pd.DataFrame, x: alt.X, order: list[str], title: str, reading: str) -> alt.TopLevelMixin:
    """Peers as hollow grey circles, us as a filled ink diamond, one row per figure (no row label when there is one row)."""
    axis = alt.Axis(labelLimit=LABEL_LIMIT) if len(order) > 1 else None
    y = alt.Y("figure:N", sort=order, title=None, axis=axis)
    who = alt.Scale(domain=list(WHO_SHAPES), range=[INK, MUTED])
    points = (
        alt.Chart(data)
        .mark_point(size=150, strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape("who:N", scale=alt.Scale(domain=list(WHO_SHAPES), range=list(WHO_SHAPES.values())), title=None),
            color=alt.Color("who:N", scale=who, title=None),
            fill=alt.condition(alt.datum.who == US, alt.value(INK), alt.value("transparent")),
            size=alt.condition(alt.datum.who == US, alt.value(320), alt.value(130)),
            tooltip=[
                alt.Tooltip("figure:N", title="Figure"),
                alt.Tooltip("who:N", title="Whose"),
                alt.Tooltip("shown as:N", title="Value"),
            ],
        )
    )
    ticks = alt.Chart(medians).mark_tick(color=BAND_COLOURS["soil"], thickness=3, size=30).encode(x=alt.X("median:Q"), y=y)
    height = ROW_HEIGHT * max(1, len(order))
    return titled(alt.layer(ticks, points).properties(width=WIDTH, height=height), title, reading)


def domains_strip(comparison: dict) -> ChartSpec | None:
    """The compost index and each domain's score among peers (0 concrete to 100 compost)."""
    items = [{"title": "Compost index"} | comparison["index"], *comparison["domains"]]
    items = [i for i in items if i.get("shown")]
    if not items:
        return None
    data = _rows(items, "points")
    medians = pd.DataFrame({"figure": [i["title"] for i in items], "median": [i["median"] for i in items]})
    title = "Where we sit among peers: index and domains"
    reading = "Each circle is one peer, unnamed; the diamond is us; the green tick is the peers' median. 0 is concrete, 100 is compost."
    x = alt.X("value:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0 = concrete, 100 = compost)")
    chart = _strip(data, medians, x, [i["title"] for i in items], title, reading)
    parts = [
        f"{i['title']}: ours {number(i['ours'], 'points')}, peers' median {number(i['median'], 'points')} ({i['peers']} peers). {i['position']}"
        for i in items
    ]
    alt_text = "Strip chart of scores among peers. " + " ".join(parts)
    return ChartSpec(chart, title, reading, alt_text, data)


def indicator_strip(item: dict) -> ChartSpec:
    """One indicator's value among peers, on its own unit."""
    unit = item["unit"]
    data = _rows([item], unit)
    medians = pd.DataFrame({"figure": [item["title"]], "median": [item["median"]]})
    title = f"{item['title']}: us among {item['peers']} peers"
    better = "lower" if item["lower_is_better"] else "higher"
    reading = f"Each circle is one peer, unnamed; the diamond is us; the green tick is the median. Here {better} is closer to compost."
    x = alt.X("value:Q", title=f"{item['title']} ({unit})", scale=alt.Scale(zero=False, nice=True))
    chart = _strip(data, medians, x, [item["title"]], title, reading)
    alt_text = (
        f"Strip chart of {item['title'].lower()} for {item['peers']} peers and us. Ours: {number(item['ours'], unit)}. "
        f"Peers' median {number(item['median'], unit)}; the middle half of peers from {number(item['lower_quartile'], unit)} "
        f"to {number(item['upper_quartile'], unit)}. {item['position']}"
    )
    return ChartSpec(chart, title, reading, alt_text, data)
