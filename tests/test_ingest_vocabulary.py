"""The shared words: header synonyms and cell vocabularies used by every local-layout loader."""

from __future__ import annotations

import pandas as pd
import pytest

from diagnostic.ingest import vocabulary as vocab
from diagnostic.schema import vocabularies


def test_headers_match_exactly_first_then_inside_longer_headers():
    found = vocab.match_columns(
        ["Date", "Date complaint received (dd/mm/yyyy)", "Stage"],
        {"received": ("Date complaint received", "Date"), "responded": ("Date",), "stage": ("Stage",)},
    )
    assert found == {"received": "Date complaint received (dd/mm/yyyy)", "responded": "Date", "stage": "Stage"}


def test_short_synonyms_never_match_inside_other_headers():
    assert vocab.match_columns(["Date Acknowledged"], {"received": ("Date",)}) == {}


def test_repeated_headers_are_found():
    assert vocab.duplicate_headers(["Team", "Team.1", "Stage", "Version 2.1"]) == ["Team"]


@pytest.mark.parametrize(
    ("rules", "cases"),
    [
        (vocabularies.GRADE, {"Outstanding": 4, "Good": 3, "Requires improvement to be good": 2, "RI": 2, "Inadequate": 1, "4": 4, "1": 1}),
        (
            vocabularies.STAGE,
            {"Stage 1": 1, "1": 1, "Stage one": 1, "St 1": 1, "Stage 2": 2, "iii": 3, "LGSCO": vocabularies.STAGE_OMBUDSMAN},
        ),
        (
            vocabularies.OUTCOME,
            {
                "Upheld": "upheld",
                "Partly upheld": "partly_upheld",
                "Partially upheld": "partly_upheld",
                "Not upheld": "not_upheld",
                "No finding": "not_upheld",
            },
        ),
        (
            vocabularies.SOURCE,
            {
                "Child/young person": "child",
                "Advocate on behalf of child": "child",
                "Parent": "parent_carer",
                "Foster carer": "parent_carer",
                "Family member": "parent_carer",
                "Staff": "staff",
                "Family support worker": "staff",
                "Professional": "partner",
                "School": "partner",
                "MP": "other",
            },
        ),
        (vocabularies.KIND, {"Complaint": "complaint", "Compliment": "compliment", "Comment": "comment", "MP enquiry": "other"}),
        (
            vocabularies.FOCUS,
            {
                "Dip sample": "compliance",
                "Compliance": "compliance",
                "Thematic": "practice",
                "Collaborative": "practice",
                "Reflective": "practice",
            },
        ),
        (vocabularies.BOOLEAN, {"Y": True, "Yes": True, "N": False, "No": False, "Partly": None}),
        (vocabularies.LIKERT, {"Strongly disagree": 1, "Disagree": 2, "Neither agree nor disagree": 3, "Agree": 4, "Strongly agree": 5}),
    ],
)
def test_vocabularies(rules, cases):
    assert {word: vocab.lookup(word, rules) for word in cases} == cases


def test_unknown_words_are_reported_by_position():
    values, bad = vocab.translate(pd.Series(["Good", None, "Excellent", "RI"], dtype="string"), vocabularies.GRADE, "Int64")
    assert values.fillna(0).tolist() == [3, 0, 0, 2]
    assert bad == [2]


def test_numbers_from_text():
    values, bad = vocab.translate(pd.Series(["3", "1,204", "80%", "three", ""], dtype="string"), vocab.number, "Float64")
    assert values.fillna(-1).tolist() == [3.0, 1204.0, 0.8, -1, -1]
    assert bad == [3]


@pytest.mark.parametrize(
    ("title", "practitioner", "manager"),
    [
        ("Social Worker", True, False),
        ("Senior Practitioner", True, False),
        ("Personal Adviser", True, False),
        ("Social Work Team Manager", False, True),
        ("Head of Service", False, True),
        ("Business Support Officer", False, False),
        ("Independent Reviewing Officer", None, False),
    ],
)
def test_job_titles(title, practitioner, manager):
    assert vocab.role_is_practitioner(title) is practitioner
    assert vocab.role_is_manager(title) is manager


def test_filled_text_and_counts_in_plain_english():
    assert [vocab.filled(v) for v in ("Letter sent", "None", "n/a", "", None)] == [True, False, False, None, None]
    assert (vocab.counted(1, "date"), vocab.counted(1204, "row"), vocab.counted(2, "person", "people")) == (
        "1 date",
        "1,204 rows",
        "2 people",
    )
    assert (vocab.agree(1, "is", "are"), vocab.agree(3, "is", "are")) == ("is", "are")
