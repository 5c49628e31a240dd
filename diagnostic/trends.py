"""Change over time: the same scorecard for each four-week period, and two scorecards side by side.

Direction matters more than level (indicators.md D.9): the point is to see whether concrete is
being replaced with compost. Periods slice every time-stamped table; the roster, documents and
self-assessment answers describe the organisation rather than a moment and are kept whole.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.dataset import TZ, Dataset
from diagnostic.indicators import REGISTRY
from diagnostic.indicators.base import Indicator, band, score_value
from diagnostic.schema import SPEC, TIME
from diagnostic.scorecard import Scorecard, build_scorecard
from diagnostic.settings import Settings

MEANINGFUL_CHANGE = 5.0  # points: smaller differences mean little on judgement-based thresholds (D.5)

# time-stamped table -> the column that places a row in time (its first time column)
TIME_COLUMNS: dict[str, str] = {name: t.names(TIME)[0] for name, t in SPEC.items() if t.names(TIME)}

COMPARE_COLUMNS = [
    "level",
    "id",
    "title",
    "domain",
    "unit",
    "value_before",
    "value_after",
    "score_before",
    "score_after",
    "change",
    "band_before",
    "band_after",
    "band_change",
    "direction",
]


def _local(ts: pd.Timestamp) -> pd.Timestamp:
    ts = pd.Timestamp(ts)
    return ts.tz_localize(TZ) if ts.tzinfo is None else ts.tz_convert(TZ)


def slice_dataset(dataset: Dataset, start: pd.Timestamp, end: pd.Timestamp) -> Dataset:
    """The rows of every time-stamped table whose time falls in ``[start, end)``.

    Attendance follows its meetings. Tables without a time (people, documents, responses) are
    kept whole. Naive times are read as Europe/London.
    """
    start, end = _local(start), _local(end)
    tables: dict[str, pd.DataFrame | None] = {}
    for name, column in TIME_COLUMNS.items():
        frame = getattr(dataset, name)
        if frame is None:
            continue
        when = frame[column]
        tables[name] = frame[((when >= start) & (when < end)).fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)
    if dataset.attendance is not None:
        kept = tables["meetings"]["meeting_id"] if tables.get("meetings") is not None else pd.Series([], dtype="string")
        tables["attendance"] = dataset.attendance[dataset.attendance["meeting_id"].isin(kept).to_numpy(dtype=bool)].reset_index(drop=True)
    return dataset.with_tables(**tables)


def time_span(dataset: Dataset) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last time in any time-stamped table, or None when there is none."""
    times = [getattr(dataset, name)[column] for name, column in TIME_COLUMNS.items() if getattr(dataset, name) is not None]
    times = [t.dropna() for t in times if t.notna().any()]
    if not times:
        return None
    return min(t.min() for t in times), max(t.max() for t in times)


def period_scorecards(
    dataset: Dataset, settings: Settings, weeks: int = 4, indicators: tuple[Indicator, ...] = REGISTRY
) -> list[tuple[pd.Timestamp, pd.Timestamp, Scorecard]]:
    """A scorecard for each period of ``weeks`` weeks, oldest first: ``(start, end, scorecard)``.

    Periods start on the Monday of the first week with data; ``end`` is exclusive. A period in
    which no time-stamped table has a row is left out. Each period's figures follow the same rules
    as the whole upload, so a short period may leave indicators not computed (too few people or
    items), and says so.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    span = time_span(dataset)
    if span is None:
        return []
    first, last = span
    monday = first.normalize() - pd.Timedelta(days=first.weekday())
    step = pd.DateOffset(weeks=weeks)  # calendar weeks: local midnight stays midnight across clock changes
    out = []
    start = monday
    while start <= last:
        end = start + step
        part = slice_dataset(dataset, start, end)
        if any(getattr(part, name) is not None and len(getattr(part, name)) for name in TIME_COLUMNS):
            out.append((start, end, build_scorecard(part, settings, indicators)))
        start = end
    return out


def _direction(change: float | None) -> str:
    if change is None:
        return "not comparable"
    if change >= MEANINGFUL_CHANGE:
        return "towards compost"
    if change <= -MEANINGFUL_CHANGE:
        return "towards concrete"
    return "little change"


def _band_change(before: str | None, after: str | None) -> str:
    if before is None or after is None:
        return ""
    return "no change" if before == after else f"{before} → {after}"


def _row(level: str, id_: str, title: str, domain: str, unit: str, values: tuple, scores: tuple[float | None, float | None]) -> dict:
    s0, s1 = scores
    change = None if s0 is None or s1 is None else s1 - s0
    b0, b1 = band(s0), band(s1)
    return {
        "level": level,
        "id": id_,
        "title": title,
        "domain": domain,
        "unit": unit,
        "value_before": values[0],
        "value_after": values[1],
        "score_before": s0,
        "score_after": s1,
        "change": change,
        "band_before": b0,
        "band_after": b1,
        "band_change": _band_change(b0, b1),
        "direction": _direction(change),
    }


def compare(before: Scorecard, after: Scorecard) -> pd.DataFrame:
    """Two periods or two uploads side by side, on the same thresholds.

    One row for the index, one per domain and one per indicator, in the scorecard's order, with
    ``COMPARE_COLUMNS``. Indicator scores after are recomputed on the thresholds used before, so
    a threshold edited between two uploads never shows as change; domain and index rows are the
    scorecards' own and assume both were built with the same settings. ``change`` is in points
    (after minus before); ``direction`` calls changes under 5 points "little change".
    """
    rows = [_row("index", "compost_index", "Compost index", "", "points", (before.score, after.score), (before.score, after.score))]
    for d0 in before.domains:
        d1 = after.domain(d0.id)
        rows.append(_row("domain", d0.id, d0.title, d0.id, "points", (d0.score, d1.score), (d0.score, d1.score)))
    after_by_id = {r.indicator.id: r for r in after.results}
    for r0 in before.results:
        r1 = after_by_id.get(r0.indicator.id)
        v0 = r0.measurement.value
        v1 = None if r1 is None else r1.measurement.value
        s1 = None if v1 is None else score_value(v1, r0.concrete_at, r0.compost_at)
        ind = r0.indicator
        rows.append(_row("indicator", ind.id, ind.title, ind.domain, ind.unit, (v0, v1), (r0.score, s1)))
    frame = pd.DataFrame(rows, columns=COMPARE_COLUMNS)
    for column in ("value_before", "value_after", "score_before", "score_after", "change"):
        frame[column] = frame[column].astype("Float64")
    for column in ("band_before", "band_after"):
        frame[column] = frame[column].astype("string")
    return frame
