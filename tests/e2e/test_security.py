"""Security and privacy defaults, checked against a running server so a regression fails loudly."""

from __future__ import annotations

import base64
import os
import re
import socket
import tomllib
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, start_server, wait_for_app

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def test_config_keeps_the_privacy_defaults():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert set(CONFIG["server"]["allowedHosts"]) == {"localhost", "127.0.0.1"}
    assert CONFIG["server"].get("enableCORS", True) is True
    assert CONFIG["server"].get("enableXsrfProtection", True) is True
    assert CONFIG["server"]["maxUploadSize"] > 0
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_nothing_is_cached_to_disk():
    for path in (ROOT / "diagnostic").rglob("*.py"):
        assert "persist=" not in path.read_text(encoding="utf-8"), f"{path.name} persists a cache"


def _listening_addresses(port: int) -> set[str]:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(addr)
    return found


def _handshake(port: int, host: str, origin: str | None = None) -> int:
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status = s.recv(200).split(b"\r\n", 1)[0].decode()
    return int(status.split()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("secure")
    proc, url, log = start_server(tmp)
    yield int(url.rsplit(":", 1)[1]), url, log
    proc.terminate()
    proc.wait(10)


def test_server_listens_on_loopback_only(server):
    port, _, _ = server
    addresses = _listening_addresses(port)
    assert addresses and addresses <= {"0100007F"}, addresses


def test_foreign_host_and_origin_are_refused(server):
    port, _, _ = server
    assert _handshake(port, f"localhost:{port}") == 101
    assert _handshake(port, "evil.example") == 403
    assert _handshake(port, f"localhost:{port}", origin="http://evil.example") == 403


OUTLOOK = (
    '"Subject","Start Date","Start Time","End Date","End Time","Meeting Organizer","Required Attendees"\r\n'
    '"Supervision","14/01/2025","10:00:00","14/01/2025","11:00:00","Zara Quill","Zara Quill;yusuf.orton@northbridge.gov.uk"\r\n'
).encode("cp1252")


def test_the_browser_talks_to_nothing_but_the_app_and_logs_hold_no_identifiers(server, page):
    port, url, log = server
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    wait_for_app(page)
    page.locator("input[type='file']").set_input_files(files=[{"name": "c.csv", "mimeType": "text/csv", "buffer": OUTLOOK}])
    wait_for_app(page)
    for other in ("scorecard", "network", "scenarios", "report", "workshop?mode=workshop"):
        page.goto(f"{url}/{other}")
        wait_for_app(page)
    foreign = [u for u in requests if not u.startswith((url, "data:", "blob:", f"ws://127.0.0.1:{port}"))]
    assert foreign == []
    text = page.content()
    assert "Zara Quill" not in text and "yusuf.orton" not in text
    logged = log.read_text(errors="ignore")
    assert "Zara" not in logged and not EMAIL.search(logged)


def test_an_upload_over_the_limit_gets_a_clear_message(page, tmp_path):
    proc, url, _ = start_server(tmp_path, {"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "1"})
    try:
        page.goto(url)
        wait_for_app(page)
        big = b"Subject,Start Date\r\n" + b"x" * (2 * 1024 * 1024)
        page.locator("input[type='file']").set_input_files(files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": big}])
        page.wait_for_timeout(1500)
        assert "1.0MB or smaller" in page.inner_text("body") or "1MB or smaller" in page.inner_text("body")
    finally:
        proc.terminate()
        proc.wait(10)
