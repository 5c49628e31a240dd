"""First-page benchmark: how long from ``streamlit run app.py`` to a settled Home page, and how
long each analysis page of the sample takes to settle after a click in the sidebar.

Run ``python benchmarks/first_page.py`` (``--out FILE`` also writes the figures as JSON). One
headless Chromium (Debian's, at ``/usr/bin/chromium``) is started first, so its own start is not
counted; then the app server (the browser tests' ``start_server``) on a free loopback port. The
first page counts from the moment the server process is started until Home has finished its run
and drawn (nothing stale, no skeleton); the server's processor time by then (its second reading process included) is shown beside it,
since a shared machine stretches the wall time, not the processor time. A second browser then
opens Home (the sample is read once for every browser, so this is the wait of the second person
in a room). Each page is then opened once from the sidebar, in the sidebar's order, and timed as
``benchmarks/load.py`` times a click: on the page's own clock, from the click to the end of the
rerun it caused.

The baseline, in the same run and the same way: a bare Streamlit app of two pages and a title,
started and opened like the real one. It is what Streamlit itself costs on this machine at this
moment, the floor under the first page. Targets: first page 5 s or less; every page 1.5 s or less
after a click. The figures are stated, not asserted: the machine's load decides too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from benchmarks.load import BARE_APP, CHROMIUM_ARGS, DRAWN, OPEN_TIMEOUT_MS, RECORDER, VIEWPORT, Server, open_app, visit  # noqa: E402
from diagnostic.app.shell import ANALYSIS_PAGES  # noqa: E402
from tests.e2e.conftest import CHROMIUM, start_server  # noqa: E402

FIRST_PAGE_TARGET = 5.0
CLICK_TARGET = 1.5


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:  # a busy server may not stop when asked
        proc.kill()
        proc.wait()


async def _first_page(browser, tmp: Path, script: Path | None = None) -> tuple[float, float, subprocess.Popen, object, str]:
    """(seconds from the server's start to a drawn first page, the server's processor seconds by
    then, the server, the page, its address). The caller stops the server."""
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(RECORDER)
    page = await context.new_page()
    started = time.perf_counter()
    proc, url, _ = start_server(tmp, script=script) if script else start_server(tmp)
    try:
        await open_app(page, url)
        await page.wait_for_function(DRAWN, timeout=OPEN_TIMEOUT_MS)
    except BaseException:
        _stop(proc)
        raise
    return time.perf_counter() - started, Server(proc.pid, 0.0).cpu(), proc, page, url


async def measure(tmp: Path) -> dict:
    """{"baseline": {"first_page", "server_cpu"}, "first_page", "server_cpu", "second_browser",
    "pages": {title: seconds}, "load": the machine's load average}."""
    bare = tmp / "bare_app.py"
    bare.write_text(BARE_APP)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            base_first, base_cpu, proc, _, _ = await _first_page(browser, tmp, bare)
            _stop(proc)
            first, cpu, proc, page, url = await _first_page(browser, tmp)
            try:
                other = await (await browser.new_context(viewport=VIEWPORT)).new_page()
                opened = time.perf_counter()
                await open_app(other, url)
                await other.wait_for_function(DRAWN, timeout=OPEN_TIMEOUT_MS)
                second = time.perf_counter() - opened
                server = Server(proc.pid, 0.0)
                pages = {title: await visit(page, title, server) for _, title in ANALYSIS_PAGES[1:]}
            finally:
                _stop(proc)
        finally:
            await browser.close()
    return {
        "baseline": {"first_page": base_first, "server_cpu": base_cpu},
        "first_page": first,
        "server_cpu": cpu,
        "second_browser": second,
        "pages": pages,
        "load": os.getloadavg()[0],
    }


def report(figures: dict) -> str:
    slowest = max(figures["pages"].items(), key=lambda kv: kv[1])
    base = figures["baseline"]
    lines = [
        f"First page settled {figures['first_page']:.2f} s after the server started, with {figures['server_cpu']:.2f} s of the server's "
        f"processor time (target {FIRST_PAGE_TARGET:.0f} s or less).",
        f"Baseline, a bare Streamlit app: {base['first_page']:.2f} s, with {base['server_cpu']:.2f} s of processor time.",
        f"A second browser opening Home: {figures['second_browser']:.2f} s.",
        *(f"  {title:18} {seconds:5.2f} s after the click" for title, seconds in figures["pages"].items()),
        f"Slowest page: {slowest[0]}, {slowest[1]:.2f} s (target {CLICK_TARGET} s or less).",
        f"Load average at the end: {figures['load']:.1f} on {os.cpu_count()} processors.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Chromium is needed at {CHROMIUM} (apt-get install chromium).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="first-page-") as name:
        figures = asyncio.run(measure(Path(name)))
    print(report(figures))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
