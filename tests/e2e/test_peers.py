"""The Peers page in a real browser: the sample among its fictional peers, a strip with its words, axe-core clean."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import wait_for_app
from tests.e2e.test_pages import _check


def test_peers_page_renders_its_strip_and_is_accessible(page, app_server, shots):
    _check(page, f"{app_server}/peers", "peers", shots)
    main = page.locator("[data-testid=stMain]")
    expect(main.get_by_role("heading", name="Peers", exact=True)).to_be_visible()
    expect(main.get_by_text("fictional peers, generated beside the fictional sample organisation")).to_be_visible()
    expect(main.locator("[data-testid=stVegaLiteChart]").first).to_be_visible()
    main.get_by_text("Text description and data").first.click()
    expect(main.get_by_text("Strip chart of scores among peers.")).to_be_visible()
    assert "@" not in page.inner_text("body")


def test_workshop_shows_peers_without_their_labels(browser, app_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{app_server}/workshop?mode=workshop")

    wait_for_app(page)
    seen = []
    for _ in range(30):
        seen.append(page.locator("h1").first.inner_text())
        assert "Fictional council" not in page.inner_text("body")
        following = page.get_by_role("button", name="Next →")
        if following.is_disabled():
            break
        following.click()
        wait_for_app(page)
    assert any(title.endswith("among peers") for title in seen)
    context.close()
