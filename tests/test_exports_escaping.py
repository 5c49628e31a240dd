"""Names from the user's files stay text in every table a spreadsheet opens and in the HTML report.

A team called ``=WEBSERVICE("https://example.org")`` would make Excel fetch that address if a
cell held it as a formula; in the report, an ``<img>`` in a team name would be a picture fetched
from the internet.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from diagnostic.ingest import load_bytes
from diagnostic.report.export import domain_table, indicator_table, network_matrix, team_breakdowns, to_xlsx_bytes
from diagnostic.scenarios import Scenario
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings
from tests.conftest import SAMPLE_SALT, SAMPLES
from tests.hostile import FORMULA, IMAGE, LINK, TAG, hostile_roster

AGENCIES = {"nhs.example": FORMULA, "police.example": TAG}


@pytest.fixture(scope="module")
def hostile():
    """The sample's staff list with hostile team names and its message trace, partner agencies named hostile too."""
    base = Settings(salt=SAMPLE_SALT)
    settings = replace(base, partner_domains={**base.partner_domains, **AGENCIES})
    files = [("roster.xlsx", hostile_roster()), ("message_trace.csv", (SAMPLES / "message_trace.csv").read_bytes())]
    dataset, results = load_bytes(files, settings)
    return dataset, results, settings, build_scorecard(dataset, settings)


@pytest.fixture(scope="module")
def frames(hostile) -> dict:
    """The tables the Report page and ``export`` write, as they write them."""
    dataset, _, settings, card = hostile
    tables = {"Domains": domain_table(card), "Indicators": indicator_table(card), "By team": team_breakdowns(dataset, card, settings)}
    matrix = network_matrix(dataset, settings)
    assert matrix is not None
    return tables | {"Network by team": matrix}


def test_hostile_team_names_reach_the_tables(frames):
    """Otherwise the checks below would prove nothing."""
    assert FORMULA in set(frames["By team"]["team"])
    assert FORMULA in set(frames["Network by team"]["team"]) and FORMULA in set(frames["Network by team"].columns)


def test_the_workbook_holds_every_name_as_text_and_every_figure_as_a_number(frames):
    book = load_workbook(io.BytesIO(to_xlsx_bytes(frames)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    named = [c for c in cells if isinstance(c.value, str) and "WEBSERVICE" in c.value]
    assert named and all(c.data_type == "s" and c.value == "'" + FORMULA for c in named)
    teams = book["By team"]
    header = [c.value for c in teams[1]]
    values = [row[header.index("value")] for row in teams.iter_rows(min_row=2) if row[header.index("team")].value == "'" + FORMULA]
    assert values and all(c.data_type == "n" for c in values)  # the figures beside a hostile name stay numbers


def test_the_report_shows_hostile_names_as_words(hostile):
    from diagnostic.report.html import render_report

    dataset, results, settings, _ = hostile
    scenarios = [Scenario(LINK, {}), Scenario(TAG, {})]
    page = render_report(dataset, list(results), settings, scenarios=scenarios, organisation=IMAGE)
    assert "&lt;img src=https://example.org/x.png&gt;" in page  # the names were there to be shown
    tags = _Tags()
    tags.feed(page)
    assert not {"img", "image", "script", "iframe"} & {tag for tag, _ in tags.found}
    assert not [(tag, name, value) for tag, attrs in tags.found for name, value in attrs if name in LINKING and OUTSIDE.match(value or "")]


LINKING = {"src", "href", "xlink:href", "srcset", "action"}
OUTSIDE = re.compile(r"\s*(https?:|//)", re.I)


class _Tags(HTMLParser):
    """Every tag of a page with its attributes, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))
