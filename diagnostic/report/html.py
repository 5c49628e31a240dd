"""The HTML report: one self-contained file that can be emailed, opened offline and printed on A4.

Everything is inside the file: styles inline, charts as inline SVG made on this machine, no script
at all, and a Content-Security-Policy that forbids loading anything should a future change try to.
Every piece of data is escaped (a team can be called ``<script>``) and scrubbed of email
addresses. People never appear: the network is shown by team; names, meeting subjects, comments
and document text are never read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from diagnostic.dataset import Dataset
from diagnostic.ingest import LoadResult
from diagnostic.peers.compare import compare
from diagnostic.peers.pack import pack_for
from diagnostic.peers.reading import Peers
from diagnostic.privacy import ETHICS_LINE
from diagnostic.report import evidence, network, scores
from diagnostic.report.about import organisation_name
from diagnostic.report.domains import domain_pages, overview_section
from diagnostic.report.evidence import coverage_section, language_section, self_assessment_section
from diagnostic.report.markup import FigureCounter, esc
from diagnostic.report.network import network_section
from diagnostic.report.peers import peers_section
from diagnostic.report.scenarios import scenarios_section
from diagnostic.report.scores import domains_section
from diagnostic.report.summary import cover_section, provenance, title_page
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings

DEFAULT_TITLE = "Relational infrastructure diagnostic"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
ANNEX = (
    ("domains", scores.HEADING),
    ("network", network.HEADING),
    ("self-assessment", evidence.SELF_ASSESSMENT_HEADING),
    ("language", evidence.LANGUAGE_HEADING),
    ("coverage", evidence.COVERAGE_HEADING),
)

Progress = Callable[[float, str], None]


def render_report(
    dataset: Dataset,
    results: list[LoadResult],
    settings: Settings,
    scenarios: Sequence = (),
    title: str = DEFAULT_TITLE,
    peers: Peers | None = None,
    organisation: str | None = None,
    progress: Progress | None = None,
) -> str:
    """The whole report as one HTML document (a string); nothing is written.

    It reads as a board paper: the first page says whose data, which period and what it found;
    then one page per domain; the scenarios and peers when given; and the reference as an annex.
    ``organisation`` (a name typed by the user) wins over the settings and the email domain.
    ``progress`` is told the share done and the step under way, so a screen can show it.
    """
    say = progress or (lambda share, step: None)
    say(0.0, "Scoring the indicators")
    card = build_scorecard(dataset, settings)
    figures = FigureCounter()
    say(0.15, "Writing the summary")
    today = dt.date.today()
    named = organisation_name(dataset, settings, organisation)
    sections = [cover_section(card, provenance(named, results, f"{today.day} {today:%B %Y}")), overview_section(card, figures)]
    say(0.3, "Drawing each domain's chart")
    sections += domain_pages(card, dataset, settings, figures)
    if scenarios:
        say(0.6, "Scoring the scenarios")
        sections.append(scenarios_section(dataset, settings, card, scenarios))
    if peers is not None:
        say(0.7, "Comparing with peers")
        sections.append(peers_section(compare(pack_for(dataset, results, card, settings), peers), figures))
    say(0.8, "Writing the annex")
    sections += [
        domains_section(card),
        network_section(dataset, settings),
        self_assessment_section(dataset, settings),
        language_section(dataset, settings),
        coverage_section(results),
    ]
    say(1.0, "Done")
    top = title_page(named, results, title, settings)
    return _page(title, top, sections, card, has_scenarios=bool(scenarios), with_peers=peers is not None)


def write_report(
    dataset: Dataset,
    results: list[LoadResult],
    settings: Settings,
    out: Path,
    scenarios: Sequence = (),
    peers: Peers | None = None,
    organisation: str | None = None,
) -> Path:
    """Render the report and write it as UTF-8 to ``out`` (folders created); return the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(dataset, results, settings, scenarios, peers=peers, organisation=organisation), encoding="utf-8")
    return out


