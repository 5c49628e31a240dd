"""The first page and every analysis page of the sample, timed in a real browser.

The figures are written to ``artifacts/timings/first_page.json`` and printed; they are not
asserted (the machine's load decides them as much as the code does). ``benchmarks/first_page.py``
states them against their targets.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

from benchmarks.first_page import measure, report
from diagnostic.app.shell import ANALYSIS_PAGES
from tests.e2e.conftest import ROOT

TIMINGS = ROOT / "artifacts" / "timings"


def test_first_page_and_page_clicks_are_timed(tmp_path):
    # on a thread of its own: a browser test before this one may have left this thread's event loop running
    with ThreadPoolExecutor(max_workers=1) as thread:
        figures = thread.submit(asyncio.run, measure(tmp_path)).result()
    TIMINGS.mkdir(parents=True, exist_ok=True)
    (TIMINGS / "first_page.json").write_text(json.dumps(figures, indent=1))
    print(report(figures))
    assert list(figures["pages"]) == [title for _, title in ANALYSIS_PAGES[1:]]
    assert figures["first_page"] > 0 and all(seconds > 0 for seconds in figures["pages"].values())
    assert figures["baseline"]["first_page"] > 0 and figures["second_browser"] > 0
    assert 0 < figures["baseline"]["server_cpu"] < figures["server_cpu"]  # the bare app reads no files
