"""The synthetic sample organisation: same seed same bytes, real format quirks, every file loads,
and the teams' habits really differ in the records the files are written from."""

from __future__ import annotations

import csv
import io
import random
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from diagnostic.errors import InputError
from diagnostic.ingest import load_paths
from diagnostic.samples import build_files, write_sample
from diagnostic.samples.casework import audit_conversations, build_audits, build_log
from diagnostic.samples.clock import DAY_END, DAY_START, Window
from diagnostic.samples.habits import COMPOST, CONCRETE, FRONTLINE, KIND_BY_NAME
from diagnostic.samples.mail import simulate_mail, trace_days
from diagnostic.samples.meetings import build_calendar
from diagnostic.samples.organisation import build_organisation

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

PEOPLE, WEEKS, SEED = 100, 4, 3
MAX_FILE_BYTES = 2 * 1024 * 1024
EXPECTED = {  # file -> (kind, format id)
    "roster.xlsx": ("roster", "roster"),
    "calendar_northbridge.ics": ("meetings", "icalendar"),
    "outlook_calendar_head_of_service.csv": ("meetings", "outlook_calendar_csv"),
    "message_trace.csv": ("email", "message_trace_powershell"),
    "message_trace_summary.csv": ("email", "message_trace_summary"),
    "email_activity_user_detail.csv": ("email", "m365_email_activity"),
    "teams_user_activity_user_detail.csv": ("collaboration", "m365_teams_activity"),
    "case_audits.xlsx": ("audits", "case_audit"),
    "complaints_log.xlsx": ("feedback", "complaints_log"),
    "young_people_feedback_forms.xlsx": ("feedback", "ms_forms"),
    "staff_survey_surveymonkey.csv": ("feedback", "surveymonkey"),
    "letter_to_family.docx": ("documents", "document_docx"),
    "family_time_policy.md": ("documents", "document_text"),
    "self_assessment_room.csv": ("self_assessment", "self_assessment_responses"),
}
ATTENDANCE = ("meetings", "teams_attendance")


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build_files(PEOPLE, WEEKS, SEED)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "northbridge"
    return out, write_sample(out, people=PEOPLE, weeks=WEEKS, seed=SEED)


@pytest.fixture(scope="module")
def world():
    """The records behind the files, for checking the habits themselves."""
    window = Window(12)
    org = build_organisation(150, random.Random("organisation"))
    audits = build_audits(org, window, random.Random("audits"))
    calendar = build_calendar(org, window, random.Random("calendar"), audit_conversations(audits))
    first, last = trace_days(window)[0]
    mail = simulate_mail(org, window, first, last, random.Random("mail"))
    return org, window, audits, calendar, mail


# -- determinism ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_same_seed_gives_the_same_bytes(files, written):
    out, paths = written
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in paths} == files
    assert build_files(PEOPLE, WEEKS, SEED) == files


def test_a_different_seed_gives_different_files(files):
    other = build_files(PEOPLE, WEEKS, SEED + 1)
    changed = {name for name in files if other.get(name) != files[name]}
    # Only the fixed policy text does not depend on the seed (attendance file names carry dates).
    assert {"roster.xlsx", "calendar_northbridge.ics", "message_trace.csv", "case_audits.xlsx", "self_assessment_room.csv"} <= changed
    assert "family_time_policy.md" not in changed


def test_write_sample_creates_the_folder_and_returns_every_file(written):
    out, paths = written
    names = sorted(p.relative_to(out).as_posix() for p in paths)
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    assert sum(n.endswith(".csv") and " - Attendance report " in n for n in names) == 3
    assert {n.split("/")[-1] for n in names} >= set(EXPECTED)
    assert "letter_to_family.docx" in names


@pytest.mark.parametrize("people, weeks", [(10, 12), (150, 1), (150, 100)])
def test_out_of_range_arguments_are_refused_in_plain_words(tmp_path, people, weeks):
    with pytest.raises(InputError, match="must be between"):
        write_sample(tmp_path / "x", people=people, weeks=weeks)
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_the_committed_samples_are_what_the_default_command_writes():
    expected = build_files(150, 12, 7)
    on_disk = {
        p.relative_to(SAMPLES).as_posix(): p.read_bytes()
        for p in SAMPLES.rglob("*")
        if p.is_file() and p.name != "README.md" and p.parent.name != "peers"  # peers' packs: see test_peers_roundtrip
    }
    assert on_disk == expected
    assert max(len(v) for v in expected.values()) < MAX_FILE_BYTES


