"""A real app server on a loopback port, and Debian's Chromium driven by Playwright.

Chromium comes from the system (``/usr/bin/chromium``); Playwright never downloads a browser.
Without Chromium the browser tests are skipped on a laptop and fail in CI.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "artifacts" / "screenshots"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the group marker
def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)  # a real browser and server: never part of the inner loop
            item.add_marker(pytest.mark.xdist_group("browser"))  # one browser at a time, beside the other tests
            if not CHROMIUM.exists() and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp: Path, extra_env: dict | None = None, script: Path = ROOT / "app.py") -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    log = tmp / f"streamlit-{port}.log"
    env = {**os.environ, "DIAGNOSTIC_SETTINGS": str(tmp / "settings.json"), **(extra_env or {})}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ],
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited: {log.read_text()[-2000:]}")
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return proc, url, log
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"the app did not start in 60 s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("app")
    proc, url, log = start_server(tmp)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1800}}


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has connected and finished running the script (its own e2e pattern)."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=timeout)
    page.wait_for_timeout(400)
