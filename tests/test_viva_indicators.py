"""Viva Insights queries feeding the scorecard: each figure checked against plain arithmetic on the fixture.

The fixtures are written from the headers of Microsoft's sample queries and the display-name spellings
of a raw download. Microsoft's own sample queries are used only when present on this machine
(``VIVA_SAMPLES``); the test that reads them is skipped otherwise.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from diagnostic.cli import main
from diagnostic.findings import cross_file_findings
from diagnostic.indicators import REGISTRY
from diagnostic.ingest import load_bytes, load_paths
from diagnostic.periods import Period, chosen_period, in_period
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings
from diagnostic.sources import period
from diagnostic.team_attributes import attribute_groups

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "viva"
SETTINGS = Settings(salt="test-salt-0123456789")
DISPLAY = FIXTURES / "person_query_display_names.csv"
WORKING_DAYS = 10  # two Sunday-to-Sunday weeks in March 2025, no bank holiday
WORKING_HOURS = WORKING_DAYS * 10  # 08:00 to 18:00
VIVA_SAMPLES = Path(os.environ.get("VIVA_SAMPLES", "/nonexistent"))


def _load(*names: str, settings: Settings = SETTINGS):
    files = [(name, (FIXTURES / name).read_bytes()) for name in names]
    return load_bytes(files, settings)


def _raw() -> pd.DataFrame:
    return pd.read_csv(DISPLAY)


def _mean_share(num: str, den: str) -> float:
    per = _raw().groupby("PersonID")[[num, den]].sum()
    return float((100 * per[num] / per[den]).mean())


@pytest.fixture(scope="module")
def card():
    dataset, _ = _load("person_query_display_names.csv")
    return build_scorecard(dataset, SETTINGS)


def test_display_name_headers_fill_the_viva_measures():
    dataset, results = _load("person_query_display_names.csv")
    assert results[0].format == "viva_person_query"
    v = dataset.volumes
    assert len(v) == 12
    assert v["focus_hours"].sum() == pytest.approx(_raw()["Available-to-focus Hours"].sum())
    assert v["after_hours_meeting_hours"].sum() == pytest.approx(_raw()["After-hours Meeting Hours"].sum())
    assert v["manager_1to1_hours"].sum() == pytest.approx(_raw()["Meeting and call hours with manager 1:1"].sum())


@pytest.mark.parametrize(
    ("indicator", "num", "den"),
    [
        ("conflicting_meeting_share", "Conflicting meeting hours", "Meeting hours"),
        ("large_meeting_share", "Large and long meeting hours", "Meeting hours"),
        ("after_hours_meeting_share", "After-hours Meeting Hours", "Meeting hours"),
        ("multitasking_share", "Multitasking hours", "Meeting hours"),
        ("weekend_collaboration_share", "Weekend collaboration hours", "Collaboration hours"),
        ("partner_meeting_share", "External collaboration hours", "Collaboration hours"),
    ],
)
def test_viva_shares_are_the_mean_over_people_of_each_persons_share(card, indicator, num, den):
    m = card.result(indicator).measurement
    assert m.value == pytest.approx(_mean_share(num, den))
    assert (m.n, m.n_unit) == (6, "people")
    assert "Viva Insights" in m.note  # says whose definition it is, and how it differs


def test_focus_time_is_viva_focus_hours_over_the_working_hours(card):
    per = _raw().groupby("PersonID")["Available-to-focus Hours"].sum()
    assert card.result("focus_block_share").measurement.value == pytest.approx(float((100 * per / WORKING_HOURS).mean()))


def test_email_rates_are_medians_per_working_day(card):
    raw = _raw().groupby("PersonID")[["Emails sent", "Emails read"]].sum()
    assert card.result("emails_sent_per_day").measurement.value == pytest.approx(float((raw["Emails sent"] / WORKING_DAYS).median()))
    received = card.result("emails_received_per_day").measurement
    assert received.value == pytest.approx(float((raw["Emails read"] / WORKING_DAYS).median()))
    assert received.note.startswith("Lower bound")


def test_one_to_ones_count_people_with_one_in_every_four_week_window(card):
    raw = _raw()
    met = raw[raw["Meeting and call hours with manager 1:1"] > 0].groupby("PersonID").size()
    expected = 100 * met.reindex(raw["PersonID"].unique(), fill_value=0).gt(0).mean()  # two weeks: one window
    assert card.result("manager_1to1_cadence").measurement.value == pytest.approx(expected)


def test_meetings_and_email_domains_are_scored_from_a_person_query_alone(card):
    assert card.domain("meetings").score is not None and card.domain("email").score is not None


def test_no_indicator_uses_an_attribute_nobody_chose(card):
    large = card.result("team_size_over_12_share").measurement
    assert large.value is None and "no team attribute chosen" in large.note
    assert all(r.measurement.by_team is None for r in card.results)  # no team view from departments


def test_a_chosen_attribute_gives_teams():
    chosen = replace(SETTINGS, team_attribute="GroupName")
    dataset, _ = _load("person_query_display_names.csv", settings=chosen)
    assert set(dataset.people["team"]) == {"Assessment North", "Children in Care"}
    large = build_scorecard(dataset, chosen).result("team_size_over_12_share").measurement
    assert large.value == 0.0 and large.n == 6  # two teams of three


def test_attributes_are_offered_with_their_groups_and_sizes():
    dataset, _ = _load("person_query_display_names.csv")
    found = {a.name: a for a in attribute_groups(dataset, 5)}
    assert set(found) == {"Organization", "GroupName", "SupervisorIndicator"}
    groups = found["GroupName"]
    assert (groups.people, groups.groups, groups.smallest, groups.largest, groups.below_minimum) == (6, 2, 3, 3, 2)
    assert groups.describe(5) == "GroupName: 2 groups of 3 people (typically 3); 2 under 5 people are merged"


def test_group_to_group_hours_give_cross_team_only_for_the_chosen_attribute():
    dataset, results = _load("g2g_query.csv")
    assert results[0].format == "viva_g2g_query"
    assert build_scorecard(dataset, SETTINGS).result("cross_team_ei").measurement.value is None
    chosen = replace(SETTINGS, team_attribute="GroupName")
    m = build_scorecard(dataset, chosen).result("cross_team_ei").measurement
    inside, outside = 120.5 + 90, 60 + 72  # Business Support (3 people) and unclassified collaborators left out
    assert m.value == pytest.approx((outside - inside) / (outside + inside))
    assert (m.n, m.n_unit) == (14, "people")
    assert set(m.by_team["team"]) == {"Assessment North", "Children in Care"}


def test_person_to_group_query_adds_people_and_attributes_only():
    dataset, results = _load("p2g_query.csv")
    assert results[0].format == "viva_p2g_query"
    assert set(dataset.present()) == {"people", "attributes"}
    assert set(dataset.attributes["attribute"]) == {"LevelDesignation"}
    assert any("person-to-group" in w for w in results[0].warnings)


def test_a_query_without_metric_date_loads_as_one_undated_period():
    dataset, results = _load("p2p_no_date.csv")
    assert results[0].format == "viva_p2p_query"
    assert len(dataset.ties) == 2 and dataset.ties["period"].isna().all()
    assert sorted(dataset.ties["weight"]) == [0.4, 0.5]  # StrongTieScore
    assert any("no MetricDate" in w for w in results[0].warnings)


def test_the_cli_takes_a_team_attribute(capsys):
    assert main(["score", str(DISPLAY), "--json", "--team-attribute", "GroupName"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert "teams taken from the attribute “GroupName”" in card["settings_changed"]
    large = next(i for i in card["indicators"] if i["id"] == "team_size_over_12_share")
    assert large["value"] == 0.0


@pytest.mark.slow
@pytest.mark.skipif(not (VIVA_SAMPLES / "pq_data.csv").exists(), reason="Microsoft's vivainsights sample queries are not on this machine")
def test_microsofts_sample_queries():
    settings = replace(SETTINGS, min_group_size=5)
    alone = build_scorecard(load_paths([VIVA_SAMPLES / "pq_data.csv"], settings)[0], settings)
    assert sum(r.measurement.computed for r in alone.results) >= 18
    for indicator in ("manager_share", "staff_voice_share", "manageable_workload_share"):  # from the query itself, no team chosen
        assert alone.result(indicator).measurement.computed, indicator
    assert alone.domain("meetings").score is not None and alone.domain("email").score is not None
    assert alone.result("team_size_over_12_share").measurement.value is None
    # Together: the person query covers 2024, the other four queries December 2022 to April 2023 (and
    # other people), so the person query's period is proposed and the others are named as outside it.
    chosen = replace(settings, team_attribute="Organization")  # the teams are read as the files load
    every, results = load_paths([VIVA_SAMPLES], chosen)
    period = chosen_period(results, chosen)
    assert period == Period(date(2024, 3, 31), date(2024, 12, 1))
    outside = [f for f in cross_file_findings(in_period(every, period), results, chosen) if "outside the analysis period" in f.message]
    assert set(outside[0].files) == {"g2g_data.csv", "mt_data.csv", "p2p_data.csv"}
    card = build_scorecard(in_period(every, period), chosen)
    assert sum(r.measurement.computed for r in card.results) >= 19
    unchosen, results = load_paths([VIVA_SAMPLES], settings)
    together = build_scorecard(in_period(unchosen, chosen_period(results, settings)), settings)
    assert sum(r.measurement.computed for r in together.results) >= 18
    assert card.result("team_size_over_12_share").measurement.computed  # once a team attribute is chosen


def test_the_meeting_query_feeds_the_meeting_level_indicators_without_attendance():
    dataset, _ = _load("meeting_query.csv")
    assert dataset.attendance is None
    found = {i.id: i.compute(dataset, SETTINGS) for i in REGISTRY if i.domain == "meetings"}
    # 8 rows: one cancelled and one all-day left out, so 6 meetings of two or more
    for indicator in ("large_meeting_share", "long_meeting_share", "recurring_large_long_share", "after_hours_meeting_share"):
        m = found[indicator]
        assert m.computed and (m.n, m.n_unit) == (6, "meetings"), indicator
        # six meetings are far too few to score: the scorecard withholds the value and says so
        assert build_scorecard(dataset, SETTINGS).result(indicator).measurement.too_little_data
    assert found["long_meeting_share"].value == pytest.approx(100 / 6)  # one meeting of the six runs over an hour


def test_group_to_group_hours_fill_the_team_matrix_for_the_chosen_attribute():
    from diagnostic.network import team_matrix

    chosen = replace(SETTINGS, team_attribute="GroupName")
    dataset, _ = _load("g2g_query.csv", settings=chosen)
    matrix = team_matrix(dataset, chosen)
    assert list(matrix.index) == list(matrix.columns) == ["Assessment North", "Children in Care"]
    assert matrix.loc["Assessment North"].tolist() == [120.5, 60.0]  # each group's own hours with the other
    assert matrix.loc["Children in Care"].tolist() == [72.0, 90.0]
    assert team_matrix(_load("g2g_query.csv")[0], SETTINGS).empty  # no attribute chosen: no teams


# ---------------------------------------------------------------- staff survey answers and SupervisorIndicator

SURVEY = FIXTURES / "person_query_survey.csv"


def _latest_favourable(header: str) -> tuple[float, int]:
    """Plain pandas: each person's answer in their latest week with one on the 1-5 scale; % of 4 or 5."""
    raw = pd.read_csv(SURVEY).assign(week=lambda r: pd.to_datetime(r["MetricDate"], format="%m/%d/%Y"))
    answered = raw[raw[header].between(1, 5)]
    latest = answered.loc[answered.groupby("PersonID")["week"].idxmax(), header]
    return float(100 * (latest >= 4).mean()), len(latest)


