"""The report's compost index and its domains: the summary, the band key, the strip and every indicator."""

from __future__ import annotations

from diagnostic.dataset import Dataset
from diagnostic.indicators.base import BAND_LABELS, DOMAIN_TITLES
from diagnostic.report.markup import FigureCounter, band_badge, captioned_table, esc, figure, section
from diagnostic.scorecard import (
    MIN_DOMAIN_SHARE,
    MIN_DOMAINS_FOR_INDEX,
    MIN_INDICATORS_FOR_DOMAIN,
    IndicatorResult,
    Scorecard,
)
from diagnostic.settings import Settings
from diagnostic.wording import number, percent, points


def summary_section(card: Scorecard, figures: FigureCounter) -> str:
    if card.score is None:
        headline = '<p class="index"><span class="big">Partial profile</span></p>'
        why = f"<p>There is not yet enough data for a compost index: it needs at least {MIN_DOMAINS_FOR_INDEX} domains with scores.</p>"
    else:
        headline = f'<p class="index"><span class="big">{esc(points(card.score))}</span> <span class="outof">out of 100</span> {band_badge(card.band)}</p>'
        why = ""
    changed = f"<p>Settings changed from the defaults: {esc('; '.join(card.settings_changed))}.</p>" if card.settings_changed else ""
    rows = [
        [
            f'<a href="#domain-{esc(d.id)}">{esc(d.title)}</a>',
            esc(points(d.score)),
            band_badge(d.band) if d.band else "",
            esc(f"{d.computed} of {d.total}"),
        ]
        for d in card.domains
    ]
    domains = captioned_table(
        "Domain scores (0 = concrete, 100 = compost)",
        ["Domain", "Score (0 to 100)", "Band", "Indicators computed"],
        rows,
        numeric=(1,),
    )
    body = (
        "<p>This report scores the everyday infrastructure around relationships: meetings, email, audits, feedback and "
        "the collaboration network. Each is placed on a scale from concrete (it gets in the way of relationships) to "
        "compost (it helps them grow).</p>"
        f"{headline}<p class='coverage'>{esc(card.coverage_line())}</p>{why}{changed}{_strip(card, figures)}{domains}{_band_key()}"
    )
    return section("summary", "Compost index", body)


def _band_key() -> str:
    items = [("concrete", "0 to 24"), ("cracks", "25 to 49"), ("soil", "50 to 74"), ("compost", "75 to 100")]
    parts = "".join(f"<li>{band_badge(b)} {esc(r)} points</li>" for b, r in items)
    return (
        f'<div class="key"><p>Bands:</p><ul>{parts}</ul>'
        "<p class='muted'>Bands are coarse on purpose: most thresholds are judgement, so a difference under 5 points means little.</p></div>"
    )


def _strip(card: Scorecard, figures: FigureCounter) -> str:
    from diagnostic.charts.scorecard import scorecard_strip

    spec = scorecard_strip(card)
    return figure(spec, figures) if spec is not None else ""


def domains_section(card: Scorecard, dataset: Dataset, settings: Settings, figures: FigureCounter) -> str:
    parts = []
    for d in card.domains:
        results = [r for r in card.results if r.indicator.domain == d.id]
        counted = esc(f"{d.computed} of {d.total} indicators computed")
        if d.score is not None:
            status = f"Score {esc(points(d.score))} out of 100 {band_badge(d.band)} · {counted}."
        else:
            status = f"Not scored: {counted}. A domain score needs at least {MIN_INDICATORS_FOR_DOMAIN} indicators and at least {percent(MIN_DOMAIN_SHARE)} of them."
        head = f'<div class="domain" id="domain-{esc(d.id)}"><h3>{esc(d.title)}</h3><p>{status}</p>'
        if not results:
            parts.append(head + "<p>No indicators are defined for this domain yet.</p></div>")
            continue
        charts = "".join(figure(spec, figures) for spec in _domain_charts(d.id, dataset, card, settings))
        rows = [_indicator_row(r) for r in results]
        table = captioned_table(
            f"{DOMAIN_TITLES[d.id]} indicators",
            ["Indicator", "Value", "Score (0 to 100)", "Band", "Rests on", "Coverage"],
            rows,
            numeric=(1, 2, 4, 5),
        )
        details = "".join(_indicator_detail(r) for r in results)
        parts.append(f"{head}{table}{charts}<h4>About each indicator</h4>{details}</div>")
    intro = (
        "<p>Each indicator answers one question. Its score is linear between two thresholds: the value that scores 0 "
        "(concrete) and the value that scores 100 (compost). An indicator the data cannot support is shown as not "
        "computed; nothing missing is filled in.</p>"
    )
    return section("domains", "Domains and indicators", intro + "".join(parts))


def _indicator_row(r: IndicatorResult) -> list[str]:
    m = r.measurement
    value = number(m.value, r.indicator.unit)
    return [
        esc(r.indicator.title) + (' <span class="tag">estimate</span>' if r.indicator.estimate else ""),
        esc(value),
        esc(points(r.score)),
        band_badge(r.band) if r.band else "",
        esc(f"{m.n:,} {m.n_unit}"),
        esc(percent(m.coverage)),
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
    if m.value is None:
        return "Not computed."
    return f"{number(m.value, r.indicator.unit)}: score {points(r.score)}, {BAND_LABELS[r.band].lower()}; rests on {m.n:,} {m.n_unit}."


def _domain_charts(domain: str, dataset: Dataset, card: Scorecard, settings: Settings) -> list:
    from diagnostic.charts.domains import domain_charts

    return [spec for spec in domain_charts(domain, dataset, card, settings) if spec is not None]
