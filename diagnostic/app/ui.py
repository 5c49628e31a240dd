"""Small, reusable pieces of the pages: headings, bands in words, indicator cards, charts with readings."""

from __future__ import annotations

import html
import numbers
import re

import pandas as pd
import streamlit as st

from diagnostic.indicators.base import BAND_LABELS
from diagnostic.privacy import ETHICS_LINE
from diagnostic.wording import number, percent, points

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")  # ":" too: an address in the text then shows without backslashes
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # Markdown's line endings


def plain(text: str) -> str:
    """``text`` shown exactly as written where Streamlit reads Markdown.

    File names, team and agency names, scenario names and quotations come from users or their
    files: ``team_a_export.csv`` would otherwise lose its underscores to italics, a ``$`` would
    start a formula, and ``![logo](https://...)`` would make the browser fetch an image from the
    internet. Every such text reaches a Markdown body or a widget's label through this.
    """
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def html_text(value: object) -> str:
    """``value`` as text inside our own HTML, on one line.

    Escaped, so a team called ``<img src=...>`` is words, not a picture fetched from the internet.
    On one line, because HTML given to ``st.markdown`` is read as Markdown again after a blank
    line: a file name holding one could end the table and have the rest read as an image.
    """
    return LINE_BREAK.sub(" ", html.escape(str(value), quote=True))


BASE_CSS = """
<style>
  .band { display:inline-block; white-space:nowrap; padding:0.1rem 0.6rem; border-radius:0.3rem; font-weight:600; border:1px solid #5a6168; }
  .band-concrete { background:#9aa3ab; color:#111; }
  .band-cracks { background:#b9b48f; color:#111; }
  .band-soil { background:#6f8f55; color:#111; }
  .band-compost { background:#2f5230; color:#fff; }
  .band-none { background:#e6e6e3; color:#111; }
  .ethics { color:#3d4349; font-size:0.95rem; border-left:4px solid #2f5230; padding-left:0.6rem; margin-bottom:0.8rem; }
  .big-number { font-size:3.2rem; font-weight:700; line-height:1.1; }
  .tiles { display:grid; grid-template-columns:repeat(auto-fill, minmax(8.5rem, 1fr)); gap:0.6rem; margin:0.6rem 0 1rem; }
  .tile { border:1px solid #c9cdd1; border-radius:0.5rem; padding:0.6rem 0.8rem; }
  .tile-score { font-size:1.6rem; font-weight:700; display:block; }
  .card { border:1px solid #c9cdd1; border-radius:0.5rem; padding:0.8rem 1rem; margin-bottom:0.8rem; }
  .card-top { display:grid; grid-template-columns:3fr 2fr 2fr; gap:1rem; align-items:start; }
  .card-value { font-size:1.6rem; font-weight:700; }
  .card-note { color:#454b51; font-size:0.9rem; margin:0.5rem 0; }
  .card summary { cursor:pointer; font-weight:600; }
  .card ul { margin-top:0.4rem; }
  .card-teams { margin-top:0.4rem; }
  .card-teams caption { text-align:left; font-weight:600; }
  .plain-table { border-collapse:collapse; margin:0.4rem 0; }
  .plain-table caption { text-align:left; font-weight:600; padding-bottom:0.3rem; }
  .plain-table th, .plain-table td { border-bottom:1px solid #c9cdd1; padding:0.3rem 0.8rem 0.3rem 0; text-align:left; }
  .plain-table td { text-align:right; font-variant-numeric:tabular-nums; }
  [data-testid="stCaptionContainer"] { opacity:1 !important; }
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color:#454b51 !important; }
</style>
"""
WORKSHOP_CSS = """
<style>
  html, body, [data-testid="stAppViewContainer"] { font-size: 21px; }
  [data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
  [data-testid="stAppViewContainer"] h1 { font-size: 2.3rem; padding-top: 0.2rem; }
  [data-testid="stAppViewContainer"] h2 { font-size: 1.8rem; }
  .big-number { font-size: 4.2rem; }
</style>
"""