@pytest.fixture(scope="module")
def survey_card():
    dataset, _ = _load(SURVEY.name)
    return build_scorecard(dataset, SETTINGS)


@pytest.mark.parametrize(("indicator", "header"), [("staff_voice_share", "Speak my mind"), ("manageable_workload_share", "Workload")])
def test_survey_shares_are_the_latest_answers_that_are_favourable(survey_card, indicator, header):
    value, people = _latest_favourable(header)
    m = survey_card.result(indicator).measurement
    assert m.value == pytest.approx(value)
    assert (m.n, m.n_unit) == (people, "respondents")
    assert m.by_team is None  # no attribute chosen, no team figure


def test_survey_figures_rest_on_the_minimum_group_size():
    strict = replace(SETTINGS, min_group_size=7)  # six people answered "Speak my mind", seven "Workload"
    dataset, _ = _load(SURVEY.name, settings=strict)
    card = build_scorecard(dataset, strict)
    voice = card.result("staff_voice_share").measurement
    assert voice.value is None and "fewer than the minimum group size of 7" in voice.note
    assert card.result("manageable_workload_share").measurement.computed


def test_survey_team_figures_come_only_from_a_chosen_attribute_and_hide_small_groups():
    chosen = replace(SETTINGS, team_attribute="GroupName", min_group_size=3)
    dataset, _ = _load(SURVEY.name, settings=chosen)
    teams = build_scorecard(dataset, chosen).result("staff_voice_share").measurement.by_team
    # Assessment North: four answered, two favourably (2 then 4; 5); Children in Care: two answered, under 3, so no figure
    assert teams.to_dict("list") == {"team": ["Assessment North"], "value": [50.0], "n": [4]}


