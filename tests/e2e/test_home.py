"""The real app in headless Chromium: it opens on the sample and loads an uploaded file."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import wait_for_app

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
