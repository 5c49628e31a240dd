"""What the user has loaded and chosen, and the cached work derived from it.

Heavy results (datasets, scorecards, networks) are cached with :func:`per_data`: per browser
session for the user's own files (nothing outlives the tab, nothing is pickled to disk), and
shared between sessions for the bundled fictional sample, so a workshop room of browsers works it
out once (its key carries a digest of its files, so other files under that folder are read
afresh). The same immutable object is handed back on every rerun, so moving between pages is
instant. Cache keys are short strings (file ids, settings JSON), never the data itself.

Home shows what was loaded, not scores: once it is drawn, :func:`prepare_scorecard` works the
scorecard out in the background, so the first page never waits for it and the next page finds
it ready or under way. ``DIAGNOSTIC_MEMO=off`` (:mod:`diagnostic.memo`) turns both off: each
session then reads the sample itself, and the scorecard is worked out when a page asks for it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import streamlit as st

from diagnostic.app import ui, uploads
from diagnostic.dataset import Dataset
from diagnostic.findings import Finding, cross_file_findings
from diagnostic.ingest import LoadResult, Progress, ProgressCallback, iter_paths, load_bytes
from diagnostic.ingest.naming import unique_names
from diagnostic.memo import memoising
from diagnostic.periods import chosen_period, in_period
from diagnostic.scorecard import Scorecard, build_scorecard
from diagnostic.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
MAPPINGS_KEY = "mappings"
WORKSHOP_KEY = "workshop"


SAMPLE_KEY = "sample"
# One thread for work started ahead of a page (:func:`start_ahead`): it uses the second core while
# the browser draws, and one piece at a time leaves that core to the browsers of a room.
_AHEAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ahead")
T = TypeVar("T")


def per_data(**options):
    """``st.cache_resource`` for functions whose first argument is a data key.

    Keys of the bundled sample (they start with ``"sample"``) share one global cache; keys of
    uploaded files stay in the browser session that loaded them.
    """

    def wrap(fn):
        @functools.wraps(fn)  # keeps the parameter names: ``_``-prefixed ones are not hashed
        def private(*args, **kwargs):
            return fn(*args, **kwargs)

        @functools.wraps(fn)
        def shared(*args, **kwargs):
            return fn(*args, **kwargs)

        for variant, scope in ((private, "session"), (shared, "global")):
            variant.__qualname__ = f"{fn.__qualname__}.{scope}"
        private_cached = st.cache_resource(scope="session", **options)(private)
        shared_cached = st.cache_resource(scope="global", **options)(shared)

        @functools.wraps(fn)
        def call(key: str, *args, **kwargs):
            chosen = shared_cached if shared_by_all(key) else private_cached
            return chosen(key, *args, **kwargs)

        call.clear = lambda: (private_cached.clear(), shared_cached.clear())
        return call

    return wrap


def shared_by_all(key: str) -> bool:
    """Whether work on the data named by ``key`` is shared by every browser: the bundled sample's
    is, unless memoising is off (then each browser works out its own)."""
    return key.startswith(SAMPLE_KEY) and memoising()


@st.cache_resource(scope="session", max_entries=1, show_spinner=False)
def _user_settings() -> Settings:
    return load_settings()


def settings() -> Settings:
    """The user's settings file, with this session's choices (privacy floor, opt-ins) on top."""
    base = _user_settings()
    chosen = st.session_state.get("settings_overrides", {})
    return replace(base, **chosen) if chosen else base


def settings_key(s: Settings) -> str:
    """A short form of :attr:`Settings.key` for Streamlit's cache keys."""
    return hashlib.sha256(s.key.encode()).hexdigest()[:16]


@st.cache_resource(scope="global", max_entries=1, show_spinner=False)
def _sample() -> tuple[str, tuple[tuple[str, bytes], ...]]:
    """(key, files) of the bundled sample: the key names a digest of every file's name and bytes."""
    files = tuple((str(p.relative_to(SAMPLES)), p.read_bytes()) for p in iter_paths([SAMPLES]))
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return f"{SAMPLE_KEY}:{len(files)}:{digest.hexdigest()[:24]}", files