def test_without_survey_answers_the_survey_indicators_say_what_to_load(card):
    m = card.result("staff_voice_share").measurement
    assert m.value is None and "Viva Glint" in m.note and "Speak_My_Mind" in m.note


def test_manager_share_falls_back_to_viva_supervisor_indicator(survey_card):
    raw = pd.read_csv(SURVEY)
    latest = raw.assign(week=pd.to_datetime(raw["MetricDate"], format="%m/%d/%Y")).sort_values("week").groupby("PersonID").last()
    manages = latest["SupervisorIndicator"].str.startswith("Manager")
    m = survey_card.result("manager_share").measurement
    assert m.value == pytest.approx(100 * manages.mean())
    assert (m.n, m.n_unit) == (len(latest), "people")
    assert "SupervisorIndicator" in m.note and "cannot tell who holds work with children and families" in m.note


def test_a_staff_list_with_practitioners_wins_over_supervisor_indicator():
    dataset, _ = _load(SURVEY.name)
    roster = pd.DataFrame(
        {
            "person_id": [f"sw{i}@northbridge.gov.uk" for i in range(10)],
            "team": "Assessment South",
            "role": ["Team manager"] * 3 + ["Social worker"] * 7,
            "is_practitioner": [False] * 3 + [True] * 7,
        }
    ).astype({"is_practitioner": "boolean"})
    both = dataset.with_tables(people=pd.concat([dataset.people, roster], ignore_index=True).astype(dataset.people.dtypes))
    m = build_scorecard(both, SETTINGS).result("manager_share").measurement
    assert m.value == pytest.approx(30.0) and m.n == 10
    assert "SupervisorIndicator" not in m.note


