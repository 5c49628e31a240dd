"""The charts of the Scorecard, Meetings, Email, Audits and Feedback pages, in Altair.

Each builder returns a :class:`~diagnostic.charts.spec.ChartSpec`: the chart (titled, with a
one-line subtitle saying what it shows, axis titles with units, colour-blind safe colours from
:mod:`diagnostic.charts.theme`), its reading, a text alternative and the small frame it was drawn
from, so the app can offer the figures as a table. A builder returns None when the data cannot
support its chart. Nothing here shows a person: team figures come from the indicators (already
merged below the minimum group size) and every count below that minimum is left out and said so.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import BAND_COLOURS, INK, MUTED, OKABE_ITO, chart_config
from diagnostic.classify import MEETING_KIND_LABELS
from diagnostic.dataset import Dataset
from diagnostic.dates import working_days_between
from diagnostic.indicators.base import BAND_LABELS, DOMAIN_TITLES, DOMAINS
from diagnostic.indicators.common import PERCENT, SECONDS_PER_DAY, SECONDS_PER_HOUR
from diagnostic.indicators.email_rows import email_rows
from diagnostic.indicators.feedback import ACTED_OUTCOMES, ALWAYS_ACTIONABLE, STAGE1_DAYS, STAGE1_MAX_DAYS, source_group
from diagnostic.indicators.meeting_rows import meeting_rows
from diagnostic.indicators.meetings import LARGE_MEETING
from diagnostic.indicators.worktime import in_working_hours, working_window_seconds
from diagnostic.scorecard import Scorecard
from diagnostic.settings import Settings

WIDTH = 640
HEIGHT = 320
LABEL_LIMIT = 320  # pixels of axis label before it is cut short
SEQUENTIAL = ["#f3f7fb", OKABE_ITO[0]]  # pale to Okabe-Ito blue: amounts, not scores
SHAPES = ("circle", "square", "triangle-up", "diamond", "triangle-down")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DIRECT_WORK = "Time with children and families"
SIZE_BANDS = ("2 people", f"3 to {LARGE_MEETING - 1} people", f"{LARGE_MEETING} or more people")
LENGTH_BANDS = ((30, "30 minutes or less"), (60, "31 to 60 minutes"), (90, "61 to 90 minutes"), (120, "91 to 120 minutes"))
LONGEST_BAND = "More than 2 hours"
RECIPIENT_BANDS = ((1, "1"), (2, "2"), (3, "3"), (5, "4 to 5"), (10, "6 to 10"), (25, "11 to 25"), (50, "26 to 50"))
MOST_RECIPIENTS = "More than 50"
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
INVOLVEMENT = (
    ("child_voice", "Child's voice evidenced"),
    ("practitioner_involved", "Practitioner involved"),
    ("family_involved", "Family involved"),
)
STRIP_SLOTS = 5  # indicators on the same score are spread over this many rows within a domain
TEAM_CHARTS = {
    "meetings": "meeting_hours_per_person",
    "email": "after_hours_email_share",
    "audits": "practitioner_involved_rate",
    "feedback": "closed_loop_rate",
}


def _titled(chart: alt.TopLevelMixin, title: str, reading: str) -> alt.TopLevelMixin:
    """Title plus a one-line subtitle, and the product's common look."""
    return chart_config(chart.properties(title=alt.TitleParams(text=title, subtitle=[reading])))


def _num(value: float, unit: str = "") -> str:
    if unit == "%":
        return f"{value:.0f}%"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"
    return f"{text} {unit}".strip()


def _listing(frame: pd.DataFrame, label: str, value: str, unit: str, limit: int = 8) -> str:
    """Items and values joined for a text alternative, such as "Team A 3.1 hours; Team B 2.0 hours" (at most ``limit``)."""
    items = [f"{row[label]} {_num(row[value], unit)}" for _, row in frame.head(limit).iterrows()]
    more = f", and {len(frame) - limit} more" if len(frame) > limit else ""
    return "; ".join(items) + more


