"""Starting up: reading and describing files imports only what reading needs.

The graph and chart libraries cost a second or more to import on a two-core machine, so they are
imported where they are used. Each check runs a fresh interpreter: what one test imported would
otherwise hide what the next one needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from diagnostic.ingest.sheet import PY_WHITESPACE

ROOT = Path(__file__).resolve().parents[1]
NOT_FOR_READING = ("networkx", "igraph", "scipy", "altair", "openpyxl", "threadpoolctl")


def _modules_after(code: str) -> set[str]:
    """Top-level packages imported by a fresh interpreter once ``code`` has run."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_whitespace_is_every_code_point_python_strips():
    assert "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) == PY_WHITESPACE


@pytest.mark.slow
def test_inspect_of_the_sample_imports_no_graph_or_chart_library():
    code = "import contextlib, io\nfrom diagnostic.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n    main(['inspect', 'data/samples'])"
    assert not _modules_after(code) & set(NOT_FOR_READING)


@pytest.mark.slow
def test_the_app_shell_and_home_imports_need_no_graph_or_chart_library():
    code = "import diagnostic.app.shell, diagnostic.app.state, diagnostic.app.sources_view, diagnostic.app.mapping_step"
    assert not _modules_after(code) & set(NOT_FOR_READING)
