"""The column-mapping step: suggestions, saved mappings with globs, and reading a file through one."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from diagnostic.cli import main
from diagnostic.dataset import SCHEMAS
from diagnostic.errors import InputError
from diagnostic.ingest import load_bytes, load_file
from diagnostic.ingest.fields import table_names
from diagnostic.ingest.guess import NO_TABLE, by_name, examples, guess_table, prefill, sample
from diagnostic.ingest.mapping import MappingFile, mapped_format, read_mapping_file, validate_mapping
from tests.fixture_builders.teams_reports import RENAMED, report

LOG = b"Ref,Date logged,Who,Result,Notes\r\nA1,03/02/2025,Parent,Upheld,x\r\nA2,13/02/2025,Child,No finding,y\r\n"
LOG_MAPPING = {
    "table": "feedback",
    "columns": {"Ref": "feedback_id", "Date logged": "received", "Who": "source", "Result": "outcome"},
    "dayfirst": True,
}


def test_suggestions_use_names_synonyms_and_near_spellings():
    got = by_name(["Ref", "Date logged", "Complainant", "Stage", "Outcome", "Team name", "Categry", "Notes"], "feedback")
    assert got["feedback_id"] == "Ref"
    assert got["received"] == "Date logged"
    assert got["source"] == "Complainant"
    assert got["stage"] == "Stage" and got["outcome"] == "Outcome" and got["team"] == "Team name"
    assert got["theme"] == "Categry"  # one letter from "Category"
    assert got["responded"] is None and got["text"] is None
    assert list(got) == list(SCHEMAS["feedback"])


def test_each_header_is_suggested_once():
    got = by_name(["Email", "Name", "Team", "Job title", "Line manager"], "people")
    assert got == {
        "person_id": "Email",
        "display_name": "Name",
        "team": "Team",
        "role": "Job title",
        "is_manager": None,
        "manager_id": "Line manager",
        "is_practitioner": None,
        "organisation": None,
    }
    assert by_name(["When", "Thing"], "messages") == dict.fromkeys(
        ("sent_at", "sender_id", "recipient_id", "recipient_type", "n_recipients", "message_id")
    )


def test_a_mapped_file_reads_like_the_template(settings):
    result = load_file(LOG, "log.csv", settings, mapping=LOG_MAPPING, strict=True)
    fb = result.dataset.feedback
    assert (result.format, result.kind, result.format_label) == ("mapped_feedback", "feedback", "Your column mapping: feedback")
    assert fb["received"].dt.strftime("%Y-%m-%d").tolist() == ["2025-02-03", "2025-02-13"]
    assert fb["source"].tolist() == ["parent_carer", "child"] and fb["outcome"].tolist() == ["upheld", "not_upheld"]
    assert result.warnings == ["log.csv: These columns are not part of the feedback template and were not read: Notes."]


def test_dayfirst_false_reads_us_dates(settings):
    data = b"When,Sender,Recipient\r\n03/02/2025 09:00,a@x.example,b@x.example\r\n"
    mapping = {"table": "messages", "columns": {"When": "sent_at", "Sender": "sender_id", "Recipient": "recipient_id"}, "dayfirst": False}
    messages = load_file(data, "trace.csv", settings, mapping=mapping, strict=True).dataset.messages
    assert messages["sent_at"].iloc[0].strftime("%Y-%m-%d") == "2025-03-02"


def test_issues_name_the_users_own_headers(settings):
    data = b"Ref,Date logged,Who\r\nA1,31/02/2025,Parent\r\n"
    result = load_file(data, "log.csv", settings, mapping=LOG_MAPPING, strict=True)
    assert any(w.startswith("log.csv, row 2, column “Date logged”: 1 date could not be read") for w in result.warnings)
    assert (
        "log.csv, row 1: The column “Result” in your column mapping is not in this file, so outcome was not read. Check the mapping."
        in result.warnings
    )


def test_a_mapping_missing_a_required_column_gives_one_clear_error(settings):
    mapping = {"table": "meetings", "columns": {"Ref": "meeting_id"}}
    result = load_file(b"Ref,Begins\r\n1,2025-03-03 10:00\r\n", "m.csv", settings, mapping=mapping, strict=True)
    assert result.errors == [
        "m.csv: the column mapping does not say which column holds “Start” (start) and “End” (end), which are needed for meetings. "
        "Choose them in the column-mapping step, or add them to the mapping file."
    ]
    result = load_file(b"Ref,Start\r\n1,2025-03-03 10:00\r\n", "m.csv", settings, mapping=mapping, strict=True)
    assert result.errors == [
        "m.csv: the column mapping does not say which column holds “End” (end), which is needed for meetings. "
        "Choose it in the column-mapping step, or add it to the mapping file."
    ]


@pytest.mark.parametrize(
    ("mapping", "phrase"),
    [
        ({"table": "shoes", "columns": {}}, "“table” must be one of"),
        ({"table": "feedback", "columns": {"A": "colour"}}, "colour is not a column of the feedback template"),
        ({"table": "people", "columns": {"A": "feedback_id"}}, "feedback_id is not a column of the staff list template"),
        ({"table": "feedback", "columns": {"A": "received", "B": "received"}}, "mapped to received"),
        ({"table": "feedback", "columns": {"A": "received"}, "dayfirst": "yes"}, "“dayfirst” must be"),
        (["not", "an", "object"], "must be an object"),
    ],
)
def test_invalid_mappings_are_refused_in_one_sentence(mapping, phrase):
    with pytest.raises(InputError, match=phrase):
        mapped_format(mapping)


def test_an_invalid_mapping_given_to_load_file_is_an_issue_not_a_crash(settings):
    result = load_file(LOG, "log.csv", settings, mapping={"table": "shoes"})
    assert result.errors and result.errors[0].startswith("log.csv")


def test_saved_mappings_match_names_globs_and_archive_members(tmp_path):
    path = tmp_path / "mappings.json"
    path.write_text(
        json.dumps({"complaints_*.csv": LOG_MAPPING, "exact.csv": {"table": "people", "columns": {"E": "person_id"}}}), encoding="utf-8"
    )
    mappings = read_mapping_file(path)
    assert isinstance(mappings, MappingFile)
    assert mappings.get("exact.csv")["table"] == "people"
    assert mappings.get("complaints_2025.csv")["table"] == "feedback"
    assert mappings.get("exports.zip/complaints_march.csv")["table"] == "feedback"
    assert mappings.get("other.csv") is None
    assert mappings["complaints_*.csv"] == validate_mapping(LOG_MAPPING)


def test_load_bytes_uses_saved_mappings_for_zipped_files(tmp_path, settings):
    path = tmp_path / "mappings.json"
    path.write_text(json.dumps({"complaints_*.csv": LOG_MAPPING}), encoding="utf-8")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("complaints_march.csv", LOG)
    dataset, results = load_bytes([("exports.zip", archive.getvalue())], settings, read_mapping_file(path))
    assert [r.format for r in results] == ["mapped_feedback"]
    assert len(dataset.feedback) == 2


@pytest.mark.parametrize(
    ("content", "phrase"),
    [("{not json", "not valid JSON"), ("[1, 2]", "must be an object"), ('{"x.csv": {"table": "nope"}}', "mapping for “x.csv”")],
)
def test_broken_mapping_files_say_what_is_wrong(tmp_path, content, phrase):
    path = tmp_path / "mappings.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=phrase):
        read_mapping_file(path)


def test_a_missing_mapping_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_mapping_file(tmp_path / "absent.json")


# ---------------------------------------------------------------------------------------------
# Guessing the header row, the table and the columns; reading an attendance report.

SESSIONS = (
    b"Who,In,Out,Length\r\n"
    b"ann.lee@northbridge.gov.uk,14/01/2025 10:00,14/01/2025 10:40,40\r\n"
    b"sam.okafor@northbridge.gov.uk,14/01/2025 10:05,14/01/2025 11:00,55\r\n"
    b"ann.lee@northbridge.gov.uk,14/01/2025 10:45,14/01/2025 11:00,15\r\n"
)


def test_the_header_is_found_below_a_summary_block():
    found = sample("report.csv", report(1, RENAMED))
    assert found.header_row == 10
    assert found.headers == RENAMED
    assert len(found.frame) == 3  # the participants only: the activities section below is another table
    assert list(found.frame.index) == [11, 12, 13]  # the rows as the user sees them


@pytest.mark.parametrize(
    ("data", "table"),
    [
        (report(1, RENAMED), "attendance"),  # "First seen" / "Last seen": join and leave times
        (SESSIONS, "attendance"),  # no telling headers, but two times on one day, the second after the first
        ("Nom,Heure d'arrivée,Heure de départ\r\nAnn Lee,x,y\r\n".encode(), "attendance"),  # accents ignored
        (b"Case,Date received,Date responded,Outcome\r\n1,03/02/2025,10/02/2025,Upheld\r\n", "feedback"),
        (b"Email,Team,Job title\r\nann@x.example,North,Social Worker\r\n", "people"),
        (b"Item,Price,Quantity\r\nPencils,1.20,40\r\nPaper,4.99,10\r\n", None),
    ],
)
def test_the_table_is_guessed_from_the_columns_or_none_is_said(data, table):
    got = guess_table(sample("file.csv", data))
    assert got.table == table
    if table is None:
        assert got.why == NO_TABLE


def test_columns_are_prefilled_by_their_values_when_their_names_say_nothing():
    assert prefill("people", sample("p.csv", b"Staff,Boss\r\nann@x.example,sam@x.example\r\n"))["person_id"] == "Staff"
    prices = sample("p.csv", b"Item,Price,Ordered\r\nPencils,1.20,14/01/2025\r\n")
    assert prefill("attendance", prices) == dict.fromkeys(
        ("person_id", "meeting_id", "role", "attended", "minutes", "joined_at", "left_at")
    )
    assert prefill("attendance", sample("s.csv", SESSIONS)) == {
        "person_id": "Who",
        "meeting_id": None,  # made up: one meeting per file
        "role": None,
        "attended": None,
        "minutes": None,  # a bare number could be anything: only its name would say so
        "joined_at": "In",
        "left_at": "Out",
    }


def test_examples_describe_people_and_show_other_values():
    got = examples(sample("report.csv", report(1, RENAMED)))
    assert got["Email"] == "an email address" and got["Participant"] == "a person's name"
    assert got["Time in call"] == "50m 0s" and got["Role"] == "Organizer"


SESSION_MAPPING = {"table": "attendance", "columns": {"Who": "person_id", "In": "joined_at", "Out": "left_at"}, "dayfirst": True}


def test_an_attendance_file_is_one_meeting_from_its_join_and_leave_times(settings):
    result = load_file(SESSIONS, "s.csv", settings, mapping=SESSION_MAPPING, strict=True)
    meetings, attendance = result.dataset.meetings, result.dataset.attendance
    assert len(meetings) == 1
    assert meetings["start"].iloc[0].strftime("%H:%M") == "10:00" and meetings["end"].iloc[0].strftime("%H:%M") == "11:00"
    assert meetings["invitees"].iloc[0] == 2
    assert set(attendance["meeting_id"]) == set(meetings["meeting_id"])
    assert sorted(attendance["minutes"].tolist()) == [40 + 15, 55]  # Ann's two sessions added up, from the times
    assert attendance["attended"].all()
    assert any("taken to be one meeting" in w for w in result.warnings)


def test_the_made_up_meeting_is_the_same_for_the_same_rows_in_any_order_and_differs_between_files(settings):
    first = load_file(SESSIONS, "s.csv", settings, mapping=SESSION_MAPPING).dataset.meetings["meeting_id"].iloc[0]
    again = load_file(SESSIONS, "renamed.csv", settings, mapping=SESSION_MAPPING).dataset.meetings["meeting_id"].iloc[0]
    lines = SESSIONS.split(b"\r\n")
    shuffled = b"\r\n".join([lines[0], lines[3], lines[1], lines[2], *lines[4:]])
    assert load_file(shuffled, "s.csv", settings, mapping=SESSION_MAPPING).dataset.meetings["meeting_id"].iloc[0] == first
    other = SESSIONS.replace(b"10:00,", b"10:01,")
    different = load_file(other, "s.csv", settings, mapping=SESSION_MAPPING).dataset.meetings["meeting_id"].iloc[0]
    assert first == again != different
    dataset, _ = load_bytes([("s.csv", SESSIONS), ("s.csv", SESSIONS)], settings, {"s.csv": SESSION_MAPPING, "s (2).csv": SESSION_MAPPING})
    assert len(dataset.meetings) == 1 and len(dataset.attendance) == 2  # loaded twice, counted once


def test_a_duration_column_gives_the_minutes(settings):
    mapping = {"table": "attendance", "columns": {"Email": "person_id", "Time in call": "minutes", "Role": "role"}, "dayfirst": None}
    attendance = load_file(report(1, RENAMED), "r.csv", settings, mapping=mapping, strict=True).dataset.attendance
    assert attendance["minutes"].tolist() == [50.0, 50.0, 50.0]
    assert sorted(attendance["role"].tolist()) == ["attendee", "attendee", "organiser"]


def test_the_mapping_the_app_offers_loads_from_the_command_line(tmp_path, capsys):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "meetingAttendanceReport.csv").write_bytes(report(1, RENAMED))
    saved = {
        "meetingAttendanceReport.csv": {
            "table": "attendance",
            "columns": {"Email": "person_id", "Time in call": "minutes", "First seen": "joined_at", "Last seen": "left_at"},
            "dayfirst": None,
        }
    }
    (tmp_path / "mapping.json").write_text(json.dumps(saved), encoding="utf-8")
    assert main(["inspect", str(tmp_path / "exports"), "--mapping", str(tmp_path / "mapping.json"), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)[0]
    assert record["format"] == "mapped_attendance" and record["tables"]["attendance"] == 3 and record["tables"]["meetings"] == 1


@settings_hypothesis(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab1,;\t\r\n:/@ "x'), max_size=300))
def test_guessing_any_text_never_raises_anything_but_a_plain_input_error(text):
    try:
        found = sample("any.csv", text.encode())
    except InputError as exc:
        assert "Error" not in str(exc)
        return
    guess_table(found)
    for table in table_names():
        prefill(table, found)
    examples(found)


EXCEPTION_NAME = re.compile(r"\b\w*(Error|Exception)\b|BadZipFile|KeyError")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 64),  # a spreadsheet cut short: not a zip at all
        ("calendar.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:not a date\r\nEND:VCALENDAR\r\n"),
        ("exports.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\xff" * 40),
    ],
)
def test_no_message_names_an_exception(settings, name, data):
    _, results = load_bytes([(name, data)], settings)
    messages = [str(i) for r in results for i in r.issues]
    assert messages and not any(EXCEPTION_NAME.search(m) for m in messages), messages
