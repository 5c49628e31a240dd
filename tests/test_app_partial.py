"""The app with part of the data: each page says what to load and shows what it can; uploads kept across a refresh.

Files reach the app the way a refresh finds them: kept in the upload store under a token that
the page address carries (AppTest cannot drive the file uploader itself).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app import uploads
from tests.app_run import APP, TIMEOUT, assert_healthy, open_page, started_with

pytestmark = pytest.mark.slow  # the whole app, run in-process

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
CALENDAR = SAMPLES / "calendar_northbridge.ics"


def _with_files(*paths: Path) -> tuple[AppTest, str]:
    """The app opened with ``paths`` kept in the upload store, as after a refresh."""
    return started_with(tuple((p.name, p.read_bytes()) for p in paths))


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def calendar_only() -> AppTest:
    """Home on a calendar alone, never switched away from: tests may run in any order."""
    at, _ = _with_files(CALENDAR)
    return at


@pytest.fixture(scope="module")
def calendar_pages() -> AppTest:
    """The same upload, shared by tests that each switch to the page they look at."""
    at, _ = _with_files(CALENDAR)
    return at


def test_files_kept_in_memory_are_found_again_after_a_refresh(calendar_only):
    caption = next(c.value for c in calendar_only.caption if "files could be used" in c.value)
    assert caption.startswith("1 of 1 files could be used")
    assert not any("Northbridge" in i.value for i in calendar_only.info)
    sidebar = "\n".join(c.value for c in calendar_only.sidebar.caption)
    assert "1 file loaded earlier is still in use" in sidebar
    assert "never on disk" in sidebar


def test_home_says_what_each_domain_has_and_lacks(calendar_only):
    table = next(m.value for m in calendar_only.markdown if 'class="sources"' in m.value)
    rows = dict(part.split("</th>", 1) for part in table.split('<th scope="row">')[1:])
    assert "Calendar (.ics): 1 file" in rows["Meetings"] and "A staff roster: teams, supervision and management layers" in rows["Meetings"]
    assert "6 Jan 2025 to 28 Mar 2025 (12 weeks)" in rows["Meetings"]
    assert "Nothing yet" in rows["Audits"] and "Case audit records" in rows["Audits"]
    assert "The self-assessment" in rows["Self-assessment"]
    assert "Policies, letters or templates" in rows["Language"]


def test_data_health_has_dates_counts_and_no_sideways_columns(calendar_only):
    html = next(str(m.value) for m in calendar_only.markdown if '<table class="health">' in str(m.value))
    assert re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html) == ["File", "Format", "Rows", "People", "Dates", "Warnings", "Problems"]
    (row,) = re.findall(r"<tbody><tr>(.*?)</tr></tbody>", html)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[3] == "6 Jan – 28 Mar 2025"
    assert cells[4:] == ["0", "0"]


def test_clear_my_files_drops_them_from_memory_and_the_address():
    at, token = _with_files(CALENDAR)
    at.sidebar.button[0].click().run(timeout=TIMEOUT)
    assert_healthy(at)
    assert uploads.store().get(token, uploads.owner_of("", "")) is None
    assert uploads.TOKEN_PARAM not in at.query_params
    assert any("Northbridge" in i.value for i in at.info)


def test_an_address_whose_files_are_gone_says_so_and_shows_the_sample():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params[uploads.TOKEN_PARAM] = "no-such-token"
    at.run()
    assert_healthy(at)
    assert any("no longer kept" in w.value for w in at.sidebar.warning)
    assert any("Northbridge" in i.value for i in at.info)
    assert uploads.TOKEN_PARAM not in at.query_params


def test_network_without_a_roster_shows_people_and_asks_for_one(calendar_pages):
    at = calendar_pages
    open_page(at, "network.py")
    prompt = " ".join(i.value for i in at.info)
    assert "None of the 150 people in these files have a known team" in prompt and "staff roster" in prompt
    assert [r.options for r in at.radio] == [["People (unnamed points)"]]
    assert "Team by team" not in [h.value for h in at.header]
    labels = [m.label for m in at.metric]
    assert "Ties across teams" not in labels and "Brokers" not in labels
    assert "Two-way email" not in labels  # no email loaded: not a 0%, not a "None"
    assert dict((m.label, m.value) for m in at.metric)["People in the network"] == "150 people"
    assert all("None" not in str(m.value) for m in at.metric)
    assert "crosses team" not in _texts(at)


def test_network_with_a_roster_states_one_share_of_ties_across_teams():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    open_page(at, "network.py")
    text = _texts(at)
    assert "%" in dict((m.label, m.value) for m in at.metric)["Ties across teams"]
    assert "runs between teams" not in text and "crosses team" not in text
    (table,) = [str(h.value) for h in at.html if 'class="plain-table"' in str(h.value)]
    headings = re.findall(r'<th scope="col">([^<]*)</th>', table)
    silo = [
        re.findall(r"<td>([^<]*)</td>", row)[headings.index("Silo index") - 1]
        for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table)
    ]
    assert len(silo) >= 10 and all(re.fullmatch(r"[+-]\d\.\d\d", v) or v in ("Team not known", "No ties with known teams") for v in silo)


def test_a_viva_person_query_alone_has_no_ties_and_says_what_would_give_them():
    at, _ = _with_files(ROOT / "tests" / "fixtures" / "viva" / "person_query.csv")
    open_page(at, "network.py")
    prompt = " ".join(i.value for i in at.info)
    assert "No ties between people" in prompt and "person-to-person query" in prompt
    assert not at.metric and not at.radio


def test_a_message_trace_alone_asks_for_a_roster_and_shows_two_way_email():
    at, _ = _with_files(SAMPLES / "message_trace.csv")
    open_page(at, "email.py")
    assert "Would also add: a staff roster" in _texts(at)
    open_page(at, "network.py")
    assert dict((m.label, m.value) for m in at.metric)["Two-way email"].endswith("%")


@pytest.mark.parametrize(
    ("page", "asks_for"),
    [
        ("email.py", "A message trace"),
        ("audits.py", "Case audit records"),
        ("feedback.py", "A complaints log"),
        ("language.py", "Policies, letters or templates"),
    ],
)
def test_a_page_without_its_source_says_what_to_load(calendar_pages, page, asks_for):
    open_page(calendar_pages, page)
    prompt = " ".join(i.value for i in calendar_pages.info)
    assert "Nothing loaded for" in prompt and asks_for in prompt.replace("\\", "")
