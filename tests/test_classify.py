"""Meeting kinds and the direct-work flag from subject lines."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from diagnostic.classify import MEETING_KIND_LABELS, MEETING_KINDS, classify_meetings, terms_pattern


def kind_of(subject: str | None, settings) -> str:
    return classify_meetings(pd.Series([subject]), settings)["kind"].iloc[0]


def test_kinds_are_the_contract_in_order():
    assert MEETING_KINDS == ("supervision", "group_supervision", "team_meeting", "case", "panel", "performance", "training", "other")
    assert set(MEETING_KIND_LABELS) == set(MEETING_KINDS)
    assert all(label and label[0].isupper() for label in MEETING_KIND_LABELS.values())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("Supervision", "supervision"),
        ("1:1 catch-up", "supervision"),
        ("Monthly 1-1", "supervision"),
        ("One to one", "supervision"),
        ("one-to-one", "supervision"),
        ("Group supervision", "group_supervision"),
        ("Reflective practice session", "group_supervision"),
        ("Case discussion (pod B)", "group_supervision"),
        ("Team meeting", "team_meeting"),
        ("Weekly TEAM MEETINGS", "team_meeting"),
        ("Strategy discussion", "case"),
        ("ICPC", "case"),
        ("CP conference", "case"),
        ("Core group", "case"),
        ("CIN review", "case"),
        ("LAC review", "case"),
        ("CLA Review", "case"),
        ("Legal gateway panel", "case"),
        ("PLO meeting", "case"),
        ("Family group conference", "case"),
        ("Fostering panel", "panel"),
        ("Corporate parenting board", "panel"),
        ("Performance board", "panel"),
        ("Governance", "panel"),
        ("Performance clinic", "performance"),
        ("KPI dashboard review", "performance"),
        ("Data quality", "performance"),
        ("Case audit moderation", "performance"),
        ("Audit meeting", "performance"),
        ("Signs of Safety training", "training"),
        ("Supervision skills training", "training"),
        ("Induction", "training"),
        ("Lunch", "other"),
        ("Database upgrade", "other"),
        ("", "other"),
        (None, "other"),
    ],
)
def test_subject_to_kind(subject, kind, settings):
    assert kind_of(subject, settings) == kind


def test_whole_words_only(settings):
    assert kind_of("Boardroom booking", settings) == "other"
    assert kind_of("Paneling quote", settings) == "other"
    assert kind_of("Board", settings) == "panel"


def test_direct_work_uses_the_settings_terms(settings):
    subjects = pd.Series(["Home visit", "Home visits", "Family time", "Court", "Courtyard tidy", "FGC prep", "Team meeting"])
    assert classify_meetings(subjects, settings)["direct_work"].tolist() == [True, True, True, True, False, True, False]
    custom = replace(settings, direct_work_terms=("contact",))
    assert classify_meetings(subjects, custom)["direct_work"].sum() == 0
    assert classify_meetings(pd.Series(["Contact session"]), custom)["direct_work"].tolist() == [True]


def test_no_direct_work_terms_means_nothing_is_direct_work(settings):
    out = classify_meetings(pd.Series(["Home visit"]), replace(settings, direct_work_terms=()))
    assert out["direct_work"].tolist() == [False]


def test_result_is_aligned_to_the_input_index(settings):
    subjects = pd.Series(["Supervision", "Team meeting", "Supervision", pd.NA], index=[30, 10, 20, 99])
    out = classify_meetings(subjects, settings)
    assert list(out.index) == [30, 10, 20, 99]
    assert list(out.columns) == ["kind", "direct_work"]
    assert out["kind"].tolist() == ["supervision", "team_meeting", "supervision", "other"]
    assert str(out["kind"].dtype) == "string"
    assert str(out["direct_work"].dtype) == "boolean"


def test_empty_input(settings):
    out = classify_meetings(pd.Series([], dtype="string"), settings)
    assert len(out) == 0
    assert list(out.columns) == ["kind", "direct_work"]


def test_terms_pattern_escapes_regex_characters():
    pattern = terms_pattern(["c++ review", "a.b"])
    assert pattern.search("C++ review today")
    assert not pattern.search("axb")
    assert terms_pattern([]) is None
