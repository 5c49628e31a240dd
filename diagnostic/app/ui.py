"""Small, reusable pieces of the pages: headings, bands in words, indicator cards, charts with readings."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from diagnostic.charts.theme import BAND_COLOURS, NOT_SCORED
from diagnostic.indicators.base import BAND_LABELS
from diagnostic.privacy import ETHICS_LINE

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


def band_colour(band: str | None) -> str:
    return BAND_COLOURS.get(band, NOT_SCORED) if band else NOT_SCORED


def fmt_number(value: float | None, unit: str = "") -> str:
    """A number with its unit, rounded for reading: 12.3 hours/week, 45%, 1,234 emails."""
    if value is None or pd.isna(value):
        return "not computed"
    if unit == "%":
        return f"{value:.0f}%"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def fmt_score(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f} out of 100"


def show_chart(spec, key: str) -> None:
    """A chart with its one-line reading, a text alternative and its data as a table."""
    chart = spec.chart.properties(title=spec.title)  # the reading is shown once, as text, just below
    st.altair_chart(chart, theme=None, key=key, alt=spec.alt_text)
    st.caption(spec.reading)
    with st.expander("Text description and data"):
        st.write(spec.alt_text)
        if spec.data is not None and len(spec.data):
            st.dataframe(spec.data, hide_index=True)
        _downloads(spec, key)


def _downloads(spec, key: str) -> None:
    """Data as CSV, the chart as PNG and SVG. Files are made only when a button is pressed."""
    from diagnostic.report.export import to_csv_bytes
    from diagnostic.report.images import chart_png, chart_svg

    cols = st.columns(3)
    if spec.data is not None and len(spec.data):
        cols[0].download_button("Data (CSV)", lambda: to_csv_bytes(spec.data), file_name=f"{key}.csv", mime="text/csv", key=f"{key}-csv")
    cols[1].download_button("Chart (PNG)", lambda: chart_png(spec.chart), file_name=f"{key}.png", mime="image/png", key=f"{key}-png")
    cols[2].download_button("Chart (SVG)", lambda: chart_svg(spec.chart), file_name=f"{key}.svg", mime="image/svg+xml", key=f"{key}-svg")


def indicator_card(result) -> None:
    """One indicator on one strip: value, band, score, what it rests on, thresholds and their source."""
    ind, m = result.indicator, result.measurement
    with st.container(border=True):
        top = st.columns([3, 2, 2])
        top[0].markdown(f"**{html.escape(ind.title)}**  \n{html.escape(ind.question)}")
        top[1].markdown(
            f'<div style="font-size:1.6rem;font-weight:700">{html.escape(fmt_number(m.value, ind.unit))}</div>', unsafe_allow_html=True
        )
        top[2].markdown(f"{band_badge(result.band)}<br>{fmt_score(result.score)}", unsafe_allow_html=True)
        if m.value is None:
            st.caption(m.note or "Not computed.")
        else:
            coverage = "" if m.coverage is None else f" Coverage {m.coverage:.0%}."
            note = f" {m.note}" if m.note else ""
            st.caption(f"Rests on {m.n:,} {m.n_unit}.{coverage}{note}")
        with st.expander("Where the thresholds come from, and what this must not be used for"):
            st.markdown(
                f"- **Scores 0 (concrete) at** {fmt_number(result.concrete_at, ind.unit)}; **100 (compost) at** {fmt_number(result.compost_at, ind.unit)}"
                + (" (changed in your settings)" if result.overridden else "")
                + f"\n- **Source:** {ind.source}\n- **The idea behind it:** {ind.seed}\n- **Caveat:** {ind.caveat}"
            )
            if m.by_team is not None and len(m.by_team):
                st.dataframe(m.by_team, hide_index=True)


def no_data(what: str) -> None:
    st.info(f"No {what} loaded yet. Load exports on the Home page, or explore the sample organisation.")
