"""Feedback loaders: Microsoft Forms, SurveyMonkey and complaints logs, read from real-layout fixtures."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from openpyxl import Workbook

import diagnostic.ingest as ingest
from diagnostic.ingest import load_file, load_paths
from diagnostic.ingest.formats import complaints, ms_forms, surveymonkey
from diagnostic.ingest.survey import audience_from_wording, rating_scale
from diagnostic.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "feedback"
MINE = (*ms_forms.FORMATS, *surveymonkey.FORMATS, *complaints.FORMATS)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PEOPLE = ("Kim Fletcher", "Ravi Shah", "Lena Ward", "Sam Reid", "Alex Morgan", "Priya Das", "Chris Lee")
FORMS_FILES = ("Family feedback(1-10).xlsx", "Family feedback(1-10).csv", "Family feedback utf8.csv")


def load(name: str, settings: Settings):
    return load_file((FIXTURES / name).read_bytes(), name, settings, strict=True)


def cells(result) -> list[str]:
    """Every text cell of every table, to prove nothing identifying was kept."""
    out = []
    for table in result.dataset.present():
        frame = getattr(result.dataset, table)
        for column in frame.columns:
            out.extend(str(v) for v in frame[column].dropna())
    return out


def assert_nothing_identifying(result) -> None:
    text = "\n".join(cells(result))
    assert not EMAIL.search(text)
    for name in PEOPLE:
        assert name not in text


# --- Microsoft Forms -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", FORMS_FILES)
def test_forms_download_and_excel_resaves_read_the_same(settings, name):
    result = load(name, settings)
    fb = result.dataset.feedback
    assert (result.kind, result.format, result.format_label) == ("feedback", "ms_forms", "Microsoft Forms responses")
    assert result.rows == 10 and result.dataset.present() == {"feedback": 10}
    assert result.people == 0
    assert fb["kind"].tolist() == ["survey"] * 10
    assert fb["source"].tolist() == [
        "child",
        "parent_carer",
        "staff",
        "parent_carer",
        "child",
        "partner",
        "parent_carer",
        "child",
        "parent_carer",
        "other",
    ]
    # 4 on 1-5 is 0.75, 8 on the 0-10 recommend scale is 0.8: the mean is 0.775
    assert fb["rating"].round(4).tolist()[:3] == [0.775, 0.275, 1.0]
    assert fb["theme"].tolist()[:2] == ["Seeing my social worker", "Meetings; Letters"]
    assert fb["closed_loop"].tolist()[:4] == [True, False, False, True]
    assert fb["action_taken"].dropna().tolist() == [True, True]
    assert fb["text"].isna().all()
    assert fb["received"].iloc[0].strftime("%Y-%m-%d %H:%M") == "2025-01-07 17:07"
    assert not result.issues
    assert_nothing_identifying(result)


def test_forms_comments_are_kept_only_on_opt_in(settings):
    result = load("Family feedback(1-10).csv", replace(settings, show_text=True))
    text = result.dataset.feedback["text"]
    assert text.iloc[0] == "My worker always listens to me."
    assert text.iloc[1] == "Letters use words I do not understand – please write plainly."  # cp1252 dash decoded
    assert text.iloc[9] == "Café meeting was nice"
    assert text.notna().sum() == 5


def test_quiz_columns_are_skipped_and_the_title_says_who_answered(settings):
    result = load("Staff wellbeing check(1-6).csv", settings)
    fb = result.dataset.feedback
    assert result.format == "ms_forms" and len(fb) == 6
    assert set(fb["source"]) == {"staff"}
    assert fb["rating"].tolist() == [0.875, 0.375, 0.125, 0.875, 0.75, 0.25]  # Likert words on a 1-5 scale
    assert len(result.warnings) == 1 and "counted as from staff" in result.warnings[0]
    assert_nothing_identifying(result)


def test_a_form_that_says_nothing_about_its_audience_counts_as_other_and_says_how_to_fix_it(settings):
    data = b"ID,Start time,Completion time,Email,Name,Rate us\r\n1,01/02/2025 10:00,01/02/2025 10:05,anonymous,,4\r\n"
    result = load_file(data, "Form 3(1-1).csv", settings, strict=True)
    assert result.dataset.feedback["source"].tolist() == ["other"]
    assert result.dataset.feedback["rating"].tolist() == [0.75]
    assert len(result.warnings) == 1 and "Who are you?" in result.warnings[0]


def test_rating_scales_come_from_the_wording_or_the_answers():
    numbers = pd.Series(["1", "3", "5"], dtype="string")
    assert rating_scale("How was it?", numbers) == (1.0, 5.0)
    assert rating_scale("How was it? (0 to 10)", numbers) == (0.0, 10.0)
    assert rating_scale("How likely are you to recommend us?", numbers) == (0.0, 10.0)
    assert rating_scale("How many visits did you have?", numbers) is None
    assert rating_scale("Comments", pd.Series(["Fine", "Good service"], dtype="string")) is None


def test_audience_needs_a_clear_majority():
    assert audience_from_wording("Young people's survey", ["Does your worker listen?"]) == "child"
    assert audience_from_wording("Feedback", ["Do parents and staff talk?"]) is None


# --- SurveyMonkey -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["surveymonkey_expanded.csv", "surveymonkey_expanded.xlsx"])
def test_surveymonkey_expanded_two_header_rows(settings, name):
    result = load(name, settings)
    fb = result.dataset.feedback
    assert (result.kind, result.format, result.format_label) == ("feedback", "surveymonkey", "SurveyMonkey export")
    assert result.rows == 8 and result.dataset.present() == {"feedback": 8}
    assert fb["source"].tolist() == ["child", "parent_carer", "partner", "parent_carer", "child", "staff", "child", "parent_carer"]
    # very satisfied (5), strongly agree (5), agree (4) on 1-5 scales: (1 + 1 + 0.75) / 3
    assert round(fb["rating"].iloc[0], 4) == round(2.75 / 3, 4)
    assert fb["theme"].tolist()[:4] == ["My social worker", "Meetings; Letters", "Meetings", "Letters; Phone calls"]
    assert fb["received"].iloc[1].strftime("%Y-%m-%d %H:%M") == "2025-01-08 16:09"  # US month-first, PM
    assert fb[["action_taken", "closed_loop", "responded"]].isna().all().all()
    assert not result.issues
    assert_nothing_identifying(result)


def test_surveymonkey_condensed_layout(settings):
    result = load("surveymonkey_condensed.csv", settings)
    assert result.format == "surveymonkey" and result.rows == 5
    assert result.dataset.feedback["source"].tolist() == ["child", "parent_carer", "partner", "parent_carer", "child"]
    assert result.dataset.feedback["rating"].tolist() == [1.0, 0.25, 0.75, 0.5, 0.0]


def test_a_staff_surveys_role_question_keeps_every_answer_with_staff(settings):
    rows = [
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,What is your role?,I feel supported",
        ",,,,,,,,,Response,Response",
        "1,9,01/20/2025 03:51:56 PM,01/20/2025 04:06:45 PM,,,,,,Social worker,Agree",
        "2,9,01/21/2025 09:00:00 AM,01/21/2025 09:05:00 AM,,,,,,Business support or other,Disagree",
    ]
    result = load_file("\r\n".join(rows).encode(), "Staff survey 2025.csv", settings, strict=True)
    assert result.dataset.feedback["source"].tolist() == ["staff", "staff"]
    assert not result.issues


# --- Complaints and compliments logs ----------------------------------------------------------


def test_complaints_log_reads_every_column_it_needs(settings):
    result = load("complaints_log_2024-25.xlsx", settings)
    fb = result.dataset.feedback
    assert (result.kind, result.format, result.format_label) == ("feedback", "complaints_log", "Complaints and compliments log")
    assert result.rows == 11 and result.dataset.present() == {"feedback": 11}
    assert fb["kind"].value_counts().to_dict() == {"complaint": 8, "compliment": 1, "other": 1, "comment": 1}
    assert fb["stage"].fillna(0).tolist()[:4] == [1, 1, 0, 2]
    assert fb["source"].tolist()[:3] == ["parent_carer", "child", "parent_carer"]
    assert fb["outcome"].tolist()[8:11] == ["not_upheld", "partly_upheld", "withdrawn"]
    assert fb["outcome"].iloc[0] == "partly_upheld"
    assert fb["due"].iloc[1].strftime("%Y-%m-%d") == "2025-02-05"  # the extended due date wins
    assert fb["due"].iloc[0].strftime("%Y-%m-%d") == "2025-01-20"
    assert fb["action_taken"].tolist()[:7] == [True, True, False, False, False, False, True]
    assert fb["closed_loop"].tolist()[:3] == [True, True, False]
    assert fb["team"].iloc[0] == "Children in Care Team 1"
    assert fb["theme"].iloc[0] == "Communication"
    assert fb["text"].isna().all()
    assert_nothing_identifying(result)


def test_complaints_log_reports_the_ombudsman_and_the_impossible_date_by_row(settings):
    result = load("complaints_log_2024-25.xlsx", settings)
    fb = result.dataset.feedback
    assert pd.isna(fb["stage"].iloc[7]) and fb["kind"].iloc[7] == "complaint"
    assert pd.isna(fb["responded"].iloc[5])
    messages = result.warnings
    assert any(m.startswith("complaints_log_2024-25.xlsx, row 9, column “Stage”") and "Ombudsman" in m for m in messages)
    assert any(m.startswith("complaints_log_2024-25.xlsx, row 7, column “Date Responded”") for m in messages)
    assert not result.errors


def test_complaints_summary_is_kept_only_on_opt_in(settings):
    result = load("complaints_log_2024-25.xlsx", replace(settings, show_text=True))
    assert result.dataset.feedback["text"].iloc[0] == "Mother says she was not told about the review meeting."
    assert "Alex Morgan" not in "\n".join(cells(result))  # Staff Named is never read


def test_complaints_synonyms_and_uk_dates(settings):
    result = load("complaints_other_council.csv", settings)
    fb = result.dataset.feedback
    assert result.format == "complaints_log" and len(fb) == 5
    assert fb["received"].iloc[0].strftime("%Y-%m-%d") == "2024-12-02"
    assert fb["stage"].fillna(0).tolist() == [1, 1, 0, 2, 1]
    assert fb["source"].tolist() == ["parent_carer", "child", "parent_carer", "parent_carer", "partner"]
    assert fb["outcome"].tolist()[3:] == ["not_upheld", "partly_upheld"]
    assert fb["action_taken"].tolist() == [True, False, False, False, True]
    assert fb["closed_loop"].tolist() == [True, False, False, False, True]
    assert fb["team"].tolist()[:2] == ["Disabled Children", "Disabled Children"]
    assert result.warnings == ["complaints_other_council.csv, row 5, column “Date complaint received”: 1 date could not be read, "
                               "so it was left blank. Write dates as 2025-01-14 or 14/01/2025 (day first), and check the day exists."]  # fmt: skip


def test_a_log_without_record_types_counts_complaints_and_says_so(settings):
    data = b"Ref,Date Received,Stage,Complainant,Outcome\r\n1,03/03/2025,Stage 1,Parent,Upheld\r\n"
    result = load_file(data, "log.csv", settings, strict=True)
    assert result.format == "complaints_log"
    assert result.dataset.feedback["kind"].tolist() == ["complaint"]
    assert any("Record Type" in w for w in result.warnings)


def test_duplicate_headers_are_named(settings):
    data = b"Ref,Date Received,Date Received,Stage,Complainant Type,Outcome\r\n1,03/03/2025,04/03/2025,1,Parent,Upheld\r\n"
    result = load_file(data, "dupes.csv", settings, strict=True)
    assert result.dataset.feedback["received"].iloc[0].strftime("%d/%m") == "03/03"
    assert any(w.startswith("dupes.csv, row 1, column “Date Received”: More than one column") for w in result.warnings)


@pytest.mark.slow
def test_the_whole_folder_loads_into_one_feedback_table(settings):
    dataset, results = load_paths([FIXTURES], settings)
    assert [r.errors for r in results] == [[]] * 9
    # Forms 36, SurveyMonkey 21 and complaints 16 rows; the Forms download and its two re-saved CSV
    # copies (10 each, one under another name) and the SurveyMonkey csv and xlsx of one survey (8)
    # hold the same responses, which are kept once
    assert sum(len(r.dataset.feedback) for r in results) == 36 + 21 + 16
    assert len(dataset.feedback) == 36 + 21 + 16 - 10 - 10 - 8
    assert all(r.dataset.feedback["feedback_id"].is_unique for r in results)
    by_file = {r.file: r.dataset.feedback["feedback_id"].tolist() for r in results}
    assert by_file["Family feedback(1-10).xlsx"] == by_file["Family feedback(1-10).csv"]  # the same responses, re-saved
    assert by_file["Family feedback(1-10).xlsx"] == by_file["Family feedback utf8.csv"]  # whatever the copy is called
    text = "\n".join(str(v) for c in dataset.feedback.columns for v in dataset.feedback[c].dropna())
    assert not EMAIL.search(text) and not any(name in text for name in PEOPLE)


# --- Robustness ---------------------------------------------------------------------------------


def unrelated_workbook() -> bytes:
    book = Workbook()
    book.active.append(["Budget line", "2024-25", "2025-26"])
    book.active.append(["Printing", 1200, 900])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "phrase"),
    [
        ("responses.csv", b"", "The file is empty."),
        ("Form(1-3).xlsx", b"PK\x03\x04" + b"\x00" * 300, "cannot be opened"),
        ("budget.xlsx", unrelated_workbook(), "We do not recognise this file's layout."),
        ("log.csv", b"Ref,Date Received\r\n", "We do not recognise this file's layout."),
    ],
)
def test_malformed_input_gives_one_issue_naming_the_file(settings, name, data, phrase):
    result = load_file(data, name, settings, strict=True)
    assert not result.usable
    assert len(result.errors) == 1 and result.errors[0].startswith(f"{name}: ") and phrase in result.errors[0]


def test_a_log_with_headers_and_no_rows_is_read_and_says_so(settings):
    result = load_file(b"Ref,Date Received,Stage,Complainant Type,Outcome\r\n", "log.csv", settings, strict=True)
    assert result.format == "complaints_log" and result.errors == [
        "log.csv: No usable rows were found. Check the export covers the period you want."
    ]


def test_a_log_with_a_type_column_and_no_rows_is_read_and_says_so(settings):
    """The Type column decides which rows are complaints; with no rows there is nothing to decide."""
    result = load_file(b"Ref,Type,Complaint Stage,Date complaint received,Response Date", "log.csv", settings, strict=True)
    assert result.format == "complaints_log" and result.errors == [
        "log.csv: No usable rows were found. Check the export covers the period you want."
    ]


def mutate(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, insert in cuts:
        at = position % (len(out) + 1)
        out[at : at + len(insert)] = insert
    return bytes(out)


@pytest.mark.slow
@hyp_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [
            *FORMS_FILES,
            "surveymonkey_expanded.csv",
            "surveymonkey_expanded.xlsx",
            "complaints_log_2024-25.xlsx",
            "complaints_other_council.csv",
        ]
    ),
    st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=8)), min_size=1, max_size=4),
)
def test_mutated_fixtures_only_ever_give_issues(name, cuts):
    data = mutate((FIXTURES / name).read_bytes(), cuts)
    with patch.object(ingest, "FORMATS", MINE):
        result = load_file(data, name, Settings(salt="s"), strict=True)
    assert result.usable or all(e.startswith(name) for e in result.errors)


@hyp_settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.xlsx"]))
def test_arbitrary_bytes_only_ever_give_issues(data, name):
    with patch.object(ingest, "FORMATS", MINE):
        result = load_file(data, name, Settings(salt="s"), strict=True)
    assert result.usable or result.errors


# --- the same responses in any copy of the export ------------------------------------------------


def test_a_forms_second_download_holds_the_same_responses_and_another_form_other_ones(settings):
    data = (FIXTURES / "Family feedback(1-10).xlsx").read_bytes()
    ids = load_file(data, "Family feedback(1-10).xlsx", settings, strict=True).dataset.feedback["feedback_id"]
    copy = load_file(data, "Family feedback(1-10) (1).xlsx", settings, strict=True).dataset.feedback["feedback_id"]
    other = load("Staff wellbeing check(1-6).csv", settings).dataset.feedback["feedback_id"]  # its responses are numbered from 1 too
    assert ids.tolist() == copy.tolist()
    assert not set(ids) & set(other)


def test_a_log_without_references_is_known_by_what_it_says(settings):
    rows = (
        b"Date complaint received,Complaint Stage,Who complained,Finding,Type\r\n",
        b"02/12/2024,1,Mother,Upheld,Complaint\r\n",
        b"02/12/2024,1,Mother,Upheld,Complaint\r\n",
        b"05/12/2024,1,Young person,Not upheld,Complaint\r\n",
    )
    ids = load_file(b"".join(rows), "log.csv", settings, strict=True).dataset.feedback["feedback_id"]
    moved = load_file(b"".join(rows[i] for i in (0, 3, 1, 2)), "log (1).csv", settings, strict=True).dataset.feedback["feedback_id"]
    assert ids.is_unique and sorted(ids) == sorted(moved)  # two identical rows are two complaints, in any order and any copy
