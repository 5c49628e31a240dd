"""The HTML report: one self-contained file that can be emailed, opened offline and printed on A4.

Everything is inside the file: styles inline, charts as inline SVG made on this machine, no script
at all, and a Content-Security-Policy that forbids loading anything should a future change try to.
Every piece of data is escaped (a team can be called ``<script>``) and scrubbed of email
addresses. People never appear: the network is shown by team; names, meeting subjects, comments
and document text are never read.
Sections whose module is not installed say so in one line instead of failing the whole report.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import BAND_COLOURS, INK, NOT_SCORED
from diagnostic.dataset import Dataset
from diagnostic.indicators.base import BAND_LABELS, DOMAIN_TITLES
from diagnostic.ingest import LoadResult
from diagnostic.privacy import ETHICS_LINE
from diagnostic.report.images import chart_spec, chart_svg
from diagnostic.scorecard import (
    MIN_DOMAIN_SHARE,
    MIN_DOMAINS_FOR_INDEX,
    MIN_INDICATORS_FOR_DOMAIN,
    IndicatorResult,
    Scorecard,
    build_scorecard,
)
from diagnostic.settings import Settings
from diagnostic.wording import NO_CHANGE, number, percent, points

DEFAULT_TITLE = "Relational infrastructure diagnostic"
NOT_AVAILABLE = "This section is not available in this version of the tool."
EMAIL_PATTERN = re.compile(r"[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[A-Za-z]{2,}")
EMAIL_REPLACEMENT = "[email address removed]"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
KEEP_TOGETHER_ROWS = 15  # tables this short are not split across printed pages
SVG_ID = re.compile(r'\bid="([^"]+)"')
SVG_OPEN = re.compile(r"<svg\b([^>]*)>", re.S)

LIGHT_TEXT_BANDS = {"compost"}  # white on the darkest green (8.9:1); ink on every other band (4.5:1 or more)


# --- public -------------------------------------------------------------------------------------


def render_report(
    dataset: Dataset,
    results: list[LoadResult],
    settings: Settings,
    scenarios: Sequence = (),
    title: str = DEFAULT_TITLE,
) -> str:
    """The whole report as one HTML document (a string); nothing is written."""
    card = build_scorecard(dataset, settings)
    figures = FigureCounter()
    sections = [
        _summary_section(card, figures),
        _domains_section(card, dataset, settings, figures),
        _network_section(dataset, settings, figures),
        _scenarios_section(dataset, settings, card, scenarios),
        _self_assessment_section(dataset, settings),
        _language_section(dataset, settings),
        _coverage_section(results),
    ]
    return _page(title, sections)


def write_report(dataset: Dataset, results: list[LoadResult], settings: Settings, out: Path, scenarios: Sequence = ()) -> Path:
    """Render the report and write it as UTF-8 to ``out`` (folders created); return the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(dataset, results, settings, scenarios), encoding="utf-8")
    return out


# --- text helpers -------------------------------------------------------------------------------


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute, with email addresses removed."""
    if value is None or value is pd.NA:
        return ""
    return html.escape(EMAIL_PATTERN.sub(EMAIL_REPLACEMENT, str(value)), quote=True)


def band_badge(band: str | None) -> str:
    """The band in words on its colour: colour is never the only signal."""
    colour = BAND_COLOURS.get(band, NOT_SCORED) if band else NOT_SCORED
    text = "#ffffff" if band in LIGHT_TEXT_BANDS else INK
    return f'<span class="band" style="background:{colour};color:{text}">{esc(BAND_LABELS.get(band, "Not scored"))}</span>'


def _table(
    caption: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Iterable[int] = (),
    cls: str = "",
    row_headers: bool = False,
) -> str:
    """A captioned table. Cells arrive as HTML already escaped; headers are escaped here.

    A short table is kept on one printed page; a long one may break between rows.
    """
    numeric = set(numeric)
    rows = list(rows)
    head = "".join(f'<th scope="col"{_num(i, numeric)}>{esc(h)}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(_cell(i, c, numeric, row_headers) for i, c in enumerate(r)) + "</tr>" for r in rows)
    classes = " ".join(c for c in (cls, "keep" if len(rows) <= KEEP_TOGETHER_ROWS else "") if c)
    klass = f' class="{classes}"' if classes else ""
    return f"<table{klass}><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(i: int, content: str, numeric: set[int], row_headers: bool) -> str:
    if i == 0 and row_headers:
        return f'<th scope="row">{content}</th>'
    return f"<td{_num(i, numeric)}>{content}</td>"


def _num(i: int, numeric: set[int]) -> str:
    return ' class="num"' if i in numeric else ""


def _section(anchor: str, heading: str, body: str) -> str:
    return f'<section id="{anchor}" aria-labelledby="{anchor}-h"><h2 id="{anchor}-h">{esc(heading)}</h2>{body}</section>'


def _unavailable(what: str) -> str:
    return f'<p class="muted">{esc(what)}: {esc(NOT_AVAILABLE)}</p>'


# --- charts -------------------------------------------------------------------------------------


class FigureCounter:
    """Hands out a unique prefix per inline SVG, so clip paths and gradients never clash between charts."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"fig{self.count}"


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """vl-convert's SVG made safe to inline: unique ids, an accessible name, and no email address in its labels."""
    for old in sorted(set(SVG_ID.findall(svg)), key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})").replace(f'href="#{old}"', f'href="#{new}"')
    svg = EMAIL_PATTERN.sub(EMAIL_REPLACEMENT, svg)
    return SVG_OPEN.sub(lambda m: f'<svg{m.group(1)} role="img" aria-label="{esc(label)}"><title>{esc(label)}</title>', svg, count=1)


