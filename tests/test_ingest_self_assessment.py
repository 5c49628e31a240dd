"""Self-assessment sheets: one person's answers or a room's votes; "don't know" is never 3."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from unittest.mock import patch

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

import diagnostic.ingest as ingest
from diagnostic.ingest import load_file
from diagnostic.ingest.formats import self_assessment
from diagnostic.self_assessment import STATEMENTS, score_responses, write_template
from diagnostic.settings import Settings

N = len(STATEMENTS)
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def sheet(tmp_path) -> list[list[str]]:
    """The blank template as rows (header first), as the CLI writes it."""
    path = write_template(tmp_path / "sheet.csv")
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def as_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def column(rows, name):
    return rows[0].index(name)


def test_one_persons_answers(settings, sheet):
    r = column(sheet, "response")
    sheet[1][r], sheet[2][r], sheet[3][r], sheet[4][r] = "4", "don't know", "Strongly agree", "2 - disagree"
    for row in sheet[1:]:
        row[column(sheet, "respondent_group")] = "Practitioners"
    result = load_file(as_bytes(sheet), "mine.csv", settings, strict=True)
    responses = result.dataset.responses
    assert (result.kind, result.format, result.format_label) == (
        "self_assessment",
        "self_assessment_responses",
        "Self-assessment responses",
    )
    assert result.rows == N and len(responses) == N  # blanks count as don't know once anything is answered
    assert responses["response"].fillna(0).tolist()[:4] == [4, 0, 5, 2]
    assert int(responses["response"].isna().sum()) == N - 3
    assert set(responses["respondent_group"]) == {"practitioner"}
    assert set(responses["count"]) == {1}
    assert not result.issues


def test_dont_know_is_never_scored_as_three(settings, sheet):
    r = column(sheet, "response")
    ids = [row[0] for row in sheet[1:]]
    first_theme = [i for i, s in zip(ids, STATEMENTS) if s.theme == STATEMENTS[0].theme]
    for row in sheet[1:]:
        row[r] = "5" if row[0] in first_theme[:2] else "don't know"
    responses = load_file(as_bytes(sheet), "mine.csv", settings, strict=True).dataset.responses
    scores = score_responses(responses, min_group_size=1).set_index("theme")
    assert scores.loc[STATEMENTS[0].theme, "mean"] == 5.0


def test_a_rooms_votes_become_tallies(settings, sheet):
    votes = [column(sheet, f"votes_{i}") for i in range(1, 6)] + [column(sheet, "votes_dont_know")]
    for row in sheet[1:]:
        for c, v in zip(votes, ["1", "2", "0", "3", "", "1"]):
            row[c] = v
    result = load_file(as_bytes(sheet), "room.csv", settings, strict=True)
    responses = result.dataset.responses
    assert len(responses) == N * 4  # answers 1, 2, 4 and don't know have votes
    first = responses[responses["statement_id"] == STATEMENTS[0].id].sort_values("response", na_position="last")
    assert first["response"].fillna(0).tolist() == [1, 2, 4, 0]
    assert first["count"].tolist() == [1, 2, 3, 1]
    assert set(responses["respondent_group"]) == {"room"}


def test_an_untouched_template_has_no_answers_and_says_so(settings, sheet):
    result = load_file(as_bytes(sheet), "blank.csv", settings, strict=True)
    assert not result.usable
    assert (
        result.warnings[0]
        == "blank.csv: The sheet has no answers yet. Fill in the “response” column (1 to 5) or the votes columns, then load it again."
    )


def test_unknown_statements_and_bad_answers_are_named_by_row(settings, sheet):
    r = column(sheet, "response")
    sheet[1][r] = "7"
    sheet[2][r] = "3"
    sheet.append(["sa_made_up", "Theme", "Statement", "4"] + [""] * (len(sheet[0]) - 4))
    result = load_file(as_bytes(sheet), "mine.csv", settings, strict=True)
    assert len(result.dataset.responses) == N - 1
    assert result.warnings == [
        f"mine.csv, row {N + 2}, column “statement_id”: 1 row names a statement we do not know, so it was left out. "
        "Use the statement ids from a fresh template (python -m diagnostic self-assessment --template).",
        "mine.csv, row 2, column “response”: 1 answer is not 1 to 5 or “don't know”, so it was left out. "
        "Write a number from 1 (strongly disagree) to 5 (strongly agree), or leave the cell empty for don't know.",
    ]


def test_an_unknown_group_counts_for_everyone(settings, sheet):
    sheet[1][column(sheet, "response")] = "4"
    sheet[1][column(sheet, "respondent_group")] = "Visitors"
    result = load_file(as_bytes(sheet), "mine.csv", settings, strict=True)
    assert result.dataset.responses["respondent_group"].iloc[0] == "all"
    assert result.warnings[0].startswith("mine.csv, row 2, column “respondent_group”: The respondent group in 1 row is not one we know")


def test_only_sheets_with_statement_ids_are_detected():
    assert self_assessment.detect(ingest.RawFile("x.csv", b"statement_id,response\r\nsa_hr_1,4\r\n")) == self_assessment.SURE
    assert self_assessment.detect(ingest.RawFile("x.csv", b"id,response\r\n1,4\r\n")) == 0.0


@pytest.mark.slow
@hyp_settings(max_examples=20, deadline=None)
@given(st.integers(0, 4000), st.binary(min_size=1, max_size=10), st.sampled_from(["4", "don't know", "x", ""]))
def test_mutated_sheets_only_ever_give_issues(tmp_path_factory, at, insert, answer):
    path = write_template(tmp_path_factory.mktemp("sa") / "sheet.csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    rows[1][3] = answer
    data = bytearray(as_bytes(rows))
    data[at % len(data) : at % len(data) + len(insert)] = insert
    with patch.object(ingest, "FORMATS", self_assessment.FORMATS):
        result = load_file(bytes(data), "sheet.csv", Settings(salt="s"), strict=True)
    assert result.usable or all(e.startswith("sheet.csv") for e in result.errors)


# ---- the statements asked as a survey ------------------------------------------------------------

SURVEYS = FIXTURES / "self_assessment"
FORMS = SURVEYS / "Relational self-assessment(1-8).xlsx"
MONKEY = SURVEYS / "self_assessment_surveymonkey.csv"


@pytest.mark.slow
@pytest.mark.parametrize(
    "path, fmt, respondents",
    [(FORMS, "ms_forms_self_assessment", 8), (MONKEY, "surveymonkey_self_assessment", 6)],
    ids=["forms", "surveymonkey"],
)
def test_a_survey_of_the_statements_is_a_self_assessment_not_feedback(settings, path, fmt, respondents):
    result = load_file(path.read_bytes(), path.name, settings, strict=True)
    assert (result.kind, result.format) == ("self_assessment", fmt)
    assert not result.dataset.has("feedback") and not result.errors
    responses = result.dataset.responses
    assert len(responses) == respondents * N  # one answer (or don't know) per respondent per statement
    assert set(responses["statement_id"]) == {s.id for s in STATEMENTS}
    scored = score_responses(responses, settings.min_group_size)
    assert int(scored["respondents"].max()) == respondents
    assert scored.loc[scored["respondent_group"] == "all", "score"].notna().all()


def test_the_role_question_gives_the_group_and_dont_know_is_missing(settings):
    responses = load_file(FORMS.read_bytes(), FORMS.name, settings, strict=True).dataset.responses
    per_group = responses.groupby("respondent_group")["count"].sum() // N
    assert per_group.to_dict() == {"leader": 1, "manager": 2, "practitioner": 5}
    fourth = responses[responses["statement_id"] == STATEMENTS[3].id]
    assert fourth["response"].isna().sum() == 3  # "Don't know" from respondents 1, 4 and 7


def test_a_survey_asking_some_statements_says_how_many(settings):
    data = FORMS.read_bytes()
    frame = pd.read_excel(io.BytesIO(data), engine="openpyxl")
    part = frame.drop(columns=[s.statement for s in STATEMENTS[5:]])
    buffer = io.BytesIO()
    part.to_excel(buffer, index=False)
    result = load_file(buffer.getvalue(), "Quick check(1-8).xlsx", settings, strict=True)
    assert result.format == "ms_forms_self_assessment"
    assert any(f"asks 5 of the {N} self-assessment statements" in str(i) for i in result.issues)
    assert set(result.dataset.responses["statement_id"]) == {s.id for s in STATEMENTS[:5]}


def test_a_survey_about_something_else_stays_feedback(settings):
    path = FIXTURES / "feedback" / "Family feedback(1-10).xlsx"
    assert load_file(path.read_bytes(), path.name, settings, strict=True).format == "ms_forms"


@pytest.mark.slow
def test_an_unknown_role_in_a_survey_says_how_to_word_the_options(settings):
    frame = pd.read_excel(io.BytesIO(FORMS.read_bytes()), engine="openpyxl")
    frame.loc[0, "What is your role?"] = "Business support"
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    result = load_file(buffer.getvalue(), FORMS.name, settings, strict=True)
    warning = next(str(i) for i in result.issues if "respondent group" in str(i))
    assert "role question's options" in warning and "What is your role?" in warning and "row 2" in warning
