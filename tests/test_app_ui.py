"""The HTML pieces the pages draw: indicator cards, domain tiles and plain tables."""

from __future__ import annotations

import pandas as pd
import pytest

from diagnostic.app.ui import card_html, domain_tiles, plain, table_html, team_table
from diagnostic.indicators import REGISTRY
from diagnostic.indicators.base import Measurement
from diagnostic.scorecard import IndicatorResult, build_scorecard
from diagnostic.settings import Settings
from tests.conftest import SAMPLE_SALT


@pytest.fixture(scope="module")
def sample_card(sample_dataset):
    return build_scorecard(sample_dataset, Settings(salt=SAMPLE_SALT))


def _result(measurement: Measurement, overridden: bool = False) -> IndicatorResult:
    ind = next(i for i in REGISTRY if i.id == "within_team_density")
    return IndicatorResult(ind, measurement, ind.concrete_at, ind.compost_at, overridden)


def test_card_says_value_score_what_it_rests_on_and_where_thresholds_come_from():
    teams = pd.DataFrame({"team": ["Assessment", "<script>alert(1)</script>"], "value": [42.0, 61.5], "n": [12, 9]})
    html = card_html(_result(Measurement(value=55.0, n=150, n_unit="people", coverage=0.8, by_team=teams), overridden=True))
    assert ">55%<" in html
    assert "Rests on 150 people. Coverage 80%." in html
    assert "changed in your settings" in html
    assert "<details><summary>Where the thresholds come from" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert '<th scope="row">Assessment</th><td>42%</td><td>12</td>' in html


def test_a_card_drawn_without_teams_keeps_everything_else_and_the_table_stands_alone():
    """Pages that show one chosen indicator's teams draw the cards without their tables."""
    teams = pd.DataFrame({"team": ["Assessment", "Fostering"], "value": [42.0, 61.5], "n": [12, 9]})
    result = _result(Measurement(value=55.0, n=150, n_unit="people", coverage=0.8, by_team=teams))
    with_teams, without = card_html(result), card_html(result, teams=False)
    assert "<table" not in without and ">55%<" in without and "Rests on 150 people." in without
    table = team_table(teams, result.indicator.unit)
    assert with_teams == without.replace("</ul></details>", f"</ul>{table}</details>")
    assert '<th scope="row">Fostering</th><td>61.5%</td><td>9</td>' in table


def test_card_for_an_indicator_not_computed_gives_the_reason_and_no_score():
    html = card_html(_result(Measurement(value=None, n=0, n_unit="people", note="Needs a staff roster.")))
    assert "Not computed" in html and "Needs a staff roster." in html
    assert "Not scored" in html
    assert "<table" not in html


@pytest.mark.slow
def test_team_table_states_a_unit_once_in_its_heading(sample_card):
    silo = sample_card.result("cross_team_ei")
    html = card_html(silo)
    unit = silo.indicator.unit
    assert f"Value ({unit})" in html
    assert html.count(unit) <= 4  # value, thresholds twice, heading: never once per team


def test_domain_tiles_show_every_domain_with_its_band_in_words(sample_card):
    html = domain_tiles(sample_card.domains)
    assert html.count('class="tile"') == len(sample_card.domains)
    assert "computed" in html and "band-" in html


@pytest.mark.parametrize(
    "text, shown",
    [
        ("team_a_export.csv", r"team\_a\_export\.csv"),
        ("costs $5 *now*", r"costs \$5 \*now\*"),
        ("[link](http://x) # not a heading", r"\[link\]\(http\://x\) \# not a heading"),
        (r"C:\exports", r"C\:\\exports"),
        ("plain words", "plain words"),
    ],
)
def test_user_text_is_escaped_for_markdown(text, shown):
    assert plain(text) == shown


def test_a_plain_table_names_its_rows_writes_whole_numbers_with_commas_and_escapes_text():
    frame = pd.DataFrame({"Team": ["Assessment", "<b>Fostering</b>"], "People": [1204, 9], "Silo index": ["+0.25", None]})
    html = table_html(frame, "Each team's ties")
    assert html.startswith('<table class="plain-table"><caption>Each team&#x27;s ties</caption>')
    assert '<th scope="col">Team</th><th scope="col">People</th><th scope="col">Silo index</th>' in html
    assert '<tr><th scope="row">Assessment</th><td>1,204</td><td>+0.25</td></tr>' in html
    assert '<tr><th scope="row">&lt;b&gt;Fostering&lt;/b&gt;</th><td>9</td><td>—</td></tr>' in html
    assert "nan" not in html.lower() and "<b>" not in html
