"""The first page: the sample is read once for every browser, and the scorecard is worked out
while Home is read, never before Home is drawn, and comes out as a cold run's."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from diagnostic.app import state
from diagnostic.app.shell import PAGES
from diagnostic.ingest import iter_paths
from diagnostic.memo import memoising_off

pytestmark = pytest.mark.slow  # the whole app on the sample, several times

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 180


@pytest.fixture
def counted_reads(monkeypatch) -> list[int]:
    """Every call of the app's file reader, as the number of files it was given; caches start empty."""
    reads: list[int] = []
    real = state.load_bytes

    def counting(files, *args, **kwargs):
        reads.append(len(files))
        return real(files, *args, **kwargs)

    monkeypatch.setattr(state, "load_bytes", counting)
    st.cache_resource.clear()
    yield reads
    st.cache_resource.clear()


def _scorecard_page() -> list[str]:
    """Home, then the Scorecard page, in a new session: the texts the Scorecard page shows."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    at.switch_page(str(PAGES / "scorecard.py")).run(timeout=TIMEOUT)
    assert not at.exception
    return [m.value for m in at.markdown] + [m.value for m in at.metric] + [c.value for c in at.caption]


def test_the_sample_is_read_once_for_every_browser(counted_reads):
    for _ in range(2):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.run()
        assert not at.exception
    assert len(counted_reads) == 1


def test_the_samples_work_is_shared_by_every_browser_unless_memoising_is_off():
    key, _ = state._sample()
    assert state.shared_by_all(key)
    assert not state.shared_by_all("upload:1:0123456789abcdef01234567")  # a person's own files stay in their browser
    with memoising_off():
        assert not state.shared_by_all(key)


def test_the_scorecard_worked_out_behind_home_is_a_cold_runs(counted_reads):
    warm = _scorecard_page()
    st.cache_resource.clear()
    with memoising_off():
        cold = _scorecard_page()
    assert warm == cold
    assert any("%" in text or "/" in text for text in warm)  # scores are shown, not an empty page


def test_the_samples_key_names_a_digest_of_its_files():
    files = sorted(iter_paths([state.SAMPLES]))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(state.SAMPLES)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    key, read = state._sample()
    assert key == f"sample:{len(files)}:{digest.hexdigest()[:24]}"
    assert [name for name, _ in read] == [str(p.relative_to(state.SAMPLES)) for p in files]


def _home() -> list[str]:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]


def test_the_sample_read_as_the_server_starts_is_the_one_home_shows(counted_reads):
    state.read_sample()  # what the server's start-up does (app.py, diagnostic.app.warm), before any browser
    assert counted_reads == [len(iter_paths([state.SAMPLES]))]
    ahead = _home()
    assert len(counted_reads) == 1, "Home read the sample again instead of using what was read ahead"
    st.cache_resource.clear()
    with memoising_off():
        assert _home() == ahead


def test_nothing_is_read_ahead_when_memoising_is_off(counted_reads):
    with memoising_off():
        state.read_sample()
    assert counted_reads == []


def test_the_server_starts_the_app_and_a_page_run_draws_it():
    """``streamlit run app.py`` finds ``app`` (an ``st.App`` whose start-up reads ahead); a page run draws."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    assert discover_asgi_app(Path(APP)).is_asgi_app
    assert _home()  # AppTest runs the file as a page script: it draws the app, it defines no server
