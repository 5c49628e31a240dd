"""The table specifications: every list worked out from them is the list it replaced, and the specifications are whole.

The literals below are the hand-written lists as they stood when the specifications replaced them
(the derived lists equalled them exactly then). Each must still be there, in its order: a new column
may add to a list, but nothing listed then may move, change or go without this test being edited.
"""

from __future__ import annotations

import pandas as pd
import pytest

from diagnostic import dataset, schema, trends
from diagnostic.ingest import COUNTED_PEOPLE
from diagnostic.ingest import TIME_COLUMNS as INGEST_TIME_COLUMNS
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.combine import DEDUPE_KEYS
from diagnostic.ingest.formats import canonical
from diagnostic.ingest.templates import TEMPLATE_HELP, template_csv
from diagnostic.network.build import ID_COLUMNS
from diagnostic.schema import SPEC, templated
from diagnostic.schema import vocabularies as rules

SCHEMAS_THEN = {
    "people": (
        "person_id string",
        "team string",
        "role string",
        "is_manager boolean",
        "manager_id string",
        "is_practitioner boolean",
        "organisation string",
        "domain string",
        "display_name string",
    ),
    "meetings": (
        "meeting_id string",
        "start datetime64[us, Europe/London]",
        "end datetime64[us, Europe/London]",
        "organiser_id string",
        "is_recurring boolean",
        "invitees Int64",
        "kind string",
        "direct_work boolean",
        "source_format string",
        "series_id string",
        "all_day boolean",
        "attendee_hours Float64",
        "subject string",
    ),
    "attendance": ("meeting_id string", "person_id string", "role string", "attended boolean", "minutes Float64"),
    "messages": (
        "sent_at datetime64[us, Europe/London]",
        "sender_id string",
        "recipient_id string",
        "recipient_type string",
        "n_recipients Int64",
        "message_id string",
    ),
    "volumes": (
        "person_id string",
        "period_start datetime64[us, Europe/London]",
        "period_end datetime64[us, Europe/London]",
        "emails_sent Float64",
        "emails_received Float64",
        "emails_read Float64",
        "meetings Float64",
        "meeting_hours Float64",
        "chats_sent Float64",
        "after_hours_hours Float64",
        "email_hours Float64",
        "collaboration_hours Float64",
        "source_format string",
    ),
    "ties": ("person_a string", "person_b string", "weight Float64", "kind string", "period datetime64[us, Europe/London]"),
    "audits": (
        "audit_id string",
        "date datetime64[us, Europe/London]",
        "team string",
        "practitioner_id string",
        "auditor_id string",
        "grade Int64",
        "focus string",
        "child_voice boolean",
        "family_involved boolean",
        "practitioner_involved boolean",
        "actions_set Int64",
        "actions_done Int64",
        "learning_recorded boolean",
    ),
    "feedback": (
        "feedback_id string",
        "received datetime64[us, Europe/London]",
        "source string",
        "kind string",
        "stage Int64",
        "rating Float64",
        "theme string",
        "team string",
        "text string",
        "responded datetime64[us, Europe/London]",
        "due datetime64[us, Europe/London]",
        "outcome string",
        "action_taken boolean",
        "closed_loop boolean",
    ),
    "documents": ("doc_id string", "name string", "text string"),
    "responses": ("statement_id string", "respondent_group string", "response Int64", "count Int64"),
    "aliases": ("alias_id string", "person_id string"),
}
DEDUPE_KEYS_THEN = {
    "meetings": ["meeting_id"],
    "attendance": ["meeting_id", "person_id"],
    "messages": ["message_id", "recipient_id"],
    "audits": ["audit_id"],
    "feedback": ["feedback_id"],
    "volumes": None,
    "ties": None,
    "documents": ["doc_id"],
}
PERSON_COLUMNS_THEN = {
    "people": ("person_id", "manager_id"),
    "meetings": ("organiser_id",),
    "attendance": ("person_id",),
    "messages": ("sender_id", "recipient_id"),
    "volumes": ("person_id",),
    "ties": ("person_a", "person_b"),
    "audits": ("practitioner_id", "auditor_id"),
}
KIND_BY_TABLE_THEN = {
    "people": "roster",
    "meetings": "meetings",
    "attendance": "meetings",
    "messages": "email",
    "volumes": "email",
    "ties": "collaboration",
    "audits": "audits",
    "feedback": "feedback",
}
TABLE_LABELS_THEN = {
    "people": "staff list",
    "meetings": "meetings",
    "attendance": "meeting attendance",
    "messages": "email messages",
    "volumes": "activity totals per person",
    "ties": "working relationships",
    "audits": "case audits",
    "feedback": "feedback",
}
TEMPLATE_COLUMNS_THEN = {
    "people": ("person_id", "display_name", "team", "role", "is_manager", "manager_id", "is_practitioner", "organisation"),
    "meetings": (
        "meeting_id",
        "start",
        "end",
        "organiser_id",
        "is_recurring",
        "invitees",
        "kind",
        "direct_work",
        "series_id",
        "all_day",
        "subject",
    ),
    "attendance": ("meeting_id", "person_id", "role", "attended", "minutes"),
    "messages": ("sent_at", "sender_id", "recipient_id", "recipient_type", "n_recipients", "message_id"),
    "volumes": (
        "person_id",
        "period_start",
        "period_end",
        "emails_sent",
        "emails_received",
        "emails_read",
        "meetings",
        "meeting_hours",
        "chats_sent",
        "after_hours_hours",
        "email_hours",
        "collaboration_hours",
    ),
    "ties": ("person_a", "person_b", "weight", "kind", "period"),
    "audits": (
        "audit_id",
        "date",
        "team",
        "practitioner_id",
        "auditor_id",
        "grade",
        "focus",
        "child_voice",
        "family_involved",
        "practitioner_involved",
        "actions_set",
        "actions_done",
        "learning_recorded",
    ),
    "feedback": (
        "feedback_id",
        "received",
        "source",
        "kind",
        "stage",
        "rating",
        "theme",
        "team",
        "text",
        "responded",
        "due",
        "outcome",
        "action_taken",
        "closed_loop",
    ),
}
REQUIRED_THEN = {
    "people": ("person_id",),
    "meetings": ("meeting_id", "start", "end"),
    "attendance": ("meeting_id", "person_id"),
    "messages": ("sent_at", "sender_id", "recipient_id"),
    "volumes": ("person_id", "period_start"),
    "ties": ("person_a", "person_b"),
    "audits": (),
    "feedback": (),
}
IDENTITY_COLUMNS_THEN = [
    "auditor_id",
    "manager_id",
    "organiser_id",
    "person_a",
    "person_b",
    "person_id",
    "practitioner_id",
    "recipient_id",
    "sender_id",
]
REFERENCE_COLUMNS_THEN = {
    "meeting_id": "meeting",
    "message_id": "message",
    "audit_id": "audit",
    "feedback_id": "feedback",
    "series_id": "series",
}
VOCABULARIES_THEN = {
    ("audits", "grade"): "GRADE",
    ("audits", "focus"): "FOCUS",
    ("feedback", "source"): "SOURCE",
    ("feedback", "kind"): "KIND",
    ("feedback", "stage"): "STAGE",
    ("feedback", "outcome"): "OUTCOME",
    ("attendance", "role"): "ATTENDANCE_ROLE",
    ("messages", "recipient_type"): "RECIPIENT_TYPE",
    ("ties", "kind"): "TIE_KIND",
}
WHAT_WE_EXPECT_THEN = {
    ("audits", "grade"): "Write Outstanding, Good, Requires improvement or Inadequate, or 4 to 1.",
    ("audits", "focus"): "Write compliance or practice.",
    ("feedback", "kind"): "Write complaint, compliment, comment, suggestion or survey.",
    ("feedback", "stage"): "Write Stage 1, Stage 2 or Stage 3.",
    ("feedback", "outcome"): "Write Upheld, Partly upheld, Not upheld, Withdrawn or Resolved.",
    ("attendance", "role"): "Write organiser, required, optional or attendee.",
    ("messages", "recipient_type"): "Write to, cc or bcc.",
    ("ties", "kind"): "Write email, meeting, chat or collaboration.",
}
OPT_IN_THEN = {("feedback", "text"): "show_text", ("meetings", "subject"): "show_text", ("people", "display_name"): "show_names"}
INGEST_TIMES_THEN = {
    "meetings": ("start", "end"),
    "messages": ("sent_at",),
    "volumes": ("period_start", "period_end"),
    "ties": ("period",),
    "audits": ("date",),
    "feedback": ("received",),
}
TRENDS_TIMES_THEN = {
    "meetings": "start",
    "messages": "sent_at",
    "volumes": "period_start",
    "ties": "period",
    "audits": "date",
    "feedback": "received",
}
ACTIVE_THEN = {
    "messages": ("sender_id", "recipient_id"),
    "attendance": ("person_id",),
    "ties": ("person_a", "person_b"),
    "volumes": ("person_id",),
}