def figure(spec: ChartSpec, figures: FigureCounter) -> str:
    """A chart (a ChartSpec: chart, title, reading, alt_text) as a figure with inline SVG.

    The caption carries only the words the picture does not already show: most charts draw their
    title and reading themselves, and printing them twice wastes a line under every chart.
    """
    vega_lite = chart_spec(spec.chart)
    svg = inline_svg(chart_svg(vega_lite), figures.next(), spec.alt_text or spec.title)
    drawn = _drawn_titles(vega_lite)
    words = [text for text in (spec.title, spec.reading) if text and _squash(text) not in drawn]
    caption = f"<figcaption>{esc(' '.join(w if w.endswith(('.', '?', '!')) else w + '.' for w in words))}</figcaption>" if words else ""
    return f'<figure class="chart">{svg}{caption}</figure>'


def _drawn_titles(vega_lite: dict) -> set[str]:
    """The title and subtitle lines a Vega-Lite spec draws at its top level."""
    title = vega_lite.get("title")
    parts = [title.get("text"), title.get("subtitle")] if isinstance(title, dict) else [title]
    lines: list[str] = []
    for part in parts:
        lines.extend(part if isinstance(part, list) else [part] if isinstance(part, str) else [])
    return {_squash(" ".join(lines))} | {_squash(line) for line in lines}


def _squash(text: str) -> str:
    return " ".join(str(text).split()).rstrip(".").casefold()


# --- sections -----------------------------------------------------------------------------------


