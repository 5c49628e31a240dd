"""What the column-mapping step calls each table and each field, in plain English.

One place for the words a non-technical person sees while matching their columns to ours: a
label per field (``"When they joined"``, not ``joined_at``), a question per table ("Each row
is one person at one meeting"), and the header words that give a table away. A field's one line
of help and its example are the template's (:mod:`diagnostic.schema`), so the template and the
mapping step never describe a column two ways.

Two fields exist only in the mapping step: when each person joined and left a meeting. An
attendance report has them; the canonical attendance table keeps the minutes they give, and the
meeting's own start and end are the earliest join and the latest leave.
"""

from __future__ import annotations

from dataclasses import dataclass

from diagnostic.schema import SPEC, templated

# Tables offered in the order a council is most likely to need them.
MAPPABLE = ("attendance", "meetings", "feedback", "audits", "people", "messages", "volumes", "ties")
JOINED, LEFT = "joined_at", "left_at"  # mapping-only fields of attendance (see the module's docstring)

TABLE_QUESTIONS: dict[str, str] = {
    "attendance": "Who was at a meeting (one row per person at a meeting, like a Teams attendance report)",
    "meetings": "Meetings (one row per meeting, like a calendar)",
    "feedback": "Complaints, compliments or survey answers (one row per item)",
    "audits": "Case audits (one row per audit)",
    "people": "A staff list (one row per member of staff)",
    "messages": "Emails (one row per email and recipient, like a message trace)",
    "volumes": "Activity totals per person (one row per person and week or month)",
    "ties": "Who works with whom (one row per pair of people)",
}

LABELS: dict[str, str] = {
    "people.person_id": "Email address (or name)",
    "people.display_name": "Name",
    "people.team": "Team",
    "people.role": "Job title",
    "people.is_manager": "Manages anyone?",
    "people.manager_id": "Line manager",
    "people.is_practitioner": "Works directly with children and families?",
    "people.organisation": "Organisation (if not the council)",
    "meetings.meeting_id": "Meeting reference",
    "meetings.start": "Start",
    "meetings.end": "End",
    "meetings.organiser_id": "Organiser",
    "meetings.is_recurring": "Repeating series?",
    "meetings.invitees": "Number invited",
    "meetings.kind": "Kind of meeting",
    "meetings.direct_work": "Time with children or families?",
    "meetings.series_id": "Series reference",
    "meetings.all_day": "All-day event?",
    "meetings.subject": "Title",
    "attendance.meeting_id": "Meeting reference",
    "attendance.person_id": "Who attended",
    "attendance.role": "Their role (organiser or attendee)",
    "attendance.attended": "Did they attend?",
    "attendance.minutes": "Minutes in the meeting",
    f"attendance.{JOINED}": "When they joined",
    f"attendance.{LEFT}": "When they left",
    "messages.sent_at": "When it was sent",
    "messages.sender_id": "Sender",
    "messages.recipient_id": "Recipient",
    "messages.recipient_type": "To, cc or bcc",
    "messages.n_recipients": "Number of recipients",
    "messages.message_id": "Email reference",
    "volumes.person_id": "Person",
    "volumes.period_start": "Period starts",
    "volumes.period_end": "Period ends",
    "volumes.emails_sent": "Emails sent",
    "volumes.emails_received": "Emails received",
    "volumes.emails_read": "Emails read",
    "volumes.meetings": "Meetings attended",
    "volumes.meeting_hours": "Hours in meetings",
    "volumes.chats_sent": "Chat messages sent",
    "volumes.after_hours_hours": "Hours worked out of hours",
    "volumes.email_hours": "Hours on email",
    "volumes.collaboration_hours": "Hours collaborating",
    "ties.person_a": "One person",
    "ties.person_b": "The other person",
    "ties.weight": "How strong the link is",
    "ties.kind": "Kind of link",
    "ties.period": "Period starts",
    "audits.audit_id": "Audit reference",
    "audits.date": "Date of the audit",
    "audits.team": "Team",
    "audits.practitioner_id": "Practitioner audited",
    "audits.auditor_id": "Auditor",
    "audits.grade": "Grade",
    "audits.focus": "Practice or compliance audit",
    "audits.child_voice": "Child's voice evidenced?",
    "audits.family_involved": "Family involved?",
    "audits.practitioner_involved": "Practitioner involved?",
    "audits.actions_set": "Actions set",
    "audits.actions_done": "Actions done",
    "audits.learning_recorded": "Learning recorded?",
    "feedback.feedback_id": "Reference",
    "feedback.received": "Date received",
    "feedback.source": "Who gave it",
    "feedback.kind": "Complaint, compliment or survey",
    "feedback.stage": "Complaint stage",
    "feedback.rating": "Rating",
    "feedback.theme": "What it is about",
    "feedback.team": "Team",
    "feedback.text": "The feedback itself",
    "feedback.responded": "Date responded",
    "feedback.due": "Date response due",
    "feedback.outcome": "Outcome",
    "feedback.action_taken": "Something changed?",
    "feedback.closed_loop": "Told what happened?",
}

