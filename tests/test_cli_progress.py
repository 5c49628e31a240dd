"""The command line shows a progress bar on a terminal, and nothing of it in a pipe or with --json."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest

from tests.conftest import ROOT, SAMPLES

FILES = [SAMPLES / "email_activity_user_detail.csv", SAMPLES / "roster.xlsx"]


def _run(*args: str, terminal: bool) -> tuple[str, str]:
    """(stdout, stderr) of the command, its stderr a pseudo-terminal when ``terminal``."""
    command = [sys.executable, "-m", "diagnostic", *args]
    if not terminal:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        return done.stdout, done.stderr
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))  # wide enough for the whole bar
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        seen += chunk
    out = proc.stdout.read()
    proc.wait(timeout=120)
    os.close(leader)
    return out, seen.decode("utf-8", errors="replace")


@pytest.mark.slow
def test_a_terminal_sees_the_bar_and_it_is_cleared_before_the_table():
    out, err = _run("inspect", *map(str, FILES), terminal=True)
    assert "0 of 2 files, 0 rows  reading email_activity_user_detail.csv" in err
    assert "[########################] 2 of 2 files, 303 rows" in err
    assert err.endswith("\r\x1b[K")
    assert "roster" in out and "\x1b" not in out


@pytest.mark.slow
def test_no_bar_in_a_pipe_or_with_json():
    _, err = _run("inspect", *map(str, FILES), terminal=False)
    assert err == ""
    out, err = _run("inspect", "--json", *map(str, FILES), terminal=True)
    assert "files" not in err and "\x1b" not in err
    assert out.lstrip().startswith("[")
