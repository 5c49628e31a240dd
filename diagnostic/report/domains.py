"""The report's middle pages: the index by domain, then one printed page per domain.

Each domain page holds what a board member needs and no more: the score, one chart, and two or
three findings. Every indicator's detail is in the annex, so these pages stay one A4 page each.
"""

from __future__ import annotations

from diagnostic.charts.spec import ChartSpec
from diagnostic.dataset import Dataset
from diagnostic.report.markup import FigureCounter, band_badge, captioned_table, esc, figure, section
from diagnostic.report.summary import reach, sentence
from diagnostic.scorecard import MIN_DOMAIN_SHARE, MIN_INDICATORS_FOR_DOMAIN, DomainScore, Scorecard
from diagnostic.settings import Settings
from diagnostic.wording import percent, points

BAND_RANGES = (("concrete", "0 to 24"), ("cracks", "25 to 49"), ("soil", "50 to 74"), ("compost", "75 to 100"))


def overview_section(card: Scorecard, figures: FigureCounter) -> str:
    """Every domain's score in one table, the strip of every indicator, and what the bands mean."""
    from diagnostic.charts.scorecard import scorecard_strip

    rows = [
        [
            f'<a href="#domain-{esc(d.id)}">{esc(d.title)}</a>',
            esc(points(d.score)),
            band_badge(d.band) if d.band else "",
            esc(f"{d.computed} of {d.total}"),
        ]
        for d in card.domains
    ]
    table = captioned_table(
        "Domain scores (0 = concrete, 100 = compost)", ["Domain", "Score (0 to 100)", "Band", "Indicators computed"], rows, numeric=(1,)
    )
    spec = scorecard_strip(card)
    strip = figure(spec, figures) if spec is not None else ""
    changed = f"<p>Settings changed from the defaults: {esc('; '.join(card.settings_changed))}.</p>" if card.settings_changed else ""
    intro = (
        "<p>This report scores the everyday infrastructure around relationships: meetings, email, audits, feedback and "
        "the collaboration network. Each is placed on a scale from concrete (it gets in the way of relationships) to "
        "compost (it helps them grow).</p>"
    )
    return section("index", "The compost index by domain", intro + changed + table + strip + _band_key())


def _band_key() -> str:
    parts = "".join(f"<li>{band_badge(b)} {esc(r)} points</li>" for b, r in BAND_RANGES)
    return (
        f'<div class="key"><p>Bands:</p><ul>{parts}</ul>'
        "<p class='muted'>Bands are coarse on purpose: most thresholds are judgement, so a difference under 5 points means little.</p></div>"
    )


def domain_pages(card: Scorecard, dataset: Dataset, settings: Settings, figures: FigureCounter) -> list[str]:
    """One section (one printed page) per domain, in the scorecard's order."""
    return [_domain_page(card, d, dataset, settings, figures) for d in card.domains]


def _domain_page(card: Scorecard, d: DomainScore, dataset: Dataset, settings: Settings, figures: FigureCounter) -> str:
    counted = esc(f"{d.computed} of {d.total} indicators computed")
    if d.score is not None:
        status = f"<p class='index'><span class='big'>{esc(points(d.score))}</span> <span class='outof'>out of 100</span> {band_badge(d.band)}</p><p>{counted}.</p>"
    else:
        status = (
            f"<p class='index'><span class='big'>Not scored</span></p><p>{counted}. A domain score needs at least "
            f"{MIN_INDICATORS_FOR_DOMAIN} indicators and at least {percent(MIN_DOMAIN_SHARE)} of them.</p>"
        )
    spec = _headline_chart(d.id, dataset, settings)
    chart = figure(spec, figures) if spec is not None else ""
    found = "".join(f"<li>{esc(line)}</li>" for line in findings(card, d.id))
    body = f"{status}<h3>Findings</h3><ul class='findings'>{found}</ul>{chart}<p class='muted'>Every indicator in this domain is described in <a href='#reference-{esc(d.id)}'>the annex</a>.</p>"
    return section(f"domain-{d.id}", d.title, body)


def findings(card: Scorecard, domain: str) -> list[str]:
    """Two or three findings: the domain's most concrete indicators and its strongest, then what could not be measured."""
    ranked = sorted(
        (r for r in card.results if r.indicator.domain == domain and r.score is not None), key=lambda r: (reach(r), r.indicator.id)
    )
    chosen = ranked[:2] + ranked[2:][-1:] if len(ranked) > 2 else ranked
    lines = [sentence(r, with_domain=False) for r in chosen]
    missing = sum(1 for r in card.results if r.indicator.domain == domain and r.score is None)
    if missing:
        lines.append(f"{missing} of this domain's indicators could not be measured from the files loaded: the first page says why.")
    return lines or ["Nothing in this domain could be measured from the files loaded."]


def _headline_chart(domain: str, dataset: Dataset, settings: Settings) -> ChartSpec | None:
    """The domain's first chart the data supports: its own page's opening chart, or the team map for the network."""
    from diagnostic.charts.domains import DOMAIN_BUILDERS
    from diagnostic.charts.network import team_map

    builders = (team_map,) if domain == "network" else DOMAIN_BUILDERS.get(domain, ())
    for builder in builders:
        spec = builder(dataset, settings)
        if spec is not None:
            return spec
    return None
