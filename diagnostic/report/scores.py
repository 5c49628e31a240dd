"""The report's annex of every indicator: each domain's table, then each indicator's question, thresholds and caveats."""

from __future__ import annotations

from diagnostic.indicators.base import BAND_LABELS, DOMAIN_TITLES
from diagnostic.report.markup import band_badge, captioned_table, esc, section
from diagnostic.scorecard import (
    MIN_DOMAIN_SHARE,
    MIN_INDICATORS_FOR_DOMAIN,
    IndicatorResult,
    Scorecard,
)
from diagnostic.wording import TOO_LITTLE, coverage, number, percent, points

HEADING = "Annex A: every indicator"


def domains_section(card: Scorecard) -> str:
    """The per-indicator reference, domain by domain: kept out of the board pages, complete here."""
    parts = []
    for d in card.domains:
        results = [r for r in card.results if r.indicator.domain == d.id]
        counted = esc(f"{d.computed} of {d.total} indicators computed")
        if d.score is not None:
            status = f"Score {esc(points(d.score))} out of 100 {band_badge(d.band)} · {counted}."
        else:
            status = f"Not scored: {counted}. A domain score needs at least {MIN_INDICATORS_FOR_DOMAIN} indicators and at least {percent(MIN_DOMAIN_SHARE)} of them."
        head = f'<div class="domain" id="reference-{esc(d.id)}"><h3>{esc(d.title)}</h3><p>{status}</p>'
        if not results:
            parts.append(head + "<p>No indicators are defined for this domain yet.</p></div>")
            continue
        rows = [_indicator_row(r) for r in results]
        table = captioned_table(
            f"{DOMAIN_TITLES[d.id]} indicators",
            ["Indicator", "Value", "Score (0 to 100)", "Band", "Rests on", "Coverage"],
            rows,
            numeric=(1, 2, 4, 5),
        )
        details = "".join(_indicator_detail(r) for r in results)
        parts.append(f"{head}{table}<h4>About each indicator</h4>{details}</div>")
    intro = (
        "<p>Each indicator answers one question. Its score is linear between two thresholds: the value that scores 0 "
        "(concrete) and the value that scores 100 (compost). An indicator the data cannot support is shown as not "
        "computed; nothing missing is filled in.</p>"
    )
    return section("domains", HEADING, intro + "".join(parts))


def _indicator_row(r: IndicatorResult) -> list[str]:
    m = r.measurement
    value = TOO_LITTLE if m.too_little_data else number(m.value, r.indicator.unit)
    return [
        esc(r.indicator.title) + (' <span class="tag">estimate</span>' if r.indicator.estimate else ""),
        esc(value),
        esc(points(r.score)),
        band_badge(r.band) if r.band else "",
        esc(number(m.n, m.n_unit)),
        esc(coverage(m.coverage, m.coverage_population)),
    ]


def _indicator_detail(r: IndicatorResult) -> str:
    ind, m = r.indicator, r.measurement
    unit = ind.unit
    thresholds = f"Scores 0 at {number(r.concrete_at, unit)} and 100 at {number(r.compost_at, unit)}."
    if r.overridden:
        thresholds += " These thresholds were changed in the settings."
    items = [
        ("Question", ind.question),
        ("Result", _result_line(r)),
        ("Thresholds", thresholds),
        ("Source of thresholds", ind.source),
        ("Idea it makes measurable", ind.seed),
        ("Read with care", ind.caveat),
    ]
    if m.note:
        items.append(("Note", m.note))
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items if v)
    return f'<div class="indicator"><h5>{esc(ind.title)}</h5><dl>{rows}</dl></div>'


def _result_line(r: IndicatorResult) -> str:
    m = r.measurement
    if m.too_little_data:
        return m.note
    if m.value is None:
        return "Not computed."
    rests_on = f"rests on {number(m.n, m.n_unit)}"
    if m.coverage is not None:
        rests_on += f"; coverage {coverage(m.coverage, m.coverage_population)}"
    return f"{number(m.value, r.indicator.unit)}: score {points(r.score)}, {BAND_LABELS[r.band].lower()}; {rests_on}."
