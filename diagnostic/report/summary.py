"""The report's first page: whose data, which period, which sources, and a half-page summary of the results.

A leader reads this page and perhaps no other, so every sentence carries its number and unit, and
an indicator the data could not support is mentioned only under "What was not measured", never as
a strength or a weakness.
"""

from __future__ import annotations

from diagnostic.findings import period_findings
from diagnostic.indicators.base import BAND_LABELS, DOMAIN_TITLES
from diagnostic.ingest import LoadResult
from diagnostic.periods import chosen_period
from diagnostic.report.about import Organisation, data_period, period_text, sources_used
from diagnostic.report.markup import band_badge, esc, section
from diagnostic.scorecard import MIN_DOMAINS_FOR_INDEX, IndicatorResult, Scorecard
from diagnostic.settings import Settings
from diagnostic.wording import number, points

HIGHLIGHTS = 3  # strongest conditions and most concrete, each
NAME_SOURCES = {
    "email domain": "The name is the staff's commonest email domain: set the organisation's name in the settings or on the Report page.",
    "": "No name was given and no email domain was found: set the organisation's name in the settings or on the Report page.",
}


def reach(r: IndicatorResult) -> float:
    """How far an indicator's value lies along its scale, not capped at 0 or 100.

    Many indicators sit at 0 or 100; among them, the one furthest past its line is the strongest
    (or the most concrete), so the choice comes from the values, never from the catalogue's order.
    """
    return 100 * (float(r.measurement.value) - r.concrete_at) / (r.compost_at - r.concrete_at)


def scored(card: Scorecard) -> list[IndicatorResult]:
    """The indicators with a score, furthest towards compost first (equal reach: by indicator id)."""
    results = [r for r in card.results if r.score is not None]
    return sorted(results, key=lambda r: (-reach(r), r.indicator.id))


def strongest(card: Scorecard, n: int = HIGHLIGHTS) -> list[IndicatorResult]:
    """The ``n`` indicators furthest towards compost."""
    return scored(card)[:n]


def most_concrete(card: Scorecard, n: int = HIGHLIGHTS) -> list[IndicatorResult]:
    """The ``n`` indicators furthest towards concrete, most concrete first, never one already among the strongest."""
    ranked = scored(card)
    rest = ranked[min(n, len(ranked)) :]
    return list(reversed(rest))[:n]


def sentence(r: IndicatorResult, with_domain: bool = True) -> str:
    """One plain sentence: the indicator, its value with unit, its score and band (and its domain, off its domain's page)."""
    band = BAND_LABELS[r.band].lower()
    domain = f" ({DOMAIN_TITLES.get(r.indicator.domain, r.indicator.domain).lower()})" if with_domain else ""
    if r.indicator.unit == "points":  # the value is already a score out of 100: saying it twice reads as a slip
        return f"{r.indicator.title}{domain}: {points(r.score)} points out of 100 ({band})."
    value = number(r.measurement.value, r.indicator.unit)
    return f"{r.indicator.title}{domain}: {value}, which scores {points(r.score)} out of 100 ({band})."


def not_measured(card: Scorecard) -> list[str]:
    """What the data could not support, with the reason its measurement gives.

    Indicators of one domain missing for the same reason share a sentence, so that a partial
    upload (calendars only) still leaves a short first page.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for r in sorted(card.results, key=lambda r: (r.indicator.domain, r.indicator.id)):
        if r.score is None:
            groups.setdefault((r.indicator.domain, _reason(r)), []).append(r.indicator.title)
    lines = []
    for (domain, why), titles in groups.items():
        named = (
            titles[0]
            if len(titles) == 1
            else f"{', '.join(titles[:-1])} and {titles[-1]}"
            if len(titles) <= 3
            else f"{titles[0]}, {titles[1]} and {len(titles) - 2} more"
        )
        one = len(titles) == 1
        if why.lower().startswith("needs"):
            why = ("it needs" if one else "they need") + why[len("needs") :]
        lines.append(f"{named} ({DOMAIN_TITLES.get(domain, domain).lower()}) {'was' if one else 'were'} not measured: {why}")
    return lines


def _reason(r: IndicatorResult) -> str:
    """The measurement's own reason, as the end of a sentence."""
    why = (r.measurement.note or "").removeprefix("Not computed:").strip() or "the files loaded do not hold what it needs."
    return why[:1].lower() + why[1:]


def cover_section(card: Scorecard, foot: str = "") -> str:
    """The first page's summary: the index, the strongest and most concrete conditions, what was not measured, then ``foot``."""
    if card.score is None:
        index = (
            f"<p class='index'><span class='big'>Partial profile</span></p><p>There is not yet enough data for a compost index: "
            f"it needs at least {MIN_DOMAINS_FOR_INDEX} domains with scores. <span class='coverage'>{esc(card.coverage_line())}</span></p>"
        )
    else:
        index = (
            f"<p class='index'>Compost index <span class='big'>{esc(points(card.score))}</span> "
            f"<span class='outof'>out of 100</span> {band_badge(card.band)} <span class='coverage'>{esc(card.coverage_line())}</span></p>"
        )
    parts = [index]
    strong, weak = strongest(card), most_concrete(card)
    if strong:
        parts.append(_list("The strongest conditions", strong))
    if weak:
        parts.append(_list("The most concrete", weak))
    missing = not_measured(card)
    said = "".join(f"<li>{esc(line)}</li>" for line in missing) or "<li>Every indicator could be measured from the files loaded.</li>"
    parts.append(f"<h3>What was not measured</h3><ul class='tight'>{said}</ul>{foot}")
    return section("summary", "Summary", "".join(parts))


def _list(heading: str, chosen: list[IndicatorResult]) -> str:
    return f"<h3>{esc(heading)}</h3><ul class='tight'>{''.join(f'<li>{esc(sentence(r))}</li>' for r in chosen)}</ul>"


def title_page(organisation: Organisation, results: list[LoadResult], title: str, settings: Settings) -> str:
    """The top of the first page: whose data and the period its figures describe.

    When the files cover several periods, the figures describe one of them (the analysis period),
    so the page names that period and the files or rows left out, never the span of every file.
    """
    name = organisation.name or "Organisation not named"
    top = f"<p class='eyebrow'>{esc(title)}</p><h1>{esc(name)}</h1>"
    period = chosen_period(results, settings)
    if period is None:
        return top + f"<p class='period'><strong>Period covered:</strong> {esc(period_text(data_period(results)))}</p>"
    left_out = "".join(f"<p>{esc(f.message)}</p>" for f in period_findings(results, settings))
    return top + f"<p class='period'><strong>Period analysed:</strong> {esc(period.label())}</p>{left_out}"


def provenance(organisation: Organisation, results: list[LoadResult], made_on: str) -> str:
    """The foot of the first page: the sources used, when the report was made and where the name came from."""
    sources = "".join(
        f"<li><strong>{esc(kind.capitalize())}</strong>: {esc('; '.join(labels))}</li>" for kind, labels in sources_used(results)
    )
    note = NAME_SOURCES.get(organisation.source, "")
    return (
        f"<h3>Sources used</h3><ul class='sources'>{sources or '<li>No files were loaded.</li>'}</ul>"
        f"<p class='generated'>Report made on {esc(made_on)}.{' ' + esc(note) if note else ''}</p>"
    )