def inject_css(large: bool = False) -> None:
    st.markdown(BASE_CSS + (WORKSHOP_CSS if large else ""), unsafe_allow_html=True)


def ethics_line() -> None:
    """The one line every page carries."""
    st.markdown(f'<div class="ethics">{html.escape(ETHICS_LINE)}</div>', unsafe_allow_html=True)


def band_badge(band: str | None) -> str:
    """HTML for a band in words with its colour (the word carries the meaning, not the colour)."""
    css = f"band-{band}" if band else "band-none"
    return f'<span class="band {css}">{html.escape(BAND_LABELS[band])}</span>'


def show_chart(spec, key: str) -> None:
    """A chart with its one-line reading, a text alternative and its data as a table."""
    chart = spec.chart.properties(title=spec.title)  # the reading is shown once, as text, just below
    st.altair_chart(chart, theme=None, key=key, alt=spec.alt_text)
    st.caption(plain(spec.reading))  # readings and descriptions name teams and partner agencies
    # What is folded away is drawn only once opened: a closed expander's contents are otherwise sent
    # and drawn on every visit, for every reader, and the chart's alt text already carries the words.
    with st.expander("Text description and data", key=f"{key}-more", on_change="rerun") as more:
        if not more.open:
            return
        st.markdown(plain(spec.alt_text))
        # the table too waits to be asked for: a grid is the costliest thing here to draw
        if spec.data is not None and len(spec.data) and st.toggle("Show the data as a table", key=f"{key}-table"):
            st.dataframe(spec.data, hide_index=True)
        _downloads(spec, key)


def _downloads(spec, key: str) -> None:
    """Data as CSV, the chart as PNG and SVG. Files are made only when a button is pressed."""
    cols = st.columns(3)
    if spec.data is not None and len(spec.data):
        cols[0].download_button("Data (CSV)", lambda: _csv(spec.data), file_name=f"{key}.csv", mime="text/csv", key=f"{key}-csv")
    cols[1].download_button("Chart (PNG)", lambda: _image(spec.chart, "png"), file_name=f"{key}.png", mime="image/png", key=f"{key}-png")
    cols[2].download_button(
        "Chart (SVG)", lambda: _image(spec.chart, "svg"), file_name=f"{key}.svg", mime="image/svg+xml", key=f"{key}-svg"
    )


def _csv(frame: pd.DataFrame) -> bytes:
    """The CSV download, its module imported only when a button is pressed: it brings openpyxl,
    which would otherwise add a noticeable wait to the first chart page anyone opens."""
    from diagnostic.report.export import to_csv_bytes

    return to_csv_bytes(frame)


def _image(chart, kind: str) -> bytes | str:
    """The PNG or SVG download, its renderer imported only when a button is pressed."""
    from diagnostic.report.images import chart_png, chart_svg

    return chart_png(chart) if kind == "png" else chart_svg(chart)


def show_html(body: str) -> None:
    """Our own HTML (every value in it escaped by :func:`html_text`), drawn as it is.

    ``st.html`` sets the HTML in one go; ``st.markdown`` would first parse it as Markdown and build
    an element for every tag, which costs each browser more time on a page of cards.
    """
    st.html(body)


def indicator_card(result, teams: bool = True) -> None:
    """One indicator on one strip (see :func:`card_html`)."""
    show_html(card_html(result, teams))


def indicator_cards(results) -> None:
    """Many indicators' strips as one block, without their team tables: one element to draw, not one per card."""
    if results:
        show_html("".join(card_html(result, teams=False) for result in results))


