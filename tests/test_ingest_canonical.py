"""Our CSV templates: every one round-trips, identities are pseudonymised, bad cells are named by row."""

from __future__ import annotations

import re
from dataclasses import replace
from unittest.mock import patch

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

import diagnostic.ingest as ingest
from diagnostic.dataset import SCHEMAS
from diagnostic.ingest import load_bytes, load_file
from diagnostic.ingest.combine import canonical_order, combine
from diagnostic.ingest.formats import canonical
from diagnostic.ingest.formats.canonical import KIND_BY_TABLE, TEMPLATE_COLUMNS, template_table
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.templates import TEMPLATE_HELP, template_csv
from diagnostic.privacy import pseudonym
from diagnostic.settings import Settings

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
EXPECTED_PEOPLE = {"people": 3, "meetings": 2, "attendance": 2, "messages": 3, "volumes": 2, "ties": 3, "audits": 3, "feedback": 0}


@pytest.mark.slow
@pytest.mark.parametrize("table", TEMPLATE_COLUMNS)
def test_every_template_reads_back_as_its_own_table(settings, table):
    result = load_file(template_csv(table), f"{table}_template.csv", settings, strict=True)
    assert (result.format, result.kind, result.format_label) == (
        f"canonical_{table}",
        KIND_BY_TABLE[table],
        f"Template: {canonical.TABLE_LABELS[table]}",
    )
    assert result.rows == 2
    assert result.dataset.present()[table] == (3 if table == "people" else 2)  # the example manager's manager is a person too
    assert result.people == EXPECTED_PEOPLE[table]
    assert not result.issues
    text = "\n".join(str(v) for t in result.dataset.present() for c in SCHEMAS[t] for v in getattr(result.dataset, t)[c].dropna())
    assert not EMAIL.search(text) and "Ann Lee" not in text


@pytest.mark.parametrize("table", TEMPLATE_COLUMNS)
def test_every_template_column_has_one_plain_sentence(table):
    help_ = {column: TEMPLATE_HELP[f"{table}.{column}"] for column in TEMPLATE_COLUMNS[table]}
    assert list(help_) == list(TEMPLATE_COLUMNS[table])
    assert all(text.endswith(".") and text[0].isupper() for text in help_.values())
    assert template_csv(table).decode("utf-8").splitlines()[0].split(",") == list(TEMPLATE_COLUMNS[table])
    assert set(TEMPLATE_COLUMNS[table]) <= set(SCHEMAS[table])


def test_help_is_keyed_by_table_and_by_table_and_column():
    assert all(TEMPLATE_HELP[table].startswith("One row per") for table in TEMPLATE_COLUMNS)
    assert TEMPLATE_HELP["feedback.kind"] == "One of complaint, compliment, comment, suggestion or survey."
    assert TEMPLATE_HELP["ties.kind"] == "One of email, meeting, chat or collaboration."


def test_template_values_are_read_in_our_words(settings):
    result = load_file(template_csv("audits"), "audits.csv", settings, strict=True)
    a = result.dataset.audits
    assert a["grade"].tolist() == [3, 2] and a["focus"].tolist() == ["practice", "compliance"]
    assert a["practitioner_involved"].tolist() == [True, False]
    assert a["practitioner_id"].iloc[0] == pseudonym("email:ann.lee@northbridge.gov.uk", settings.salt)
    assert a["audit_id"].str.match(r"^a[0-9a-f]{16}$").all()


def test_meetings_and_attendance_templates_join_on_the_same_meeting_id(settings):
    dataset, _ = load_bytes([("m.csv", template_csv("meetings")), ("a.csv", template_csv("attendance"))], settings)
    assert set(dataset.attendance["meeting_id"]) <= set(dataset.meetings["meeting_id"])
    kinds = dataset.meetings.set_index("meeting_id")["kind"]
    assert [kinds[pseudonym(f"meeting:{m}", settings.salt).replace("p", "m", 1)] for m in ("M-0001", "M-0002")] == ["team_meeting", "case"]
    assert dataset.meetings["source_format"].unique().tolist() == ["canonical_meetings"]


