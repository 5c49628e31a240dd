"""The Excel files: the staff roster, case-file audits, the complaints log, the Forms download.

Dates are real Excel dates shown the UK way (the Forms download keeps the form owner's date-times);
yes/no answers are words, as people type them. The Forms workbook is ``Sheet1`` with an Excel table
``Table1``, as "Open in Excel" gives it (formats.md i); the complaints log uses the columns of
formats.md k plus a "You said we did" column.
"""

from __future__ import annotations

from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from diagnostic.samples.casework import Audit, LogEntry
from diagnostic.samples.organisation import Organisation
from diagnostic.samples.voices import FormAnswer
from diagnostic.samples.writers.office import workbook_bytes

UK_DATE = "dd/mm/yyyy"
FORMS_DATETIME = "m/d/yy h:mm:ss"
BOLD = Font(bold=True)


def _yes(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _sheet(title: str, header: list[str], rows: list[list[object]], date_columns: tuple[str, ...] = ()) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = BOLD
    for row in rows:
        ws.append(row)
    for name in date_columns:
        col = get_column_letter(header.index(name) + 1)
        for cell in ws[col][1:]:
            cell.number_format = UK_DATE
    ws.freeze_panes = "A2"
    return wb


def write_roster(org: Organisation, stamp: datetime) -> bytes:
    header = ["Employee number", "Name", "Email", "Team", "Service", "Job title", "Line manager", "Practitioner"]
    service = {t.name: t.service for t in org.teams}
    rows = [
        [
            f"E{10000 + i}",
            p.name,
            p.email,
            p.team,
            service.get(p.team) or "Directorate",
            p.title,
            p.manager or "",
            "Y" if p.practitioner else "N",
        ]
        for i, p in enumerate(sorted(org.staff, key=lambda p: (p.team, p.last, p.first)))
    ]
    return workbook_bytes(_sheet("Staff list", header, rows), stamp)


def write_audits(audits: list[Audit], stamp: datetime) -> bytes:
    header = [
        "Audit ID",
        "Audit date",
        "Team",
        "Practitioner",
        "Auditor",
        "Child ID",
        "Plan type",
        "Audit type",
        "Overall grade",
        "Voice of the child evidenced",
        "Practitioner involved",
        "Family feedback obtained",
        "Actions set",
        "Actions completed",
        "Learning recorded",
    ]
    rows = [
        [
            a.audit_id,
            a.day,
            a.team.name,
            a.practitioner.email,
            a.auditor.email,
            a.child_code,
            a.plan_type,
            a.audit_type,
            a.grade,
            a.voice,
            _yes(a.practitioner_involved),
            _yes(a.family_feedback),
            a.actions_set,
            a.actions_done,
            _yes(a.learning),
        ]
        for a in audits
    ]
    return workbook_bytes(_sheet("Audits", header, rows, ("Audit date",)), stamp)


LOG_HEADER = [
    "Reference",
    "Record Type",
    "Procedure",
    "Stage",
    "Date Received",
    "Date Acknowledged",
    "Timescale (Working Days)",
    "Response Due Date",
    "Extended Due Date",
    "Date Responded",
    "Working Days Taken",
    "Within Timescale",
    "Complainant Type",
    "Advocate Offered",
    "Service Area",
    "Team",
    "Staff Named",
    "Category",
    "Summary",
    "Outcome",
    "Learning / Action Agreed",
    "Action Owner",
    "Action Due Date",
    "Escalated",
    "Closed Date",
    "You said we did",
]
LOG_DATES = (
    "Date Received",
    "Date Acknowledged",
    "Response Due Date",
    "Extended Due Date",
    "Date Responded",
    "Action Due Date",
    "Closed Date",
)


def write_complaints(log: list[LogEntry], working_days, stamp: datetime) -> bytes:
    """``working_days(a, b)``: working days from ``a`` to ``b`` (the log's own formula, as a number)."""
    rows = []
    for e in log:
        taken = working_days(e.received, e.responded) if e.responded else None
        limit = e.extended_due or e.due
        within = "" if e.responded is None or limit is None else _yes(e.responded <= limit)
        rows.append(
            [
                e.reference,
                e.record_type,
                e.procedure,
                f"Stage {e.stage}" if e.stage else "",
                e.received,
                e.acknowledged,
                e.timescale,
                e.due,
                e.extended_due,
                e.responded,
                taken,
                within,
                e.complainant,
                _yes(e.advocate_offered),
                e.team.service or "Directorate",
                e.team.name,
                _yes(e.staff_named),
                e.category,
                e.summary,
                e.outcome,
                e.learning,
                e.action_owner,
                e.action_due,
                _yes(e.escalated) if e.record_type == "Complaint" else "",
                e.closed,
                e.you_said_we_did,
            ]
        )
    return workbook_bytes(_sheet("Complaints log", LOG_HEADER, rows, LOG_DATES), stamp)


FORM_QUESTIONS = (
    "Who are you?",
    "Which team works with you?",
    "How well did we listen to you? (1 = not at all, 5 = very well)",
    "What is it about?",
    "Tell us more (please do not use anyone's name)",
    "Would you like someone to contact you about this?",
)
STAFF_COLUMNS = ("Action taken (staff use)", "You said, we did sent (staff use)")  # added by staff after download


def write_forms(answers: list[FormAnswer], stamp: datetime) -> bytes:
    header = ["ID", "Start time", "Completion time", "Email", "Name", *FORM_QUESTIONS, *STAFF_COLUMNS]
    rows = [
        [
            a.n,
            a.started,
            a.completed,
            "anonymous",
            None,
            a.who,
            a.team_kind,
            a.rating,
            "".join(f"{t};" for t in a.topics),
            a.comment or None,
            a.contact_me,
            a.action or None,
            a.told or None,
        ]
        for a in answers
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(header)
    for row in rows:
        ws.append(row)
    for col in ("B", "C"):
        for cell in ws[col][1:]:
            cell.number_format = FORMS_DATETIME
    table = Table(displayName="Table1", ref=f"A1:{get_column_letter(len(header))}{len(rows) + 1}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    return workbook_bytes(wb, stamp)
