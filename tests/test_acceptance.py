"""Real-format exports with the quirks that broke loading once, built small and checked end to end.

Each case is a file as a council would hand it over (UK dates with one mistyped row, a register
with a title above its header, a staff list keyed by employee number, a Google Calendar export
named after its owner, a Teams report cut off mid-row ...). Fictional people at westmere.gov.uk.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import replace

import openpyxl
import pandas as pd

from diagnostic.indicators.meetings import partner_meeting_share
from diagnostic.ingest import load_bytes, load_file
from diagnostic.language import scan_dataset

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
OUTLOOK_HEADER = [
    "Subject", "Start Date", "Start Time", "End Date", "End Time", "All day event", "Reminder on/off", "Reminder Date",
    "Reminder Time", "Meeting Organizer", "Required Attendees", "Optional Attendees", "Meeting Resources", "Billing Information",
    "Categories", "Description", "Location", "Mileage", "Priority", "Private", "Sensitivity", "Show time as",
]  # fmt: skip


def _csv(rows: list[list[object]], line_end: str = "\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    return buffer.getvalue()


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _outlook_row(day: str, start: str, end: str) -> list[str]:
    row = dict.fromkeys(OUTLOOK_HEADER, "")
    row.update(
        {
            "Subject": "Team meeting",
            "Start Date": day,
            "Start Time": start,
            "End Date": day,
            "End Time": end,
            "All day event": "False",
            "Meeting Organizer": "Amira Khan",
            "Required Attendees": "Amira Khan;Daniel Whitcombe;Kwame Asante",
            "Show time as": "2",
        }
    )
    return [row[h] for h in OUTLOOK_HEADER]


def _record(result) -> str:
    return json.dumps(result.to_record(), ensure_ascii=False)


def test_one_us_style_row_does_not_turn_a_uk_calendar_month_first(settings):
    days = ["06/01/2025", "07/01/2025", "13/01/2025", "14/01/2025", "20/01/2025", "21/01/2025"]
    rows = [OUTLOOK_HEADER] + [_outlook_row(d, "09:30:00", "10:30:00") for d in days]
    rows.insert(2, _outlook_row("01/15/2025", "09:30:00", "10:30:00"))  # typed month-first: row 3
    result = load_file(_csv(rows).encode("cp1252"), "Calendar.CSV", settings)
    starts = result.dataset.meetings["start"].dt.tz_convert("Europe/London")
    assert sorted(starts.dt.strftime("%Y-%m-%d")) == ["2025-01-06", "2025-01-07", "2025-01-13", "2025-01-14", "2025-01-20", "2025-01-21"]
    assert any("row 3" in w and "Start Date" in w for w in result.warnings)


def test_a_day_first_value_in_a_viva_query_is_reported_not_read_as_another_date(settings):
    header = "PersonId,MetricDate,Collaboration_hours,Meeting_hours,Email_hours,Organization\n"
    body = "".join(f"p{i},{d},10,5,4,Children in Care\n" for i in range(6) for d in ("1/5/2025", "1/12/2025", "1/19/2025"))
    body = body.replace("p3,1/19/2025", "p3,26/1/2025")  # day-first, against every other value
    result = load_file((header + body).encode(), "PersonQuery.csv", settings)
    periods = result.dataset.volumes["period_start"].dt.strftime("%Y-%m-%d")
    assert periods.between("2025-01-01", "2025-01-31").all()
    assert len(periods) == 17
    assert any("MetricDate" in w and "row 13" in w for w in result.warnings)


def test_a_register_with_a_title_above_its_header_is_read_with_the_right_columns(settings):
    header = ["Ref No.", "Type", "Stage", "Date Received", "Target response date", "Response sent", "Who made the complaint",
              "Outcome", "Lessons learned"]  # fmt: skip
    rows = [
        ["Westmere Borough Council – complaints register 2024/25"],
        ["OFFICIAL-SENSITIVE"],
        [],
        header,
        ["CSC/0101", "Complaint", "Stage 1", "06/01/2025", "20/01/2025", "15/01/2025", "Mother", "Upheld", "Apology and call-back rota"],
        ["CSC/0102", "Complaint", "Stage 1", "13/01/2025", "27/01/2025", "", "Young person", "", ""],
    ]
    result = load_file(_xlsx({"Register": rows}), "Complaints register.xlsx", settings)
    assert result.format == "complaints_log"
    feedback = result.dataset.feedback
    assert feedback["responded"].dt.strftime("%Y-%m-%d").tolist()[0] == "2025-01-15"
    assert feedback["source"].tolist() == ["parent_carer", "child"]
    assert feedback["action_taken"].tolist() == [True, False]


def test_a_staff_list_keyed_by_employee_number_matches_managers_by_name(settings):
    rows = [
        ["Employee No", "First name", "Surname", "Job title", "Team", "Line manager", "Email"],
        ["E1", "Margaret", "Ellingham", "Head of Service", "Senior Leadership", "", "margaret.ellingham@westmere.gov.uk"],
        ["E2", "Amira", "Khan", "Team Manager", "Children in Care", "Margaret Ellingham", "amira.khan@westmere.gov.uk"],
        ["E3", "Kwame", "Asante", "Social Worker", "Children in Care", "Amira Khan", "kwame.asante@westmere.gov.uk"],
    ]
    people = load_file(_csv(rows).encode(), "staff list.csv", settings).dataset.people
    assert len(people) == 3
    assert people["manager_id"].dropna().isin(people["person_id"]).all()
    assert people["is_manager"].sum() == 2


def test_names_emails_and_meeting_titles_in_file_names_are_not_shown(settings):
    event = (
        "BEGIN:VEVENT\r\nDTSTART:20250108T100000Z\r\nDTEND:20250108T105000Z\r\nUID:a1@google.com\r\nSUMMARY:1:1\r\n"
        "ORGANIZER;CN=Joseph Oduya:mailto:joseph.oduya@westmere.gov.uk\r\n"
        "ATTENDEE;CN=Zainab Begum;PARTSTAT=ACCEPTED:mailto:zainab.begum@westmere.gov.uk\r\nEND:VEVENT\r\n"
    )
    calendar = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n{event}END:VCALENDAR\r\n"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("joseph.oduya@westmere.gov.uk.ics", calendar)
    teams = "\r\n".join(
        [
            "1. Summary",
            "Meeting title\tStrategy discussion child Q",
            "Start time\t16/01/25, 11:00:00",
            "",
            "2. Participants",
            "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
            "Joseph Oduya\t16/01/25, 11:00:00\t16/01/25, 11:45:00\t45m\tjoseph.oduya@westmere.gov.uk\tjoseph.oduya@westmere.gov.uk\tOrganiser",
            "",
        ]
    )
    files = [
        ("takeout-calendar.zip", archive.getvalue()),
        ("Joseph Oduya calendar.ics", calendar.encode()),
        ("Strategy discussion child Q - Attendance report 16-01-25.csv", b"\xff\xfe" + teams.encode("utf-16-le")),
    ]
    _, results = load_bytes(files, settings)
    shown = " ".join(_record(r) for r in results) + " ".join(w for r in results for w in r.warnings)
    assert all(r.usable for r in results)
    assert not EMAIL.search(shown)
    assert "Joseph" not in shown and "Strategy discussion" not in shown
    assert "[meeting title removed] - Attendance report 16-01-25.csv" in shown


def test_a_form_answered_with_work_accounts_counts_as_staff_feedback(settings):
    rows = [["ID", "Start time", "Completion time", "Email", "Name", "How many children did you see this week?",
             "Which law sets the timescale for a children's complaint?"]]  # fmt: skip
    for i in range(1, 7):
        rows.append(
            [
                i,
                pd.Timestamp(2025, 2, 3, 9 + i),
                pd.Timestamp(2025, 2, 3, 9 + i, 5),
                f"w{i}@westmere.gov.uk",
                f"Worker {i}",
                i,
                "Children Act 1989",
            ]
        )
    feedback = load_file(_xlsx({"Sheet1": rows}), "Complaints quiz(1-6).xlsx", settings).dataset.feedback
    assert set(feedback["source"]) == {"staff"}


def test_a_teams_report_cut_off_mid_row_leaves_that_row_out_and_says_so(settings):
    lines = [
        "1. Summary",
        "Meeting title\tTeam meeting",
        "Start time\t14/01/25, 10:00:00",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
        "Amira Khan\t14/01/25, 10:00:00\t14/01/25, 11:00:00\t1h\tamira.khan@westmere.gov.uk\tamira.khan@westmere.gov.uk\tOrganiser",
        "Kwame Asante\t14/01/25, 10:02:00\t14/01/25, 11:00:00\t58m\tkwame.asante@westmere.gov.uk\tkwame.asante@westmere.gov.uk\tAttendee",
        "Lee Baxter (Guest)\t14/01/25, 10:05:00\t14/01/25, 10:30:00\t25m\tlee.baxter@hopeyouth.charity.exam",
    ]
    result = load_file(b"\xff\xfe" + "\r\n".join(lines).encode("utf-16-le"), "report.csv", settings)
    assert len(result.dataset.attendance) == 2
    assert any("row 9" in w and "cut short" in w for w in result.warnings)


def test_a_teams_report_saved_again_as_comma_csv_still_loads(settings):
    rows = [
        ["1. Summary"],
        ["Meeting title", "Team meeting"],
        ["Start time", "14/01/25, 10:00:00"],
        [],
        ["2. Participants"],
        ["Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role"],
        [
            "Amira Khan",
            "14/01/25, 10:00:00",
            "14/01/25, 11:00:00",
            "1h",
            "amira.khan@westmere.gov.uk",
            "amira.khan@westmere.gov.uk",
            "Organiser",
        ],
        [],
        ["3. In-Meeting Activities"],
        ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
        ["Amira Khan", "14/01/25, 10:00:00", "14/01/25, 11:00:00", "1h", "amira.khan@westmere.gov.uk", "Organiser"],
    ]
    result = load_file(b"\xef\xbb\xbf" + _csv(rows).encode(), "attendance.csv", settings)
    assert result.format == "teams_attendance"
    assert result.dataset.attendance["minutes"].tolist() == [60.0]


def test_an_audit_workbook_with_a_guidance_sheet_first_reads_its_data_sheet(settings):
    audits = [
        ["Audit ID", "Audit Date", "Case holder", "Team", "Audit type", "Overall Grade", "Worker involved in audit", "Child's voice"],
        ["QA-1", "08/01/2025", "kwame.asante@westmere.gov.uk", "Children in Care", "Desktop", "Good", "N", "Y"],
        ["QA-2", "15/01/2025", "amira.khan@westmere.gov.uk", "Children in Care", "Collaborative", "RI", "Y", "N"],
    ]
    guidance = [["How to complete this tracker"], ["Grade each audit O, G, RI or I."]]
    result = load_file(_xlsx({"Guidance": guidance, "Audits": audits}), "audit tracker.xlsx", settings)
    assert result.format == "case_audit"
    assert result.dataset.audits["focus"].tolist() == ["compliance", "practice"]
    assert result.dataset.audits["practitioner_involved"].tolist() == [False, True]
    assert not result.warnings


def test_a_message_trace_time_that_cannot_be_read_names_its_row_and_column(settings):
    header = '"Received","SenderAddress","RecipientAddress","Subject","Status","Size","MessageId","MessageTraceId"'
    rows = [
        f'"{when}","amira.khan@westmere.gov.uk","kwame.asante@westmere.gov.uk","Notes","Delivered","100","<m{i}@x>","{i}"'
        for i, when in enumerate(["14/03/2025 09:12:44", "03/14/2025 09:30:00", "13/03/2025 10:00:00"])
    ]
    text = "#TYPE Selected.System.Management.Automation.PSCustomObject\r\n" + "\r\n".join([header, *rows]) + "\r\n"
    result = load_file(b"\xef\xbb\xbf" + text.encode(), "messagetrace.csv", settings)
    assert len(result.dataset.messages) == 2
    assert any("row 4" in w and "column “Received”" in w for w in result.warnings)


def test_failure_to_engage_is_found_in_a_letter(settings):
    letter = "Dear Ms Carter,\r\nFailure to engage with the plan may mean your case is escalated.\r\n"
    dataset, _ = load_bytes([("letter.txt", letter.encode("cp1252"))], settings)
    terms = {f["term"] for f in scan_dataset(dataset, settings).to_dict()["findings"]}
    assert "failed to engage" in terms


def test_a_row_in_windows_1252_does_not_garble_the_utf8_names_around_it(settings):
    rows = [
        ["Name", "Email", "Team", "Job title", "Line manager"],
        ["Siobhán O'Neill-Price", "siobhan.oneill-price@westmere.gov.uk", "Children in Care", "Social Worker", "Amira Khan"],
        ["Amira Khan", "amira.khan@westmere.gov.uk", "Children in Care", "Team Manager", ""],
    ]
    added = "Renée Fairclough,renee.fairclough@westmere.gov.uk,Children in Care,Social Worker,Amira Khan\r\n"
    data = _csv(rows).encode("utf-8") + added.encode("cp1252")
    settings = replace(settings, show_names=True)
    names = set(load_file(data, "staff.csv", settings).dataset.people["display_name"])
    assert {"Siobhán O'Neill-Price", "Renée Fairclough", "Amira Khan"} <= names


def test_a_log_cut_off_inside_a_quoted_cell_names_the_row(settings):
    text = (
        "Reference,Type,Date Received,Date Responded,Complainant,Outcome\r\n"
        "C1,Complaint,06/01/2025,15/01/2025,Mother,Upheld\r\n"
        'C2,Complaint,13/01/2025,20/01/2025,Young person,"Partly upheld, then'
    )
    result = load_file(text.encode(), "complaints.csv", settings)
    assert any("row 3" in w and "never closed" in w for w in result.warnings)


def test_an_old_excel_file_and_a_sign_in_page_say_what_they_are(settings):
    old = load_file(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600), "export.xls", settings)
    page = load_file(b"<!DOCTYPE html><html><head><title>Sign in</title></head></html>", "EmailActivity.csv", settings)
    assert "Excel 97-2003" in old.errors[0]
    assert "web page" in page.errors[0]


def test_outlook_csv_alone_does_not_count_only_meetings_with_partners(settings):
    team = ["Amira Khan", "Daniel Whitcombe", "Kwame Asante", "Harriet Brierley", "Tomasz Nowak"]
    attendees = OUTLOOK_HEADER.index("Required Attendees")
    rows = [OUTLOOK_HEADER]
    for day in ("06/01/2025", "13/01/2025", "20/01/2025", "27/01/2025", "03/02/2025", "10/02/2025"):
        internal, partner = _outlook_row(day, "09:30:00", "10:30:00"), _outlook_row(day, "14:00:00", "15:00:00")
        internal[attendees] = ";".join(team)
        partner[attendees] = ";".join([*team, "priya.raman@westmere.nhs.example"])  # outsiders appear by address
        rows += [internal, partner]
    roster = [["Name", "Email", "Team", "Job title"]]
    roster += [[name, name.lower().replace(" ", ".") + "@westmere.gov.uk", "Children in Care", "Social Worker"] for name in team]
    calendar = ("Calendar.CSV", _csv(rows).encode("cp1252"))
    alone, _ = load_bytes([calendar], settings)
    with_roster, _ = load_bytes([calendar, ("staff.csv", _csv(roster).encode())], settings)
    assert partner_meeting_share(alone, settings).value is None
    assert partner_meeting_share(with_roster, settings).value == 50.0