def test_a_kind_in_other_words_or_a_subject_is_classified(settings):
    data = (
        b"meeting_id,start,end,kind,subject\r\n"
        b"1,2025-03-03 10:00,2025-03-03 11:00,1:1,\r\n"
        b"2,2025-03-03 12:00,2025-03-03 13:00,,Home visit\r\n"
        b"3,2025-03-03 14:00,2025-03-03 15:00,,\r\n"
    )
    m = load_file(data, "m.csv", settings, strict=True).dataset.meetings
    assert m["kind"].tolist() == ["supervision", "other", "other"]
    assert m["direct_work"].tolist() == [False, True, False]
    assert m["subject"].isna().all()
    shown = load_file(data, "m.csv", replace(settings, show_text=True), strict=True).dataset.meetings
    assert shown["subject"].iloc[1] == "Home visit"


def test_people_template_names_are_aliases_and_managers_are_derived(settings):
    data = b"person_id,display_name,team,manager_id\r\nann@northbridge.gov.uk,Ann Lee,A,sam@northbridge.gov.uk\r\nsam@northbridge.gov.uk,Sam Okafor,A,\r\n"
    result = load_file(data, "people.csv", settings, strict=True)
    people = result.dataset.people.set_index("person_id")
    assert people.loc[pseudonym("email:sam@northbridge.gov.uk", settings.salt), "is_manager"]
    assert not people.loc[pseudonym("email:ann@northbridge.gov.uk", settings.salt), "is_manager"]
    assert len(result.dataset.aliases) == 2
    assert people["display_name"].isna().all()


def test_bad_cells_are_reported_with_file_row_and_column(settings):
    data = (
        b"feedback_id,received,source,kind,stage,rating,outcome,action_taken\r\n"
        b"F1,14/01/2025,Parent,Complaint,Stage 1,,Partly upheld,Yes\r\n"
        b"F2,31/02/2025,Child,compliment,,0.8,,\r\n"
        b"F3,15/01/2025,Someone,complaint,LGSCO,5,weird,maybe\r\n"
    )
    result = load_file(data, "fb.csv", settings, strict=True)
    fb = result.dataset.feedback
    assert fb["source"].tolist() == ["parent_carer", "child", "other"]
    assert fb["received"].isna().tolist() == [False, True, False]
    assert fb["stage"].isna().tolist() == [False, True, True]
    assert result.warnings == [
        "fb.csv, row 3, column “received”: 1 date could not be read, so it was left blank. Write dates as 2025-01-14 or 14/01/2025 (day first), and check the day exists.",
        "fb.csv, row 4, column “stage”: 1 complaint went to the Local Government and Social Care Ombudsman. The Ombudsman is not one of the council's three stages, so the stage was left blank.",
        "fb.csv, row 4, column “rating”: 1 value could not be read, so it was left blank. Write the rating as a number from 0 to 1 (for example 0.75).",
        "fb.csv, row 4, column “outcome”: 1 value could not be read, so it was left blank. Write Upheld, Partly upheld, Not upheld, Withdrawn or Resolved.",
        "fb.csv, row 4, column “action_taken”: 1 value could not be read, so it was left blank. Write Yes or No (or leave the cell empty when it is not known).",
    ]  # fmt: skip


def test_rows_missing_a_required_value_are_left_out_with_their_rows(settings):
    data = b"sent_at,sender_id,recipient_id\r\n2025-03-03 09:00,a@x.example,b@x.example\r\n2025-03-03 09:05,,b@x.example\r\n"
    result = load_file(data, "mail.csv", settings, strict=True)
    assert len(result.dataset.messages) == 1
    assert result.warnings == [
        "mail.csv, row 3: 1 row left out because a value we need is missing (“sent_at”, “sender_id”, “recipient_id”). "
        "Fill in those cells, or delete the rows if they are not needed."
    ]


def test_almost_canonical_headers_are_still_a_template_and_extras_are_named(settings):
    data = b"Person ID,Team,Role,Is Manager,Desk\r\nann@northbridge.gov.uk,A,Social Worker,No,4B\r\n"
    assert template_table(RawFile("p.csv", data)) == ("people", canonical.NEAR_SCORE)
    result = load_file(data, "p.csv", settings, strict=True)
    assert result.format == "canonical_people"
    assert result.warnings == ["p.csv: These columns are not part of the staff list template and were not read: Desk."]


