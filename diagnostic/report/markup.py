"""The report's building blocks: escaped text, band badges, captioned tables, sections and inline charts.

Every piece of data passes through :func:`esc`, which also removes email addresses, so a section
builds its HTML from these and never escapes by hand.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from diagnostic.charts.spec import ChartSpec
from diagnostic.charts.theme import BAND_COLOURS, INK, NOT_SCORED
from diagnostic.indicators.base import BAND_LABELS
from diagnostic.report.images import chart_spec, chart_svg

EMAIL_PATTERN = re.compile(r"[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[A-Za-z]{2,}")
EMAIL_REPLACEMENT = "[email address removed]"
KEEP_TOGETHER_ROWS = 15  # tables this short are not split across printed pages
SVG_ID = re.compile(r'\bid="([^"]+)"')
SVG_REFERENCE = re.compile(r'(id="|url\(#|href="#)([^"()]+)(?=[")])')  # an id, or a reference to one
SVG_OPEN = re.compile(r"<svg\b([^>]*)>", re.S)

LIGHT_TEXT_BANDS = {"compost"}  # white on the darkest green (8.9:1); ink on every other band (4.5:1 or more)


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


def captioned_table(
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


def section(anchor: str, heading: str, body: str) -> str:
    return f'<section id="{anchor}" aria-labelledby="{anchor}-h"><h2 id="{anchor}-h">{esc(heading)}</h2>{body}</section>'


class FigureCounter:
    """Hands out a unique prefix per inline SVG, so clip paths and gradients never clash between charts."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"fig{self.count}"


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """vl-convert's SVG made safe to inline: unique ids, an accessible name, and no email address in its labels."""
    ids = set(SVG_ID.findall(svg))
    if ids:  # one pass over the text, however many ids: a map's SVG runs to megabytes
        svg = SVG_REFERENCE.sub(lambda m: f"{m[1]}{prefix}-{m[2]}" if m[2] in ids else m[0], svg)
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