def _plural(n: int, noun: str, nouns: str) -> str:
    return f"{n:,} {noun if n == 1 else nouns}"


def _suppressed_note(dropped: int, what: tuple[str, str], counted: str, settings: Settings) -> str:
    """' 2 hours with fewer than 5 messages are not shown.' (``what`` is singular and plural)."""
    if not dropped:
        return ""
    verb = "is" if dropped == 1 else "are"
    return f" {_plural(dropped, *what)} with fewer than {settings.min_group_size} {counted} {verb} not shown."


# ----------------------------------------------------------------------------------------------
# the scorecard strip


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
                "value": _num(r.measurement.value, r.indicator.unit),
            }
        )
    data = pd.DataFrame(rows, columns=["domain", "indicator", "score", "band", "value"])
    data["slot"] = data.groupby("domain").cumcount() % STRIP_SLOTS - STRIP_SLOTS // 2 if len(data) else []
    domains = [DOMAIN_TITLES[d] for d in DOMAINS]
    bands = [BAND_LABELS[b] for b in BAND_COLOURS]
    title = "Every indicator, from concrete to compost"
    reading = "Each point is one indicator's score: 0 is concrete, 100 is compost. Domains without data have no points."
    x = alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0 = concrete, 100 = compost)")
    points = (
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
    chart = _titled(alt.layer(edges, points).properties(width=WIDTH, height=40 * len(domains)), title, reading)
    if data.empty:
        alt_text = "No indicator could be scored from the files loaded, so the strip is empty."
    else:
        per_domain = (
            data.groupby("domain", sort=False)["score"].agg(["size", "median"]).reindex([d for d in domains if d in set(data["domain"])])
        )
        parts = [f"{d}: {int(s['size'])} indicators, median score {s['median']:.0f}" for d, s in per_domain.iterrows()]
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
    reading = f"Each bar is one team. The dashed lines mark the concrete end ({_num(result.concrete_at, ind.unit)}) and the compost end ({_num(result.compost_at, ind.unit)})."
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
    chart = _titled(alt.layer(bars, rules).properties(width=WIDTH, height=max(120, 26 * len(data))), title, reading)
    alt_text = f"Bar chart of {ind.title.lower()} for {len(data)} teams: {_listing(data, 'team', 'value', ind.unit)}."
    return ChartSpec(chart, title, reading, alt_text, data)


# ----------------------------------------------------------------------------------------------
# meetings


def _size_band(size: np.ndarray) -> np.ndarray:
    return np.where(size >= LARGE_MEETING, SIZE_BANDS[2], np.where(size > 2, SIZE_BANDS[1], SIZE_BANDS[0]))


def meeting_hours_by_kind(dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """Meeting hours per person per week, by kind of meeting and by size; direct work shown apart."""
    mr = meeting_rows(dataset, settings)
    if mr is None or not mr.per_person or mr.people_seen < settings.min_group_size:
        return None
    rows = mr.rows
    kind = rows["kind"].astype(str).map(lambda k: MEETING_KIND_LABELS.get(k, k.replace("_", " ").capitalize()))
    kind = kind.where(~rows["direct"].to_numpy(dtype=bool), DIRECT_WORK)
    frame = pd.DataFrame({"kind": kind.to_numpy(), "size": _size_band(rows["size"].to_numpy()), "s": rows["attendee_s"].to_numpy()})
    data = frame.groupby(["kind", "size"], as_index=False)["s"].sum()
    data["hours"] = (data["s"] / SECONDS_PER_HOUR / mr.people_seen / mr.weeks).round(2)
    data = data.drop(columns=["s"])
    order = data.groupby("kind")["hours"].sum().sort_values(ascending=False).index.tolist()
    title = "Where meeting time goes"
    reading = f"Hours per person per week, by kind of meeting and its size, over {mr.weeks:.1f} working weeks."
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
        + _listing(totals, "kind", "hours", "hours")
        + "."
    )
    return ChartSpec(_titled(chart, title, reading), title, reading, alt_text, data)


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
    return ChartSpec(_titled(chart, title, reading), title, reading, alt_text, data)


# ----------------------------------------------------------------------------------------------
# email


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
    chart = _titled(alt.layer(cells, rules).properties(width=WIDTH, height=HEIGHT), title, reading)
    outside = PERCENT * (1 - in_working_hours(wall, settings).mean())
    busiest = shown.sort_values("share", ascending=False).head(3)
    alt_text = (
        f"Heat map of {len(er.sent):,} sent messages by weekday and hour. {outside:.0f}% were sent outside working hours "
        "or on a bank holiday. Busiest hours: "
        + "; ".join(f"{r.day} {int(r.hour):02d}:00 ({r.share:.1f}%)" for r in busiest.itertuples())
        + "."
        + _suppressed_note(len(data) - len(shown), ("hour", "hours"), "messages", settings)
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
        f"Bar chart of {len(counts):,} messages by number of recipients: {_listing(shown, 'recipients', 'share', '%', limit=len(labels))}."
        + _suppressed_note(len(data) - len(shown), ("band", "bands"), "messages", settings)
    )
    return ChartSpec(_titled(chart, title, reading), title, reading, alt_text, shown)


# ----------------------------------------------------------------------------------------------
# audits


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
        f"Line chart over {_plural(data['month'].nunique(), 'month', 'months')}. Latest month: "
        + "; ".join(f"{r.measure} {r.share:.0f}% of {r.audits} audits" for r in latest.itertuples())
        + "."
        + _suppressed_note(int((sizes < settings.min_group_size).sum()), ("month", "months"), "audits", settings)
    )
    return ChartSpec(_titled(chart, title, reading), title, reading, alt_text, data)


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
    return ChartSpec(_titled(chart, title, reading), title, reading, alt_text, shown)


