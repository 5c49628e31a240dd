"""The self-assessment: the 22 statements, the blank sheet, theme scores, group floors, the domain."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from diagnostic.dataset import Dataset, conform
from diagnostic.indicators import self_assessment as indicators
from diagnostic.scorecard import build_scorecard
from diagnostic.self_assessment import (
    ALL,
    COUNT_COLUMNS,
    STATEMENTS,
    TEMPLATE_COLUMNS,
    THEMES,
    group_label,
    room_responses,
    score_responses,
    scores_by_group,
    statements_needed,
    theme_status,
    write_template,
)


def sheet(answer, group: str | None = "room", count: int = 8) -> pd.DataFrame:
    """One row per statement; ``answer(statement)`` gives the response (None for don't know)."""
    rows = [{"statement_id": s.id, "respondent_group": group, "response": answer(s), "count": count} for s in STATEMENTS]
    return conform("responses", pd.DataFrame(rows))


def pooled(scores: pd.DataFrame) -> pd.Series:
    return scores[scores["respondent_group"] == ALL].set_index("theme")["score"]


def test_all_22_statements_in_seven_themes():
    assert len(STATEMENTS) == 22 and len({s.id for s in STATEMENTS}) == 22
    assert {s.theme for s in STATEMENTS} == set(THEMES) and len(THEMES) == 7
    assert {s.id for s in STATEMENTS if s.reverse} == {"sa_perf_2", "sa_hr_4", "sa_lang_2"}
    assert all(s.statement.endswith(".") and s.seed and s.origin for s in STATEMENTS)


def test_template_is_a_blank_sheet_excel_can_open(tmp_path):
    path = write_template(tmp_path / "sheet" / "self-assessment.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == TEMPLATE_COLUMNS
    assert [r["statement_id"] for r in rows] == [s.id for s in STATEMENTS]
    assert rows[11]["statement"].startswith('Our policies and templates still use words like "case"')
    assert all(r["response"] == "" and r["votes_dont_know"] == "" for r in rows)
    assert rows[0]["theme"] == "Service design methods"


def test_all_fives_with_reverse_items_turned_round_is_compost(settings):
    responses = sheet(lambda s: 1 if s.reverse else 5)
    assert (pooled(score_responses(responses, 5)) == 100).all()
    card = build_scorecard(Dataset(responses=responses), settings, indicators.INDICATORS)
    assert card.domain("self_assessment").score == 100 and card.domain("self_assessment").band == "compost"


def test_all_fives_taken_literally_lowers_the_themes_with_reverse_items(settings):
    scores = pooled(score_responses(sheet(lambda s: 5), 5))
    assert scores["performance"] == pytest.approx((11 / 3 - 1) * 25)  # 5, 1, 5
    assert scores["hr"] == pytest.approx(75)  # 5, 5, 5, 1
    assert scores["language"] == pytest.approx((11 / 3 - 1) * 25)
    for theme in ("service_design", "meetings", "feedback", "partners"):
        assert scores[theme] == 100
    card = build_scorecard(Dataset(responses=sheet(lambda s: 5)), settings, indicators.INDICATORS)
    assert 75 < card.domain("self_assessment").score < 100


def test_dont_know_is_missing_never_three_and_60_percent_must_be_answered():
    # Service design: 1 of 3 answered (33%) -> no score; partners: 2 of 2; HR: 3 of 4 (75%).
    unknown = {"sa_design_2", "sa_design_3", "sa_hr_1"}
    scores = score_responses(sheet(lambda s: None if s.id in unknown else (1 if s.reverse else 4)), 5)
    row = scores[scores["respondent_group"] == ALL].set_index("theme")
    assert pd.isna(row.loc["service_design", "score"]) and row.loc["service_design", "items_answered"] == 1
    assert row.loc["hr", "score"] == pytest.approx((13 / 3 - 1) * 25)  # 4, 4, 5 (reverse 1 -> 5)
    assert row.loc["partners", "score"] == 75


def test_room_votes_are_weighted_by_count():
    rows = [{"statement_id": "sa_part_1", "respondent_group": "room", "response": r, "count": n} for r, n in [(2, 3), (4, 1), (None, 6)]]
    rows += [{"statement_id": "sa_part_2", "respondent_group": "room", "response": 5, "count": 10}]
    scores = score_responses(conform("responses", pd.DataFrame(rows)), 5)
    row = scores[scores["respondent_group"] == ALL].set_index("theme").loc["partners"]
    assert row["mean"] == pytest.approx((2.5 + 5) / 2)
    assert row["respondents"] == 10


def test_groups_below_the_floor_are_not_shown_nor_recoverable_by_subtraction():
    practitioners = sheet(lambda s: 4, "practitioner", count=7)
    managers = sheet(lambda s: 2, "manager", count=6)
    leaders = sheet(lambda s: 5, "leader", count=2)
    both = score_responses(pd.concat([practitioners, managers], ignore_index=True), 5)
    assert set(both["respondent_group"]) == {ALL, "practitioner", "manager"}
    three = score_responses(pd.concat([practitioners, managers, leaders], ignore_index=True), 5)
    assert set(three["respondent_group"]) == {ALL}  # leaders (2) could be worked out from the rest
    assert set(score_responses(pd.concat([practitioners, managers], ignore_index=True), 10)["respondent_group"]) == {ALL}


def test_one_group_holding_every_answer_is_everyone_and_not_shown_twice():
    room = sheet(lambda s: 4, "room", count=28)
    assert set(score_responses(room, 5)["respondent_group"]) == {ALL}
    with_others = pd.concat([room, sheet(lambda s: 2, None, count=6)], ignore_index=True)
    assert set(score_responses(with_others, 5)["respondent_group"]) == {ALL, "room"}


def test_unknown_statements_and_answers_out_of_range_are_ignored():
    rows = [
        {"statement_id": "sa_meet_1", "respondent_group": "room", "response": 4, "count": 1},
        {"statement_id": "sa_meet_2", "respondent_group": "room", "response": 9, "count": 1},
        {"statement_id": "made_up", "respondent_group": "room", "response": 1, "count": 1},
    ]
    row = score_responses(conform("responses", pd.DataFrame(rows)), 5).set_index("theme").loc["meetings"]
    assert row["items_answered"] == 1 and pd.isna(row["score"])


def test_indicators_one_per_theme_on_the_points_scale(settings):
    assert [i.id for i in indicators.INDICATORS] == [f"self_assessment_{t}" for t in THEMES]
    for indicator in indicators.INDICATORS:
        assert (indicator.domain, indicator.unit, indicator.concrete_at, indicator.compost_at) == ("self_assessment", "points", 0, 100)
        assert indicator.needs == ("responses",)
    card = build_scorecard(Dataset(responses=sheet(lambda s: None if s.theme == "partners" else 3)), settings, indicators.INDICATORS)
    partners = card.result("self_assessment_partners").measurement
    assert partners.value is None and "0 of 2 statements" in partners.note
    meetings = card.result("self_assessment_meetings").measurement
    assert meetings.value == 50 and meetings.n == 8 and meetings.n_unit == "respondents" and meetings.coverage == 1


def test_scores_by_group_puts_everyone_first_then_each_group_that_may_be_shown_by_name():
    responses = pd.concat([sheet(lambda s: 4, "practitioner", count=6), sheet(lambda s: 2, "manager", count=5)], ignore_index=True)
    wide = scores_by_group(responses, 5)
    assert list(wide.columns) == [ALL, "manager", "practitioner", *COUNT_COLUMNS]
    assert list(wide.index) == list(THEMES.values())
    low, high = wide[["manager", "practitioner"]].min(axis=1), wide[["manager", "practitioner"]].max(axis=1)
    assert ((wide[ALL] >= low) & (wide[ALL] <= high)).all()  # everyone lies between the two groups
    assert wide["respondents"].max() == 11
    assert [group_label(g) for g in wide.columns[:3]] == ["Everyone", "Manager", "Practitioner"]


def test_a_rooms_hands_are_the_same_responses_as_its_votes_in_the_template():
    hands = {s.id: [0, 0, 0, 8, 0, 0] for s in STATEMENTS}
    hands["sa_design_1"] = [1, 0, 2, 0, 3, 4]
    responses = room_responses(hands)
    first = responses[responses["statement_id"] == "sa_design_1"]
    assert first["count"].tolist() == [1, 2, 3, 4] and first["response"].tolist()[:3] == [1, 3, 5] and pd.isna(first["response"].iloc[3])
    assert set(responses["respondent_group"]) == {"room"} and len(responses) == 21 + 4
    all_agree = room_responses({s.id: [0, 0, 0, 8, 0, 0] for s in STATEMENTS})
    assert pooled(score_responses(all_agree, 5)).equals(pooled(score_responses(sheet(lambda s: 4), 5)))


def test_a_theme_nobody_answered_says_so_while_others_have_answers():
    hands = {s.id: ([0, 0, 0, 5, 0, 0] if s.theme == "hr" else [0] * 6) for s in STATEMENTS}
    wide = scores_by_group(room_responses(hands), 5)
    assert wide.loc["HR processes", "answers"] == 5 and wide.loc["Working with partners", "answers"] == 0
    assert wide.loc["HR processes", "respondents"] == 5  # the largest count to any statement, as before
    said = {t: theme_status(r["all"], r["items_answered"], r["items"], r["answers"]) for t, r in wide.iterrows()}
    # "4 agree" on every HR statement: the reversed one (sa_hr_4) counts as 2, so (4 + 4 + 4 + 2) / 4 = 3.5
    assert said["HR processes"] == "62.5" and said["Working with partners"] == "No answers yet"


def test_not_scored_always_says_why():
    assert [statements_needed(n) for n in (2, 3, 4, 5)] == [2, 2, 3, 3]  # 60%, rounded up
    hands = {s.id: [0] * 6 for s in STATEMENTS} | {"sa_hr_1": [0, 0, 0, 0, 2, 0], "sa_part_1": [0, 0, 0, 0, 0, 3]}
    wide = scores_by_group(room_responses(hands), 5)
    said = {t: theme_status(r["all"], r["items_answered"], r["items"], r["answers"]) for t, r in wide.iterrows()}
    assert said["HR processes"] == "Not scored: 1 of 4 statements answered, and a theme needs 60% (3 of 4)"
    assert said["Working with partners"] == "Not scored: 0 of 2 statements answered, and a theme needs 60% (2 of 2)"  # don't know only