STYLE = """
:root { --ink:#1d1f21; --muted:#5a6168; --rule:#d8d8d2; --soft:#f4f4f0; }
* { box-sizing: border-box; }
html { font-family: "Source Sans Pro", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); line-height: 1.45; }
body { max-width: 60rem; margin: 0 auto; padding: 1.5rem; font-size: 1rem; }
h1 { font-size: 2rem; margin: 0 0 .5rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 .75rem; border-bottom: 2px solid var(--ink); padding-bottom: .25rem; }
h3 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
h5 { font-size: 1rem; margin: 0 0 .25rem; }
a { color: #1d4f91; }
nav li a { display: inline-block; min-height: 24px; line-height: 24px; }
.ethics { border-left: 6px solid var(--ink); background: var(--soft); padding: .6rem .9rem; font-weight: 600; }
.muted, .generated { color: var(--muted); }
.index { margin: .5rem 0; }
.big { font-size: 3rem; font-weight: 700; vertical-align: middle; }
.outof { color: var(--muted); margin-right: .5rem; }
.coverage { font-weight: 600; }
.band { display: inline-block; padding: .05rem .5rem; border: 1px solid #6b6f73; border-radius: 3px; font-weight: 600; font-size: .9rem; white-space: nowrap; }
.tag { font-size: .8rem; border: 1px solid var(--muted); padding: 0 .3rem; border-radius: 3px; color: var(--muted); }
.key ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .25rem 0; }
.key p { margin: .25rem 0; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0 1.25rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .35rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); }
.nowrap { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
table.matrix { font-size: .78rem; }
table.matrix th, table.matrix td { padding: .2rem .3rem; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .92rem; margin-top: .35rem; }
.indicator { border-top: 1px solid var(--rule); padding: .5rem 0; }
.indicator dl { display: grid; grid-template-columns: 12rem 1fr; gap: .15rem .75rem; margin: 0; font-size: .92rem; }
.indicator dt { color: var(--muted); }
.indicator dd { margin: 0; }
.sub { padding-left: 1.2rem; display: inline-block; }
.eyebrow { color: var(--muted); font-weight: 600; margin: 0; }
.period { font-size: 1.15rem; margin: .25rem 0; }
ul.sources { margin: 0 0 .5rem; padding-left: 1.2rem; font-size: .92rem; }
header h1 { margin: 0; }
header .ethics { margin: .5rem 0 0; padding: .4rem .8rem; }
section#summary .index { margin: .25rem 0; }
section#summary .coverage { margin-left: .5rem; }
ul.tight li, ul.findings li { margin: .2rem 0; }
section#summary h2 { margin-top: .75rem; }
section#summary h3 { margin: .6rem 0 .15rem; font-size: 1.05rem; }
section#summary ul { margin: 0; }
footer { margin-top: 2.5rem; border-top: 2px solid var(--ink); padding-top: .75rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  section { break-before: page; }
  section#summary { break-before: auto; }
  header h1 { font-size: 22pt; }
  section[id^="domain-"] figure.chart svg { max-height: 150mm; }
  h2, h3, h4, h5 { break-after: avoid; }
  figure, svg, .indicator, tr, .key, .ethics { break-inside: avoid; }
  figure.chart svg { max-height: 230mm; width: auto; }
  nav { display: none; }
  table.keep { break-inside: avoid; }
  thead { display: table-header-group; }
  .big { font-size: 28pt; }
}
"""


def _page(title: str, top: str, sections: list[str], card, has_scenarios: bool, with_peers: bool) -> str:
    """The document: the first page (title block and summary), a contents list for the screen, then the pages."""
    pages = (
        ("index", "The compost index by domain"),
        *((f"domain-{d.id}", d.title) for d in card.domains),
        *((("scenarios", "Scenarios"),) if has_scenarios else ()),
        *((("peers", "Where we sit among peers"),) if with_peers else ()),
        *ANNEX,
    )
    contents = "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in pages)
    first, rest = sections[0], sections[1:]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        f'<header>{top}<p class="ethics">{esc(ETHICS_LINE)}</p></header>'
        f"<main>{first}"
        f'<nav aria-label="Contents"><h2 class="contents">Contents</h2><ol>{contents}</ol></nav>'
        f"{''.join(rest)}</main>"
        f'<footer><p class="ethics">{esc(ETHICS_LINE)}</p></footer>'
        "</body></html>\n"
    )
