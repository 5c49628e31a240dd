"""Work started ahead of a page, and an earlier upload read once: each page run finds what was
worked out before instead of working it out again, and with memoising off nothing is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.memo import memoising_off

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _ahead_page() -> None:
    """Starts a piece of work ahead, then asks for it, as Home and the Scorecard page do."""
    import streamlit as st

    from diagnostic.app import state

    calls = st.session_state.setdefault("calls", [])
    key = st.session_state["key"]  # one per test: AppTest's sessions may share session-scoped caches

    def double(n: int) -> int:
        calls.append(n)  # no Streamlit call here: it runs on the background thread
        return 2 * n

    state.start_ahead(key, "double", double, 21)
    st.write(f"value {state.ahead_or_now(key, 'double', double, 21)}")
    st.write(f"worked out {len(calls)} times")


def _run_twice(key: str) -> list[str]:
    at = AppTest.from_function(_ahead_page)
    at.session_state["key"] = key
    at.run()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return [str(m.value) for m in at.markdown]


def test_work_started_ahead_is_done_once_and_handed_to_the_page():
    assert _run_twice("upload:ahead-on") == ["value 42", "worked out 1 times"]


def test_with_memoising_off_nothing_is_started_ahead_and_each_run_works_it_out():
    with memoising_off():
        assert _run_twice("upload:ahead-off") == ["value 42", "worked out 2 times"]


def _earlier_page() -> None:
    """Asks for an earlier upload's scorecard on every run, as Change over time does."""
    from pathlib import Path

    import streamlit as st

    from diagnostic.app import state, trends_view, uploads

    path = Path(st.session_state["path"])
    files = ((path.name, path.read_bytes()),)
    scorecard, _ = trends_view._earlier(uploads.files_key(files), files, state.settings())
    st.write(f"{len(scorecard.results)} indicators")


@pytest.mark.slow
def test_an_earlier_upload_is_read_once_however_often_the_page_runs(monkeypatch):
    from diagnostic.app import trends_view

    reads: list[int] = []
    real = trends_view.load_bytes

    def counted(files, settings, *args, **kwargs):
        reads.append(len(files))
        return real(files, settings, *args, **kwargs)

    monkeypatch.setattr(trends_view, "load_bytes", counted)
    at = AppTest.from_function(_earlier_page, default_timeout=120)
    at.session_state["path"] = str(SAMPLES / "case_audits.xlsx")
    at.run()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert reads == [1]
    assert at.markdown[0].value.endswith(" indicators")


def _earlier_said_page() -> None:
    """Says what was used of an earlier upload of one good file and one that is not a calendar."""
    import streamlit as st

    from diagnostic.app import state, trends_view
    from diagnostic.ingest import load_bytes

    files = [(name, data) for name, data in st.session_state["files"]]
    _, results = load_bytes(files, state.settings())
    st.write(f"compared: {trends_view.said_of_earlier(results)}")


@pytest.mark.parametrize("good", [True, False])
def test_an_earlier_upload_says_what_could_be_used_and_names_each_problem(good):
    broken = ("old_calendar.ics", b"BEGIN:VCALENDAR\r\nthis is not a calendar\r\n")
    files = [("case_audits.xlsx", (SAMPLES / "case_audits.xlsx").read_bytes()), broken] if good else [broken]
    at = AppTest.from_function(_earlier_said_page, default_timeout=120)
    at.session_state["files"] = files
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.caption[0].value == f"{int(good)} of {len(files)} earlier files could be used."
    assert any("old\\_calendar\\.ics" in w.value or "old_calendar.ics" in w.value for w in at.warning)
    assert at.markdown[-1].value == f"compared: {good}"


def _earlier_scorecard_page() -> None:
    """The earlier upload's scorecard, as Change over time reads it, written out indicator by indicator."""
    import streamlit as st

    from diagnostic.app import state, trends_view, uploads

    files = tuple(st.session_state["files"])
    scorecard, _ = trends_view._earlier(uploads.files_key(files), files, state.settings())
    st.session_state["values"] = [(r.indicator.id, r.measurement.value, r.measurement.n) for r in scorecard.results]


@pytest.mark.slow
def test_an_earlier_upload_of_two_periods_is_scored_over_its_own_main_period():
    """Nineteen calendars of early 2025 and two Teams reports of June 2020, loaded as the earlier
    upload: the two old meetings are left out, as they would be of this upload."""
    from diagnostic.ingest import load_bytes
    from diagnostic.periods import Period, in_period
    from diagnostic.scorecard import build_scorecard
    from diagnostic.settings import Settings
    from tests.fixture_builders.periods import RECENT_FIRST, RECENT_LAST, mixed_period_files

    files = mixed_period_files()
    at = AppTest.from_function(_earlier_scorecard_page, default_timeout=120)
    at.session_state["files"] = files
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    settings = Settings()
    recent, _ = load_bytes([f for f in files if f[0].endswith(".ics")], settings)
    alone = build_scorecard(in_period(recent, Period(RECENT_FIRST, RECENT_LAST)), settings)
    assert at.session_state["values"] == [(r.indicator.id, r.measurement.value, r.measurement.n) for r in alone.results]


def _periods_said_page() -> None:
    import streamlit as st

    from diagnostic.app import trends_view
    from diagnostic.periods import parse_period

    trends_view.said_of_periods(parse_period(st.session_state["earlier"]), parse_period(st.session_state["this"]))


@pytest.mark.parametrize(
    ("earlier", "warning"),
    [
        ("2024-09-02:2024-11-29", None),
        ("2024-12-02:2025-02-28", "The two uploads share days"),
        ("2025-06-02:2025-08-29", "The earlier files are later than this upload"),
    ],
)
def test_the_days_of_both_uploads_are_said_and_a_comparison_not_over_time_is_warned(earlier, warning):
    at = AppTest.from_function(_periods_said_page, default_timeout=60)
    at.session_state["earlier"], at.session_state["this"] = earlier, "2025-01-06:2025-03-28"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    first = {"2024-09-02": "2 September 2024 to 29 November 2024", "2024-12-02": "2 December 2024 to 28 February 2025"}
    expected = first.get(earlier[:10], "2 June 2025 to 29 August 2025")
    assert at.caption[0].value == f"Earlier files: activity from {expected}. This upload: 6 January 2025 to 28 March 2025."
    assert [w.value.split(",")[0].split(" so ")[0] for w in at.warning] == ([warning] if warning else [])
