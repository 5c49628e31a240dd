"""Every page in a real browser: renders without an error, passes axe-core's WCAG 2.2 A/AA rules, screenshot saved."""

from __future__ import annotations

import json
import os

import pytest
from playwright.sync_api import expect

from diagnostic.app.shell import ANALYSIS_PAGES, PAGE_FAILED, WORKSHOP_PAGES
from tests.e2e.conftest import ROOT, wait_for_app

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; return serious and critical violations (rule, impact, how many nodes)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]), "target": v["nodes"][0]["target"] if v["nodes"] else None}
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def _check(page, url: str, name: str, shots) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(600)
    page.screenshot(path=str(shots / f"page-{name}.png"))
    body = page.inner_text("body")
    assert PAGE_FAILED not in body
    assert "Traceback" not in body
    if AXE.exists():
        violations = axe_violations(page)
        assert violations == [], json.dumps(violations, indent=1)
    elif os.environ.get("CI"):
        pytest.fail("axe-core is missing (npm install axe-core)")


@pytest.mark.parametrize("page_file", [p[0] for p in ANALYSIS_PAGES])
def test_page_renders_and_is_accessible(page, app_server, shots, page_file):
    path = "" if page_file == "home.py" else page_file.removesuffix(".py")
    _check(page, f"{app_server}/{path}", page_file.removesuffix(".py"), shots)


@pytest.mark.parametrize("page_file", [p[0] for p in WORKSHOP_PAGES])
def test_workshop_at_projector_size(browser, app_server, shots, page_file):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    path = page_file.removesuffix(".py")
    _check(page, f"{app_server}/{path}?mode=workshop", f"workshop-{path}", shots)
    expect(page.locator("input[type='file']")).to_have_count(0)
    assert "@" not in page.inner_text("body")
    context.close()


def test_keyboard_reaches_every_control_on_the_scenarios_page(page, app_server):
    page.goto(f"{app_server}/scenarios")
    wait_for_app(page)
    controls = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-testid=stMain] button, [data-testid=stMain] input, [data-testid=stMain] [role=slider]'))"
        ".filter(e => e.offsetParent !== null && !e.disabled && e.type !== 'file').length"
    )
    reached = set()
    page.locator("h1").first.click()
    for _ in range(controls * 3 + 20):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "() => { const e = document.activeElement; return e && e.closest('[data-testid=stMain]') ? e.outerHTML.slice(0, 200) : null }"
            )
        )
    reached.discard(None)
    assert len(reached) >= controls
