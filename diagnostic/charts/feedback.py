"""The Feedback page's charts: how fast complaints are answered, whose voices are heard, and what was done."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from diagnostic.charts.base import HEIGHT, LABEL_LIMIT, WIDTH, suppressed_note, titled
from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import INK, OKABE_ITO
from diagnostic.dataset import Dataset
from diagnostic.dates import working_days_between
from diagnostic.indicators.common import (
    PERCENT,
)
from diagnostic.indicators.feedback import ACTED_OUTCOMES, ALWAYS_ACTIONABLE, STAGE1_DAYS, STAGE1_MAX_DAYS, source_group
from diagnostic.settings import Settings
from diagnostic.wording import number

SOURCE_LABELS = {
    "child": "Children and young people",
    "parent_carer": "Parents and carers",
    "staff": "Staff",
    "partner": "Partners",
    "other": "Other",
}
KIND_LABELS = {
    "complaint": "Complaint",
    "compliment": "Compliment",
    "survey": "Survey answer",
    "suggestion": "Suggestion",
    "comment": "Comment",
}


def _complaints(dataset: Dataset) -> pd.DataFrame | None:
    feedback = dataset.feedback
    if feedback is None or feedback.empty:
        return None
    kind = feedback["kind"].astype("string").str.strip().str.lower()
    complaints = feedback[(kind == "complaint").fillna(False).to_numpy(dtype=bool) & feedback["received"].notna().to_numpy()]
    if complaints["stage"].notna().any():
        complaints = complaints[(complaints["stage"] == 1).fillna(False).to_numpy(dtype=bool)]
    return complaints


def complaint_response_days(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """Working days each stage 1 complaint took (or has been open), against the 10 and 20 working-day limits."""
    complaints = _complaints(dataset)
    if complaints is None or len(complaints) < settings.min_group_size:
        return None
    latest = pd.concat([dataset.feedback["received"], dataset.feedback["responded"]]).max()
    answered = complaints["responded"].notna().to_numpy()
    taken = working_days_between(complaints["received"], complaints["responded"])
    waiting = working_days_between(complaints["received"], pd.Series(latest, index=complaints.index))
    data = pd.DataFrame(
        {
            "received": complaints["received"].dt.tz_localize(None).dt.normalize().to_numpy(),
            "working_days": np.where(
                answered, taken.to_numpy(dtype=float, na_value=np.nan), waiting.to_numpy(dtype=float, na_value=np.nan)
            ),
            "status": np.where(answered, "Answered", "Still open"),
        }
    ).dropna(subset=["working_days"])
    title = "How long stage 1 complaints take"
    reading = f"Each point is one complaint: working days from receipt to response. Lines mark the {STAGE1_DAYS}-day timescale and the {STAGE1_MAX_DAYS}-day maximum."
    points = (
        alt.Chart(data)
        .mark_point(size=70, filled=True, opacity=0.85)
        .encode(
            x=alt.X("received:T", title="Date received"),
            y=alt.Y("working_days:Q", title="Working days to respond (days)"),
            color=alt.Color(
                "status:N", scale=alt.Scale(domain=["Answered", "Still open"], range=[OKABE_ITO[0], OKABE_ITO[5]]), title="Complaint"
            ),
            shape=alt.Shape(
                "status:N", scale=alt.Scale(domain=["Answered", "Still open"], range=["circle", "triangle-up"]), title="Complaint"
            ),
            tooltip=[
                alt.Tooltip("received:T", title="Received"),
                alt.Tooltip("working_days:Q", title="Working days"),
                alt.Tooltip("status:N", title="Complaint"),
            ],
        )
    )
    limits = pd.DataFrame(
        {"days": [STAGE1_DAYS, STAGE1_MAX_DAYS], "limit": [f"{STAGE1_DAYS} working days", f"{STAGE1_MAX_DAYS} working days (maximum)"]}
    )
    rules = (
        alt.Chart(limits)
        .mark_rule(color=INK, strokeDash=[6, 4], strokeWidth=2)
        .encode(y="days:Q", tooltip=alt.Tooltip("limit:N", title="Limit"))
    )
    chart = titled(alt.layer(points, rules).properties(width=WIDTH, height=HEIGHT), title, reading)
    within = (data["working_days"] <= STAGE1_DAYS) & (data["status"] == "Answered")
    over = data["working_days"] > STAGE1_MAX_DAYS
    alt_text = (
        f"Scatter chart of {len(data)} stage 1 complaints, {int((data['status'] == 'Still open').sum())} still open. "
        f"{int(within.sum())} were answered within {STAGE1_DAYS} working days; {int(over.sum())} went past {STAGE1_MAX_DAYS}. "
        f"Median {number(data['working_days'].median())} working days."
    )
    return ChartSpec(chart, title, reading, alt_text, data)


def feedback_voices(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """Whose voice the feedback comes from, and in what form."""
    feedback = dataset.feedback
    if feedback is None or feedback.empty:
        return None
    group = source_group(feedback["source"]).fillna("other").map(SOURCE_LABELS)
    kind = feedback["kind"].astype("string").str.strip().str.lower()
    kind = kind.map(lambda k: KIND_LABELS.get(k, "Other") if isinstance(k, str) else "Not recorded")
    data = pd.DataFrame({"source": group.to_numpy(), "kind": kind.to_numpy()}).value_counts().rename("items").reset_index()
    shown = data[data["items"] >= settings.min_group_size].sort_values(["source", "kind"]).reset_index(drop=True)
    if shown.empty:
        return None
    sources = [s for s in SOURCE_LABELS.values() if s in set(shown["source"])]
    kinds = sorted(shown["kind"].unique())
    title = "Whose voice the feedback carries"
    reading = "Number of feedback items from each group, by kind. Children's and staff voices are easily missing."
    chart = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            x=alt.X("sum(items):Q", title="Number of feedback items"),
            y=alt.Y("source:N", sort=sources, title="From", axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            color=alt.Color(
                "kind:N", scale=alt.Scale(domain=kinds, range=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(kinds))]), title="Kind"
            ),
            tooltip=[alt.Tooltip("source:N", title="From"), alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("items:Q", title="Items")],
        )
        .properties(width=WIDTH, height=max(160, 40 * len(sources)))
    )
    totals = shown.groupby("source")["items"].sum().reindex(sources)
    alt_text = (
        f"Stacked bar chart of {int(totals.sum()):,} feedback items: "
        + "; ".join(f"{k} {int(v):,}" for k, v in totals.items())
        + "."
        + suppressed_note(len(data) - len(shown), ("group", "groups"), "items", settings)
    )
    return ChartSpec(titled(chart, title, reading), title, reading, alt_text, shown)


def you_said_we_did(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """From feedback received, to feedback that could change something, to action taken, to reporting back."""
    feedback = dataset.feedback
    if feedback is None or feedback.empty or feedback["action_taken"].isna().all():
        return None
    kind = feedback["kind"].astype("string").str.strip().str.lower()
    outcome = feedback["outcome"].astype("string").str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)
    actionable = (outcome.isin(ACTED_OUTCOMES) | kind.isin(ALWAYS_ACTIONABLE)).fillna(False).to_numpy(dtype=bool)
    acted = actionable & feedback["action_taken"].fillna(False).to_numpy(dtype=bool)
    back = acted & feedback["closed_loop"].fillna(False).to_numpy(dtype=bool)
    stages = ["Feedback received", "Could lead to a change", "Action taken", "Reported back: you said, we did"]
    data = pd.DataFrame({"stage": stages, "items": [len(feedback), int(actionable.sum()), int(acted.sum()), int(back.sum())]})
    data["share"] = (PERCENT * data["items"] / len(feedback)).round(1)
    shown = data[data["items"] >= settings.min_group_size]
    if shown.empty:
        return None
    title = '"You said, we did"'
    reading = "How much feedback could lead to a change, led to an action, and was reported back to the person who gave it."
    chart = (
        alt.Chart(shown)
        .mark_bar(color=OKABE_ITO[2])
        .encode(
            x=alt.X("items:Q", title="Number of feedback items"),
            y=alt.Y("stage:N", sort=stages, title="Stage", axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("items:Q", title="Items"),
                alt.Tooltip("share:Q", title="Share of all feedback (%)"),
            ],
        )
        .properties(width=WIDTH, height=40 * len(stages))
    )
    alt_text = (
        "Funnel of feedback items: "
        + "; ".join(f"{r.stage} {r.items:,}" for r in shown.itertuples())
        + "."
        + suppressed_note(len(data) - len(shown), ("stage", "stages"), "items", settings)
    )
    return ChartSpec(titled(chart, title, reading), title, reading, alt_text, shown)