# -- scale ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_six_hundred_people_is_quick_and_keeps_team_sizes(tmp_path):
    started = time.perf_counter()
    write_sample(tmp_path, people=600, weeks=4, seed=1)
    assert time.perf_counter() - started < 120  # a hang guard; benchmarks measure speed
    org = build_organisation(600, random.Random(1))
    assert len(org.staff) == 600
    assert all(8 <= len(t.members) <= 20 for t in org.teams)
    assert any(t.name == "Child protection 2" for t in org.teams)


# -- the organisation ----------------------------------------------------------------------------


def test_the_organisation_has_the_shape_the_readme_describes(world):
    org = world[0]
    kinds = Counter(t.kind.name for t in org.teams)
    assert len(kinds) == 12 and len(org.staff) == 150
    assert 20 <= len(org.partners) <= 40
    assert {p.domain.split(".", 1)[1] if p.domain.count(".") > 1 else p.domain for p in org.partners} >= {
        "nhs.example",
        "police.example",
        "voluntary.example",
    }
    assert 2 <= sum(p.isolated for p in org.staff) <= 3
    assert sum(p.bridge for p in org.staff) == 2
    layers = {t.kind.style: max(len(org.chain(p)) for p in t.practitioners) for t in org.teams if t.practitioners}
    assert layers[CONCRETE] == 5 and layers[COMPOST] == 3


def test_every_address_is_fictional(files):
    text = files["message_trace.csv"].decode("utf-8-sig")
    domains = {cell.split("@", 1)[1] for row in csv.reader(io.StringIO(text)) for cell in row[1:3] if "@" in cell}
    assert domains and all(d == "northbridge.gov.uk" or d.endswith(".example") for d in domains)


# -- the habits are real in the records ----------------------------------------------------------


def _style(person) -> str | None:
    kind = KIND_BY_NAME.get(person.kind)
    return kind.style if kind and person.kind in FRONTLINE else None


def test_concrete_teams_email_late_and_copy_many_people(world):
    mail = world[4]
    late, recipients = Counter(), Counter()
    sent = Counter()
    for m in mail:
        style = _style(m.sender)
        if style and m.status == "Delivered":
            sent[style] += 1
            late[style] += m.sent.weekday() >= 5 or not DAY_START <= m.sent.hour * 60 + m.sent.minute < DAY_END
            recipients[style] += len(m.to)
    assert late[CONCRETE] / sent[CONCRETE] > 0.2
    assert late[COMPOST] / sent[COMPOST] < 0.06
    assert recipients[CONCRETE] / sent[CONCRETE] > 1.5 * recipients[COMPOST] / sent[COMPOST]


def test_concrete_diaries_are_fuller_longer_and_double_booked(world):
    org, window, _, calendar, _ = world
    hours, clashes = Counter(), Counter()
    for style in (CONCRETE, COMPOST):
        people = [p for p in org.staff if p.practitioner and _style(p) == style and not p.isolated]
        busy = {p.email: [] for p in people}
        for m in calendar.meetings:
            for p in m.people:
                if p.email in busy:
                    busy[p.email].extend((s, e) for _, s, e in m.occurrences())
        for spans in busy.values():
            spans.sort()
            hours[style] += sum((e - s).total_seconds() / 3600 for s, e in spans) / len(people) / window.weeks
            clashes[style] += sum(1 for (s1, e1), (s2, _) in zip(spans, spans[1:]) if s2 < e1)
    assert hours[CONCRETE] > 2 * hours[COMPOST]
    assert clashes[CONCRETE] > 10 * max(1, clashes[COMPOST])


def test_compost_teams_audit_together_and_answer_complaints_in_time(world):
    org, window, audits, _, _ = world
    involved = Counter()
    total = Counter()
    for a in audits:
        total[a.team.kind.style] += 1
        involved[a.team.kind.style] += a.practitioner_involved
    assert involved[COMPOST] / total[COMPOST] > 0.8 > 0.3 > involved[CONCRETE] / total[CONCRETE]
    log = build_log(org, window, random.Random("log"))
    due = [e for e in log if e.record_type == "Complaint" and e.due <= window.end]  # old enough to judge
    late = Counter(e.team.kind.style for e in due if e.responded is None or e.responded > e.due)
    complaints = Counter(e.team.kind.style for e in due)
    assert late[COMPOST] == 0 and late[CONCRETE] / complaints[CONCRETE] > 0.4


# -- real format quirks, byte for byte -----------------------------------------------------------


def test_teams_attendance_is_utf16_tab_separated_with_three_sections(files):
    reports = [v for k, v in files.items() if " - Attendance report " in k]
    assert len(reports) == 3
    for data in reports:
        assert data.startswith(b"\xff\xfe")
        text = data[2:].decode("utf-16-le")
        assert text.startswith("1. Summary\r\n") and "\r\n2. Participants\r\n" in text and "\r\n3. In-Meeting Activities\r\n" in text
        assert "\tOrganiser" in text and "(External)\t" in text
    assert any(
        "Engagement: Camera On" in d[2:].decode("utf-16-le") and "4. Meeting Engagement" in d[2:].decode("utf-16-le") for d in reports
    )