def current_files() -> tuple[str, tuple[tuple[str, bytes], ...], bool]:
    """(cache key, files, is_sample): the uploaded files, or the bundled sample organisation.

    Uploads of one name (every Teams report is ``meetingAttendanceReport.csv``) are told apart by
    their order (:func:`~diagnostic.ingest.naming.unique_names`), so each has its own row, form and messages.
    """
    uploaded = uploads.current()  # from the uploader, or kept in memory from before a refresh
    if uploaded:
        key, files = uploaded
        return key, tuple(zip(unique_names([name for name, _ in files]), (content for _, content in files))), False
    return (*_sample(), True)


@dataclass
class _Slot:
    """Where one set of files' dataset is kept once read; the lock lets one session read them
    while others opening the same files wait for it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    value: tuple[Dataset, tuple[LoadResult, ...]] | None = None


@per_data(max_entries=4, show_spinner=False)
def _slot(key: str, s_key: str, mappings_key: str) -> _Slot:
    """An empty slot per set of files and settings, cached like any result (shared for the sample).

    The reading itself happens outside the cache, in :func:`_load`: progress drawn inside a cached
    function would be replayed, finished, on every page a user opens afterwards.
    """
    return _Slot()


def _load(key: str, s_key: str, mappings_key: str, _files, _settings, _mappings) -> tuple[Dataset, tuple[LoadResult, ...]]:
    """The files' dataset, read once; while they are read, a status box says which file, how
    many are done and how many rows so far, so a large upload never looks frozen."""
    slot = _slot(key, s_key, mappings_key)
    if slot.value is not None:
        return slot.value
    if not slot.lock.acquire(blocking=False):
        with st.spinner("Reading the files…"):  # another window is reading them: wait for it
            slot.lock.acquire()
    try:
        if slot.value is None:
            with st.status("Reading the files…", expanded=True) as box:
                bar = st.progress(0.0)
                dataset, results = load_bytes(list(_files), _settings, _mappings, progress=_shown_on(bar))
                box.update(label=f"Read {len(results):,} {'file' if len(results) == 1 else 'files'}.", state="complete", expanded=False)
            slot.value = dataset, tuple(results)
    finally:
        slot.lock.release()
    return slot.value


def read_sample() -> None:
    """Read the bundled sample into the shared cache, as a browser opening it with no uploads and
    the settings file's choices would. Nothing is shown; with memoising off, nothing is read."""
    if not memoising():
        return
    key, files = _sample()
    any_period = replace(load_settings(), period="")
    slot = _slot(key, settings_key(any_period), json.dumps({}, sort_keys=True))
    with slot.lock:
        if slot.value is None:
            dataset, results = load_bytes(list(files), any_period, {})
            slot.value = dataset, tuple(results)


def _shown_on(bar) -> ProgressCallback:
    def show(p: Progress) -> None:
        reading = f" Reading {ui.plain(p.file)}." if p.file else ""  # the bar's text is Markdown
        bar.progress(p.done / max(p.total, 1), text=f"{p.done:,} of {p.total:,} files read, {p.rows:,} rows so far.{reading}")

    return show


def loaded() -> tuple[Dataset, tuple[LoadResult, ...], bool]:
    """The combined Dataset, one LoadResult per file, and whether this is the sample."""
    key, files, is_sample = current_files()
    s = settings()
    mappings = st.session_state.get(MAPPINGS_KEY, {})
    mappings_key = json.dumps(mappings, sort_keys=True)
    # Files are read without the analysis period, so choosing another period only trims what was read.
    # The one exception: a person query without dates is read over the period given, so it is read again.
    any_period = replace(s, period="")
    dataset, results = _load(key, settings_key(any_period), mappings_key, files, any_period, mappings)
    if s.period and needs_a_period(results):
        dataset, results = _load(key, settings_key(s), mappings_key, files, s, mappings)
    return dataset, results, is_sample


def needs_a_period(results) -> bool:
    """Whether a file (a person query run over one whole period) was refused because no period was given."""
    return any(r.needs_period for r in results)  # refused, not guessed, without dates


