"""Files of one name and the column-mapping step, in a real browser.

Five Teams reports of different meetings, all called ``meetingAttendanceReport.csv``, and a zip of
them load side by side, each with its own row; a report whose columns were renamed is matched
and loaded with no column chosen by hand.
"""

from __future__ import annotations

import io
import json
import zipfile

from playwright.sync_api import expect

from tests.e2e.conftest import wait_for_app
from tests.e2e.test_pages import AXE, axe_violations
from tests.fixture_builders.teams_reports import RENAMED, report

REPORT = "meetingAttendanceReport.csv"


def _upload(page, files: list[tuple[str, bytes]]) -> None:
    page.locator("input[type='file']").set_input_files(files=[{"name": n, "mimeType": "text/csv", "buffer": b} for n, b in files])
    wait_for_app(page)


def test_five_reports_of_one_name_and_a_zip_of_them_load_side_by_side(page, app_server, shots):
    reports = [report(i) for i in range(1, 6)]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for i, data in enumerate(reports, start=1):
            zf.writestr(f"week{i}/{REPORT}", data)
    page.goto(app_server)
    wait_for_app(page)
    _upload(page, [(REPORT, data) for data in reports] + [("reports.zip", archive.getvalue())])
    expect(page.get_by_text("10 of 10 files could be used")).to_be_visible(timeout=60_000)  # reading can outlast the upload's first rerun
    body = page.inner_text("body")
    assert "Something went wrong" not in body and "Traceback" not in body
    page.locator("table.health").screenshot(path=str(shots / "mapping-same-names-health.png"))
    if AXE.exists():
        assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)


def test_a_teams_report_with_renamed_columns_loads_as_it_is(page, app_server):
    page.goto(app_server)
    wait_for_app(page)
    _upload(page, [(REPORT, report(1, RENAMED))])
    expect(page.get_by_text("1 of 1 files could be used")).to_be_visible(timeout=60_000)
    assert "Files we did not recognise" not in page.inner_text("body")


# A participants list kept by hand: no summary block, headings Teams never writes.
UNFAMILIAR = (
    b"Attendee,Arrived,Departed,Time in call\r\n"
    b"ann.lee@northbridge.gov.uk,14/01/2025 09:01,14/01/2025 09:58,57m\r\n"
    b"sam.okafor@northbridge.gov.uk,14/01/2025 09:03,14/01/2025 09:59,56m\r\n"
    b"jo.patel@northbridge.gov.uk,14/01/2025 09:00,14/01/2025 09:40,40m\r\n"
)


def test_an_attendance_list_with_unfamiliar_headers_is_mapped_and_loaded_without_choosing_a_column(page, app_server, shots):
    page.goto(app_server)
    wait_for_app(page)
    _upload(page, [(REPORT, UNFAMILIAR)])
    expect(page.get_by_text("Files we did not recognise")).to_be_visible()
    expect(page.get_by_text("It has times when people joined and left")).to_be_visible()
    expect(page.get_by_text("The first rows as they will load")).to_be_visible()
    page.get_by_test_id("stExpander").filter(has_text="Match the columns").screenshot(path=str(shots / "mapping-form.png"))
    if AXE.exists():
        assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)
    body = page.inner_text("body")
    assert "ann.lee" not in body and "Ann Lee" not in body

    page.get_by_role("button", name="Use this mapping").click()
    wait_for_app(page)
    expect(page.get_by_text("1 of 1 files could be used")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("your mapping is in use")).to_be_visible()
    expect(page.get_by_text("Files read with your column mapping")).to_be_visible()
    page.screenshot(path=str(shots / "mapping-used.png"))
    assert "Traceback" not in page.inner_text("body")


def test_a_file_like_none_of_our_tables_says_so_and_a_needed_field_is_marked_beside_it(page, app_server, shots):
    page.goto(app_server)
    wait_for_app(page)
    _upload(page, [("prices.csv", b"Item,Price,Ordered\r\nPencils,1.20,14/01/2025\r\nPaper,4.99,15/01/2025\r\n")])
    expect(page.get_by_text("This file does not look like any of the tables we know")).to_be_visible()
    wait_for_app(page)
    table = page.get_by_test_id("stSelectbox").filter(has_text="What does each row describe?").locator("input")
    table.click()
    table.press("ArrowDown")  # the list opens from the keyboard wherever the box sits on the page
    page.get_by_role("option", name="Who was at a meeting").click()
    wait_for_app(page)
    form = page.get_by_test_id("stExpander").filter(has_text="Match the columns")
    expect(form.get_by_text("Needed: the file cannot load without it")).to_be_visible()
    expect(form.get_by_role("button", name="Use this mapping")).to_be_disabled()
    form.screenshot(path=str(shots / "mapping-needed.png"))
    if AXE.exists():
        assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)
