"""The Scorecard page's strip of every indicator, and the per-team view of one indicator."""

from __future__ import annotations

import altair as alt
import pandas as pd

from diagnostic.charts.base import LABEL_LIMIT, SHAPES, WIDTH, listing, titled
from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import BAND_COLOURS, INK, MUTED, OKABE_ITO
from diagnostic.indicators.base import BAND_LABELS, DOMAIN_TITLES, DOMAINS
from diagnostic.scorecard import Scorecard
from diagnostic.wording import number, points

STRIP_SLOTS = 5  # indicators on the same score are spread over this many rows within a domain


def scorecard_strip(card: Scorecard) -> ChartSpec:
    """Every scored indicator as a point on a 0-100 strip from concrete to compost, one row per domain."""
    rows = []
    for r in card.results:
        if r.score is None:
            continue
        rows.append(
            {
                "domain": DOMAIN_TITLES[r.indicator.domain],
                "indicator": r.indicator.title,
                "score": round(r.score, 1),
                "band": BAND_LABELS[r.band],
                "value": number(r.measurement.value, r.indicator.unit),
            }
        )
    data = pd.DataFrame(rows, columns=["domain", "indicator", "score", "band", "value"])
    data["slot"] = data.groupby("domain").cumcount() % STRIP_SLOTS - STRIP_SLOTS // 2 if len(data) else []
    domains = [DOMAIN_TITLES[d] for d in DOMAINS]
    bands = [BAND_LABELS[b] for b in BAND_COLOURS]
    title = "Every indicator, from concrete to compost"
    reading = "Each point is one indicator's score: 0 is concrete, 100 is compost. Domains without data have no points."
    x = alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0 = concrete, 100 = compost)")
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=160, stroke=INK, strokeWidth=0.6, opacity=0.95)
        .encode(
            x=x,
            y=alt.Y("domain:N", sort=domains, scale=alt.Scale(domain=domains), title="Domain"),
            yOffset=alt.YOffset("slot:Q", scale=alt.Scale(domain=[-STRIP_SLOTS // 2 - 1, STRIP_SLOTS // 2 + 1])),
            color=alt.Color("band:N", scale=alt.Scale(domain=bands, range=list(BAND_COLOURS.values())), title="Band"),
            shape=alt.Shape("band:N", scale=alt.Scale(domain=bands, range=list(SHAPES[: len(bands)])), title="Band"),
            tooltip=[
                alt.Tooltip("indicator:N", title="Indicator"),
                alt.Tooltip("value:N", title="Value"),
                alt.Tooltip("score:Q", title="Score (0 to 100)"),
                alt.Tooltip("band:N", title="Band"),
            ],
        )
    )
    edges = alt.Chart(pd.DataFrame({"edge": [25, 50, 75]})).mark_rule(color=MUTED, strokeDash=[4, 4]).encode(x="edge:Q")
    chart = titled(alt.layer(edges, dots).properties(width=WIDTH, height=40 * len(domains)), title, reading)
    if data.empty:
        alt_text = "No indicator could be scored from the files loaded, so the strip is empty."
    else:
        per_domain = (
            data.groupby("domain", sort=False)["score"].agg(["size", "median"]).reindex([d for d in domains if d in set(data["domain"])])
        )
        parts = [f"{d}: {int(s['size'])} indicators, median score {points(s['median'])}" for d, s in per_domain.iterrows()]
        alt_text = f"Strip chart of {len(data)} indicator scores from 0 (concrete) to 100 (compost). " + "; ".join(parts) + "."
    return ChartSpec(chart, title, reading, alt_text, data.drop(columns=["slot"]))


# ----------------------------------------------------------------------------------------------
# per-team views of an indicator


def team_chart(card: Scorecard, indicator_id: str) -> ChartSpec | None:
    """One indicator's value for each team (small teams already merged), against its two thresholds."""
    result = card.result(indicator_id)
    teams = result.measurement.by_team
    if teams is None or teams.empty:
        return None
    ind = result.indicator
    data = teams.rename(columns={"n": "size"}).assign(value=teams["value"].astype(float))
    title = f"{ind.title}, by team"
    reading = f"Each bar is one team. The dashed lines mark the concrete end ({number(result.concrete_at, ind.unit)}) and the compost end ({number(result.compost_at, ind.unit)})."
    bars = (
        alt.Chart(data)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            x=alt.X("value:Q", title=f"{ind.title} ({ind.unit})"),
            y=alt.Y("team:N", sort=None, title="Team", axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            tooltip=[
                alt.Tooltip("team:N", title="Team"),
                alt.Tooltip("value:Q", title=ind.unit, format=".1f"),
                alt.Tooltip("size:Q", title="Group size"),
            ],
        )
    )
    marks = pd.DataFrame({"at": [result.concrete_at, result.compost_at], "end": ["Concrete end", "Compost end"]})
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[6, 4], strokeWidth=2)
        .encode(
            x="at:Q",
            color=alt.Color(
                "end:N",
                scale=alt.Scale(domain=["Concrete end", "Compost end"], range=[BAND_COLOURS["concrete"], BAND_COLOURS["compost"]]),
                title="Threshold",
            ),
        )
    )
    chart = titled(alt.layer(bars, rules).properties(width=WIDTH, height=max(120, 26 * len(data))), title, reading)
    alt_text = f"Bar chart of {ind.title.lower()} for {len(data)} teams: {listing(data, 'team', 'value', ind.unit)}."
    return ChartSpec(chart, title, reading, alt_text, data)
