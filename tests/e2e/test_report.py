"""The report: made on the Report page with its progress shown, opened offline in Chromium, printed to A4 PDF."""

from __future__ import annotations

import io
import json
import os
import re

import pypdf
import pytest

from diagnostic.cli import main
from tests.e2e.conftest import ROOT, wait_for_app
from tests.e2e.test_pages import AXE, axe_violations

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
A4_POINTS = (595.28, 841.89)  # 210 × 297 mm
POINT_SLACK = 2.0  # Chromium rounds the page box to whole device pixels


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(ROOT / "data" / "samples"), "--out", str(out), "--organisation", "Northbridge Council"]) == 0
    return out


def test_the_report_page_names_the_organisation_and_makes_the_report(page, app_server, shots, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server}/report")
    wait_for_app(page)
    name = page.get_by_role("textbox", name="Organisation's name, on the report's first page")
    assert name.input_value() == "northbridge.gov.uk"
    page.screenshot(path=str(shots / "page-report-name.png"))
    name.fill("Northbridge Children's Services")
    name.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Make the report").click()
    page.get_by_text("The report is ready to download.").wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_text("Download the report (HTML)").click()
    path = tmp_path / "report.html"
    info.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert "<h1>Northbridge Children&#x27;s Services</h1>" in html
    assert "must not be used for individual performance management" in html
    assert not re.search(r'<(script|link|img)[^>]+(src|href)=["\']https?://', html)
    assert not EMAIL.search(html)
    page.screenshot(path=str(shots / "page-report-made.png"))
    if AXE.exists():
        assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)
    elif os.environ.get("CI"):
        pytest.fail("axe-core is missing (npm install axe-core)")


def test_the_report_opens_offline_with_the_summary_in_its_first_screen(browser, sample_report, shots):
    context = browser.new_context(bypass_csp=True)  # the report forbids every script; axe-core is let in for this check only
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if r.url.startswith("http") else None)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(sample_report.as_uri())
    assert outside == []
    for selector in ("header h1", "header .period", "section#summary .index", "section#summary li"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 720, selector
    assert page.locator("header h1").inner_text() == "Northbridge Council"
    page.screenshot(path=str(shots / "report-first-screen.png"))
    if AXE.exists():
        assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)
    context.close()


def test_the_report_prints_on_a4_with_no_chart_cut_across_pages(page, sample_report, shots):
    page.goto(sample_report.as_uri())
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    (shots / "report.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        assert abs(float(sheet.mediabox.width) - A4_POINTS[0]) <= POINT_SLACK
        assert abs(float(sheet.mediabox.height) - A4_POINTS[1]) <= POINT_SLACK
    pages = [_squash(sheet.extract_text()) for sheet in reader.pages]

    # Each section starts a page: the first page holds the name, the period and the summary; each domain its own page.
    assert "NorthbridgeCouncil" in pages[0] and "Periodcovered" in pages[0] and "Thestrongestconditions" in pages[0]
    assert "Whatwasnotmeasured" in pages[0] and "Sourcesused" in pages[0]
    sections = page.evaluate("() => [...document.querySelectorAll('main > section h2')].map(h => h.textContent)")
    starts = [next((i for i, text in enumerate(pages) if text.startswith(_squash(heading))), None) for heading in sections[1:]]
    assert None not in starts, list(zip(sections[1:], starts))
    assert starts == sorted(starts) and len(set(starts)) == len(starts) and starts[0] == 1

    # Every figure's words (its title, axis titles, labels, subtitle and caption) land on one page: none is split.
    words = page.evaluate(
        "() => [...document.querySelectorAll('figure')].map(f => [...f.querySelectorAll('svg text, figcaption')]"
        ".map(t => t.textContent.trim()).filter(t => t.length >= 12))"
    )
    assert len(words) >= 5
    counts: dict[str, int] = {}
    for texts in words:
        for text in set(texts):
            counts[text] = counts.get(text, 0) + 1
    for texts in words:
        own = [_squash(t)[:30] for t in texts if counts[t] == 1 and not any(_squash(t)[:30] in p for p in pages[:1])]
        assert own, texts
        holding = [i for i, text in enumerate(pages) if all(piece in text for piece in own)]
        assert holding, f"a chart is split across pages: {own}"
