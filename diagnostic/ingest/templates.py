"""Blank CSV templates, one per canonical table, for data that no standard export carries.

The app offers them as "download a template" buttons: a header row, two fictional example rows to
copy the style from, and one plain sentence per column. A filled-in template is read back by
:mod:`diagnostic.ingest.formats.canonical`.
"""

from __future__ import annotations

import csv
import io

from diagnostic.ingest.formats.canonical import TEMPLATE_COLUMNS

# Two fictional example rows per table (Northbridge is an invented council).
EXAMPLES: dict[str, tuple[dict[str, str], ...]] = {
    "people": (
        {
            "person_id": "ann.lee@northbridge.gov.uk",
            "display_name": "Ann Lee",
            "team": "Assessment Team North",
            "role": "Social Worker",
            "is_manager": "No",
            "manager_id": "sam.okafor@northbridge.gov.uk",
            "is_practitioner": "Yes",
        },
        {
            "person_id": "sam.okafor@northbridge.gov.uk",
            "display_name": "Sam Okafor",
            "team": "Assessment Team North",
            "role": "Team Manager",
            "is_manager": "Yes",
            "manager_id": "jo.patel@northbridge.gov.uk",
            "is_practitioner": "No",
        },
    ),
    "meetings": (
        {
            "meeting_id": "M-0001",
            "start": "2025-01-14 10:00",
            "end": "2025-01-14 11:00",
            "organiser_id": "sam.okafor@northbridge.gov.uk",
            "is_recurring": "Yes",
            "invitees": "8",
            "kind": "team_meeting",
            "direct_work": "No",
            "series_id": "S-01",
            "all_day": "No",
        },
        {
            "meeting_id": "M-0002",
            "start": "2025-01-15 14:00",
            "end": "2025-01-15 15:30",
            "organiser_id": "ann.lee@northbridge.gov.uk",
            "is_recurring": "No",
            "invitees": "4",
            "kind": "case",
            "direct_work": "No",
            "all_day": "No",
        },
    ),
    "attendance": (
        {"meeting_id": "M-0001", "person_id": "sam.okafor@northbridge.gov.uk", "role": "organiser", "attended": "Yes", "minutes": "60"},
        {"meeting_id": "M-0001", "person_id": "ann.lee@northbridge.gov.uk", "role": "required", "attended": "Yes", "minutes": "55"},
    ),
    "messages": (
        {
            "sent_at": "2025-01-14 09:12",
            "sender_id": "ann.lee@northbridge.gov.uk",
            "recipient_id": "sam.okafor@northbridge.gov.uk",
            "recipient_type": "to",
            "n_recipients": "2",
            "message_id": "E-0001",
        },
        {
            "sent_at": "2025-01-14 09:12",
            "sender_id": "ann.lee@northbridge.gov.uk",
            "recipient_id": "school.nurse@northbridge.nhs.example",
            "recipient_type": "cc",
            "n_recipients": "2",
            "message_id": "E-0001",
        },
    ),
    "volumes": (
        {
            "person_id": "ann.lee@northbridge.gov.uk",
            "period_start": "2025-01-13",
            "period_end": "2025-01-19",
            "emails_sent": "64",
            "emails_received": "310",
            "meetings": "11",
            "meeting_hours": "9.5",
            "after_hours_hours": "2.0",
        },
        {
            "person_id": "sam.okafor@northbridge.gov.uk",
            "period_start": "2025-01-13",
            "period_end": "2025-01-19",
            "emails_sent": "120",
            "emails_received": "540",
            "meetings": "19",
            "meeting_hours": "17.0",
            "after_hours_hours": "4.5",
        },
    ),
    "ties": (
        {
            "person_a": "ann.lee@northbridge.gov.uk",
            "person_b": "sam.okafor@northbridge.gov.uk",
            "weight": "12",
            "kind": "email",
            "period": "2025-01-13",
        },
        {
            "person_a": "ann.lee@northbridge.gov.uk",
            "person_b": "school.nurse@northbridge.nhs.example",
            "weight": "3",
            "kind": "meeting",
            "period": "2025-01-13",
        },
    ),
    "audits": (
        {
            "audit_id": "A-2025-001",
            "date": "2025-01-20",
            "team": "Assessment Team North",
            "practitioner_id": "ann.lee@northbridge.gov.uk",
            "auditor_id": "jo.patel@northbridge.gov.uk",
            "grade": "Good",
            "focus": "practice",
            "child_voice": "Yes",
            "family_involved": "Yes",
            "practitioner_involved": "Yes",
            "actions_set": "3",
            "actions_done": "2",
            "learning_recorded": "Yes",
        },
        {
            "audit_id": "A-2025-002",
            "date": "2025-01-27",
            "team": "Assessment Team North",
            "practitioner_id": "sam.okafor@northbridge.gov.uk",
            "auditor_id": "jo.patel@northbridge.gov.uk",
            "grade": "Requires improvement",
            "focus": "compliance",
            "child_voice": "No",
            "family_involved": "No",
            "practitioner_involved": "No",
            "actions_set": "6",
            "actions_done": "1",
            "learning_recorded": "No",
        },
    ),
    "feedback": (
        {
            "feedback_id": "C-2025-014",
            "received": "2025-01-06",
            "source": "parent_carer",
            "kind": "complaint",
            "stage": "1",
            "theme": "Communication",
            "team": "Assessment Team North",
            "responded": "2025-01-17",
            "due": "2025-01-20",
            "outcome": "partly_upheld",
            "action_taken": "Yes",
            "closed_loop": "Yes",
        },
        {
            "feedback_id": "S-2025-003",
            "received": "2025-01-09",
            "source": "child",
            "kind": "survey",
            "rating": "0.75",
            "theme": "Seeing my social worker",
            "action_taken": "No",
        },
    ),
}