@pytest.mark.parametrize(
    "header",
    [b"item,price\r\n", b"person_id\r\n", b"Name,Address,Phone\r\n", b"start,end,subject\r\n"],
)
def test_other_tables_are_not_templates(header):
    assert template_table(RawFile("x.csv", header + b"1,2,3\r\n")) == (None, 0.0)


def test_missing_required_columns_after_detection_is_one_sentence(settings):
    with pytest.raises(Exception, match="the column “end” is needed for meetings"):
        canonical.read_template(
            RawFile("m.csv", b"meeting_id,start,invitees\r\n1,2025-03-03 10:00,3\r\n"), ingest.LoadContext("m.csv", settings), "meetings"
        )


@pytest.mark.slow
@hyp_settings(max_examples=25, deadline=None)
@given(st.sampled_from(list(TEMPLATE_COLUMNS)), st.integers(0, 2000), st.binary(min_size=1, max_size=10))
def test_mutated_templates_only_ever_give_issues(table, at, insert):
    data = bytearray(template_csv(table))
    data[at % len(data) : at % len(data) + len(insert)] = insert
    with patch.object(ingest, "FORMATS", canonical.FORMATS):
        result = load_file(bytes(data), f"{table}.csv", Settings(salt="s"), strict=True)
    assert result.usable or all(e.startswith(f"{table}.csv") for e in result.errors)
    if result.usable:
        frame = getattr(result.dataset, table)
        assert frame is None or list(frame.columns) == list(SCHEMAS[table])


def test_references_are_hashed_not_kept(settings):
    data = b"sent_at,sender_id,recipient_id,message_id\r\n2025-03-03 09:00,a@x.example,b@x.example,<abc@x.example>\r\n"
    messages = load_file(data, "mail.csv", settings, strict=True).dataset.messages
    assert messages["message_id"].str.match(r"^m[0-9a-f]{16}$").all()
    assert pd.isna(messages["recipient_type"].iloc[0])


# ---------------------------------------------------------------- emails without a message ID

UNNAMED_EMAILS = (
    "sent_at,sender_id,recipient_id,recipient_type,n_recipients\r\n"
    "2025-03-03 09:00,ann@x.example,bo@x.example,to,2\r\n"
    "2025-03-03 09:00,ann@x.example,cy@x.example,cc,2\r\n"
    "2025-03-03 09:00,ann@x.example,bo@x.example,to,2\r\n"
    "2025-03-03 09:00,ann@x.example,cy@x.example,cc,2\r\n"
    "2025-03-03 09:30,ann@x.example,bo@x.example,to,1\r\n"
    "2025-03-04 10:00,bo@x.example,ann@x.example,to,1\r\n"
)


def test_emails_without_an_id_are_keyed_on_what_they_say(settings):
    messages = load_file(UNNAMED_EMAILS.encode(), "mail.csv", settings, strict=True).dataset.messages
    assert messages["message_id"].str.match(r"^m[0-9a-f]{16}$").all()
    # the two identical emails to bo and cy are two emails, each with both recipients; then two more
    assert sorted(messages.groupby("message_id")["recipient_id"].nunique()) == [1, 1, 2, 2]
    assert len(messages) == 6


def test_an_email_file_without_ids_loaded_twice_counts_once(settings):
    once = load_file(UNNAMED_EMAILS.encode(), "mail.csv", settings, strict=True).dataset
    twice = combine([once, load_file(UNNAMED_EMAILS.encode(), "mail (1).csv", settings, strict=True).dataset], settings)
    assert len(twice.messages) == 6
    pd.testing.assert_frame_equal(
        canonical_order("messages", twice.messages).reset_index(drop=True),
        canonical_order("messages", once.messages).reset_index(drop=True),
    )


@hyp_settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_emails_without_an_id_get_the_same_ids_in_any_row_order(seed, settings):
    header, *rows = UNNAMED_EMAILS.split("\r\n")[:-1]
    shuffled = "\r\n".join([header, *(rows[i] for i in np.random.default_rng(seed).permutation(len(rows)))]) + "\r\n"
    first, again = (load_file(text.encode(), "mail.csv", settings, strict=True).dataset.messages for text in (UNNAMED_EMAILS, shuffled))
    pd.testing.assert_frame_equal(
        canonical_order("messages", again).reset_index(drop=True), canonical_order("messages", first).reset_index(drop=True)
    )
