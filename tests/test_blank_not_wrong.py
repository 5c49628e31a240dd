"""Blank is not wrong: fields that do not apply are left blank silently, and advice only names values the reader reads."""

from __future__ import annotations

import csv
import io
import re

import pytest

from diagnostic.ingest import load_file
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.formats import audits
from diagnostic.schema import SPEC, vocabularies


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


LOG_HEADER = ["Reference", "Record Type", "Stage", "Date Received", "Date Responded", "Complainant Type", "Outcome"]
LOG_ROWS = [
    ["C-1", "Complaint", "Stage 1", "06/01/2025", "15/01/2025", "Parent", "Upheld"],
    ["C-2", "Compliment", "", "07/01/2025", "", "Foster carer", ""],
    ["C-3", "Compliment", "N/A", "08/01/2025", "", "Parent", "N/A"],
    ["C-4", "Compliment", "Compliment", "09/01/2025", "", "Young person", "Thanks passed to the team"],
    ["C-5", "MP enquiry", "MP enquiry", "10/01/2025", "20/01/2025", "Member of the public", "Information provided"],
    ["C-6", "Member enquiry", "Not applicable", "13/01/2025", "21/01/2025", "Councillor", "Answered"],
    ["C-7", "Complaint", "Stage 2", "14/01/2025", "", "Parent", ""],
]


def test_compliments_and_enquiries_with_no_stage_or_outcome_give_no_warning(settings):
    result = load_file(_csv(LOG_HEADER, LOG_ROWS), "complaints_log.csv", settings)
    assert result.format == "complaints_log"
    assert result.warnings == []
    feedback = result.dataset.feedback.sort_values("received")
    assert feedback["stage"].tolist()[0] == 1 and feedback["stage"].tolist()[-1] == 2
    assert feedback["stage"].iloc[1:-1].isna().all() and feedback["outcome"].iloc[1:-1].isna().all()
    assert len(feedback) == len(LOG_ROWS)


def test_a_complaint_with_a_stage_that_cannot_be_read_is_still_reported(settings):
    rows = [*LOG_ROWS, ["C-8", "Complaint", "Compliment", "15/01/2025", "", "Parent", ""]]
    result = load_file(_csv(LOG_HEADER, rows), "complaints_log.csv", settings)
    assert len(result.warnings) == 1 and "Stage" in result.warnings[0] and "row 9" in result.warnings[0]


AUDIT_HEADER = [
    "Audit ID",
    "Audit Date",
    "Team",
    "Practitioner",
    "Auditor",
    "Audit Type",
    "Overall grade",
    "Actions set",
    "Actions completed",
]
AUDIT_ROWS = [
    [
        "A-1",
        "06/01/2025",
        "Assessment",
        "p1@northbridge.gov.uk",
        "a1@northbridge.gov.uk",
        "Single agency case file audit",
        "Good",
        "2",
        "1",
    ],
    [
        "A-2",
        "07/01/2025",
        "Assessment",
        "p2@northbridge.gov.uk",
        "a1@northbridge.gov.uk",
        "Thematic audit (neglect)",
        "Requires improvement",
        "0",
        "N/A",
    ],
    ["A-3", "08/01/2025", "Assessment", "p3@northbridge.gov.uk", "a1@northbridge.gov.uk", "Multi-agency audit", "Good", "0", "None set"],
    ["A-4", "09/01/2025", "Assessment", "p4@northbridge.gov.uk", "a1@northbridge.gov.uk", "Dip sample", "Inadequate", "3", "3"],
]


def test_audit_types_real_trackers_use_are_read_and_actions_that_do_not_apply_are_blank(settings):
    result = load_file(_csv(AUDIT_HEADER, AUDIT_ROWS), "audit_tracker.csv", settings)
    assert result.format == "case_audit"
    assert result.warnings == []
    rows = result.dataset.audits.sort_values("date")
    assert rows["focus"].tolist() == ["practice", "practice", "practice", "compliance"]
    assert rows["actions_done"].tolist()[0] == 1 and rows["actions_done"].iloc[1:3].isna().all()


def test_actions_completed_that_cannot_be_read_are_reported_where_actions_were_set(settings):
    rows = [
        *AUDIT_ROWS,
        ["A-5", "10/01/2025", "Assessment", "p5@northbridge.gov.uk", "a1@northbridge.gov.uk", "Dip sample", "Good", "2", "some"],
    ]
    result = load_file(_csv(AUDIT_HEADER, rows), "audit_tracker.csv", settings)
    assert len(result.warnings) == 1 and "Actions completed" in result.warnings[0]


def _recommended(expect: str) -> list[str]:
    """The values an advice text names: "Write A, B or C." -> [A, B, C] (a range "4 to 1" gives both ends)."""
    text = re.match(r"Write (.*?)(?:\.|\(|, or )", expect + ".").group(1)
    values = [v.strip() for v in re.split(r",\s*|\s+or\s+", text) if v.strip()]
    return [end for v in values for end in (v.split(" to ") if re.fullmatch(r"\d+ to \d+", v) else [v])]


VOCABULARY_COLUMNS = [(t, c) for t, table in SPEC.items() for c in table.columns if c.vocabulary is not None and c.expect]


@pytest.mark.parametrize(("table", "column"), VOCABULARY_COLUMNS, ids=[f"{t}.{c.name}" for t, c in VOCABULARY_COLUMNS])
def test_every_value_an_advice_recommends_is_read(table, column):
    values = _recommended(column.expect)
    assert values, f"{table}.{column.name}: no value found in {column.expect!r}"
    for value in [*values, *(e for e in column.examples if e)]:
        assert vocab.lookup(value, column.vocabulary) not in (vocab.UNKNOWN, None), f"{table}.{column.name} advises {value!r}"


def test_the_audit_type_advice_names_values_the_focus_vocabulary_reads():
    for value in audits.FOCUS_EXAMPLES:
        assert vocab.lookup(value, vocabularies.FOCUS) in ("practice", "compliance")
