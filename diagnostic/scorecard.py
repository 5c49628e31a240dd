"""Indicator results -> domain scores -> the compost index, always with coverage.

Rules (``../shared/indicators.md`` section D): an indicator scores linearly between its
thresholds; a domain score is the weighted mean of its computed indicators and is shown only when
enough of them were computed; the compost index is the mean of the scored domains and is shown
only when at least three domains have scores. Nothing missing is ever imputed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from diagnostic.dataset import Dataset
from diagnostic.indicators import REGISTRY, Indicator, Measurement, band, not_computed, score_value
from diagnostic.indicators.base import DOMAIN_TITLES, DOMAINS
from diagnostic.indicators.evidence import shortfall
from diagnostic.joins import unjoined
from diagnostic.memo import IdentityMemo
from diagnostic.settings import Settings

# The canonical tables each domain's indicators may read (an indicator may name fewer: see
# ``reads``). A scenario that changes only audits leaves every other domain's tables untouched
# (same objects), so their measurements are reused. "teams" is the roster without who manages
# whom (see Dataset.key): removing a management layer leaves the domains that read only teams as
# they were. tests/test_scorecard_cache.py checks each indicator computes the same values from
# these tables alone, and the same values whoever manages whom where it reads only teams.
DOMAIN_TABLES: dict[str, tuple[str, ...]] = {
    "meetings": ("people", "meetings", "attendance", "volumes"),
    "email": ("teams", "messages", "volumes"),
    "audits": ("teams", "audits"),
    "feedback": ("teams", "feedback", "volumes"),  # volumes: staff-survey answers a Viva person query carries
    # volumes and group_ties: a Viva person query's network sizes and collaboration hours, and group-to-group hours
    "network": ("people", "messages", "attendance", "meetings", "ties", "volumes", "group_ties"),
    "self_assessment": ("responses",),
    "language": ("documents",),
}
MEMO_SIZE = 1024
MIN_DOMAINS_FOR_INDEX = 3
MIN_INDICATORS_FOR_DOMAIN = 3
MIN_DOMAIN_SHARE = 0.5


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    measurement: Measurement
    concrete_at: float
    compost_at: float
    overridden: bool = False

    @property
    def score(self) -> float | None:
        v = self.measurement.value
        if v is None or not math.isfinite(v):
            return None
        return score_value(v, self.concrete_at, self.compost_at)

    @property
    def band(self) -> str | None:
        return band(self.score)

    def to_dict(self) -> dict:
        """The ``score --json`` record for one indicator (DESIGN.md keys plus explanation)."""
        ind, m = self.indicator, self.measurement
        return {
            "id": ind.id,
            "domain": ind.domain,
            "title": ind.title,
            "question": ind.question,
            "value": _round(m.value),
            "unit": ind.unit,
            "score": _round(self.score, 1),
            "band": self.band,
            "n": int(m.n),
            "n_unit": m.n_unit,
            "coverage": _round(m.coverage, 3),
            "coverage_of": m.coverage_population,
            "too_little_data": m.too_little_data,
            "concrete_at": self.concrete_at,
            "compost_at": self.compost_at,
            "source": ind.source,
            "seed": ind.seed,
            "caveat": ind.caveat,
            "estimate": ind.estimate,
            "note": m.note,
            "thresholds_changed": self.overridden,
        }


@dataclass(frozen=True)
class DomainScore:
    id: str
    score: float | None
    computed: int
    total: int
    band: str | None = None

    @property
    def coverage(self) -> float:
        return self.computed / self.total if self.total else 0.0

    @property
    def title(self) -> str:
        return DOMAIN_TITLES[self.id]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "score": _round(self.score, 1),
            "coverage": _round(self.coverage, 3),
            "band": self.band,
            "computed": self.computed,
            "indicators": self.total,
        }


@dataclass(frozen=True)
class Scorecard:
    results: tuple[IndicatorResult, ...]
    domains: tuple[DomainScore, ...]
    score: float | None
    settings_changed: tuple[str, ...] = field(default=())

    @property
    def band(self) -> str | None:
        return band(self.score)

    @property
    def scored_domains(self) -> list[DomainScore]:
        return [d for d in self.domains if d.score is not None]

    @property
    def coverage(self) -> float:
        """Share of the catalogue's indicators that could be computed from the data loaded."""
        total = sum(d.total for d in self.domains)
        return sum(d.computed for d in self.domains) / total if total else 0.0

    def coverage_line(self) -> str:
        """Plain English: "Index from 4 of 7 domains, 31 of 50 indicators (62%)"."""
        computed = sum(d.computed for d in self.domains)
        total = sum(d.total for d in self.domains)
        pct = round(100 * self.coverage)
        if self.score is None:
            return f"Partial profile: {len(self.scored_domains)} of {len(self.domains)} domains scored, {computed} of {total} indicators computed ({pct}%)."
        return f"Index from {len(self.scored_domains)} of {len(self.domains)} domains, {computed} of {total} indicators ({pct}%)."

    def result(self, indicator_id: str) -> IndicatorResult:
        return next(r for r in self.results if r.indicator.id == indicator_id)

    def domain(self, domain_id: str) -> DomainScore:
        return next(d for d in self.domains if d.id == domain_id)

    def to_dict(self) -> dict:
        return {
            "overall": {
                "score": _round(self.score, 1),
                "coverage": _round(self.coverage, 3),
                "band": self.band,
                "coverage_line": self.coverage_line(),
            },
            "domains": [d.to_dict() for d in self.domains],
            "indicators": [r.to_dict() for r in self.results],
            "settings_changed": list(self.settings_changed),
        }


