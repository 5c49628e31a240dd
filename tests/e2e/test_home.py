"""The real app in headless Chromium: it opens on the sample and loads an uploaded file."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import wait_for_app
from tests.e2e.test_pages import AXE, axe_violations

OUTLOOK_CSV = (
    '"Subject","Start Date","Start Time","End Date","End Time","All day event","Reminder on/off","Reminder Date","Reminder Time",'
    '"Meeting Organizer","Required Attendees","Optional Attendees","Meeting Resources","Billing Information","Categories",'
    '"Description","Location","Mileage","Priority","Private","Sensitivity","Show time as"\r\n'
    '"Team meeting","14/01/2025","10:00:00","14/01/2025","11:00:00","False","True","14/01/2025","09:45:00","Ann Lee",'
    '"Ann Lee;Bob Khan;Cat Jones",,,,,,"Room 1",,"Normal","False","Normal","2"\r\n'
).encode("cp1252")


def test_home_opens_on_the_sample_and_takes_an_upload(page, app_server, shots):
    page.goto(app_server)
    wait_for_app(page)
    expect(page.get_by_text("Is our infrastructure concrete or compost?")).to_be_visible()
    expect(page.get_by_text("Data health")).to_be_visible()
    page.screenshot(path=str(shots / "home-sample.png"))

    page.locator("input[type='file']").set_input_files(files=[{"name": "calendar.csv", "mimeType": "text/csv", "buffer": OUTLOOK_CSV}])
    wait_for_app(page)
    table = page.locator("table.health")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody th")).to_have_text("calendar.csv")
    table.screenshot(path=str(shots / "home-upload-health.png"))
    page.screenshot(path=str(shots / "home-upload.png"))
    body = page.content()
    assert "Ann Lee" not in body and "Bob Khan" not in body
    assert "Traceback" not in body


def test_privacy_and_settings_opens_keeps_a_choice_and_passes_axe(page, app_server, shots):
    """Drawn only once opened; a raised minimum group size stands after the panel is closed and opened again."""
    page.goto(app_server)
    wait_for_app(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Minimum group size (people)")).to_have_count(0)
    sidebar.get_by_text("Privacy and settings").click()
    floor = sidebar.get_by_label("Minimum group size (people)", exact=True)
    expect(floor).to_be_visible(timeout=30_000)
    floor.fill("7")
    floor.press("Enter")
    wait_for_app(page)
    page.screenshot(path=str(shots / "home-privacy-open.png"))
    if AXE.exists():
        assert axe_violations(page) == []
    sidebar.get_by_text("Privacy and settings").click()
    expect(sidebar.get_by_text("Minimum group size (people)")).to_have_count(0, timeout=30_000)
    sidebar.get_by_text("Privacy and settings").click()
    expect(sidebar.get_by_label("Minimum group size (people)", exact=True)).to_have_value("7", timeout=30_000)
