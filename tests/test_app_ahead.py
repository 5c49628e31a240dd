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