def measure(indicator: Indicator, dataset: Dataset, settings: Settings) -> Measurement:
    """Run one indicator; a missing table is "not computed", never zero, and thin evidence is not scored.

    Results are remembered per indicator, per identity of the tables it reads, and per settings,
    so moving a scenario lever recomputes only the indicators whose tables it changed.
    """
    if not any(dataset.has(t) for t in indicator.needs):
        tables = " or ".join(indicator.needs)
        return not_computed(f"Not computed: needs {tables} data, which the files loaded do not include.")
    frames = tuple(dataset.key(t) for t in reads(indicator))
    return _MEMO.get((indicator, *frames), settings.key, lambda: _with_enough_evidence(indicator, dataset, settings))


def _with_enough_evidence(indicator: Indicator, dataset: Dataset, settings: Settings) -> Measurement:
    """The indicator's measurement, or, below its minimum evidence, the same without a value.

    The value is withheld rather than shown unscored: a figure from one meeting, printed beside
    figures that are scored, reads as a finding whatever label it carries.
    """
    if indicator.joins and (common := unjoined(dataset, settings, reads(indicator))) is not None:
        return not_computed(
            f"Not computed: only {common.in_common:,} of the {common.people:,} staff in the activity data have a known team, "
            "under half, so a team-level figure would rest on people whose team is not known. Load a roster of the same staff."
        )
    m = indicator.compute(dataset, settings)
    short = shortfall(indicator, m, dataset, settings, reads(indicator)) if m.computed else ""
    if m.computed and not short:
        return m
    coarser = _from_activity_totals(indicator, dataset, settings)
    if coarser is not None:
        why = short.removeprefix("Too little data to score: ") if short else m.note.removeprefix("Not computed: ")
        return replace(coarser, note=f"From the activity totals, because the finer files gave too little: {why} {coarser.note}".strip())
    return m if not m.computed else replace(m, value=None, by_team=None, note=short, too_little_data=True)


def _from_activity_totals(indicator: Indicator, dataset: Dataset, settings: Settings) -> Measurement | None:
    """The indicator from the activity totals alone (Microsoft 365 or Viva Insights ``volumes``),
    when its finer sources (a calendar, a message trace, a network of ties) gave no value or too
    little to score: a meeting query of three meetings must not hide a person query of 35 weeks.
    None when there are no totals, or they too are too little."""
    if "volumes" not in indicator.needs or not dataset.has("volumes"):
        return None
    finer = indicator.needs[: indicator.needs.index("volumes")]
    if not any(dataset.has(t) for t in finer):
        return None  # the totals were the source already
    totals = dataset.with_tables(**dict.fromkeys(finer, None))
    m = indicator.compute(totals, settings)
    if not m.computed or shortfall(indicator, m, totals, settings, reads(indicator)):
        return None
    return m


def reads(indicator: Indicator) -> tuple[str, ...]:
    """The tables an indicator's value depends on: its own list, else its domain's."""
    return indicator.reads or DOMAIN_TABLES[indicator.domain]


_MEMO: IdentityMemo[Measurement] = IdentityMemo(MEMO_SIZE)


def build_scorecard(dataset: Dataset, settings: Settings, indicators: tuple[Indicator, ...] = REGISTRY) -> Scorecard:
    """Compute every indicator and roll them up. Deterministic: same input, same output."""
    results = []
    for ind in indicators:
        override = settings.thresholds.get(ind.id, {})
        concrete = float(override.get("concrete_at", ind.concrete_at))
        compost = float(override.get("compost_at", ind.compost_at))
        results.append(IndicatorResult(ind, measure(ind, dataset, settings), concrete, compost, bool(override)))
    return roll_up(tuple(results), settings)


def roll_up(results: tuple[IndicatorResult, ...], settings: Settings) -> Scorecard:
    """Domain scores and the index from indicator results, by the rules above.

    Public so that a reduced set of results (a benchmark pack leaves out figures resting on too
    few records) rolls up by the very same rules, and a left-out figure cannot be worked back out
    from its domain's score.
    """
    domains = tuple(_domain_score(d, [r for r in results if r.indicator.domain == d], settings) for d in DOMAINS)
    scored = [d.score for d in domains if d.score is not None]
    overall = sum(scored) / len(scored) if len(scored) >= MIN_DOMAINS_FOR_INDEX else None
    return Scorecard(results, domains, overall, tuple(settings.changed_from_defaults()))


def _domain_score(domain: str, results: list[IndicatorResult], settings: Settings) -> DomainScore:
    scored = [r for r in results if r.score is not None]
    total = len(results)
    needed = min(MIN_INDICATORS_FOR_DOMAIN, total)
    score = None
    if total and len(scored) >= needed and len(scored) / total >= MIN_DOMAIN_SHARE:
        weights = [settings.weights.get(r.indicator.id, r.indicator.weight) for r in scored]
        if sum(weights) > 0:
            score = sum(w * r.score for w, r in zip(weights, scored)) / sum(weights)
    return DomainScore(domain, score, len(scored), total, band(score))


def _round(value: float | None, digits: int = 4) -> float | None:
    if value is None:
        return None
    value = float(value)
    return round(value, digits) if math.isfinite(value) else None
