"""Change over time: domain scores per four-week period on the same thresholds."""

from __future__ import annotations

import altair as alt
import pandas as pd

from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import OKABE_ITO
from diagnostic.scorecard import Scorecard
from diagnostic.wording import points


def period_frame(periods: list[tuple[pd.Timestamp, pd.Timestamp, Scorecard]]) -> pd.DataFrame:
    """One row per period and scored domain (plus the index): the data behind the chart."""
    rows = []
    for start, end, card in periods:
        label = f"{start:%d %b} to {(end - pd.Timedelta(days=1)):%d %b %Y}"
        if card.score is not None:
            rows.append({"period": label, "start": start.date(), "domain": "Compost index", "score": round(card.score, 1)})
        for d in card.domains:
            if d.score is not None:
                rows.append({"period": label, "start": start.date(), "domain": d.title, "score": round(d.score, 1)})
    return pd.DataFrame(rows, columns=["period", "start", "domain", "score"])


def period_chart(periods: list[tuple[pd.Timestamp, pd.Timestamp, Scorecard]]) -> ChartSpec | None:
    """Lines of domain scores per period: is concrete being replaced by compost?"""
    data = period_frame(periods)
    if data.empty or data["period"].nunique() < 2:
        return None
    title = "Domain scores by four-week period"
    reading = "Each line is a domain, scored on the same thresholds in every period. Rising lines mean concrete is giving way to compost."
    order = data.drop_duplicates("period").sort_values("start")["period"].tolist()
    domains = sorted(data["domain"].unique())
    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=90), strokeWidth=3)
        .encode(
            x=alt.X("period:N", sort=order, title="Four-week period", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0 concrete to 100 compost)"),
            color=alt.Color(
                "domain:N", scale=alt.Scale(domain=domains, range=[OKABE_ITO[i % 8] for i in range(len(domains))]), title="Domain"
            ),
            strokeDash=alt.StrokeDash("domain:N", title="Domain"),
            tooltip=[
                alt.Tooltip("domain:N", title="Domain"),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("score:Q", title="Score"),
            ],
        )
        .properties(width=640, height=320, title=alt.Title(title, subtitle=reading))
    )
    latest = data[data["period"] == order[-1]]
    first = data[data["period"] == order[0]]
    parts = []
    for domain in domains:
        a, b = first[first["domain"] == domain]["score"], latest[latest["domain"] == domain]["score"]
        if len(a) and len(b):
            parts.append(f"{domain} from {points(a.iloc[0])} to {points(b.iloc[0])}")
    alt_text = f"Line chart of scores over {len(order)} four-week periods: " + "; ".join(parts) + "."
    return ChartSpec(chart, title, reading, alt_text, data)
