"""The app with a single calendar and no roster, in a real browser at 1280 by 800: Home says what is
missing, Data health fits without a sideways scroll, the Network page shows people and asks for a
roster, uploads survive a refresh and "Clear my files" drops them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, wait_for_app
from tests.e2e.test_pages import AXE, axe_violations

CALENDAR = ROOT / "data" / "samples" / "calendar_northbridge.ics"
VIEWPORT = {"width": 1280, "height": 800}
SAMPLE = "You are looking at Northbridge"
OURS = "1 of 1 files could be used"


@pytest.fixture
def small(browser):
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


def _upload_calendar(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.locator("input[type='file']").set_input_files(str(CALENDAR))
    expect(page.get_by_text(OURS)).to_be_visible(timeout=60_000)
    wait_for_app(page)


def _accessible(page) -> None:
    if AXE.exists():
        assert axe_violations(page) == []


def test_home_says_what_is_missing_and_data_health_fits(small, app_server, shots):
    page = small.new_page()
    _upload_calendar(page, app_server)
    table = page.locator("table.sources")
    expect(table).to_be_visible()
    network_row = table.locator("tr", has=page.locator("th", has_text="Network"))
    expect(network_row).to_contain_text("A staff roster: teams, supervision and management layers")
    expect(table.locator("tr", has=page.locator("th", has_text="Audits"))).to_contain_text("Load this to score it")
    health = page.locator("table.health")
    widths = health.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, f"Data health is wider than the page: {widths[0]} px of table in {widths[1]} px"
    expect(health.locator("thead")).to_contain_text("Problems")
    page.screenshot(path=str(shots / "partial-home.png"), full_page=True)
    _accessible(page)


def test_network_without_a_roster_shows_people_and_asks_for_one(small, app_server, shots):
    page = small.new_page()
    _upload_calendar(page, app_server)
    token = re.search(r"files=([^&]+)", page.url).group(1)
    page.goto(f"{app_server}/network?files={token}")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("None of the 150 people in these files have a known team")
    expect(main).not_to_contain_text("Team by team")
    expect(main).not_to_contain_text("crosses team")  # no share of ties across teams that are not known
    expect(main).to_contain_text("Staff, team not known")  # the map's legend
    expect(main.get_by_text("People (unnamed points)")).to_be_visible()
    page.wait_for_timeout(800)
    page.screenshot(path=str(shots / "partial-network.png"), full_page=True)
    _accessible(page)


def test_uploads_survive_a_refresh_until_cleared(small, browser, app_server, shots):
    page = small.new_page()
    _upload_calendar(page, app_server)
    assert "files=" in page.url
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text(OURS)).to_be_visible()
    expect(page.get_by_text("1 file loaded earlier is still in use")).to_be_visible()
    page.screenshot(path=str(shots / "partial-after-refresh.png"))

    elsewhere = browser.new_context(viewport=VIEWPORT).new_page()  # another browser: no token, so the sample
    elsewhere.goto(app_server)
    wait_for_app(elsewhere)
    expect(elsewhere.get_by_text(SAMPLE)).to_be_visible()
    elsewhere.context.close()

    page.get_by_text("Workshop mode").first.click()  # the uploader is not drawn in workshop mode...
    wait_for_app(page)
    page.get_by_role("button", name="Leave workshop mode").dispatch_event("click")  # the sidebar is folded away in workshop mode
    wait_for_app(page)
    expect(page.get_by_text(OURS)).to_be_visible(timeout=60_000)  # ...and the files are still there after it

    page.get_by_role("button", name="Clear my files").click()
    wait_for_app(page)
    expect(page.get_by_text(SAMPLE)).to_be_visible()
    assert "files=" not in page.url
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text(SAMPLE)).to_be_visible()
