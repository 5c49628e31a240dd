"""What the report's first page says about the data: whose it is, the period it covers and where it came from.

A board paper that does not say whose organisation and which months it describes cannot be filed,
so these are worked out from the data when nobody says them, and the source of each is stated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.ingest import LoadResult
from diagnostic.roster import INTERNAL
from diagnostic.settings import Settings

NAME_MAX = 120  # characters: a name longer than this is a pasted paragraph, not a name


@dataclass(frozen=True)
class Organisation:
    """The name on the first page and where it came from, so the page can say how to change it."""

    name: str
    source: str  # "given", "settings", "email domain" or "" when nothing names it


def organisation_name(dataset: Dataset, settings: Settings, given: str | None = None) -> Organisation:
    """The name given (a flag or the Report page) wins over the settings, which win over the email domain.

    The domain is a fallback a reader recognises ("northbridge.gov.uk"), never a guess at a
    proper name: the page says it came from the data and how to set the real one.
    """
    for name, source in ((given, "given"), (settings.organisation, "settings")):
        cleaned = " ".join(str(name or "").split())[:NAME_MAX]
        if cleaned:
            return Organisation(cleaned, source)
    domain = internal_domain(dataset)
    return Organisation(domain, "email domain") if domain else Organisation("", "")


def internal_domain(dataset: Dataset) -> str | None:
    """The commonest email domain among the organisation's own people (two equally common: the first alphabetically)."""
    if not dataset.has("people") or "domain" not in dataset.people:
        return None
    people = dataset.people
    own = people["domain"][people["organisation"].eq(INTERNAL).fillna(False).astype(bool)].dropna()
    own = own[own.astype(str).str.strip().ne("")]
    if own.empty:
        return None
    counts = own.astype(str).str.lower().value_counts()
    return min(counts.index[counts == counts.max()])


def data_period(results: list[LoadResult]) -> tuple[dt.date, dt.date] | None:
    """The first and last day any usable file covers; None when no file has dates (a roster alone)."""
    spans = [r.span() for r in results if r.usable]
    starts = [pd.Timestamp(s).date() for s, _ in spans if s is not None]
    ends = [pd.Timestamp(e).date() for _, e in spans if e is not None]
    if not starts or not ends:
        return None
    return min(starts), max(ends)


def period_text(period: tuple[dt.date, dt.date] | None) -> str:
    """ "6 January 2025 to 28 March 2025", or a plain statement that the files carry no dates."""
    if period is None:
        return "The files loaded carry no dates, so the period they cover is not known."
    start, end = period
    return f"{_day(start)} to {_day(end)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def sources_used(results: list[LoadResult]) -> list[tuple[str, list[str]]]:
    """Each kind of data with the formats it came from and how many files of each, sorted so file order never shows."""
    by_kind: dict[str, dict[str, int]] = {}
    for r in results:
        if r.usable:
            formats = by_kind.setdefault(r.kind or "other", {})
            formats[r.format_label] = formats.get(r.format_label, 0) + 1
    return [
        (kind.replace("_", "-"), [label if n == 1 else f"{label} ({n} files)" for label, n in sorted(formats.items())])
        for kind, formats in sorted(by_kind.items())
    ]
