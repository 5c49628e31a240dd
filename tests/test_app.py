"""Every page of the app, run in-process with Streamlit's AppTest, on the bundled sample."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app.shell import ANALYSIS_PAGES, WORKSHOP_PAGES
from diagnostic.cli import main
from diagnostic.ingest import iter_paths
from diagnostic.wording import points
from tests.app_run import APP, TIMEOUT, assert_healthy, open_page, started, texts

pytestmark = pytest.mark.slow  # each page run through the whole app on the sample: CI runs them, the inner loop does not

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


def _html_table(body: str) -> pd.DataFrame:
    """A plain HTML table as drawn (headings, then each row's heading and cells), read back with plain regular expressions."""
    headings = [html.unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', body)]
    rows = [
        [html.unescape(first), *map(html.unescape, re.findall(r"<td>(.*?)</td>", cells))]
        for first, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', body)
    ]
    return pd.DataFrame(rows, columns=headings)


@pytest.fixture(scope="module")
def app() -> AppTest:
    """One run of the app, shared by tests that each switch to the page they look at."""
    return started()


@pytest.fixture(scope="module")
def home() -> AppTest:
    """Home, never switched away from: tests sharing ``app`` may run before these in any order."""
    return started()


@pytest.mark.slow
def test_home_opens_on_the_sample():
    app = started()
    assert_healthy(app)
    assert app.title[0].value == "Is our infrastructure concrete or compost?"
    assert any("Northbridge" in i.value for i in app.info)
    assert "not for individual performance management" in texts(app) or "must not be used for individual performance management" in texts(
        app
    )


def test_data_health_is_a_table_of_every_file_with_its_counts(home):
    """One row per file of the sample, headed by its name; rows and people with thousands separators."""
    html = next(str(m.value) for m in home.markdown if '<table class="health">' in str(m.value))
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html)
    assert len(rows) == len(iter_paths([SAMPLES]))
    by_name = {name.replace("<wbr>", ""): re.findall(r"<td[^>]*>(.*?)</td>", cells) for name, cells in rows}
    calendar = by_name["calendar_northbridge.ics"]
    events = (SAMPLES / "calendar_northbridge.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT")
    assert calendar[:2] == ["Calendar (.ics)", f"{events:,}"]
    assert all(re.fullmatch(r"[\d,]+|—", cells[i]) for cells in by_name.values() for i in (1, 2, 4, 5))


def test_file_names_in_what_we_noticed_keep_their_underscores(home):
    """Markdown would read ``message_trace_summary.csv`` as italics: names are escaped to show as written."""
    picker = home.selectbox(key="health-file")
    picker.select(next(i for i in picker.options if i.startswith("message_trace_summary.csv"))).run(timeout=TIMEOUT)
    noticed = [str(m.value) for m in home.markdown if str(m.value).startswith("- ")]
    assert noticed and any("message\\_trace\\_summary\\.csv" in n for n in noticed)
    assert not any("message_trace" in n for n in noticed)


@pytest.mark.slow
@pytest.mark.parametrize("page", [p[0] for p in ANALYSIS_PAGES[1:]])
def test_every_page_renders(app, page):
    open_page(app, page)
    assert app.title, f"{page} has no title"
    assert "must not be used for individual performance management" in texts(app)


@pytest.mark.slow
@pytest.mark.parametrize("page", [p[0] for p in WORKSHOP_PAGES])
def test_workshop_pages_have_no_uploader(page):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["mode"] = "workshop"
    at.run()
    open_page(at, page)
    assert len(at.get("file_uploader")) == 0
    assert "@" not in texts(at)


def test_scorecard_shows_one_domain_of_indicators_at_a_time(app):
    open_page(app, "scorecard.py")
    cards = lambda: [c for h in app.html for c in str(h.value).split('<div class="card">')[1:]]  # noqa: E731
    assert len(cards()) == 13  # meetings, the first domain
    app.radio(key="scorecard-domain").set_value("network").run(timeout=TIMEOUT)
    assert_healthy(app)
    shown = cards()
    assert len(shown) == 10
    assert any("Team cohesion" in c for c in shown) and not any("Back-to-back meetings" in c for c in shown)
    assert all("Where the thresholds come from" in c for c in shown)


def test_change_over_time_compares_two_periods_on_the_same_thresholds(app):
    open_page(app, "change.py")
    before, after = app.selectbox(key="trend-before"), app.selectbox(key="trend-after")
    assert len(before.options) >= 2 and before.value != after.value

    def compared():
        return next(d.value for d in app.dataframe if "Change (points)" in d.value.columns)

    assert {"Score before", "Score after"} <= set(compared().columns)
    after.set_value(before.value).run(timeout=TIMEOUT)
    assert_healthy(app)
    assert compared()["Change (points)"].isin(["0", "Not scored"]).all()  # a period against itself: nothing moves
    assert compared()[["Score before", "Score after"]].notna().all().all()  # a missing score is said in words, never "None"


def test_a_chart_s_words_and_data_are_drawn_when_opened_and_its_table_when_asked_for(app):
    open_page(app, "meetings.py")
    assert len(app.dataframe) == 0 and not app.get("download_button")  # folded: nothing of it drawn
    assert "Text description and data" in [e.label for e in app.expander]
    app.session_state["meetings-chart-0-more"] = True  # as opening the expander does
    app.run(timeout=TIMEOUT)
    assert_healthy(app)
    assert len(app.dataframe) == 0 and [b.label for b in app.get("download_button")] == ["Data (CSV)", "Chart (PNG)", "Chart (SVG)"]
    app.toggle(key="meetings-chart-0-table").set_value(True).run(timeout=TIMEOUT)
    assert_healthy(app)
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) > 0