def card_html(result, teams: bool = True) -> str:
    """Value, band, score, what it rests on, and (folded) thresholds, source, caveat and teams.

    One block of HTML rather than a dozen Streamlit elements: a domain has up to eleven
    indicators, and each element costs the browser time to draw on every rerun. ``teams=False``
    leaves the per-team table out, for a page that shows one chosen indicator's teams instead.
    """
    ind, m = result.indicator, result.measurement
    if m.value is None:
        rests = m.note or "Not computed."
    else:
        coverage = "" if m.coverage is None else f" Coverage {percent(m.coverage)}."
        rests = f"Rests on {number(m.n, m.n_unit)}.{coverage}" + (f" {m.note}" if m.note else "")
    changed = " (changed in your settings)" if result.overridden else ""
    facts = (
        (
            "Scores 0 (concrete) at",
            f"{number(result.concrete_at, ind.unit)}; 100 (compost) at {number(result.compost_at, ind.unit)}{changed}",
        ),
        ("Source", ind.source),
        ("The idea behind it", ind.seed),
        ("Caveat", ind.caveat),
    )
    items = "".join(f"<li><strong>{html_text(k)}:</strong> {html_text(v)}</li>" for k, v in facts)
    score = "Not scored" if result.score is None else f"{points(result.score)} out of 100"
    return (
        '<div class="card"><div class="card-top">'
        f"<div><strong>{html_text(ind.title)}</strong><br>{html_text(ind.question)}</div>"
        f'<div class="card-value">{html_text(number(m.value, ind.unit))}</div>'
        f"<div>{band_badge(result.band)}<br>{score}</div></div>"
        f'<p class="card-note">{html_text(rests)}</p>'
        "<details><summary>Where the thresholds come from, and what this must not be used for</summary>"
        f"<ul>{items}</ul>{team_table(m.by_team, ind.unit) if teams else ''}</details></div>"
    )


def domain_tiles(domains) -> str:
    """The domains side by side, each with its score, band and how many indicators it rests on."""
    tiles = "".join(
        f'<div class="tile"><strong>{html_text(d.title)}</strong>'
        f'<span class="tile-score">{points(d.score, missing="—")}</span>'
        f"{band_badge(d.band)}<br><small>{d.computed} of {d.total} computed</small></div>"
        for d in domains
    )
    return f'<div class="tiles">{tiles}</div>'


def team_table(by_team: pd.DataFrame | None, unit: str) -> str:
    """Per-team figures (already merged or suppressed below the minimum group size) as a plain table."""
    if by_team is None or not len(by_team):
        return ""
    sizes = by_team["n"] if "n" in by_team else [None] * len(by_team)
    cell_unit = "%" if unit == "%" else ""  # any other unit is said once, in the heading
    heading = "Value" if unit in ("", "%") else f"Value ({unit})"
    rows = "".join(
        f'<tr><th scope="row">{html_text(team)}</th><td>{html_text(number(value, cell_unit))}</td><td>{"" if n is None else f"{int(n):,}"}</td></tr>'
        for team, value, n in zip(by_team["team"], by_team["value"], sizes)
    )
    return (
        '<table class="card-teams"><caption>By team</caption>'
        f'<thead><tr><th scope="col">Team</th><th scope="col">{html_text(heading)}</th><th scope="col">Group size</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def table_html(frame: pd.DataFrame, caption: str) -> str:
    """A small table as plain HTML: the first column names the rows, numbers are written as on every
    page (:func:`~diagnostic.wording.number`), and every other value as it is (already in words where it needs them)."""
    head = "".join(f'<th scope="col">{html_text(c)}</th>' for c in frame.columns)
    rows = "".join(
        f'<tr><th scope="row">{html_text(first)}</th>' + "".join(f"<td>{html_text(_cell(v))}</td>" for v in rest) + "</tr>"
        for first, *rest in frame.itertuples(index=False, name=None)
    )
    return f'<table class="plain-table"><caption>{html_text(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _cell(value: object) -> str:
    """A table cell: a number as every page writes one ("1,204", "4.5"); a missing value as a dash, never "nan"."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return number(value)
    return str(value)
