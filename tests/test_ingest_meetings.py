"""Meeting loaders: Outlook calendar CSV and Teams attendance reports (all layouts); every meeting fixture, iCalendar ones included."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from diagnostic.ingest import load_file
from diagnostic.ingest.combine import canonical_order, combine
from diagnostic.ingest.formats import meetings_ics, outlook_csv, teams_attendance
from diagnostic.ingest.rawfile import RawFile

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "meetings"

# file -> (format, rows read, meetings, attendance rows, distinct people)
EXPECTED = {
    "outlook_uk.csv": ("outlook_calendar_csv", 14, 13, 39, 7),
    "outlook_us.csv": ("outlook_calendar_csv", 5, 5, 12, 3),
    "teams_current.csv": ("teams_attendance", 11, 1, 5, 5),
    "teams_engagement.csv": ("teams_attendance", 11, 1, 4, 4),
    "teams_2022_lowercase.csv": ("teams_attendance", 6, 1, 3, 3),
    "teams_2021_legacy.csv": ("teams_attendance", 5, 1, 4, 4),
    "teams_2020_list.csv": ("teams_attendance", 9, 1, 4, 4),
    "teams_utf16be.csv": ("teams_attendance", 4, 1, 2, 2),
    "outlook.ics": ("icalendar", 6, 9, 28, 6),
    "google.ics": ("icalendar", 2, 4, 12, 4),
    "busy_only.ics": ("icalendar", 3, 3, 0, 0),
}

# Everything identifying that the fixtures contain: names, address local parts, phone digits, subjects.
IDENTIFIERS = (
    "ann lee",
    "ann.lee",
    "okafor",
    "chlo",
    "martin",
    "patel",
    "walsh",
    "hughes",
    "gary",
    "priya",
    "sam reid",
    "7700",
    "team meeting",
    "strategy",
    "j.s.",
    "home visit",
    "annual leave",
    "core group",
    "reflective",
    "family time",
    "cin review",
    "training day",
    "busy",
)


def load(name: str, settings, as_name: str | None = None):
    return load_file((FIXTURES / name).read_bytes(), as_name or name, settings, strict=True)


def frame_text(frame: pd.DataFrame) -> str:
    """Every cell and the index of a frame as one lower-case string."""
    cells = [str(v) for v in frame.astype("string").to_numpy().ravel()] + [str(i) for i in frame.index]
    return "\n".join(cells).casefold()


def minutes_by_role(result) -> list[tuple[str, float]]:
    att = result.dataset.attendance
    return sorted(zip(att["role"], att["minutes"].round(2)))


# ---------------------------------------------------------------- every fixture


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_loads_with_exact_counts(name, settings):
    fmt, rows, meetings, attendance, people = EXPECTED[name]
    result = load(name, settings)
    assert (result.kind, result.format) == ("meetings", fmt)
    assert result.rows == rows
    assert result.people == people
    tables = result.dataset.present()
    assert tables.get("meetings") == meetings
    assert tables.get("attendance", 0) == attendance
    assert result.errors == []
    m = result.dataset.meetings
    assert str(m["start"].dtype) == "datetime64[us, Europe/London]"
    assert m["meeting_id"].is_unique
    assert (m["end"] >= m["start"]).all()
    assert set(m["source_format"]) == {fmt}
    assert m["kind"].notna().all()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_name_email_or_subject_reaches_the_dataset(name, settings):
    result = load(name, settings)
    text = "\n".join(
        frame_text(getattr(result.dataset, t)) for t in (*result.dataset.present(), "aliases") if getattr(result.dataset, t) is not None
    )
    assert not [word for word in IDENTIFIERS if word in text]
    assert "@" not in text
    assert result.dataset.meetings["subject"].isna().all()
    assert "\n".join(result.warnings + result.errors).casefold().count("okafor") == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_detection_uses_content_not_the_file_name(name, settings):
    result = load(name, settings, as_name="export.txt")
    assert result.format == EXPECTED[name][0]


def test_each_detector_claims_only_its_own_files():
    detectors = {
        "outlook_calendar_csv": outlook_csv.detect,
        "teams_attendance": teams_attendance.detect,
        "icalendar": meetings_ics.detect,
    }
    for name, (fmt, *_rest) in EXPECTED.items():
        raw = RawFile(name, (FIXTURES / name).read_bytes())
        scores = {f: detect(raw) for f, detect in detectors.items()}
        assert scores[fmt] >= 0.9, name
        assert all(score < 0.5 for f, score in scores.items() if f != fmt), (name, scores)


@pytest.mark.slow
def test_opt_ins_keep_subjects_and_names(settings):
    result = load("outlook_uk.csv", replace(settings, show_text=True, show_names=True))
    subjects = result.dataset.meetings["subject"]
    assert "Supervision – Ben Okafor" in set(subjects)  # cp1252 en dash decoded
    assert "Chloé Martin" in set(result.dataset.people["display_name"])


# ---------------------------------------------------------------- Outlook CSV


def test_outlook_uk_meetings(settings):
    result = load("outlook_uk.csv", settings)
    m = result.dataset.meetings
    team = m[m["kind"] == "team_meeting"].sort_values("start")
    assert len(team) == 4
    assert team["is_recurring"].all()
    assert team["series_id"].nunique() == 1
    assert team["series_id"].iloc[0].startswith("s")
    assert team["invitees"].tolist() == [5, 5, 5, 5]
    assert team["start"].iloc[-1] == pd.Timestamp("2025-02-03 10:00", tz="Europe/London")  # day first
    clinic = m[m["kind"] == "performance"]
    assert len(clinic) == 3 and not clinic["is_recurring"].any()  # three dates, but no regular rhythm
    assert clinic["series_id"].isna().all()
    leave = m[m["all_day"]]
    assert len(leave) == 1
    assert leave["end"].iloc[0] - leave["start"].iloc[0] == pd.Timedelta(days=1)
    assert leave["organiser_id"].isna().all() and leave["invitees"].tolist() == [1]
    assert int((m["invitees"] == 1).sum()) == 3  # home visit, annual leave, lunch (free time)
    assert m["direct_work"].sum() == 1  # the home visit
    assert sorted(m["invitees"].tolist()) == [1, 1, 1, 2, 2, 2, 2, 4, 5, 5, 5, 5, 6]


def test_outlook_counts_the_organiser_once_and_keeps_roles(settings):
    result = load("outlook_uk.csv", settings)
    att = result.dataset.attendance
    first = result.dataset.meetings.sort_values("start")
    team_id = first[first["kind"] == "team_meeting"]["meeting_id"].iloc[0]
    assert sorted(att.loc[att["meeting_id"] == team_id, "role"]) == ["optional", "organiser", "required", "required", "required"]
    assert att["attended"].isna().all() and att["minutes"].isna().all()
    assert att.duplicated(["meeting_id", "person_id"]).sum() == 0


def test_outlook_bare_address_is_keyed_on_the_email(settings):
    result = load("outlook_uk.csv", settings)
    domains = set(result.dataset.people["domain"].dropna())
    assert domains == {"northbridge.nhs.example", "northbridge.police.example"}


def test_outlook_bad_row_is_reported_and_skipped(settings):
    result = load("outlook_uk.csv", settings)
    [issue] = result.issues
    assert issue.rows == (14,)
    assert issue.column == "Start Date"
    assert "left out" in issue.message


def test_outlook_us_dates_are_month_first(settings):
    m = load("outlook_us.csv", settings).dataset.meetings.sort_values("start")
    assert m["start"].iloc[0] == pd.Timestamp("2025-01-06 13:00", tz="Europe/London")
    assert m["start"].iloc[-1] == pd.Timestamp("2025-02-03 10:00", tz="Europe/London")
    assert m["is_recurring"].sum() == 3
    assert m["direct_work"].sum() == 1  # court


def test_outlook_rows_with_no_end_or_ending_early_are_skipped(settings):
    header = (FIXTURES / "outlook_us.csv").read_bytes().split(b"\r\n", 1)[0]
    rows = [
        b'"A","15/01/2025","09:00:00","15/01/2025","08:00:00"',
        b'"B","15/01/2025","09:00:00",,',
        b'"C","15/01/2025","09:00:00","15/01/2025","10:00:00"',
    ]
    result = load_file(b"\r\n".join([header, *rows]) + b"\r\n", "cal.csv", settings, strict=True)
    assert len(result.dataset.meetings) == 1
    assert sorted(i.rows for i in result.issues) == [(2,), (3,)]


@pytest.mark.slow
def test_outlook_file_cut_short_keeps_the_rows_before_the_cut(settings):
    data = (FIXTURES / "outlook_us.csv").read_bytes()
    result = load_file(data[:-30], "cal.csv", settings, strict=True)  # ends inside a quoted value
    assert len(result.dataset.meetings) == 5
    assert any("never closed" in w for w in result.warnings)


def test_infer_series_monthly_rhythm():
    starts = pd.Series(
        pd.to_datetime(["2025-01-06 10:00", "2025-02-06 10:00", "2025-03-06 10:00", "2025-03-20 10:00"]).tz_localize("Europe/London")
    )
    subjects = pd.Series(["Panel", "Panel", "Panel", "Other"])
    organisers = pd.Series(["p1", "p1", "p1", "p1"], dtype="string")
    recurring, series = outlook_csv.infer_series(subjects, organisers, starts, "salt")
    assert recurring.tolist() == [True, True, True, False]
    assert series.iloc[0] == series.iloc[2] and pd.isna(series.iloc[3])


# ---------------------------------------------------------------- Teams attendance


def test_teams_minutes_are_recomputed_from_sessions(settings):
    result = load("teams_current.csv", settings)
    # Chloé's two sessions make 38 minutes although the report says 40
    assert minutes_by_role(result) == [
        ("attendee", 30.0),
        ("attendee", 30.0),
        ("attendee", 38.0),
        ("attendee", 56.92),
        ("organiser", 57.43),
    ]
    assert result.dataset.attendance["attended"].all()
    m = result.dataset.meetings.iloc[0]
    assert m["start"] == pd.Timestamp("2025-01-13 10:00:41", tz="Europe/London")
    assert m["end"] == pd.Timestamp("2025-01-13 10:58:07", tz="Europe/London")
    assert m["kind"] == "team_meeting" and m["invitees"] == 5
    assert pd.isna(m["is_recurring"])


@pytest.mark.slow
def test_teams_guest_upn_is_read_back_to_the_address(settings):
    teams = load("teams_current.csv", settings)
    outlook = load("outlook_uk.csv", settings)
    assert set(teams.dataset.people["domain"].dropna()) == {"northbridge.gov.uk", "northbridge.nhs.example", "northbridge.police.example"}
    shared = set(teams.dataset.attendance["person_id"]) & set(outlook.dataset.attendance["person_id"])
    assert len(shared) == 2  # the health and police guests, keyed on their addresses in both files


def test_teams_engagement_layout(settings):
    result = load("teams_engagement.csv", settings)
    m = result.dataset.meetings.iloc[0]
    assert m["kind"] == "case"  # the quoted two-line title "Strategy discussion (multi-agency)"
    # Fay's overlapping sessions (two devices) count once: 43 minutes, not 53
    assert minutes_by_role(result) == [
        ("attendee", 30.0),
        ("attendee", 43.0),
        ("attendee", 45.67),
        ("organiser", 46.47),
    ]
    assert result.dataset.people["domain"].isna().sum() == 1  # the unverified guest; the phone caller is not a person


def test_teams_2022_lower_case_headers(settings):
    result = load("teams_2022_lowercase.csv", settings)
    assert result.dataset.meetings["start"].iloc[0] == pd.Timestamp("2022-11-15 09:30:17", tz="Europe/London")
    assert minutes_by_role(result) == [("attendee", 30.0), ("attendee", 59.0), ("organiser", 59.72)]


def test_teams_2021_merges_rejoins(settings):
    result = load("teams_2021_legacy.csv", settings)
    assert minutes_by_role(result) == [("attendee", 57.0), ("attendee", 85.17), ("attendee", 88.0), ("organiser", 91.08)]
    m = result.dataset.meetings.iloc[0]
    assert m["kind"] == "group_supervision"
    assert m["start"] == pd.Timestamp("2021-10-12 14:00:05", tz="Europe/London")  # ambiguous date: UK day first


def test_teams_ambiguous_dates_follow_the_day_month_setting(settings):
    result = load("teams_2021_legacy.csv", replace(settings, dayfirst=False))
    assert result.dataset.meetings["start"].iloc[0] == pd.Timestamp("2021-12-10 14:00:05", tz="Europe/London")


def test_teams_2020_list_pairs_joins_and_leaves(settings):
    result = load("teams_2020_list.csv", settings)
    # Ben left and re-joined and never left again: 19 min + 34 min 52 s to the last event
    assert minutes_by_role(result) == [("attendee", 30.0), ("attendee", 50.0), ("attendee", 53.87), ("attendee", 60.0)]
    m = result.dataset.meetings.iloc[0]
    assert pd.isna(m["organiser_id"]) and m["kind"] == "other"
    assert m["end"] - m["start"] == pd.Timedelta(hours=1)


def test_teams_utf16_big_endian(settings):
    result = load("teams_utf16be.csv", settings)
    assert result.dataset.meetings["kind"].iloc[0] == "supervision"
    assert minutes_by_role(result) == [("attendee", 88.98), ("organiser", 89.93)]


def test_teams_report_saved_from_excel_as_xlsx(settings):
    import openpyxl

    text = RawFile("r.csv", (FIXTURES / "teams_current.csv").read_bytes()).text
    book = openpyxl.Workbook()
    for line in text.splitlines():
        book.active.append(line.split("\t"))
    buffer = io.BytesIO()
    book.save(buffer)
    result = load_file(buffer.getvalue(), "report.xlsx", settings, strict=True)
    assert result.format == "teams_attendance"
    assert result.dataset.present() == {"people": 5, "meetings": 1, "attendance": 5}


def test_teams_and_outlook_see_the_same_meeting_once(settings):
    outlook = load("outlook_uk.csv", settings)
    teams = load("teams_current.csv", settings)
    combined = combine([outlook.dataset, teams.dataset], settings)
    assert len(combined.meetings) == 13  # Teams' "Team meeting" on 13 January is the Outlook one


def test_teams_report_without_participants_is_an_error(settings):
    data = "1. Summary\r\nMeeting title\tX\r\n".encode("utf-16")
    result = load_file(data, "report.csv", settings, strict=True)
    assert result.errors and "participants" in result.errors[0]


# ---------------------------------------------------------------- property tests: only InputError, never a crash

FIXTURE_BYTES = {name: (FIXTURES / name).read_bytes() for name in EXPECTED}
PROPERTY_SETTINGS = hyp_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data, settings):
    load_file(data, "anything.csv", settings, strict=True)


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(
    name=st.sampled_from(sorted(EXPECTED)),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.binary(max_size=12)), min_size=1, max_size=6),
)
def test_mutated_bytes_never_crash(name, cuts, settings):
    data = bytearray(FIXTURE_BYTES[name])
    for where, length, insert in cuts:
        at = int(where * len(data))
        data[at : at + length] = insert
    load_file(bytes(data), name, settings, strict=True)


LINE_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(
    name=st.sampled_from(sorted(EXPECTED)),
    edits=st.lists(st.tuples(st.sampled_from(["drop", "repeat", "replace", "cell"]), st.floats(0, 1), LINE_TEXT), min_size=1, max_size=6),
)
def test_mutated_lines_never_crash(name, edits, settings):
    raw = RawFile(name, FIXTURE_BYTES[name])
    codec, bom = raw.encoding
    lines = raw.text.split("\n")
    for action, where, text in edits:
        i = min(int(where * len(lines)), len(lines) - 1)
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "replace":
            lines[i] = text
        else:
            sep = "\t" if "\t" in lines[i] else "," if "," in lines[i] else ":"
            cells = lines[i].split(sep)
            cells[min(int(where * len(cells)), len(cells) - 1)] = text
            lines[i] = sep.join(cells)
        if not lines:
            lines = [""]
    data = FIXTURE_BYTES[name][:bom] + "\n".join(lines).encode(codec, errors="replace")
    load_file(data, name, settings, strict=True)


# ---------------------------------------------------------------- row order decides nothing

TIED_REPORT = (
    "1. Summary\r\nMeeting title\tCase review\r\nStart time\t13/01/25, 10:00:00\r\nEnd time\t13/01/25, 11:00:00\r\n\r\n"
    "2. Participants\r\nName\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\r\n"
    "Ann Lee\t13/01/25, 10:00:00\t13/01/25, 11:00:00\t60m\tann.lee@northbridge.gov.uk\tann.lee@northbridge.gov.uk\tOrganizer\r\n"
    "Ben Okafor\t13/01/25, 10:00:00\t13/01/25, 11:00:00\t60m\tben.okafor@northbridge.gov.uk\tben.okafor@northbridge.gov.uk\tOrganizer\r\n"
    "Sam Reid\t13/01/25, 10:05:00\t13/01/25, 10:45:00\t40m\tsam.reid@northbridge.gov.uk\tsam.reid@northbridge.gov.uk\tAttendee\r\n"
    "Sam Reid\t13/01/25, 10:10:00\t13/01/25, 10:30:00\t20m\tsam.reid2@northbridge.nhs.example\tsam.reid2@northbridge.nhs.example\tPresenter\r\n"
    "\r\n3. In-Meeting Activities\r\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\r\n"
    "Ann Lee\t13/01/25, 10:00:00\t13/01/25, 11:00:00\t60m\tann.lee@northbridge.gov.uk\tOrganizer\r\n"
    "Ben Okafor\t13/01/25, 10:00:00\t13/01/25, 11:00:00\t60m\tben.okafor@northbridge.gov.uk\tOrganizer\r\n"
    "Sam Reid\t13/01/25, 10:05:00\t13/01/25, 10:45:00\t40m\t\tAttendee\r\n"
    "Sam Reid\t13/01/25, 10:10:00\t13/01/25, 10:30:00\t20m\t\tPresenter\r\n"
)
TIED_EVENTS = (
    "Full Name\tUser Action\tTimestamp\r\n"
    "Ann Lee\tJoined\t03/11/2020, 10:00:02\r\n"
    "Ben Okafor\tJoined\t03/11/2020, 10:01:10\r\n"
    "Ben Okafor\tLeft\t03/11/2020, 10:01:10\r\n"
    "Ben Okafor\tJoined\t03/11/2020, 10:20:00\r\n"
    "ann lee\tLeft\t03/11/2020, 10:30:00\r\n"
    "Ann Lee\tJoined\t03/11/2020, 10:30:00\r\n"
    "Ann Lee\tLeft\t03/11/2020, 11:00:02\r\n"
)
SHUFFLED_REPORTS = {
    **{name: FIXTURE_BYTES[name] for name in EXPECTED if name.startswith("teams_")},
    "tied_current.csv": b"\xff\xfe" + TIED_REPORT.encode("utf-16-le"),
    "tied_2020.csv": b"\xff\xfe" + TIED_EVENTS.encode("utf-16-le"),
}


def shuffle_table_rows(name: str, data: bytes, rng) -> bytes:
    """The report with the data rows of each of its tables shuffled; preamble, headings and headers stay put."""
    raw = RawFile(name, data)
    codec, bom = raw.encoding
    lines = raw.text.split("\n")
    i = 0
    while i < len(lines):
        if teams_attendance._is_table_header(lines[i].rstrip("\r").split("\t")):
            j = i + 1
            while j < len(lines) and lines[j].strip() and not teams_attendance._is_heading(lines[j].rstrip("\r").split("\t")):
                j += 1
            block = lines[i + 1 : j]
            rng.shuffle(block)
            lines[i + 1 : j] = block
            i = j
        i += 1
    return data[:bom] + "\n".join(lines).encode(codec)


def canonical_tables(result) -> dict[str, pd.DataFrame]:
    """Every table of a load, aliases included, in the order the combine step gives them."""
    names = [*result.dataset.present(), "aliases"]
    return {
        name: canonical_order(name, getattr(result.dataset, name)).reset_index(drop=True)
        for name in names
        if getattr(result.dataset, name) is not None
    }


@pytest.mark.slow
@hyp_settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(SHUFFLED_REPORTS)), rng=st.randoms(use_true_random=False))
def test_teams_report_rows_in_any_order_give_the_same_tables(name, rng, settings):
    data = SHUFFLED_REPORTS[name]
    expected = canonical_tables(load_file(data, name, settings, strict=True))
    shuffled = canonical_tables(load_file(shuffle_table_rows(name, data, rng), name, settings, strict=True))
    assert shuffled.keys() == expected.keys()
    for table, frame in expected.items():
        pd.testing.assert_frame_equal(shuffled[table], frame, obj=table)


def test_teams_ties_are_settled_by_values(settings):
    result = load_file(SHUFFLED_REPORTS["tied_current.csv"], "tied_current.csv", settings, strict=True)
    meeting, att = result.dataset.meetings.iloc[0], result.dataset.attendance
    organisers = sorted(att.loc[att["role"] == "organiser", "person_id"])
    assert meeting["organiser_id"] == organisers[0]  # two organisers: the lower pseudonym leads
    # both email-less "Sam Reid" activity rows go to one of the two addresses (the lower), whatever the order
    assert sorted(att["minutes"].dropna()) == [40.0, 60.0, 60.0]
    assert att["minutes"].isna().sum() == 1
    events = load_file(SHUFFLED_REPORTS["tied_2020.csv"], "tied_2020.csv", settings, strict=True).dataset.attendance
    # a join and a leave at one instant: the join first, so Ben's fleeting visit is no time, then he is back from 10:20
    assert sorted(events["minutes"].round(2)) == [40.03, 60.0]
