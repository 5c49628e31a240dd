"""Enough evidence before a score: the least data each indicator's value must rest on.

A value worked out from one meeting or three audits is a number, not a finding: scored, it moves a
domain and the index as if it were. So every indicator is held to a minimum of evidence, in one
rule table keyed by the unit of evidence (:data:`MINIMUM`). The units checked for an indicator are
the unit of its own count (``Measurement.n_unit``), plus the source evidence its domain needs
(:data:`SOURCE_EVIDENCE`: a calendar's meetings and working weeks), and an indicator may set its
own minimum for a unit (``Indicator.evidence``). Below the minimum the value is withheld, never
scored or banded, and the note gives the figures and what is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import Indicator, Measurement
from diagnostic.indicators.email_rows import email_rows
from diagnostic.indicators.meeting_rows import meeting_rows
from diagnostic.indicators.worktime import working_day_count
from diagnostic.settings import Settings
from diagnostic.wording import number

GROUP_SIZE = -1.0  # in MINIMUM: the settings' minimum group size, which the user may raise
WEEKS = "weeks"  # working weeks of activity data

# The rule table: unit of evidence -> the least amount a value may rest on.
MINIMUM: dict[str, float] = {
    "meetings": 20,  # a calendar: twenty meetings ...
    WEEKS: 2,  # ... over at least two working weeks
    "messages": 20,
    "people": GROUP_SIZE,  # per-person rates: the people with data reach the minimum group size
    "practitioners": GROUP_SIZE,
    "respondents": GROUP_SIZE,
    "audits": 10,
    "complaints": 10,
    "items": 10,
    "records": 10,
    "documents": 1,
}

# Source evidence a domain's indicators need besides their own count: a meeting figure rests on a
# calendar, whatever it counts (people, practitioners), and a network on a span of activity.
SOURCE_EVIDENCE: dict[str, tuple[str, ...]] = {
    "meetings": ("meetings", WEEKS),
    "network": (WEEKS,),
}

# Tables of dated events whose span gives the working weeks a rate covers. Activity reports and
# Viva queries are totals per period already, and are not held to a span.
EVENT_TABLES = ("meetings", "messages")


def minimum(indicator: Indicator, unit: str, settings: Settings) -> float | None:
    """The least evidence of ``unit`` the indicator is scored on (None: no rule for that unit)."""
    own = dict(indicator.evidence)
    at_least = own.get(unit, MINIMUM.get(unit))
    if at_least == GROUP_SIZE:
        return float(settings.min_group_size)
    return at_least


def units(indicator: Indicator, m: Measurement) -> tuple[str, ...]:
    """The units of evidence checked for one measurement, its own count's first."""
    declared = (m.n_unit, *SOURCE_EVIDENCE.get(indicator.domain, ()), *(u for u, _ in indicator.evidence))
    return tuple(dict.fromkeys(declared))


def amounts(indicator: Indicator, m: Measurement, dataset: Dataset, settings: Settings, tables: tuple[str, ...]) -> dict[str, float]:
    """How much of each unit the value rests on; a unit the sources used cannot count is left out."""
    out: dict[str, float] = {}
    for unit in units(indicator, m):
        if unit == m.n_unit:
            out[unit] = float(m.n)
        elif unit in SOURCES:
            amount = SOURCES[unit](dataset, settings, tables)
            if amount is not None:
                out[unit] = amount
    return out


def shortfall(indicator: Indicator, m: Measurement, dataset: Dataset, settings: Settings, tables: tuple[str, ...]) -> str:
    """Why the value rests on too little data to score ("" when it rests on enough).

    "Too little data to score: 1 meeting over 0.2 working weeks; at least 20 meetings over 2
    working weeks are needed."
    """
    have = amounts(indicator, m, dataset, settings, tables)
    need = {u: at_least for u in have if (at_least := minimum(indicator, u, settings)) is not None}
    if all(have[u] >= at_least for u, at_least in need.items()):
        return ""
    return (
        f"Too little data to score: {_figures(have, need)}; at least {_figures(need, need)} are needed. Load a longer period or more files."
    )


def _figures(values: dict[str, float], units_shown: dict[str, float]) -> str:
    """ "5 people and 1 meeting over 0.2 working weeks": counts joined, weeks last."""
    counts = [number(round(values[u], 1), u) for u in units_shown if u != WEEKS]
    text = " and ".join(counts)
    if WEEKS in units_shown:
        text += f" over {number(round(values[WEEKS], 1), 'working weeks')}"
    return text


def _calendar_meetings(dataset: Dataset, settings: Settings, tables: tuple[str, ...]) -> float | None:
    """Meetings the meeting indicators count (two or more attendees, not all-day), or None without a calendar."""
    mr = meeting_rows(dataset, settings) if "meetings" in tables else None
    return None if mr is None else float(len(mr.meetings))


def _weeks(dataset: Dataset, settings: Settings, tables: tuple[str, ...]) -> float | None:
    """Working weeks spanned by the longest dated source read (first to last day), or None."""
    spans = []
    if "meetings" in tables and (mr := meeting_rows(dataset, settings)) is not None:
        spans.append(mr.weeks)
    if "messages" in tables and (er := email_rows(dataset, settings)) is not None:
        spans.append(working_day_count(er.first_day, er.last_day, settings) / max(1, len(settings.work_days)))
    return max(spans) if spans else None


SOURCES: dict[str, Callable[[Dataset, Settings, tuple[str, ...]], float | None]] = {
    "meetings": _calendar_meetings,
    WEEKS: _weeks,
}
