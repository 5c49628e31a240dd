"""A second process that reads files while this one reads others: two processors, not one.

Reading a file into tables is pure Python and pandas work that holds the interpreter, so threads
cannot share it out; a second process can. Each file is read by exactly the same function
(:func:`diagnostic.ingest.load_file`) wherever it is read, and its result is put back in the
file's place, so what is loaded is the same whichever process read which file, and the same as
reading them one after another (``tests/test_parallel.py`` holds this to the table).

The second process is started once and kept (a large upload later finds it ready). It is a fresh
interpreter running ``python -m diagnostic.parallel``, never a fork (the app's server runs
threads, and forking a process with threads can leave it stuck) and never a re-run of the
caller's own script (as ``multiprocessing``'s spawn would do to a script without a main guard).
Jobs and results go through its standard input and output as pickles: it is our own code on the
same machine, and nothing else writes to those pipes. Starting it means importing pandas again
(about half a second of processor time), so it is started early where that pays (:func:`start`:
as the command line or the app's server starts) and otherwise only for enough bytes to be worth
it. It ends when this process does (its input closes). If it fails in any way, this process
reads what it was given, so a failure costs time, never a file.

``DIAGNOSTIC_PROCESSES=1`` keeps all reading in one process (a shared server, a test run already
using every processor); by default two are used where the machine has two processors or more.
This module imports nothing heavy, so :func:`start` can run before pandas is imported.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PROCESSES_ENV = "DIAGNOSTIC_PROCESSES"
PACKAGE_HOME = Path(__file__).resolve().parents[1]  # the folder ``diagnostic`` is imported from
# Below this many bytes in all, starting a second process costs more than it saves.
WORTH_STARTING_BYTES = 2_000_000

# One job: the arguments of load_file (the file's bytes, its name, settings, column mapping or None).
Job = tuple[bytes, str, Any, Any]


def processes() -> int:
    """How many processes may read files: ``DIAGNOSTIC_PROCESSES`` (1 or 2), else 2 where this
    machine lets us use two processors or more."""
    given = os.environ.get(PROCESSES_ENV, "").strip()
    if given.isdigit() and int(given) >= 1:
        return min(int(given), 2)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 2 if usable >= 2 else 1


def serve() -> None:
    """The second process (``python -m diagnostic.parallel``): read each job that arrives on
    standard input and write back its result (None if it failed), until the input ends.

    It ends quietly whenever the first process goes, even mid-file: Ctrl+C at a terminal reaches
    both processes, and only the first answers it, so the second is left to find its pipes closed.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    jobs, answers = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else printed goes to standard error, never into the answers
    from diagnostic.ingest import load_file  # the import that takes the time, done before the first job

    while True:
        try:
            job = pickle.load(jobs)
        except (EOFError, OSError, pickle.UnpicklingError):  # the first process has gone
            return
        try:
            result = pickle.dumps(load_file(*job), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # any failure: the first process reads this file itself
            result = pickle.dumps(None)
        try:
            answers.write(result)
            answers.flush()
        except OSError:  # the first process has gone
            return


class _Reader:
    """The second process and the pipes to it; one caller at a time hands it jobs."""

    def __init__(self) -> None:
        self.busy = threading.Lock()  # held while a caller is handing it jobs
        self._starting = threading.Lock()
        self._process: subprocess.Popen | None = None
        self.failed = False

    @property
    def started(self) -> bool:
        return self._process is not None

    def start(self) -> bool:
        """Start the process if it is not running; False if it cannot be (then nothing is shared)."""
        with self._starting:
            if self._process is None and not self.failed:
                try:
                    self._process = subprocess.Popen(
                        [sys.executable, "-m", "diagnostic.parallel"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=PACKAGE_HOME
                    )
                except OSError:  # no process to be had here: read in this one
                    self.failed = True
            return not self.failed

    def read(self, job: Job):
        """The job's result from the second process, or None if it could not give one."""
        try:
            pickle.dump(job, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
            return pickle.load(self._process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):  # it ended or the pipe broke: stop using it
            self.give_up()
            return None

    def give_up(self) -> None:
        """Stop the process, if it still runs, and read everything in this one from now on."""
        with self._starting:
            self.failed = True
            process, self._process = self._process, None
        if process is None:  # already given up, from the other thread
            return
        process.kill()
        for pipe in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):  # the pipe is already broken: nothing more to close
                pipe.close()
        process.wait()


_READER = _Reader()


def start() -> None:
    """Start the second process now, so its imports overlap with this process's own."""
    if processes() > 1:
        _READER.start()


def read_all(jobs: Sequence[Job], read_here: Callable[[Job], Any], before_each: Callable[[int, list], None]) -> list:
    """Every job's result, in the jobs' order.

    This process reads from the smallest file up while the second process reads from the largest
    down, until they meet; with no second process, it reads them in their order. ``before_each(position, results so far)`` is called in this thread only
    (a progress bar may be drawn there) before each file this process reads, and once at the end
    with ``position`` ``len(jobs)``; a result not read yet is None.
    """
    results: list = [None] * len(jobs)
    share = _worth_sharing(jobs)
    # This process takes from the right: the smallest when sharing, else the files in their own order.
    order = deque(sorted(range(len(jobs)), key=lambda i: (-len(jobs[i][0]), i)) if share else reversed(range(len(jobs))))
    taking = threading.Lock()

    def take(largest: bool) -> int | None:
        with taking:
            return (order.popleft() if largest else order.pop()) if order else None

    def feed() -> None:  # on its own thread: waits on the pipe, so the interpreter is free meanwhile
        while (i := take(largest=True)) is not None:
            result = _READER.read(jobs[i])
            if result is None:
                with taking:
                    order.appendleft(i)  # given back: read here
                return
            results[i] = result

    feeder = threading.Thread(target=feed, name="diagnostic-reader-feed", daemon=True) if share else None
    if feeder is not None:
        feeder.start()
    try:
        while True:
            i = take(largest=False)
            if i is None and feeder is not None:
                feeder.join()  # the second process's last file, or one it gave back
                feeder = None
                i = take(largest=False)
            if i is None:
                break
            before_each(i, results)
            results[i] = read_here(jobs[i])
    except BaseException:  # Ctrl+C, or a failure here: end the second process's file too, instead of waiting for it
        if feeder is not None:
            _READER.give_up()
        raise
    finally:
        if feeder is not None:
            feeder.join()
        if share:
            _READER.busy.release()
    before_each(len(jobs), results)
    return results


def _worth_sharing(jobs: Sequence[Job]) -> bool:
    """Whether to hand jobs to the second process; if so, this caller now holds it (``busy``)."""
    if len(jobs) < 2 or processes() < 2 or _READER.failed:
        return False
    if not _READER.started and sum(len(j[0]) for j in jobs) < WORTH_STARTING_BYTES:
        return False
    if not _READER.busy.acquire(blocking=False):  # another caller (another browser) is using it
        return False
    if _READER.start():
        return True
    _READER.busy.release()
    return False


if __name__ == "__main__":
    serve()
