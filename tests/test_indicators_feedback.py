"""Feedback indicators: statutory complaint timescales in working days, and what happens with feedback."""

from __future__ import annotations

import factories as f
import pandas as pd
import pytest

from diagnostic.indicators import feedback as fb


def complaint(i: int, received: str, responded: str | None, stage: int | None = 1, **extra) -> dict:
    return dict(
        feedback_id=f"c{i}",
        received=f.ts(received),
        responded=f.ts(responded) if responded else None,
        kind="complaint",
        stage=stage,
        **extra,
    )


def log(rows: list[dict]) -> f.Dataset:
    return f.dataset(feedback=f.feedback(rows))


# received Monday 3 March 2025; responses after 2, 5, 10, 11, 15 and 25 working days
TIMELY = [
    complaint(0, "2025-03-03", "2025-03-05"),
    complaint(1, "2025-03-03", "2025-03-10"),
    complaint(2, "2025-03-03", "2025-03-17"),
    complaint(3, "2025-03-03", "2025-03-18"),
    complaint(4, "2025-03-03", "2025-03-24"),
    complaint(5, "2025-03-03", "2025-04-07"),
]


def test_stage1_within_10_working_days(settings):
    m = fb.complaint_stage1_in_10wd(log(TIMELY), settings)
    assert m.value == pytest.approx(50.0)
    assert (m.n, m.n_unit) == (6, "complaints")


def test_stage1_beyond_20_working_days(settings):
    assert fb.complaint_stage1_over_20wd(log(TIMELY), settings).value == pytest.approx(100 / 6)


def test_working_days_leave_out_bank_holidays(settings):
    # received Thursday 17 April 2025; Good Friday, Easter Monday and 5 May are bank holidays
    easter = [complaint(i, "2025-04-17", "2025-05-06") for i in range(5)]
    assert fb.complaint_stage1_in_10wd(log(easter), settings).value == pytest.approx(100.0)


def test_open_complaints_count_once_they_pass_the_limit(settings):
    rows = [*TIMELY, complaint(6, "2025-03-03", None), complaint(7, "2025-04-03", None)]  # the log ends 7 April
    within = fb.complaint_stage1_in_10wd(log(rows), settings)
    assert within.value == pytest.approx(100 * 3 / 7)  # the first open one is late; the second is not yet due
    assert within.coverage == pytest.approx(7 / 8)
    over = fb.complaint_stage1_over_20wd(log(rows), settings)
    assert over.value == pytest.approx(100 * 2 / 7)


def test_other_stages_and_kinds_are_left_out(settings):
    rows = [
        *TIMELY,
        complaint(6, "2025-03-03", "2025-04-07", stage=2),
        dict(feedback_id="k", received=f.ts("2025-03-03"), kind="compliment"),
    ]
    assert fb.complaint_stage1_in_10wd(log(rows), settings).value == pytest.approx(50.0)


def test_a_log_without_stages_is_not_computed(settings):
    rows = [complaint(i, "2025-03-03", "2025-03-05", stage=None) for i in range(6)]
    m = fb.complaint_stage1_in_10wd(log(rows), settings)
    assert m.value is None
    assert "Stage column" in m.note


def items(spec: list[tuple[str, str, str | None, bool | None, bool | None]]) -> f.Dataset:
    """(source, kind, outcome, action_taken, closed_loop) per item."""
    rows = [
        dict(feedback_id=f"i{i}", received=f.ts("2025-03-03"), source=s, kind=k, outcome=o, action_taken=a, closed_loop=c, team="Team A")
        for i, (s, k, o, a, c) in enumerate(spec)
    ]
    return log(rows)


ACTIONS = items(
    [
        ("parent", "complaint", "Upheld", True, True),
        ("parent", "complaint", "partly upheld", True, False),
        ("parent", "complaint", "not upheld", True, True),  # not actionable: left out of action_taken_rate
        ("child", "survey", None, False, None),
        ("child", "suggestion", None, True, True),
        ("staff", "survey", None, None, None),  # its source did not record actions: missing, not "no"
        ("staff", "comment", None, True, False),
        ("partner", "compliment", None, False, None),
    ]
)


def test_action_taken_rate_over_actionable_items(settings):
    m = fb.action_taken_rate(ACTIONS, settings)
    assert m.value == pytest.approx(100 * 4 / 5)
    assert m.coverage == pytest.approx(5 / 6)


def test_closed_loop_rate_over_items_with_an_action(settings):
    assert fb.closed_loop_rate(ACTIONS, settings).value == pytest.approx(100 * 3 / 5)


def test_closed_loop_not_recorded(settings):
    no_loop = ACTIONS.with_tables(feedback=ACTIONS.feedback.assign(closed_loop=pd.NA))
    m = fb.closed_loop_rate(no_loop, settings)
    assert m.value is None
    assert "you said, we did" in m.note


def test_child_feedback_share_counts_advocates_as_the_child(settings):
    sources = [
        "Child",
        "Young person (via advocate)",
        "Advocate",
        "Parent",
        "Foster carer",
        "Staff",
        "Health visitor",
        "Other",
        "Parent",
        "Staff",
    ]
    ds = items([(s, "comment", None, None, None) for s in sources])
    m = fb.child_feedback_share(ds, settings)
    assert m.value == pytest.approx(30.0)  # staff's own items stay in the denominator
    assert m.note == "Without staff's own feedback: 37.5% (3 of 8 items)."


def test_source_group_names():
    groups = fb.source_group(pd.Series(["Child", "young person", "parent_carer", "Foster carer", "staff", "School", "neighbour", None]))
    assert groups.tolist()[:7] == ["child", "child", "parent_carer", "parent_carer", "staff", "partner", "other"]
    assert pd.isna(groups.iloc[7])


def test_feedback_source_coverage_counts_voices_with_five_items(settings):
    spec = (
        [("child", "survey", None, None, None)] * 5
        + [("parent", "complaint", None, None, None)] * 6
        + [("staff", "survey", None, None, None)] * 4
    )
    m = fb.feedback_source_coverage(items(spec), settings)
    assert m.value == 2.0
    assert m.by_team is None


def test_staff_feedback_loop_rate(settings):
    spec = (
        [("staff", "survey", None, True, True)] * 2
        + [("staff", "survey", None, True, False)] * 2
        + [("staff", "survey", None, False, False), ("staff", "survey", None, None, None)]
    )
    m = fb.staff_feedback_loop_rate(items(spec), settings)
    assert m.value == pytest.approx(40.0)
    assert m.coverage == pytest.approx(5 / 6)
    assert m.by_team.to_dict("records") == [{"team": "Team A", "value": 40.0, "n": 5}]


def test_no_feedback(settings):
    m = fb.child_feedback_share(f.dataset(people=f.people()), settings)
    assert m.value is None
    assert "complaints and compliments log" in m.note


def test_staff_feedback_without_tracking_columns_is_not_computed(settings):
    spec = [("staff", "survey", None, None, None)] * 8 + [("parent", "complaint", "upheld", True, True)] * 5
    m = fb.staff_feedback_loop_rate(items(spec), settings)
    assert m.value is None
    assert "does not record whether anything was done" in m.note