# Mapping-only fields: help and the header words that name them.
EXTRA_HELP: dict[str, str] = {
    f"attendance.{JOINED}": "The date and time the person first joined the meeting.",
    f"attendance.{LEFT}": "The date and time the person last left the meeting.",
}
EXTRA_SYNONYMS: dict[str, tuple[str, ...]] = {
    f"attendance.{JOINED}": ("First join", "Join time", "Joined at", "First seen", "Arrival", "Arrived", "Heure d'arrivée"),
    f"attendance.{LEFT}": ("Last leave", "Leave time", "Left at", "Last seen", "Departure", "Left", "Heure de départ"),
}
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {"attendance": (JOINED, LEFT)}

# Header words that give a table away (normalised: lower case, letters and digits only).
TABLE_CUES: dict[str, tuple[tuple[str, ...], ...]] = {
    # join and leave times: each row is a person's time in a meeting
    "attendance": (("join", "arriv", "firstseen"), ("leave", "left", "depart", "lastseen")),
    # received and responded dates: each row is an item of feedback
    "feedback": (("received", "logged", "opened"), ("responded", "response", "replied", "closed")),
}

# Fields the mapping step can make up where a file cannot have them (see mapping.made_up).
MADE_UP: dict[str, str] = {
    "attendance.meeting_id": "Not needed for a report about one meeting: the whole file is taken to be one meeting, "
    "with a reference made from its rows.",
}


@dataclass(frozen=True)
class Field:
    """One field the user can match a column to."""

    table: str
    name: str
    label: str
    help: str
    required: bool  # the file cannot load without it
    made_up: str  # why it may be left out: what we do instead ("" when it may not)


def fields(table: str) -> tuple[Field, ...]:
    """The fields of ``table`` in the order they are offered: required ones first, then the template's order."""
    spec = SPEC[table]
    out = [
        Field(
            table,
            name,
            LABELS[f"{table}.{name}"],
            spec.column(name).help,
            spec.column(name).required,
            MADE_UP.get(f"{table}.{name}", ""),
        )
        for name in spec.template_columns()
    ]
    out += [Field(table, name, LABELS[f"{table}.{name}"], EXTRA_HELP[f"{table}.{name}"], False, "") for name in EXTRA_FIELDS.get(table, ())]
    return tuple(sorted(out, key=lambda f: not (f.required and not f.made_up)))


def synonyms(table: str) -> dict[str, tuple[str, ...]]:
    """Field -> the headers that name it (its own name first), mapping-only fields included."""
    found = {c.name: (c.name, *c.synonyms) for c in SPEC[table].columns if c.template}
    found.update({name: (name, *EXTRA_SYNONYMS[f"{table}.{name}"]) for name in EXTRA_FIELDS.get(table, ())})
    return found


def table_names() -> tuple[str, ...]:
    """Every table a file can be mapped to (every table with a template)."""
    templated_names = {t.name for t in templated()}
    return tuple(t for t in MAPPABLE if t in templated_names)
