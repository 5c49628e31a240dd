"""The Meetings page's charts: where meeting time goes, and how long meetings last."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from diagnostic.charts.base import LABEL_LIMIT, WIDTH, listing, titled
from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import OKABE_ITO
from diagnostic.classify import MEETING_KIND_LABELS
from diagnostic.dataset import Dataset
from diagnostic.indicators.common import SECONDS_PER_HOUR
from diagnostic.indicators.meeting_rows import meeting_rows
from diagnostic.indicators.meetings import LARGE_MEETING
from diagnostic.settings import Settings
from diagnostic.wording import number

DIRECT_WORK = "Time with children and families"
SIZE_BANDS = ("2 people", f"3 to {LARGE_MEETING - 1} people", f"{LARGE_MEETING} or more people")
LENGTH_BANDS = ((30, "30 minutes or less"), (60, "31 to 60 minutes"), (90, "61 to 90 minutes"), (120, "91 to 120 minutes"))
LONGEST_BAND = "More than 2 hours"


def meeting_hours_by_kind(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """Meeting hours per person per week, by kind of meeting and by size; direct work shown apart."""
    mr = meeting_rows(dataset, settings)
    if mr is None or not mr.per_person or mr.people_seen < settings.min_group_size:
        return None
    data = _seconds_by_kind_and_size(mr.rows)
    data["hours"] = (data["s"] / SECONDS_PER_HOUR / mr.people_seen / mr.weeks).round(2)
    data = data.drop(columns=["s"])
    order = data.groupby("kind")["hours"].sum().sort_values(ascending=False).index.tolist()
    title = "Where meeting time goes"
    reading = f"Hours per person per week, by kind of meeting and its size, over {number(mr.weeks)} working weeks."
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("sum(hours):Q", title="Hours per person per week"),
            y=alt.Y("kind:N", sort=order, title="Kind of meeting", axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            color=alt.Color("size:N", scale=alt.Scale(domain=list(SIZE_BANDS), range=list(OKABE_ITO[:3])), title="Meeting size"),
            order=alt.Order("size:N"),
            tooltip=[
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("size:N", title="Size"),
                alt.Tooltip("hours:Q", title="Hours per person per week", format=".2f"),
            ],
        )
        .properties(width=WIDTH, height=max(160, 32 * len(order)))
    )
    totals = data.groupby("kind", as_index=False)["hours"].sum().set_index("kind").loc[order].reset_index()
    alt_text = (
        f"Stacked bar chart of meeting hours per person per week by kind of meeting, for {mr.people_seen} people: "
        + listing(totals, "kind", "hours", "hours")
        + "."
    )
    return ChartSpec(titled(chart, title, reading), title, reading, alt_text, data)


def _seconds_by_kind_and_size(rows: pd.DataFrame) -> pd.DataFrame:
    """Attendee seconds summed by kind of meeting (in words, direct work apart) and size band.

    Grouped on integer codes, then named: a large council has hundreds of thousands of
    attendance rows, and a string per row costs most of a second.
    """
    kind = rows["kind"].astype("category")
    names = [*kind.cat.categories.astype(str), "nan"]  # the last one for a missing kind (code -1)
    labels = np.array([*(MEETING_KIND_LABELS.get(k, k.replace("_", " ").capitalize()) for k in names), DIRECT_WORK], dtype=object)
    codes = kind.cat.codes.to_numpy()
    label = np.where(rows["direct"].to_numpy(dtype=bool), len(labels) - 1, np.where(codes < 0, len(names) - 1, codes))
    size = rows["size"].to_numpy()
    band = np.where(size >= LARGE_MEETING, 2, np.where(size > 2, 1, 0))
    sums = pd.Series(rows["attendee_s"].to_numpy()).groupby(label * len(SIZE_BANDS) + band).sum()
    keys = sums.index.to_numpy()
    frame = pd.DataFrame(
        {"kind": labels[keys // len(SIZE_BANDS)], "size": np.array(SIZE_BANDS)[keys % len(SIZE_BANDS)], "s": sums.to_numpy()}
    )
    return frame.groupby(["kind", "size"], as_index=False)["s"].sum()


def meeting_lengths(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """How many meetings of each length, recurring or one-off."""
    mr = meeting_rows(dataset, settings)
    if mr is None or len(mr.meetings) < settings.min_group_size:
        return None
    minutes = mr.meetings["dur_s"].to_numpy() / 60
    labels = [label for _, label in LENGTH_BANDS] + [LONGEST_BAND]
    band_index = np.searchsorted([limit for limit, _ in LENGTH_BANDS], minutes, side="left")
    frame = pd.DataFrame(
        {
            "length": np.array(labels)[band_index],
            "series": np.where(mr.meetings["recurring"].to_numpy(dtype=bool), "Recurring", "One-off"),
        }
    )
    data = frame.value_counts().rename("meetings").reset_index()
    total = int(data["meetings"].sum())
    title = "How long meetings are"
    reading = "Number of meetings of each length. Meetings over an hour count as long."
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("length:N", sort=labels, title="Length of meeting", axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            x=alt.X("sum(meetings):Q", title="Number of meetings"),
            color=alt.Color(
                "series:N", scale=alt.Scale(domain=["Recurring", "One-off"], range=[OKABE_ITO[1], OKABE_ITO[0]]), title="Meeting"
            ),
            tooltip=[
                alt.Tooltip("length:N", title="Length"),
                alt.Tooltip("series:N", title="Meeting"),
                alt.Tooltip("meetings:Q", title="Meetings"),
            ],
        )
        .properties(width=WIDTH, height=40 * len(labels))
    )
    by_length = data.groupby("length")["meetings"].sum().reindex(labels, fill_value=0)
    alt_text = f"Bar chart of {total:,} meetings by length: " + "; ".join(f"{k} {v:,}" for k, v in by_length.items()) + "."
    return ChartSpec(titled(chart, title, reading), title, reading, alt_text, data)
