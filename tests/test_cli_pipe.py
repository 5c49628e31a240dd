"""The command line read through a pipe that closes early (``python -m diagnostic ... | head``)."""

from __future__ import annotations

import subprocess
import sys

from diagnostic.cli import SIGPIPE_EXIT
from tests.conftest import ROOT


def test_a_reader_that_stops_early_ends_the_command_quietly():
    """No "unexpected problem", no traceback: the reader has all it wanted."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "diagnostic", "levers", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    proc.stdout.close()  # the reader is gone before the command writes a byte
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == SIGPIPE_EXIT
    assert err == ""