def test_survey_figures_ignore_row_order_repeats_and_which_file_came_first():
    header, *rows = SURVEY.read_text().splitlines()
    reversed_rows = "\n".join([header, *rows[::-1]]).encode()
    values = set()
    for files in ([(SURVEY.name, SURVEY.read_bytes())], [("r.csv", reversed_rows), ("r2.csv", reversed_rows)]):
        card = build_scorecard(load_bytes(files, SETTINGS)[0], SETTINGS)
        values.add(tuple(card.result(i).measurement.value for i in ("staff_voice_share", "manageable_workload_share", "manager_share")))
    assert len(values) == 1


def test_two_answers_for_one_person_and_week_are_settled_by_value_not_file_order():
    header, *rows = SURVEY.read_text().splitlines()
    assert rows[-1].startswith("5d0c6a2e-1111-4000-8000-000000000001,3/9/2025,10,20,4,")  # the first person's latest answer: 4
    other = "\n".join([header, rows[-1].replace(",4,3,", ",2,3,")]).encode()  # a second file says 2 for the same week
    first, second = (
        build_scorecard(load_bytes(files, SETTINGS)[0], SETTINGS).result("staff_voice_share").measurement.value
        for files in ([("o.csv", other), (SURVEY.name, SURVEY.read_bytes())], [(SURVEY.name, SURVEY.read_bytes()), ("o.csv", other)])
    )
    value, people = _latest_favourable("Speak my mind")
    assert first == second == pytest.approx(value - 100 / people)  # the lower answer wins: one favourable answer fewer


def test_home_dates_the_feedback_domain_by_the_survey_answers_only():
    dataset, _ = _load(SURVEY.name)
    v = dataset.volumes
    later = v.iloc[:1].assign(period_start=v["period_start"].max() + pd.Timedelta(weeks=10), speak_my_mind=None, workload_rating=None)
    with_report = dataset.with_tables(volumes=pd.concat([v, later], ignore_index=True).astype(v.dtypes))
    assert period(with_report, "feedback") == (v["period_start"].min(), v["period_end"].max())
    assert period(with_report, "meetings")[1] > v["period_end"].max()  # every activity total dates the meetings domain
