"""Files read on two processors give exactly what one gives, and a second process that fails costs
time, never a file."""

from __future__ import annotations

import pickle
import signal
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

from diagnostic import parallel
from diagnostic.ingest import load_paths
from diagnostic.settings import Settings
from tests.conftest import FIXTURES, ROOT, SAMPLES


@pytest.fixture
def reader(monkeypatch):
    """A fresh second process for this test, allowed by the setting, and ended afterwards."""
    fresh = parallel._Reader()
    monkeypatch.setattr(parallel, "_READER", fresh)
    monkeypatch.setenv(parallel.PROCESSES_ENV, "2")
    yield fresh
    if fresh._process is not None:
        fresh._process.stdin.close()
        fresh._process.wait(30)


def _read_there(monkeypatch, reader) -> list[str]:
    """Names of the files the second process gave back a result for."""
    names: list[str] = []
    original = type(reader).read

    def read(self, job):
        result = original(self, job)
        if result is not None:
            names.append(job[1])
        return result

    monkeypatch.setattr(type(reader), "read", read)
    return names


def _same(one, other) -> None:
    (data_1, results_1), (data_2, results_2) = one, other
    assert sorted(data_1.present()) == sorted(data_2.present())
    for table in data_1.present():
        pd.testing.assert_frame_equal(getattr(data_1, table), getattr(data_2, table), check_exact=True)
    assert [r.to_record() for r in results_1] == [r.to_record() for r in results_2]
    for r1, r2 in zip(results_1, results_2):
        assert r1.issues == r2.issues
        for table in r1.dataset.present():
            pd.testing.assert_frame_equal(getattr(r1.dataset, table), getattr(r2.dataset, table), check_exact=True)


@pytest.mark.slow
def test_the_sample_read_on_two_processors_is_the_sample_read_on_one(settings, reader, monkeypatch):
    there = _read_there(monkeypatch, reader)
    shared = load_paths([SAMPLES], settings)
    assert there, "the second process read none of the sample's files"
    assert len(there) < len(shared[1]), "this process read none of them"
    monkeypatch.setenv(parallel.PROCESSES_ENV, "1")
    _same(load_paths([SAMPLES], settings), shared)


@pytest.mark.slow
def test_a_second_process_that_ends_mid_way_costs_no_file(settings, reader, monkeypatch):
    alone = load_paths([SAMPLES], settings)
    assert reader.start()
    reader._process.kill()  # gone before the first file is handed over
    reader._process.wait(30)
    _same(load_paths([SAMPLES], settings), alone)
    assert reader.failed and not reader.started


def test_a_second_process_that_gives_no_result_costs_no_file(settings, reader, monkeypatch):
    files = [FIXTURES / "meetings" / "outlook_uk.csv", FIXTURES / "meetings" / "teams_current.csv"]
    alone = load_paths(files, settings)
    monkeypatch.setattr(parallel, "WORTH_STARTING_BYTES", 0)
    monkeypatch.setattr(type(reader), "read", lambda self, job: None)
    monkeypatch.setattr(type(reader), "start", lambda self: True)
    _same(load_paths(files, settings), alone)


def test_a_few_small_files_do_not_start_a_second_process(settings, reader):
    load_paths([FIXTURES / "meetings" / "outlook_uk.csv", FIXTURES / "meetings" / "teams_current.csv"], settings)
    assert not reader.started


@pytest.mark.parametrize(("given", "expected"), [("1", 1), ("2", 2), ("8", 2), (" 1 ", 1)])
def test_the_setting_says_how_many_processes_read(monkeypatch, given, expected):
    monkeypatch.setenv(parallel.PROCESSES_ENV, given)
    assert parallel.processes() == expected


@pytest.mark.parametrize("given", ["", "0", "two", "-1"])
def test_a_setting_that_is_not_a_count_falls_back_to_the_machine(monkeypatch, given):
    monkeypatch.setenv(parallel.PROCESSES_ENV, given)
    assert parallel.processes() in {1, 2}


@pytest.mark.slow
def test_progress_counts_every_file_once_whichever_process_read_it(settings, reader):
    seen = []
    dataset, results = load_paths([SAMPLES], settings, progress=seen.append)
    done = [p.done for p in seen]
    assert done == sorted(done) and done[-1] == len(results) and seen[-1].file == ""
    assert seen[-1].rows == sum(r.rows for r in results)
    assert all(p.total == len(results) for p in seen)


@pytest.mark.slow
def test_the_second_process_leaves_ctrl_c_to_the_first_and_ends_quietly_when_it_goes():
    """Ctrl+C at a terminal reaches both processes: the second ignores it, and ends without a word
    when the first has gone, even with a file's answer still to send."""
    process = subprocess.Popen(
        [sys.executable, "-m", "diagnostic.parallel"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    pickle.dump((b"Subject,Start\r\nA,01/02/2025 10:00\r\n", "a.csv", Settings(salt="s"), None), process.stdin)
    process.stdin.flush()
    assert pickle.load(process.stdout).file == "a.csv"  # it answers
    process.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert process.poll() is None
    pickle.dump((b"x" * 1000, "b.csv", Settings(salt="s"), None), process.stdin)
    process.stdin.close()
    process.stdout.close()  # gone before the answer comes
    assert process.wait(30) == 0
    assert process.stderr.read() == b""


def test_an_interrupted_read_does_not_wait_for_the_second_process(settings, reader, monkeypatch):
    """Ctrl+C while the second process is mid-file: the first stops it and ends at once."""
    stopped = threading.Event()
    real_give_up = type(reader).give_up

    def give_up(self):
        stopped.set()
        real_give_up(self)

    monkeypatch.setattr(type(reader), "start", lambda self: True)
    monkeypatch.setattr(type(reader), "read", lambda self, job: stopped.wait(60) and None)  # busy until stopped
    monkeypatch.setattr(type(reader), "give_up", give_up)

    def interrupted(job):
        raise KeyboardInterrupt

    jobs = [(b"x" * 3_000_000, "big.csv", settings, None), (b"a,b\r\n1,2\r\n", "small.csv", settings, None)]
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        parallel.read_all(jobs, interrupted, lambda position, results: None)
    assert time.perf_counter() - started < 30 and reader.failed
