"""Workshop mode on a projector: every finding fits 1280x720, and a room vote of all 22 statements run with Next.

The room's scores on screen must equal the scores of the same counts written into the
self-assessment template and loaded like any export: the vote and the file are one measure.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
import subprocess
import sys

import pytest

from diagnostic.ingest import load_file
from diagnostic.self_assessment import STATEMENTS, scores_by_group, theme_status
from diagnostic.settings import Settings
from tests.e2e.conftest import ROOT, wait_for_app
from tests.e2e.test_pages import AXE, axe_violations

PROJECTOR = {"width": 1280, "height": 720}
ANSWERS = ("1 Strongly disagree", "2 Disagree", "3 Neither", "4 Agree", "5 Strongly agree", "Don't know")
UPDATE_S = 0.2  # a typed count shows in the tally within this time (median over the vote)
# Times, in the page, from the Enter that commits a count to the tally showing the new total.
WATCH = """(expected) => {
  window.enterPressed = null; window.tallyShown = null;
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.enterPressed = performance.now(); }, {once: true, capture: true});
  const watch = new MutationObserver(() => {
    const tally = document.querySelector('.vote-tally');
    if (tally && tally.innerText.startsWith(expected)) { window.tallyShown = performance.now(); watch.disconnect(); }
  });
  watch.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def hands(k: int) -> list[int]:
    """The room's counts for statement ``k``: varied, with partners left short of the 60% rule and one statement blank."""
    sid = STATEMENTS[k].id
    if sid == "sa_part_1":
        return [0, 0, 0, 0, 0, 4]  # don't know only: answered by nobody
    if sid == "sa_part_2":
        return [0] * 6  # no hands at all
    return [(3 * k + a) % 5 if a < 5 else k % 3 for a in range(6)]


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport=PROJECTOR)
    yield context.new_page()
    context.close()


def test_every_finding_fits_the_projector(projector, app_server, shots):
    page = projector
    page.goto(f"{app_server}/workshop?mode=workshop")
    wait_for_app(page)
    if AXE.exists():
        assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)
    seen = 0
    while True:
        seen += 1
        page.screenshot(path=str(shots / f"workshop-1280x720-{seen:02d}.png"))
        notes = page.get_by_label("The room's notes on this finding").bounding_box()
        questions = page.locator("ul.room-questions").bounding_box()
        reading = page.locator(".finding-reading").bounding_box()
        for name, box in (("notes", notes), ("questions", questions), ("reading", reading)):
            assert box is not None and box["y"] + box["height"] <= PROJECTOR["height"], (seen, name, box)
        following = page.get_by_role("button", name="Next →")
        if following.is_disabled():
            break
        following.click()
        # the click's rerun may not have started when the app first reads "not running": wait for the next finding
        page.get_by_text(f"Finding {seen + 1} of ", exact=False).first.wait_for(timeout=60_000)
        wait_for_app(page)
    assert seen >= 5


def _template_scores(tmp_path) -> list[str]:
    """The same counts written into the template the CLI makes, loaded through ingest and scored."""
    path = tmp_path / "room.csv"
    subprocess.run([sys.executable, "-m", "diagnostic", "self-assessment", "--template", str(path)], cwd=ROOT, check=True)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    order = {s.id: k for k, s in enumerate(STATEMENTS)}
    for row in rows:
        counts = hands(order[row["statement_id"]])
        row["respondent_group"] = "room"
        for column, count in zip(("votes_1", "votes_2", "votes_3", "votes_4", "votes_5", "votes_dont_know"), counts):
            row[column] = str(count) if count else ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    settings = Settings()
    result = load_file(out.getvalue().encode("utf-8-sig"), "room.csv", settings, strict=True)
    assert not result.errors
    wide = scores_by_group(result.dataset.responses, settings.min_group_size)
    return [
        theme_status(s, int(a), int(n), int(h)) for s, a, n, h in zip(wide["all"], wide["items_answered"], wide["items"], wide["answers"])
    ]


def test_a_room_vote_of_every_statement_matches_the_template(projector, app_server, shots, tmp_path):
    page = projector
    page.goto(f"{app_server}/workshop?mode=workshop")
    wait_for_app(page)
    page.get_by_role("link", name="Room vote →").click()  # from the workshop screen, not the sidebar
    wait_for_app(page)
    tally = page.locator(".vote-tally")
    took = []
    for k, statement in enumerate(STATEMENTS):
        page.get_by_text(f"Statement {k + 1} of {len(STATEMENTS)}").wait_for()
        assert page.locator(".vote-statement").inner_text() == statement.statement
        counted = 0
        for label, count in zip(ANSWERS, hands(k)):
            if not count:
                continue
            counted += count
            box = page.get_by_label(label, exact=True)
            box.fill(str(count))
            page.evaluate(WATCH, f"{counted} hand")
            box.press("Enter")
            page.wait_for_function("window.tallyShown !== null", timeout=5000)
            took.append(page.evaluate("window.tallyShown - window.enterPressed") / 1000)
        assert tally.inner_text().startswith(f"{counted} hand")
        if k == 0:
            page.screenshot(path=str(shots / "vote-1280x720-statement.png"))
            if AXE.exists():
                assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)
        page.get_by_role("button", name="Next →").click()
        wait_for_app(page)  # the next statement's boxes, not the last one's, before typing
    page.get_by_role("heading", name="The room's scores").wait_for()
    page.screenshot(path=str(shots / "vote-1280x720-scores.png"))
    table = page.locator("[data-testid=stTable] table")
    shown = [r.locator("td").first.inner_text() for r in table.locator("tbody tr").all()]
    assert shown == _template_scores(tmp_path)
    assert any(s.startswith("Not scored: 0 of 2 statements answered") for s in shown)
    assert statistics.median(took) <= UPDATE_S, sorted(took)
    (shots / "vote-update-seconds.json").write_text(json.dumps({"median": statistics.median(took), "max": max(took), "n": len(took)}))