def test_message_trace_is_a_powershell_export_in_utc_and_uk_dates(files):
    data = files["message_trace.csv"]
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    lines = data[3:].decode("utf-8").split("\r\n")[:-1]
    assert (
        lines[0] == '"Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageId","MessageTraceId"'
    )
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    rows = list(csv.reader(lines[1:]))
    received = [datetime.strptime(r[0], "%d/%m/%Y %H:%M:%S") for r in rows]
    assert received == sorted(received, reverse=True)
    assert Counter(r[4] for r in rows).most_common(1)[0][0] == "Delivered"
    assert {"Expanded", "Failed", "FilteredAsSpam"} <= {r[4] for r in rows}


def test_summary_report_is_utf16_without_bom_and_does_not_overlap_the_trace(files):
    data = files["message_trace_summary.csv"]
    assert not data.startswith((b"\xff\xfe", b"\xef\xbb\xbf")) and data[1::2][:200].count(0) == 200
    rows = list(csv.reader(io.StringIO(data.decode("utf-16-le"))))
    assert rows[0][:3] == ["origin_timestamp_utc", "sender_address", "recipient_status"]
    assert all("##Receive, " in r[2] for r in rows[1:])
    trace = list(csv.reader(io.StringIO(files["message_trace.csv"].decode("utf-8-sig"))))[1:]
    earliest_trace = min(datetime.strptime(r[0], "%d/%m/%Y %H:%M:%S") for r in trace)
    latest_summary = max(datetime.strptime(r[0][:19], "%Y-%m-%dT%H:%M:%S") for r in rows[1:])
    assert latest_summary < earliest_trace


def test_outlook_csv_is_cp1252_with_bare_empty_fields_and_quoted_line_breaks(files):
    data = files["outlook_calendar_head_of_service.csv"]
    assert b"\x96" in data  # the en dash of "Supervision – Name" / "1:1 – Name" in Windows-1252
    text = data.decode("cp1252")
    assert text.startswith('"Subject","Start Date","Start Time"') and ",," in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows[0]) == 22 and all(len(r) == 22 for r in rows)
    assert any("\r\n" in r[15] and "Microsoft Teams meeting" in r[15] for r in rows[1:])
    assert all(datetime.strptime(r[1] + " " + r[2], "%d/%m/%Y %H:%M:%S") for r in rows[1:])


@pytest.mark.slow
def test_ics_is_folded_outlook_style_and_expands_to_the_simulated_meetings(files):
    data = files["calendar_northbridge.ics"]
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75 and b"\n" not in data.replace(b"\r\n", b"")
    assert b"TZID:GMT Standard Time" in data and b"SUMMARY;LANGUAGE=en-gb:" in data
    assert b"RECURRENCE-ID;TZID=GMT Standard Time:" in data and b"EXDATE;TZID=GMT Standard Time:" in data
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert "ROLE=OPT-PARTICIPANT" in unfolded and "ROLE=REQ-PARTICIPANT" in unfolded and "RRULE:FREQ=WEEKLY;UNTIL=" in unfolded
    calendar = icalendar.Calendar.from_ical(data)
    expanded = Counter()
    for event in recurring_ical_events.of(calendar).between(datetime(2024, 12, 1), datetime(2025, 12, 1)):
        start = event["DTSTART"].dt
        local = start.astimezone(ZoneInfo("Europe/London")).replace(tzinfo=None) if isinstance(start, datetime) else start
        expanded[(str(event["SUMMARY"]), f"{local:%Y%m%d%H%M}")] += 1
    rows = csv.reader(io.StringIO(files["outlook_calendar_head_of_service.csv"].decode("cp1252"), newline=""))
    next(rows)
    in_outlook = Counter((r[0], datetime.strptime(r[1] + r[2], "%d/%m/%Y%H:%M:%S").strftime("%Y%m%d%H%M")) for r in rows)
    assert not in_outlook - expanded  # the head of service's meetings are the same meetings


# -- the loaders read every file -----------------------------------------------------------------


@pytest.mark.slow
def test_every_file_loads_with_its_expected_kind_and_format(written, settings):
    out, paths = written
    dataset, results = load_paths([out], settings)
    found = {r.file: (r.kind, r.format) for r in results}
    for name, expected in EXPECTED.items():
        assert found[name] == expected, name
    assert sum(v == ATTENDANCE for v in found.values()) == 3
    assert [e for r in results for e in r.errors] == []
    assert {"people", "meetings", "attendance", "messages", "volumes", "audits", "feedback", "documents", "responses"} <= set(
        dataset.present()
    )