def _summary_section(card: Scorecard, figures: FigureCounter) -> str:
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
    domains = _table(
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
    return _section("summary", "Compost index", body)


def _band_key() -> str:
    items = [("concrete", "0 to 24"), ("cracks", "25 to 49"), ("soil", "50 to 74"), ("compost", "75 to 100")]
    parts = "".join(f"<li>{band_badge(b)} {esc(r)} points</li>" for b, r in items)
    return (
        f'<div class="key"><p>Bands:</p><ul>{parts}</ul>'
        "<p class='muted'>Bands are coarse on purpose: most thresholds are judgement, so a difference under 5 points means little.</p></div>"
    )


def _strip(card: Scorecard, figures: FigureCounter) -> str:
    try:
        from diagnostic.charts.scorecard import scorecard_strip
    except ImportError:
        return ""
    spec = scorecard_strip(card)
    return figure(spec, figures) if spec is not None else ""


def _domains_section(card: Scorecard, dataset: Dataset, settings: Settings, figures: FigureCounter) -> str:
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
        table = _table(
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
    return _section("domains", "Domains and indicators", intro + "".join(parts))


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
    try:
        from diagnostic.charts.domains import domain_charts
    except ImportError:
        return []
    return [spec for spec in domain_charts(domain, dataset, card, settings) if spec is not None]


NETWORK_METRICS = (
    ("nodes", "Teams in the map", "teams"),
    ("edges", "Links between teams", "links"),
    ("density", "Density: share of possible links between teams that exist", "share"),
    ("cross_team_share", "Share of ties that cross team boundaries", "share"),
    ("reciprocity", "Reciprocity: share of ties that go both ways", "share"),
    ("modularity", "Modularity: how strongly the network splits into groups (0 to 1)", ""),
    ("communities", "Communities found", "groups"),
    ("partner_tie_share", "Share of ties with partner agencies", "share"),
    ("manager_flow_share", "Share of brokerage that runs through managers", "share"),
    ("brokers", "People who broker between groups (counted, not named)", "people"),
    ("bottlenecks", "People whose absence would cut teams off (counted, not named)", "people"),
    ("isolates", "People with no regular collaborators (counted, not named)", "people"),
    ("people", "Council staff in the network", "people"),
)
TEAM_RECORD_COLUMNS = (
    ("team", "Team", None),
    ("people", "People", "people"),
    ("internal_ties", "Ties inside", "ties"),
    ("external_ties", "Ties with other teams", "ties"),
    ("silo_index", "Silo index (−1 inward, +1 outward)", ""),
    ("brokers", "Brokers", "people"),
    ("isolated", "Isolated", "people"),
    ("partner_links", "Links with partners", "ties"),
)
MATRIX_TABLE_MAX = 8  # teams; a wider matrix does not fit an A4 page as a table (the heatmap and the export carry it)
MATRIX_CHART_MAX = 25  # teams; beyond this the heatmap's labels are unreadable on A4 and its SVG runs to megabytes
STRONGEST_LINKS = 15


def _network_section(dataset: Dataset, settings: Settings, figures: FigureCounter) -> str:
    try:
        from diagnostic.charts.network import team_map, team_matrix_spec
        from diagnostic.network import network_summary, team_matrix
    except ImportError:
        return _section("network", "Collaboration network", _unavailable("The network map"))
    summary = network_summary(dataset, settings, level="team")
    if not summary.get("nodes"):
        body = "<p>No collaboration network could be built: it needs email, meeting attendance or Viva Insights ties.</p>"
        return _section("network", "Collaboration network", body)
    intro = (
        "<p>The map shows teams, not people. Links combine email (copies count for less) and time spent in the same "
        f"meetings. Teams with fewer than {esc(settings.min_group_size)} people are merged or left out. Brokers, "
        "bottlenecks and isolated people are counted, never named.</p>"
    )
    if summary.get("betweenness_note"):
        intro += f"<p>Brokers, centralisation and the managers' share of flow: {esc(summary['betweenness_note'])}</p>"
    rows = [[esc(label), esc(_metric(summary.get(key), unit))] for key, label, unit in NETWORK_METRICS if key in summary]
    metrics = _table("Network measures", ["Measure", "Value"], rows, numeric=(1,))
    matrix = team_matrix(dataset, settings)
    charts = [team_map(dataset, settings), team_matrix_spec(matrix) if len(matrix) <= MATRIX_CHART_MAX else None]
    drawn = "".join(figure(spec, figures) for spec in charts if spec is not None)
    body = intro + drawn + metrics + _team_records(summary.get("teams", [])) + _matrix_table(matrix)
    return _section("network", "Collaboration network", body)


def _metric(value: object, unit: str) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "Not computed"
    if unit == "share":
        return percent(value)
    return number(value, unit)


def _team_records(records: list[dict]) -> str:
    if not records:
        return ""
    columns = [(key, label, unit) for key, label, unit in TEAM_RECORD_COLUMNS if key in records[0]]
    rows = [
        [esc(r[key]) if unit is None else esc(number(r[key])) if r[key] is not None else "Not computed" for key, _, unit in columns]
        for r in records
    ]
    return _table("Each team's ties", [label for _, label, _ in columns], rows, numeric=range(1, len(columns)), row_headers=True)


def _matrix_table(matrix: pd.DataFrame) -> str:
    """The matrix itself when it fits a page; otherwise the strongest links between teams."""
    if matrix.empty:
        return ""
    if len(matrix) > MATRIX_TABLE_MAX:
        return _strongest_links(matrix)
    headers = ["Team", *[str(c) for c in matrix.columns]]
    rows = [[esc(team), *(esc(number(v)) for v in row)] for team, row in zip(matrix.index, matrix.to_numpy().tolist())]
    caption = "Tie weight between teams (the diagonal is ties inside each team)"
    return _table(caption, headers, rows, numeric=range(1, len(headers)), cls="matrix", row_headers=True)


def _strongest_links(matrix: pd.DataFrame) -> str:
    values = matrix.to_numpy(dtype=float)
    upper = np.triu(np.ones_like(values, dtype=bool), k=1)
    a, b = np.nonzero(upper & (values > 0))
    order = np.argsort(-values[a, b], kind="stable")[:STRONGEST_LINKS]
    names = [str(n) for n in matrix.index]
    rows = [[esc(names[a[i]]), esc(names[b[i]]), esc(number(values[a[i], b[i]]))] for i in order]
    caption = f"The {len(rows)} strongest links between teams (tie weight)"
    note = (
        f"<p>The full table of ties between the {len(matrix)} teams is in the CSV and Excel export "
        "(network_team_matrix); it is too wide to print.</p>"
    )
    return _table(caption, ["Team", "With", "Tie weight"], rows, numeric=(2,)) + note


def _scenarios_section(dataset: Dataset, settings: Settings, baseline: Scorecard, scenarios: Sequence) -> str:
    heading = "Scenarios"
    if not scenarios:
        return _section("scenarios", heading, "<p>No scenarios were compared in this report.</p>")
    try:
        from diagnostic.scenarios import apply_scenario, compare_scenarios, indicators_scored, scenario_label, summarise_change
    except ImportError:
        return _section("scenarios", heading, _unavailable("Scenario comparison"))
    labels = _unique([str(s.name) for s in scenarios])
    cards = {label: build_scorecard(apply_scenario(dataset, s, settings), settings) for label, s in zip(labels, scenarios)}
    table = compare_scenarios(baseline, cards)
    column = {label: scenario_label(label) for label in labels}  # a scenario called "baseline" has its own column
    moved = table[[f"{column[label]} change" for label in labels]].abs().fillna(0).max(axis=1) >= NO_CHANGE
    shown = table[table["level"].isin(["overall", "domain"]) | (table["level"].eq("indicator") & moved)]
    rows = [
        [
            esc(row["title"]) if row["level"] != "indicator" else f"<span class='sub'>{esc(row['title'])}</span>",
            esc(indicators_scored(baseline, row["id"])) if row["level"] != "indicator" else "",
            esc(points(row["baseline"])),
            *(esc(_versus(row[column[label]], row["baseline"])) for label in labels),
        ]
        for _, row in shown.iterrows()
    ]
    caption = "Scores now and under each scenario (points out of 100; change in brackets; indicators listed only where they move)"
    comparison = _table(caption, ["Measure", "Indicators scored", "Now", *labels], rows, numeric=range(1, len(labels) + 3))
    summaries = "".join(f"<h3>{esc(label)}</h3><p>{esc(summarise_change(baseline, cards[label]))}</p>" for label in labels)
    intro = (
        "<p>A scenario changes the data as if a lever had been pulled (for example, fewer recurring meetings), then scores it again.</p>"
    )
    return _section("scenarios", heading, intro + comparison + summaries)


def _unique(names: list[str]) -> list[str]:
    """Scenario names made unique ("Fewer meetings", "Fewer meetings (2)") so two files never share a column."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _versus(score: object, base: object) -> str:
    """A scenario's score with its change from now: "41.9 (+2.4)", "53.3 (no change)"."""
    if points(score) == "Not scored" or points(base) == "Not scored":
        return points(score)
    change = float(score) - float(base)
    if abs(change) < NO_CHANGE:
        return f"{points(score)} (no change)"
    return f"{points(score)} ({'+' if change > 0 else '−'}{points(abs(change))})"


def _self_assessment_section(dataset: Dataset, settings: Settings) -> str:
    heading = "Self-assessment"
    try:
        from diagnostic.self_assessment import group_label, score_groups, scores_by_group
    except ImportError:
        return _section("self-assessment", heading, _unavailable("The self-assessment"))
    if not dataset.has("responses"):
        body = (
            "<p>No self-assessment answers were loaded. It covers what no export shows: how services are designed, "
            "which performance measures get attention, and how HR processes feel. Make a blank response sheet with "
            "<code>python -m diagnostic self-assessment --template sheet.csv</code>.</p>"
        )
        return _section("self-assessment", heading, body)
    wide = scores_by_group(dataset.responses, settings.min_group_size)
    groups = score_groups(wide)
    headers = ["Area", *map(group_label, groups), "Statements answered"]
    rows = [
        [esc(theme), *(esc(points(row[g])) for g in groups), esc(f"{int(row['items_answered'])} of {int(row['items'])}")]
        for theme, row in wide.iterrows()
    ]
    respondents = int(wide["respondents"].max()) if len(wide) else 0
    intro = (
        f"<p>Scores run from 0 (strongly disagree throughout) to 100 (strongly agree), from up to {respondents:,} answers per "
        f"statement. A group is shown only when at least {esc(settings.min_group_size)} people answered; "
        "an area is scored only when at least 60% of its statements were answered. Where groups differ, the gap is itself a finding.</p>"
    )
    table = _table(
        "Self-assessment scores by area and group (points out of 100)", headers, rows, numeric=range(1, len(headers)), row_headers=True
    )
    return _section("self-assessment", heading, intro + table)


def _language_section(dataset: Dataset, settings: Settings) -> str:
    heading = "Language in policies and letters"
    try:
        from diagnostic.language import scan_dataset
    except ImportError:
        return _section("language", heading, _unavailable("The language scan"))
    scan = scan_dataset(dataset, settings).to_dict()
    if not scan["documents"]:
        return _section("language", heading, "<p>No policies, letters or templates were loaded, so no language scan was made.</p>")
    if not scan["findings"]:
        return _section("language", heading, f"<p>No institutional terms were found in the {len(scan['documents'])} documents loaded.</p>")
    intro = (
        "<p>These words can shut down relationships with children and families. They are prompts for a conversation, "
        "not banned words: explain terms the law requires, and ask each child what they prefer. "
        "No document text is reproduced here.</p>"
    )
    headers = ["Term", "Try instead", "Times found", "Documents", "Source"]
    rows = [
        [esc(f["term"]), esc(f["suggestion"]), esc(f"{int(f['count']):,}"), esc(", ".join(map(str, f["files"]))), esc(f.get("source", ""))]
        for f in scan["findings"]
    ]
    findings = _table("Institutional terms found", headers, rows, numeric=(2,))
    docs = [
        [
            esc(d["name"]),
            esc(f"{d['words']:,}"),
            esc(f"{d['terms']:,}"),
            esc(number(d["per_1000_words"]) if d["per_1000_words"] is not None else "Not computed"),
        ]
        for d in scan["documents"]
    ]
    density = _table(
        "Institutional terms per document", ["Document", "Words", "Terms found", "Terms per 1,000 words"], docs, numeric=(1, 2, 3)
    )
    return _section("language", heading, intro + findings + density)


def _day(iso: str | None) -> str:
    """An ISO date as "29 Jan 2025", kept on one line."""
    if not iso:
        return "Not known"
    day = dt.date.fromisoformat(iso)
    return f'<span class="nowrap">{day.day} {day:%b %Y}</span>'


def _coverage_section(results: list[LoadResult]) -> str:
    rows = []
    for r in results:
        rec = r.to_record()
        rows.append(
            [
                esc(rec["file"]),
                esc(rec["kind"].replace("_", "-")),
                esc(rec["format_label"]),
                esc(f"{rec['rows']:,}"),
                _day(rec["start"]),
                _day(rec["end"]),
                esc(len(rec["warnings"])),
                esc(len(rec["errors"])),
            ]
        )
    if not rows:
        return _section("coverage", "Data coverage", "<p>No files were loaded.</p>")
    table = _table(
        "What each file gave",
        ["File", "Kind", "Format", "Rows", "From", "To", "Warnings", "Errors"],
        rows,
        numeric=(3, 6, 7),
    )
    note = "<p>Warnings and errors are listed in full in the tool's data health view; this report only counts them.</p>"
    return _section("coverage", "Data coverage", table + note)


# --- page ---------------------------------------------------------------------------------------

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
footer { margin-top: 2.5rem; border-top: 2px solid var(--ink); padding-top: .75rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  section { break-before: page; }
  section#summary { break-before: auto; }
  h2, h3, h4, h5 { break-after: avoid; }
  figure, .indicator, tr, .key, .ethics { break-inside: avoid; }
  figure.chart svg { max-height: 230mm; width: auto; }
  nav { display: none; }
  table.keep { break-inside: avoid; }
  thead { display: table-header-group; }
  .big { font-size: 28pt; }
}
"""


def _page(title: str, sections: list[str]) -> str:
    today = dt.date.today()
    generated = f"{today.day} {today:%B %Y}"
    contents = "".join(
        f'<li><a href="#{a}">{esc(t)}</a></li>'
        for a, t in (
            ("summary", "Compost index"),
            ("domains", "Domains and indicators"),
            ("network", "Collaboration network"),
            ("scenarios", "Scenarios"),
            ("self-assessment", "Self-assessment"),
            ("language", "Language in policies and letters"),
            ("coverage", "Data coverage"),
        )
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        f'<header><h1>{esc(title)}</h1><p class="generated">Report made on {esc(generated)}.</p>'
        f'<p class="ethics">{esc(ETHICS_LINE)}</p>'
        f'<nav aria-label="Contents"><h2 class="contents">Contents</h2><ol>{contents}</ol></nav></header>'
        f"<main>{''.join(sections)}</main>"
        f'<footer><p class="ethics">{esc(ETHICS_LINE)}</p></footer>'
        "</body></html>\n"
    )
