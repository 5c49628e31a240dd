"""The report downloads from the app, opens offline in Chromium and prints to PDF."""

from __future__ import annotations

import re

from tests.e2e.conftest import wait_for_app

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def test_report_downloads_opens_offline_and_prints(page, app_server, shots, tmp_path):
    page.goto(f"{app_server}/report")
    wait_for_app(page)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_text("Download the report (HTML)").click()
    path = tmp_path / "report.html"
    info.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert "must not be used for individual performance management" in html
    assert not re.search(r'<(script|link|img)[^>]+(src|href)=["\']https?://', html)
    assert not EMAIL.search(html)

    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if r.url.startswith("http") else None)
    page.goto(path.as_uri())
    page.wait_for_timeout(500)
    assert outside == []
    assert page.locator("svg").count() >= 5
    page.screenshot(path=str(shots / "report-html.png"))
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    (shots / "report.pdf").write_bytes(pdf)