def kept(then: dict, now: dict, ordered: bool = True) -> bool:
    """Every key of ``then`` is in ``now`` (in the same order when ``ordered``), each value kept: a
    tuple or list as a subsequence (columns may be added between), anything else equal."""
    if [k for k in now if k in then] != list(then) and (ordered or not then.keys() <= now.keys()):
        return False
    return all(_subsequence(v, now[k]) if isinstance(v, tuple | list) else v == now[k] for k, v in then.items())


def _subsequence(then, now) -> bool:
    rest = iter(now)
    return all(any(x == y for y in rest) for x in then)


def test_dtypes_and_column_order_are_the_old_schemas():
    assert kept(SCHEMAS_THEN, {t: tuple(f"{k} {v}" for k, v in cols.items()) for t, cols in dataset.SCHEMAS.items()})


def test_lists_of_people_and_times_are_the_old_lists():
    assert kept(PERSON_COLUMNS_THEN, dataset.PERSON_COLUMNS, ordered=False)  # looked up by table
    assert set(IDENTITY_COLUMNS_THEN) <= set().union(*dataset.PERSON_COLUMNS.values())
    assert kept(ACTIVE_THEN, ID_COLUMNS)  # order matters: the network's people come in this order
    assert kept(INGEST_TIMES_THEN, INGEST_TIME_COLUMNS)
    assert kept(TRENDS_TIMES_THEN, trends.TIME_COLUMNS)


