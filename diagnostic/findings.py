"""Cross-file findings: what is true of the files together, not of any one of them.

A file can be perfectly read and still not fit the others: it covers another period, its people
are not the people of the other files, or a whole domain has no source at all. Each finding has a
plain message and the files it concerns, so the command line can print it under its table and add
it to those files' records, and the app can show it above Data health. :func:`cross_file_findings`
is the one place they are worked out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from diagnostic.dataset import Dataset
from diagnostic.indicators import REGISTRY
from diagnostic.indicators.base import DOMAIN_TITLES, DOMAINS
from diagnostic.joins import failed_joins, unshared_pairs
from diagnostic.periods import Period, activity_spans, chosen_period, groups, parse_period, rows_outside, shown_name
from diagnostic.settings import Settings
from diagnostic.wording import number

PERIOD, JOIN, MISSING = "period", "join", "missing"

# What to load for a domain with no source at all (each domain's own words, for a leader reading Home).
SOURCE_ADVICE: dict[str, str] = {
    "meetings": "calendar exports (Outlook CSV or .ics), Teams attendance reports or a Viva Insights meeting query",
    "email": "an Exchange message trace or the Microsoft 365 email activity report",
    "audits": "the case audit records",
    "feedback": "feedback forms, surveys or the complaints and compliments log",
    "network": "a message trace, calendar exports with attendees or a Viva Insights person-to-person query",
    "self_assessment": "the self-assessment responses",
    "language": "policies or letters to families",
}
ROSTER_ADVICE = "No staff roster was loaded, so teams, supervision and management layers cannot be measured. Load the staff roster."


@dataclass(frozen=True)
class Finding:
    """One cross-file warning: what it is about (``topic``), the plain message and the files it concerns."""

    topic: str
    message: str
    files: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The ``score --json`` record of a warning."""
        return {"topic": self.topic, "message": self.message, "files": list(self.files)}


def cross_file_findings(dataset: Dataset, results: Sequence, settings: Settings) -> list[Finding]:
    """Every cross-file warning for the files loaded (LoadResult) and the dataset analysed (in its period).

    In a fixed order: the period, then populations that do not join, then missing sources.
    """
    if not any(r.usable for r in results):
        return []
    return [*period_findings(results, settings), *join_findings(dataset, results, settings), *missing_findings(dataset)]


def period_findings(results: Sequence, settings: Settings) -> list[Finding]:
    """Files that cover different periods, the period chosen, and the files or rows left outside it."""
    period = chosen_period(results, settings)
    if period is None:
        return []
    spans = activity_spans(results)
    chosen = "the period you chose" if parse_period(settings.period) else "the period where most of the activity data sits"
    out = []
    found = groups(spans)
    if len(found) > 1:
        ranges = "; ".join(f"{Period(min(s.first for s in g), max(s.last for s in g)).label()}" for g in found)
        out.append(
            Finding(
                PERIOD,
                f"The meeting, email and collaboration files cover {len(found)} periods that do not overlap ({ranges}). "
                f"The figures use {period.label()}, {chosen}. To use another period, choose it on Home (or give --period FROM:TO on the command line).",
                tuple(s.file for s in spans),
            )
        )
    outside = [s.file for s in spans if not period.overlaps(s.first, s.last)]
    if outside:
        out.append(
            Finding(
                PERIOD,
                f"{number(len(outside), 'files')} fall outside the analysis period ({period.label()}) and are left out of the figures: "
                f"{', '.join(outside)}.",
                tuple(outside),
            )
        )
    partly = [(shown_name(r), rows_outside(r.dataset, period)) for r in results if r.usable and shown_name(r) in {s.file for s in spans}]
    partly = [(f, n) for f, n in partly if n and f not in outside]
    if partly:
        rows = sum(n for _, n in partly)
        each = ", ".join(f"{f} ({number(n, 'rows')})" for f, n in partly)
        out.append(
            Finding(
                PERIOD,
                f"{number(rows, 'rows')} of {number(len(partly), 'files')} fall outside the analysis period ({period.label()}) "
                f"and are left out of the figures: {each}.",
                tuple(f for f, _ in partly),
            )
        )
    return out


def join_findings(dataset: Dataset, results: Sequence, settings: Settings) -> list[Finding]:
    """Sources describing people that have less than half of their people in common."""
    pairs = [Finding(JOIN, p.message(), p.files(results)) for p in unshared_pairs(dataset, settings)]
    return pairs + [Finding(JOIN, j.message(), j.files(results)) for j in failed_joins(dataset, settings)]


def missing_findings(dataset: Dataset) -> list[Finding]:
    """Domains with no source at all, and the roster when it is missing, each with what to load."""
    out = []
    for domain in DOMAINS:
        indicators = [i for i in REGISTRY if i.domain == domain]
        if indicators and not any(dataset.has(t) for i in indicators for t in i.needs):
            out.append(
                Finding(MISSING, f"Nothing was loaded for {DOMAIN_TITLES[domain]}, so it is not scored. Load {SOURCE_ADVICE[domain]}.")
            )
    people = dataset.people
    if people is None or people.empty or people["team"].isna().all():
        out.append(Finding(MISSING, ROSTER_ADVICE))
    return out
