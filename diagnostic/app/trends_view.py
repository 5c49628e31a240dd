"""Change over time: four-week periods, or this upload against an earlier one, on the same thresholds.

Scoring every four-week period is the costliest work of any page (a whole scorecard per period),
so it is started in the background by :func:`prepare` once the Scorecard page is drawn (its link
leads here), kept per data key with :func:`state.per_data`, and a revisit is instant.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diagnostic.app import state, ui, uploads
from diagnostic.charts.trends import period_chart
from diagnostic.errors import ERROR
from diagnostic.ingest import load_bytes
from diagnostic.periods import Period, covered, in_period, parse_period, propose_period
from diagnostic.scorecard import build_scorecard
from diagnostic.trends import compare, period_scorecards
from diagnostic.wording import change_in_points, number, points

WEEKS = 4
SHOWN = ["title", "unit", "value_before", "value_after", "score_before", "score_after", "change", "band_change", "direction"]
LABELS = {
    "title": "Indicator",
    "unit": "Unit",
    "value_before": "Before",
    "value_after": "After",
    "score_before": "Score before",
    "score_after": "Score after",
    "change": "Change (points)",
    "band_change": "Band",
    "direction": "Direction",
}
# Each column as every other page writes it, a missing value in words ("Not scored"), never "None".
WRITTEN = {
    "value_before": number,
    "value_after": number,
    "score_before": points,
    "score_after": points,
    "change": change_in_points,
}
PERIODS_WORK = "periods"


@state.per_data(max_entries=4, show_spinner="Scoring each four-week period…")
def _periods(key: str, _dataset, _settings):
    return state.ahead_or_now(key, PERIODS_WORK, period_scorecards, _dataset, _settings, WEEKS)


@state.per_data(max_entries=2, show_spinner="Reading the earlier files…")
def _earlier(key: str, _files, _settings):
    """The earlier upload's scorecard and each file's result, read once per set of files and
    settings, not on every rerun. Its activity is trimmed to its own proposed period, as this
    upload's is: the period chosen on Home belongs to this upload's dates, not to the earlier one's."""
    old, results = load_bytes(list(_files), _settings)
    return build_scorecard(in_period(old, propose_period(results)), _settings), tuple(results)


def said_of_earlier(results) -> bool:
    """How many earlier files could be used, and each problem by file, row and column, as Home says
    them of the main files; whether any could be used."""
    usable = sum(r.usable for r in results)
    st.caption(f"{usable} of {len(results)} earlier files could be used.")
    for issue in (i for r in results for i in r.issues if i.severity == ERROR):
        st.warning(ui.plain(str(issue)))
    return usable > 0


def said_of_periods(earlier: Period | None, this: Period | None) -> None:
    """The days each upload's activity covers, and a warning when the two share days or the
    earlier one is not earlier: a change between them would then not be a change over time."""
    if earlier is None or this is None:
        return
    st.caption(f"Earlier files: activity from {earlier.label()}. This upload: {this.label()}.")
    if earlier.overlaps(this.first, this.last):
        st.warning(
            "The two uploads share days, so part of any change below compares the same weeks with themselves. "
            "For a change over time, load earlier files that end before this upload's period starts."
        )
    elif earlier.first > this.last:
        st.warning("The earlier files are later than this upload, so each change below reads the other way round.")


def prepare(dataset) -> None:
    """Start scoring the loaded data's four-week periods in the background, once per data and
    settings, so that the Change over time page finds them ready. Nothing when memoising is off."""
    state.start_ahead(state.data_key(), PERIODS_WORK, period_scorecards, dataset, state.settings(), WEEKS)


def render(dataset) -> None:
    settings = state.settings()
    periods = _periods(state.data_key(), dataset, settings)
    spec = period_chart(periods)
    if spec is None:
        st.info("The files loaded cover less than two four-week periods, so there is no change over time to show yet.")
    else:
        ui.show_chart(spec, key="trend")
        labels = [f"{s:%d %b %Y} to {(e - pd.Timedelta(days=1)):%d %b %Y}" for s, e, _ in periods]
        cols = st.columns(2)
        before = cols[0].selectbox("Compare the period", labels, index=0, key="trend-before")
        after = cols[1].selectbox("with the period", labels, index=len(labels) - 1, key="trend-after")
        _table(periods[labels.index(before)][2], periods[labels.index(after)][2], key="trend")

    st.subheader("Compare with an earlier upload")
    earlier = st.file_uploader("Earlier exports (same kinds of file, an earlier period)", accept_multiple_files=True, key="earlier")
    if earlier:
        files = tuple((f.name, f.getvalue()) for f in earlier)
        key = f"{uploads.files_key(files)}|{state.settings_key(settings)}"
        earlier_card, results = _earlier(key, files, settings)
        if said_of_earlier(results):
            said_of_periods(covered(results), covered(state.loaded()[1], parse_period(settings.period)))
            _table(earlier_card, state.scorecard(), key="earlier")


def _table(before, after, key: str) -> None:
    """Domains and the index side by side; every indicator too when asked for (a grid of some fifty
    rows is drawn only for the reader who wants it)."""
    frame = compare(before, after)
    domains = frame[frame["level"] != "indicator"]
    st.dataframe(
        _written(domains, ["title", "score_before", "score_after", "change", "band_change", "direction"]), hide_index=True, width="stretch"
    )
    if st.toggle("Show every indicator", key=f"{key}-every-indicator"):
        st.dataframe(_written(frame[frame["level"] == "indicator"], SHOWN), hide_index=True, width="stretch")


def _written(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``columns`` of a comparison, headed in words, each value written as on every other page."""
    shown = frame[columns].copy()
    for column, write in WRITTEN.items():
        if column in shown:
            shown[column] = shown[column].map(write)
    return shown.rename(columns=LABELS)
