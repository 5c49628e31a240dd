"""The Email page's charts: when messages are sent, and to how many people."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from diagnostic.charts.base import HEIGHT, WIDTH, listing, suppressed_note, titled
from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import INK, OKABE_ITO
from diagnostic.dataset import Dataset
from diagnostic.indicators.common import PERCENT, SECONDS_PER_DAY, SECONDS_PER_HOUR
from diagnostic.indicators.email_rows import email_rows
from diagnostic.indicators.worktime import in_working_hours, working_window_seconds
from diagnostic.settings import Settings
from diagnostic.wording import number

SEQUENTIAL = ["#f3f7fb", OKABE_ITO[0]]  # pale to Okabe-Ito blue: amounts, not scores
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
RECIPIENT_BANDS = ((1, "1"), (2, "2"), (3, "3"), (5, "4 to 5"), (10, "6 to 10"), (25, "11 to 25"), (50, "26 to 50"))
MOST_RECIPIENTS = "More than 50"


def after_hours_heatmap(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """Share of sent messages in each hour of each weekday, with working hours marked."""
    er = email_rows(dataset, settings)
    if er is None or len(er.sent) < settings.min_group_size:
        return None
    wall = er.sent["wall_s"].to_numpy()
    day = wall // SECONDS_PER_DAY
    frame = pd.DataFrame({"weekday": (day + 3) % 7, "hour": (wall - day * SECONDS_PER_DAY) // SECONDS_PER_HOUR})
    data = frame.value_counts().rename("messages").reset_index()
    shown = data[data["messages"] >= settings.min_group_size].copy()
    shown["share"] = (PERCENT * shown["messages"] / len(er.sent)).round(2)
    shown["day"] = [WEEKDAYS[d] for d in shown["weekday"]]
    shown["hour_end"] = shown["hour"] + 1
    ws, we = working_window_seconds(settings)
    title = "When email is sent"
    reading = f"Share of all sent messages in each hour of the week; dashed lines mark working hours ({settings.work_start} to {settings.work_end})."
    cells = (
        alt.Chart(shown)
        .mark_rect()
        .encode(
            x=alt.X("hour:Q", scale=alt.Scale(domain=[0, 24]), axis=alt.Axis(tickCount=12), title="Hour of the day (24-hour clock)"),
            x2="hour_end:Q",
            y=alt.Y("day:N", sort=list(WEEKDAYS), scale=alt.Scale(domain=list(WEEKDAYS)), title="Day of the week"),
            color=alt.Color("share:Q", scale=alt.Scale(range=SEQUENTIAL), title="Share (%)"),
            tooltip=[
                alt.Tooltip("day:N", title="Day"),
                alt.Tooltip("hour:Q", title="Hour starting"),
                alt.Tooltip("share:Q", title="Share of sent messages (%)", format=".2f"),
            ],
        )
    )
    bounds = pd.DataFrame({"at": [ws / SECONDS_PER_HOUR, we / SECONDS_PER_HOUR]})
    rules = alt.Chart(bounds).mark_rule(color=INK, strokeDash=[6, 4], strokeWidth=2).encode(x="at:Q")
    chart = titled(alt.layer(cells, rules).properties(width=WIDTH, height=HEIGHT), title, reading)
    outside = PERCENT * (1 - in_working_hours(wall, settings).mean())
    busiest = shown.sort_values("share", ascending=False).head(3)
    alt_text = (
        f"Heat map of {len(er.sent):,} sent messages by weekday and hour. {number(outside, '%')} were sent outside working hours "
        "or on a bank holiday. Busiest hours: "
        + "; ".join(f"{r.day} {int(r.hour):02d}:00 ({number(r.share, '%')})" for r in busiest.itertuples())
        + "."
        + suppressed_note(len(data) - len(shown), ("hour", "hours"), "messages", settings)
    )
    return ChartSpec(chart, title, reading, alt_text, shown[["day", "hour", "messages", "share"]])


def recipients_distribution(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """How many recipients messages go to: share of messages in each band."""
    er = email_rows(dataset, settings)
    if er is None:
        return None
    counts = er.sent["recipients"].to_numpy()
    counts = counts[counts > 0]
    if len(counts) < settings.min_group_size:
        return None
    labels = [label for _, label in RECIPIENT_BANDS] + [MOST_RECIPIENTS]
    band = np.array(labels)[np.searchsorted([limit for limit, _ in RECIPIENT_BANDS], counts, side="left")]
    data = pd.Series(band).value_counts().reindex(labels, fill_value=0).rename("messages").rename_axis("recipients").reset_index()
    data["share"] = (PERCENT * data["messages"] / len(counts)).round(2)
    shown = data[data["messages"] >= settings.min_group_size]
    title = "How many people each message goes to"
    reading = "Share of messages sent to each number of recipients; one recipient is a conversation, many is a broadcast."
    chart = (
        alt.Chart(shown)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            x=alt.X("recipients:N", sort=labels, title="Recipients per message (people)"),
            y=alt.Y("share:Q", title="Share of messages (%)"),
            tooltip=[
                alt.Tooltip("recipients:N", title="Recipients"),
                alt.Tooltip("share:Q", title="Share (%)", format=".1f"),
                alt.Tooltip("messages:Q", title="Messages"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    alt_text = (
        f"Bar chart of {len(counts):,} messages by number of recipients: {listing(shown, 'recipients', 'share', '%', limit=len(labels))}."
        + suppressed_note(len(data) - len(shown), ("band", "bands"), "messages", settings)
    )
    return ChartSpec(titled(chart, title, reading), title, reading, alt_text, shown)