def test_people_a_file_is_about_leave_out_managers_and_auditors():
    """A file's people count (inspect) counts who acted or was the subject, not who oversaw them."""
    assert not {"manager_id", "auditor_id"} & set().union(*COUNTED_PEOPLE.values())
    assert kept(
        {t: tuple(c for c in cols if c not in ("manager_id", "auditor_id")) for t, cols in PERSON_COLUMNS_THEN.items()}, COUNTED_PEOPLE
    )


def test_template_lists_are_the_old_lists():
    assert kept(DEDUPE_KEYS_THEN, DEDUPE_KEYS, ordered=False)  # each table is deduplicated on its own
    assert kept(KIND_BY_TABLE_THEN, canonical.KIND_BY_TABLE)  # order matters: the formats are tried in it
    assert kept(TABLE_LABELS_THEN, canonical.TABLE_LABELS)
    assert kept(TEMPLATE_COLUMNS_THEN, canonical.TEMPLATE_COLUMNS)
    assert REQUIRED_THEN == canonical.REQUIRED  # a new required column would refuse files that load today


def test_reading_rules_are_the_old_rules():
    pairs = schema.column_pairs(templated())
    assert REFERENCE_COLUMNS_THEN.items() <= {c.name: c.reference for _, c in pairs if c.role == schema.REFERENCE}.items()
    named = {id(getattr(rules, n)): n for n in dir(rules) if n.isupper()}
    assert VOCABULARIES_THEN.items() <= {(t.name, c.name): named[id(c.vocabulary)] for t, c in pairs if c.vocabulary}.items()
    expected = {(t.name, c.name): c.expect for t, c in pairs if c.vocabulary}
    assert WHAT_WE_EXPECT_THEN.items() <= expected.items()
    assert expected[("feedback", "source")] == "Write child, parent/carer, staff, partner or other."  # new: never shown, see below
    assert OPT_IN_THEN.items() <= {(t.name, c.name): c.opt_in for t, c in pairs if c.opt_in}.items()


def test_source_needs_no_meaning_shown_because_every_value_is_read():
    """feedback.source's meaning is new: its vocabulary reads any value (``other``), so nothing is ever reported."""
    values, bad = vocab.translate(pd.Series(["zz", "?", "1"], dtype="string"), rules.SOURCE, "string")
    assert bad == [] and values.tolist() == ["other", "other", "other"]


# ---------------------------------------------------------------------------------------------
# Walking the specifications.


@pytest.mark.parametrize(("table", "column"), [(t, c) for t, c in schema.column_pairs()], ids=lambda x: getattr(x, "name", ""))
def test_every_column_is_whole(table, column):
    assert column.dtype in schema.DTYPES
    assert column.role in schema.ROLES
    assert (column.role == schema.REFERENCE) == bool(column.reference)
    if column.vocabulary is not None:
        assert column.expect.startswith("Write "), "a vocabulary needs its plain-English meaning"
    if column.opt_in:
        assert column.dtype == schema.STR
    assert len(set(column.synonyms)) == len(column.synonyms)
    if table.templated and column.template:
        assert column.help.endswith("."), "every template column says what to write"
    else:
        assert column.help == "" and column.examples == ("", "")


@pytest.mark.parametrize("table", SPEC.values(), ids=lambda t: t.name)
def test_every_table_is_whole(table):
    names = [c.name for c in table.columns]
    assert len(set(names)) == len(names)
    assert set(table.template_first) <= set(names)
    assert table.dedupe is None or set(table.dedupe) <= set(names)
    if table.templated:
        assert table.kind and table.about.startswith("One row per")
        required = [c for c in table.columns if c.required]
        assert {c.name for c in required} <= set(table.template_columns()), "a template offers every column it requires"
        assert all(all(c.examples) for c in required), "the example rows fill every required column"
    else:
        assert not any(c.required or c.synonyms for c in table.columns)


def test_spec_imports_nothing_else_of_the_package():
    import ast
    from pathlib import Path

    for path in Path(schema.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("diagnostic"):
                assert node.module.startswith("diagnostic.schema"), f"{path.name} imports {node.module}"


def test_template_help_and_rows_come_from_the_spec():
    for table in templated():
        lines = template_csv(table.name).decode("utf-8").splitlines()
        assert lines[0].split(",") == list(table.template_columns())
        assert len(lines) == 3
        assert TEMPLATE_HELP[table.name] == table.about


def test_kept_allows_additions_and_refuses_changes():
    assert kept({"a": (1, 2), "b": "x"}, {"a": (1, 3, 2), "c": "y", "b": "x"})
    assert not kept({"a": (1, 2)}, {"a": (2, 1)})
    assert not kept({"a": "x", "b": "y"}, {"b": "y", "a": "x"})
    assert kept({"a": "x", "b": "y"}, {"b": "y", "a": "x"}, ordered=False)
    assert not kept({"a": "x"}, {"a": "z"}, ordered=False)