_HELP: dict[str, dict[str, str]] = {
    "people": {
        "person_id": "The person's work email address (or their name if there is no email); it is replaced by a code when loaded.",
        "display_name": "The person's name as it appears in calendars; it is only shown if you choose to show names.",
        "team": "The team the person works in, written the same way every time.",
        "role": "The person's job title.",
        "is_manager": "Yes if the person line-manages anyone, otherwise No; leave empty to work it out from manager_id.",
        "manager_id": "The email address (or name) of the person's line manager.",
        "is_practitioner": "Yes if the person works directly with children and families, otherwise No.",
        "organisation": "The organisation the person works for, if it is not this council (for example Health or Police).",
    },
    "meetings": {
        "meeting_id": "Any reference that is the same for every row about one meeting (it links to the attendance template).",
        "start": "When the meeting starts, as 2025-01-14 10:00 or 14/01/2025 10:00.",
        "end": "When the meeting ends, written the same way as start.",
        "organiser_id": "The organiser's email address or name.",
        "is_recurring": "Yes if the meeting is part of a repeating series, otherwise No.",
        "invitees": "How many people were invited, the organiser included.",
        "kind": "One of supervision, group_supervision, team_meeting, case, panel, performance, training or other (or leave empty and give a subject).",
        "direct_work": "Yes if this is time with children or families (a home visit, family time), otherwise No.",
        "series_id": "Any reference shared by every meeting in one repeating series.",
        "all_day": "Yes for all-day events, otherwise No.",
        "subject": "The meeting title; it is used to work out the kind and is only kept if you choose to show text.",
    },
    "attendance": {
        "meeting_id": "The meeting's reference, as in the meetings template.",
        "person_id": "The attendee's email address or name.",
        "role": "One of organiser, required, optional or attendee.",
        "attended": "Yes if the person joined, No if they did not, empty if not known.",
        "minutes": "How many minutes the person was in the meeting, if known.",
    },
    "messages": {
        "sent_at": "When the email was sent, as 2025-01-14 09:12.",
        "sender_id": "The sender's email address.",
        "recipient_id": "One recipient's email address (one row per recipient).",
        "recipient_type": "One of to, cc or bcc.",
        "n_recipients": "How many people the email was sent to in total.",
        "message_id": "Any reference that is the same for every row about one email.",
    },
    "volumes": {
        "person_id": "The person's email address or name.",
        "period_start": "The first day of the period the totals cover.",
        "period_end": "The last day of the period the totals cover.",
        "emails_sent": "Emails the person sent in the period.",
        "emails_received": "Emails the person received in the period.",
        "emails_read": "Emails the person read in the period.",
        "meetings": "Meetings the person attended in the period.",
        "meeting_hours": "Hours the person spent in meetings in the period.",
        "chats_sent": "Chat messages the person sent in the period.",
        "after_hours_hours": "Hours of email, chat and meetings outside working hours in the period.",
        "email_hours": "Hours the person spent on email in the period.",
        "collaboration_hours": "Hours the person spent on email, chat, calls and meetings in the period.",
    },
    "ties": {
        "person_a": "One person's email address or name.",
        "person_b": "The other person's email address or name.",
        "weight": "How strong the link is, for example emails exchanged or hours in meetings together.",
        "kind": "One of email, meeting, chat or collaboration.",
        "period": "The first day of the period the link covers.",
    },
    "audits": {
        "audit_id": "Your reference for the audit (not the child's ID); it is replaced by a code when loaded.",
        "date": "The date the audit was completed.",
        "team": "The team that holds the case.",
        "practitioner_id": "The email address or name of the practitioner whose work was audited.",
        "auditor_id": "The email address or name of the auditor.",
        "grade": "Outstanding, Good, Requires improvement or Inadequate (or 4 to 1).",
        "focus": "Write practice for audits of the work with the family, or compliance for checks on records and timescales.",
        "child_voice": "Yes if the child's voice (wishes and feelings) is evidenced, otherwise No.",
        "family_involved": "Yes if the family was asked for their view as part of the audit, otherwise No.",
        "practitioner_involved": "Yes if the audit was done with the practitioner, otherwise No.",
        "actions_set": "How many actions the audit set.",
        "actions_done": "How many of those actions are done.",
        "learning_recorded": "Yes if learning from the audit was written down and shared, otherwise No.",
    },
    "feedback": {
        "feedback_id": "Your reference for the item; it is replaced by a code when loaded.",
        "received": "The date the feedback was received.",
        "source": "Who gave it: child, parent_carer, staff, partner or other.",
        "kind": "One of complaint, compliment, comment, suggestion or survey.",
        "stage": "For complaints, the stage: 1, 2 or 3.",
        "rating": "For survey answers, the rating as a number from 0 (worst) to 1 (best).",
        "theme": "What the feedback is about, in a few words.",
        "team": "The team the feedback is about.",
        "text": "The feedback itself; it is only kept if you choose to show text.",
        "responded": "The date you responded, empty if not yet.",
        "due": "The date the response was due.",
        "outcome": "For complaints, one of upheld, partly_upheld, not_upheld, withdrawn or resolved.",
        "action_taken": "Yes if something changed because of this feedback, otherwise No.",
        "closed_loop": "Yes if you told the person what you did about it (you said, we did), otherwise No.",
    },
}