BASELINE = "baseline"
SCORECARD_WORK = "scorecard"


@dataclass
class _Ahead:
    """One piece of work on one set of data, once :func:`start_ahead` has started it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    future: Future | None = None


@per_data(max_entries=8, show_spinner=False)
def _ahead(key: str, work: str) -> _Ahead:
    """One per data key and kind of work, kept where that work's result is (shared for the sample)."""
    return _Ahead()


def start_ahead(key: str, work: str, fn: Callable[..., T], *args) -> None:
    """Start ``fn(*args)`` in the background, once per data ``key`` and ``work`` name, so that the
    page showing it finds it ready or under way. With memoising off it does nothing: each page then
    works out what it shows, and nothing is kept."""
    if not memoising():
        return
    ahead = _ahead(key, work)
    with ahead.lock:
        if ahead.future is None:
            ahead.future = _AHEAD.submit(fn, *args)


def ahead_or_now(key: str, work: str, fn: Callable[..., T], *args) -> T:
    """What :func:`start_ahead` started for ``key`` and ``work``, waited for; or ``fn(*args)`` worked
    out here if nothing was started (a page opened first, or memoising off)."""
    future = _ahead(key, work).future
    return future.result() if future is not None else fn(*args)


@per_data(max_entries=16, show_spinner="Working out the scorecard…")
def _scorecard(key: str, s_key: str, scenario_key: str, _dataset: Dataset, _settings: Settings) -> Scorecard:
    if scenario_key == BASELINE:  # started once Home was drawn: wait for it rather than start again
        return ahead_or_now(f"{key}|{s_key}", SCORECARD_WORK, build_scorecard, _dataset, _settings)
    return build_scorecard(_dataset, _settings)


def _analysed(dataset: Dataset | None = None) -> tuple[str, str, Dataset, Settings]:
    """(data key, settings key, the analysis period of ``dataset`` (the loaded data by default), settings)."""
    key, _, _ = current_files()
    base, results, _ = loaded()
    s = settings()
    analysed = in_period(base if dataset is None else dataset, chosen_period(results, s))
    return key + json.dumps(st.session_state.get(MAPPINGS_KEY, {}), sort_keys=True), settings_key(s), analysed, s


def scorecard(dataset: Dataset | None = None, scenario_key: str = BASELINE) -> Scorecard:
    """The scorecard for the loaded data (or a scenario's dataset, named by ``scenario_key``)."""
    key, s_key, analysed, s = _analysed(dataset)
    return _scorecard(key, s_key, scenario_key, analysed, s)


def prepare_scorecard() -> None:
    """Start working out the loaded data's scorecard in the background, once per data and settings.

    Called when a page that shows no scores has been drawn; with memoising off it does nothing.
    """
    if not memoising():
        return
    key, s_key, analysed, s = _analysed()
    start_ahead(f"{key}|{s_key}", SCORECARD_WORK, build_scorecard, analysed, s)


def findings() -> tuple[Finding, ...]:
    """What is true of the files together (periods, populations that do not join, missing sources)."""
    dataset, results, _ = loaded()
    return _findings(data_key(), dataset, results, settings())


@per_data(max_entries=4, show_spinner=False)
def _findings(key: str, _dataset: Dataset, _results: tuple[LoadResult, ...], _settings: Settings) -> tuple[Finding, ...]:
    """Worked out once per data and settings: Home shows them on every rerun, and they read every table."""
    return tuple(cross_file_findings(in_period(_dataset, chosen_period(_results, _settings)), _results, _settings))


def data_key() -> str:
    """A short key for the loaded data and settings, for other cached views (network, charts)."""
    key, _, _ = current_files()
    return f"{key}|{settings_key(settings())}|{json.dumps(st.session_state.get(MAPPINGS_KEY, {}), sort_keys=True)}"


def workshop() -> bool:
    """Workshop mode: from the sidebar toggle or ``?mode=workshop`` in the address."""
    if st.query_params.get("mode") == "workshop":
        st.session_state[WORKSHOP_KEY] = True
    return bool(st.session_state.get(WORKSHOP_KEY, False))
