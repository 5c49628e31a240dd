"""What each domain is read from, what of it is loaded, what is missing and what it would add.

Users find out what their files cannot support domain by domain, on Home, before they meet a
column of "not computed" indicators. The kinds of export are the format registry's kinds
(:data:`diagnostic.ingest.base.KINDS`); the tables a domain reads are the scorecard's
(:data:`diagnostic.scorecard.DOMAIN_TABLES`); this module adds only what a kind of export is
called and what it brings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import DOMAIN_TITLES, DOMAINS
from diagnostic.ingest import TIME_COLUMNS, LoadResult
from diagnostic.scorecard import DOMAIN_TABLES


@dataclass(frozen=True)
class Source:
    """A kind of export in words: what to load, and what it adds."""

    name: str  # what to load, as a user would ask for it
    adds: str  # what it brings, after a colon


# One entry per kind of export the format registry reads (tests check every kind but "unknown").
SOURCES: dict[str, Source] = {
    "meetings": Source(
        "calendars (.ics or Outlook CSV), Teams attendance reports or a Viva Insights meeting query",
        "meeting time, size, length and who meets whom",
    ),
    "email": Source(
        "a message trace or the Microsoft 365 email activity report",
        "email load, email out of hours and who writes to whom",
    ),
    "collaboration": Source(
        "Viva Insights person or person-to-person queries, or the Teams user activity report",
        "collaboration hours and working ties between people",
    ),
    "audits": Source("case audit records", "what audits look at, whether children and families are heard, whether actions are done"),
    "feedback": Source(
        "a complaints log or feedback survey results",
        "how fast complaints are answered and whether feedback changes anything",
    ),
    "roster": Source("a staff roster", "teams, supervision and management layers"),
    "documents": Source("policies, letters or templates (Word, PDF, text or Markdown)", "the language the service uses with families"),
    "self_assessment": Source("the self-assessment", "the leadership team's own view, set beside the data"),
}

# The kinds of export each domain reads: any one of the first group gives it data; each of the
# second adds to it. A test checks these against the tables each domain's indicators read.
DOMAIN_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "meetings": (("meetings", "collaboration"), ("roster",)),
    "email": (("email", "collaboration"), ("roster",)),
    "audits": (("audits",), ("roster",)),
    "feedback": (("feedback",), ("roster",)),
    "network": (("email", "meetings", "collaboration"), ("roster",)),
    "self_assessment": (("self_assessment",), ()),
    "language": (("documents",), ()),
}

# The scorecard's pseudo-table "teams" is the roster without who manages whom.
_TABLE_OF = {"teams": "people"}
# A domain that reads only some columns of the activity totals: its period comes from the rows that
# fill them (a person query's staff-survey answers), not from every email or meeting report's weeks.
VOLUME_COLUMNS = {
    "feedback": ("speak_my_mind", "workload_rating"),
    "network": ("collaboration_hours", "internal_network_size", "external_network_size", "collaboration_span"),
}


@dataclass(frozen=True)
class LoadedFile:
    """A file that feeds a domain, as Home lists it (the name shown, never one with people in it)."""

    file: str
    label: str  # the format's label


@dataclass(frozen=True)
class DomainSources:
    """One domain: the files that feed it, the kinds of export it lacks, and the period its data covers.

    ``needs`` are the kinds of export any one of which would give the domain data (empty once one
    is loaded); ``would_add`` the further kinds it reads that are not loaded.
    """

    domain: str
    title: str
    loaded: tuple[LoadedFile, ...]
    needs: tuple[str, ...]
    would_add: tuple[str, ...]
    start: pd.Timestamp | None
    end: pd.Timestamp | None


def tables(domain: str) -> tuple[str, ...]:
    """The canonical tables a domain's indicators read."""
    return tuple(dict.fromkeys(_TABLE_OF.get(t, t) for t in DOMAIN_TABLES[domain]))


def feeds(result: LoadResult, domain: str) -> bool:
    """True when a file is of a kind the domain reads and brought a table it reads, or fills the
    columns of the activity totals the domain reads (a person query's staff-survey answers).

    Every export lists the people it names, so the people table counts only from a roster: a
    calendar is not where a domain's teams come from.
    """
    main, extra = DOMAIN_KINDS[domain]
    read = tuple(t for t in tables(domain) if t != "people" or result.kind == "roster")
    brings = any(fills_columns(result, domain) if _by_columns(t, domain) else result.dataset.has(t) for t in read)
    return (result.kind in main + extra and brings) or fills_columns(result, domain)


def _by_columns(table: str, domain: str) -> bool:
    """True when a domain reads only some columns of a table, so a file brings it only by filling them."""
    return table == "volumes" and domain in VOLUME_COLUMNS


def fills_columns(result: LoadResult, domain: str) -> bool:
    """True when a file fills any of the activity-total columns a domain reads on their own."""
    volumes = result.dataset.volumes
    columns = [c for c in VOLUME_COLUMNS.get(domain, ()) if volumes is not None and c in volumes]
    return bool(columns) and bool(volumes[columns].notna().to_numpy().any())


def domain_sources(dataset: Dataset, results: Iterable[LoadResult]) -> list[DomainSources]:
    """Per domain, in the scorecard's order: what is loaded for it, what is missing, and its period."""
    results = list(results)
    out = []
    for domain in DOMAINS:
        main, extra = DOMAIN_KINDS[domain]
        fed = [r for r in results if feeds(r, domain)]
        kinds = {r.kind for r in fed}
        needs = () if kinds & set(main) or any(fills_columns(r, domain) for r in fed) else main
        would_add = tuple(k for k in extra if k not in kinds)
        loaded = sorted({LoadedFile(r.shown_file or r.file, r.format_label) for r in fed}, key=lambda f: (f.label, f.file))
        start, end = period(dataset, domain)
        out.append(DomainSources(domain, DOMAIN_TITLES[domain], tuple(loaded), needs, would_add, start, end))
    return out


def period(dataset: Dataset, domain: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The first and last moment in the domain's tables (None when none of them carries dates)."""
    lows, highs = [], []
    for table in tables(domain):
        frame = getattr(dataset, table)
        if frame is not None and _by_columns(table, domain):
            frame = frame[frame[list(VOLUME_COLUMNS[domain])].notna().any(axis=1)]
        for column in TIME_COLUMNS.get(table, ()) if frame is not None else ():
            values = frame[column].dropna()
            if len(values):
                lows.append(values.min())
                highs.append(values.max())
    return (min(lows), max(highs)) if lows else (None, None)