_ABOUT: dict[str, str] = {
    "people": "One row per member of staff: who they are, their team, their job and their line manager.",
    "meetings": "One row per meeting: when it was, who organised it, how many were invited and what kind of meeting it was.",
    "attendance": "One row per person at a meeting, linked to the meetings template by meeting_id.",
    "messages": "One row per email and recipient: who sent it, to whom and when.",
    "volumes": "One row per person and period: how many emails, chats and meeting hours they had.",
    "ties": "One row per pair of people who work together, with how strong the link is.",
    "audits": "One row per case audit: its grade, its focus, and whether the child, the family and the practitioner took part.",
    "feedback": "One row per complaint, compliment, comment or survey answer: who gave it, when, and what happened next.",
}

# Help text for the app: "<table>" -> one sentence about the template, "<table>.<column>" -> one
# plain sentence per column.
TEMPLATE_HELP: dict[str, str] = {
    **_ABOUT,
    **{f"{table}.{column}": text for table, columns in _HELP.items() for column, text in columns.items()},
}


def template_help(table: str) -> dict[str, str]:
    """Column -> one plain sentence, in the template's column order."""
    return {column: TEMPLATE_HELP[f"{table}.{column}"] for column in TEMPLATE_COLUMNS[table]}


def template_csv(table: str) -> bytes:
    """The template for ``table`` as CSV bytes (UTF-8): header and two fictional example rows."""
    if table not in TEMPLATE_COLUMNS:
        raise ValueError(f"no template for {table!r}; choose one of {', '.join(TEMPLATE_COLUMNS)}")
    columns = TEMPLATE_COLUMNS[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for example in EXAMPLES[table]:
        writer.writerow([example.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8")
