"""Names a user's files could carry that would do harm if read as Markdown, HTML or a formula:
the one set of them for the tests that check every page, the report and the exports."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.conftest import SAMPLES

IMAGE = "![x](https://example.org/x.png)"
LINK = "[link](https://example.org)"
TAG = "<img src=https://example.org/x.png>"
BOLD = "**bold**"
FORMULA = '=WEBSERVICE("https://example.org")'
HOSTILE = (IMAGE, LINK, TAG, BOLD, FORMULA)
# A file name cannot hold a slash (it would be a folder): the same Markdown, the address without one.
FILE_WORDS = "![x](https:example.org) [link](https:example.org) <img src=https:example.org> **bold**"


def hostile_roster() -> bytes:
    """The sample's staff list with five of its teams renamed to the hostile strings (each team large enough to be shown)."""
    book = load_workbook(SAMPLES / "roster.xlsx")
    sheet = book.active
    team = [c.value for c in sheet[1]].index("Team") + 1
    teams = sorted({sheet.cell(row, team).value for row in range(2, sheet.max_row + 1)} - {None})
    renamed = dict(zip(teams, HOSTILE))
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row, team)
        cell.value = renamed.get(cell.value, cell.value)
        cell.data_type = "s"  # a team called "=WEBSERVICE(...)" is text in the roster too
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