# ----------------------------------------------------------------------------------------------
# feedback


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
    chart = _titled(alt.layer(points, rules).properties(width=WIDTH, height=HEIGHT), title, reading)
    within = (data["working_days"] <= STAGE1_DAYS) & (data["status"] == "Answered")
    over = data["working_days"] > STAGE1_MAX_DAYS
    alt_text = (
        f"Scatter chart of {len(data)} stage 1 complaints, {int((data['status'] == 'Still open').sum())} still open. "
        f"{int(within.sum())} were answered within {STAGE1_DAYS} working days; {int(over.sum())} went past {STAGE1_MAX_DAYS}. "
        f"Median {data['working_days'].median():.0f} working days."
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
        + _suppressed_note(len(data) - len(shown), ("group", "groups"), "items", settings)
    )
    return ChartSpec(_titled(chart, title, reading), title, reading, alt_text, shown)


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
        + _suppressed_note(len(data) - len(shown), ("stage", "stages"), "items", settings)
    )
    return ChartSpec(_titled(chart, title, reading), title, reading, alt_text, shown)


# ----------------------------------------------------------------------------------------------
# the pages

Builder = Callable[[Dataset, Settings], ChartSpec | None]

DOMAIN_BUILDERS: dict[str, tuple[Builder, ...]] = {
    "meetings": (meeting_hours_by_kind, meeting_lengths),
    "email": (after_hours_heatmap, recipients_distribution),
    "audits": (audit_involvement, audit_focus),
    "feedback": (complaint_response_days, feedback_voices, you_said_we_did),
}


def domain_charts(domain: str, dataset: Dataset, card: Scorecard, settings: Settings) -> list[ChartSpec]:
    """The charts of a domain page, in reading order: the data charts, then the team view."""
    specs = [builder(dataset, settings) for builder in DOMAIN_BUILDERS.get(domain, ())]
    if domain in TEAM_CHARTS:
        specs.append(team_chart(card, TEAM_CHARTS[domain]))
    return [spec for spec in specs if spec is not None]
