"""The Audits page's charts: who is involved in casework, and what the audits look at, month by month."""

from __future__ import annotations

import altair as alt
import pandas as pd

from diagnostic.charts.base import HEIGHT, SHAPES, WIDTH, plural, suppressed_note, titled
from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import OKABE_ITO
from diagnostic.dataset import Dataset
from diagnostic.indicators.common import (
    PERCENT,
)
from diagnostic.settings import Settings
from diagnostic.wording import number

INVOLVEMENT = (
    ("child_voice", "Child's voice evidenced"),
    ("practitioner_involved", "Practitioner involved"),
    ("family_involved", "Family involved"),
)


def _audit_months(dataset: Dataset) -> pd.DataFrame | None:
    audits = dataset.audits
    if audits is None or audits.empty or audits["date"].isna().all():
        return None
    audits = audits.dropna(subset=["date"])
    return audits.assign(month=audits["date"].dt.tz_localize(None).dt.to_period("M").dt.to_timestamp())


def audit_involvement(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """Month by month: share of audits evidencing the child's voice, with the practitioner, with the family."""
    audits = _audit_months(dataset)
    if audits is None:
        return None
    sizes = audits.groupby("month").size()
    months = sizes.index[sizes >= settings.min_group_size]
    parts = []
    for column, label in INVOLVEMENT:
        recorded = audits[audits[column].notna() & audits["month"].isin(months)]
        if recorded.empty:
            continue
        share = recorded.groupby("month")[column].mean().astype(float) * PERCENT
        parts.append(
            pd.DataFrame(
                {
                    "month": share.index,
                    "measure": label,
                    "share": share.round(1).to_numpy(),
                    "audits": recorded.groupby("month").size().to_numpy(),
                }
            )
        )
    if not parts:
        return None
    data = pd.concat(parts, ignore_index=True)
    labels = [label for _, label in INVOLVEMENT]
    title = "Who audits involve, month by month"
    reading = "Share of each month's audits that evidenced the child's voice, involved the practitioner, or involved the family."
    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=80))
        .encode(
            x=alt.X("yearmonth(month):T", title="Month of audit"),
            y=alt.Y("share:Q", scale=alt.Scale(domain=[0, 100]), title="Share of audits (%)"),
            color=alt.Color("measure:N", scale=alt.Scale(domain=labels, range=list(OKABE_ITO[:3])), title="Audit"),
            shape=alt.Shape("measure:N", scale=alt.Scale(domain=labels, range=list(SHAPES[:3])), title="Audit"),
            strokeDash=alt.StrokeDash("measure:N", scale=alt.Scale(domain=labels, range=[[1, 0], [6, 3], [2, 2]]), title="Audit"),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month"),
                alt.Tooltip("measure:N", title="Audit"),
                alt.Tooltip("share:Q", title="Share (%)"),
                alt.Tooltip("audits:Q", title="Audits"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    latest = data.sort_values("month").groupby("measure").tail(1)
    alt_text = (
        f"Line chart over {plural(data['month'].nunique(), 'month', 'months')}. Latest month: "
        + "; ".join(f"{r.measure} {number(r.share, '%')} of {r.audits} audits" for r in latest.itertuples())
        + "."
        + suppressed_note(int((sizes < settings.min_group_size).sum()), ("month", "months"), "audits", settings)
    )
    return ChartSpec(titled(chart, title, reading), title, reading, alt_text, data)


def audit_focus(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """Month by month: audits about practice against audits about compliance."""
    audits = _audit_months(dataset)
    if audits is None or audits["focus"].isna().all():
        return None
    focus = (
        audits["focus"].str.strip().str.lower().map({"practice": "Practice", "compliance": "Compliance"}).fillna("Other or not recorded")
    )
    data = pd.DataFrame({"month": audits["month"], "focus": focus}).value_counts().rename("audits").reset_index()
    sizes = data.groupby("month")["audits"].transform("sum")
    shown = data[sizes >= settings.min_group_size].sort_values(["month", "focus"]).reset_index(drop=True)
    if shown.empty:
        return None
    order = ["Practice", "Compliance", "Other or not recorded"]
    title = "What audits look at"
    reading = "Number of audits each month about practice and about compliance."
    chart = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title="Month of audit"),
            y=alt.Y("sum(audits):Q", title="Number of audits"),
            color=alt.Color("focus:N", scale=alt.Scale(domain=order, range=[OKABE_ITO[2], OKABE_ITO[5], "#bdbdbd"]), title="Focus"),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month"),
                alt.Tooltip("focus:N", title="Focus"),
                alt.Tooltip("audits:Q", title="Audits"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    totals = shown.groupby("focus")["audits"].sum().reindex(order).dropna()
    alt_text = (
        f"Stacked bar chart of {int(totals.sum()):,} audits over {shown['month'].nunique()} months: "
        + "; ".join(f"{k} {int(v):,}" for k, v in totals.items())
        + "."
    )
    return ChartSpec(titled(chart, title, reading), title, reading, alt_text, shown)