@pytest.mark.slow
def test_a_lever_moves_the_scorecard_as_the_cli_scores_the_same_scenario(tmp_path, capsys):
    """Same data, same lever: the page and ``score --scenario`` agree to the decimal.

    Shortening meetings changes every eligible meeting, so unlike levers that pick rows by a hash of
    their pseudonymous ids, its result does not depend on the salt (AppTest sessions share
    Streamlit's caches, so the page may hold an earlier test's settings).
    """
    at = open_page(started(), "scenarios.py")
    lever = at.slider(key="lever-shorten_meetings")
    assert lever.value == 0 and isinstance(lever.value, int)
    lever.set_value(25).run(timeout=TIMEOUT)
    assert_healthy(at)
    assert any("This scenario" in i.value and "meetings" in i.value for i in at.info)
    shown = _html_table(next(str(h.value) for h in at.html if 'class="plain-table"' in str(h.value))).set_index("Domain")
    assert shown.loc["Meetings", "My scenario: change"].startswith("+")
    assert shown.loc["Audits", "My scenario: change"] == "0"
    assert all(text.split(" of ")[0].isdigit() for text in shown["Indicators scored"])  # every score says what it rests on

    scenario = tmp_path / "shorter.json"
    scenario.write_text(json.dumps({"name": "My scenario", "levers": {"shorten_meetings": 25}}), encoding="utf-8")
    assert main(["score", str(ROOT / "data" / "samples"), "--scenario", str(scenario), "--json"]) == 0
    cli = {d["title"]: points(d["score"]) for d in json.loads(capsys.readouterr().out)["domains"]}
    assert {title: shown.loc[title, "My scenario (points)"] for title in cli} == cli


def _mapping_step() -> None:
    from diagnostic.app import mapping_step

    mapping_step.render("our_meetings.csv", b"When,Until,Who\n2025-01-14 10:00,2025-01-14 11:00,Ann\n")


def test_the_mapping_step_offers_the_template_columns_only():
    """What loaders derive themselves (the match key that recognises one meeting in two exports,
    the source format) is not the user's to map."""
    from diagnostic.schema import SPEC

    at = AppTest.from_function(_mapping_step, default_timeout=TIMEOUT).run()
    at.selectbox(key="map-our_meetings.csv-table").select("meetings").run()
    prefix = "map-our_meetings.csv-meetings-"
    offered = [box.key.removeprefix(prefix) for box in at.selectbox if box.key.startswith(prefix)]
    assert sorted(offered) == sorted(SPEC["meetings"].template_columns())
    assert "match_key" not in offered and "source_format" not in offered
