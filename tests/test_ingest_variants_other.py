"""Outlook calendar CSVs from other locales, Microsoft 365 reports of the wrong kind, and the
messages for files we cannot read (fixtures from tests/fixture_builders/variants.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from diagnostic.ingest import column_letter, load_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "variants"
LONDON = "Europe/London"
OUTLOOK = ["outlook_dotted_dates.csv", "outlook_german.csv", "outlook_french.csv"]
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception|ZipFile)\b")


def load(name: str, settings):
    return load_file((FIXTURES / name).read_bytes(), name, settings, strict=True)


@pytest.mark.parametrize("name", OUTLOOK)
def test_an_outlook_export_from_another_locale(name, settings):
    result = load(name, settings)
    assert result.format == "outlook_calendar_csv" and not result.errors
    meetings = result.dataset.meetings.sort_values("start").reset_index(drop=True)
    # D.M.YYYY dates: 7.11.2023 is the 7th of November
    assert meetings["start"].tolist() == [
        pd.Timestamp(t, tz=LONDON)
        for t in ("2023-11-07 09:30", "2023-11-08 14:00", "2023-11-09 11:00", "2023-11-14 09:30", "2023-11-20 00:00")
    ]
    # the practice week runs midnight to midnight though marked False: read as all-day, and said
    assert meetings["all_day"].tolist() == [False, False, False, False, True]
    warnings = " ".join(result.warnings)
    assert "1 event runs from midnight to midnight" in warnings
    # "DL - Children's Services North" and "All Staff (North)" are lists, not people
    assert "2 attendee entries name a distribution list" in warnings
    assert result.people == 5  # Ann, Ben, Chloé, Dev and the NHS partner
    # only the supervision names an organiser
    assert meetings["organiser_id"].notna().sum() == 1
    assert "4 of 5 meetings have no organiser" in warnings
    # people by display name: the three at each team meeting
    attendance = result.dataset.attendance
    assert attendance.groupby("meeting_id").size().sort_values().tolist() == [2, 3, 3, 3]


def test_the_three_locales_give_the_same_tables(settings):
    first, *others = (load(name, settings).dataset for name in OUTLOOK)
    for other in others:
        for table in ("meetings", "attendance", "people"):
            pd.testing.assert_frame_equal(getattr(first, table), getattr(other, table))


def test_multi_line_descriptions_inside_quotes_stay_in_their_row(settings):
    result = load("outlook_dotted_dates.csv", settings)
    assert result.rows == 5


@pytest.mark.parametrize(
    ("name", "report"),
    [
        ("TeamsUserActivityCounts.csv", "Microsoft Teams user activity"),
        ("TeamsUserActivityUserCounts.csv", "Microsoft Teams user activity"),
        ("EmailActivityCounts.csv", "Email activity"),
        ("TeamsDeviceUsageUserCounts.csv", "Microsoft Teams user activity"),
    ],
)
def test_a_microsoft_365_report_of_the_wrong_kind_says_which_to_export_and_where(name, report, settings):
    result = load(name, settings)
    assert not result.usable
    [error] = result.errors
    assert "whole organisation" in error
    assert f"“User details” table of the {report} report" in error
    assert f"Microsoft 365 admin centre > Reports > Usage > {report} > User details > Export" in error


def test_a_repeated_header_is_named_with_its_columns(settings):
    data = b"Reference,Date,Notes,Date,Owner,Notes\r\nA1,01/02/2025,x,02/02/2025,y,z\r\n"
    [error] = load_file(data, "tracker.csv", settings).errors
    assert "2 column headers are used more than once" in error
    assert "“Date” in columns B and D" in error
    assert "“Notes” in columns C and F" in error


def test_column_letters_are_excel_s():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 255, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "IV", "ZZ", "AAA"
    ]  # fmt: skip


def test_no_message_shows_an_exception_class_name(settings):
    broken_zip = b"PK\x03\x04" + b"\x00" * 200
    nothing_like_a_calendar = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VCALENDAR\r\n"
    for name, data in (("book.xlsx", broken_zip), ("calendar.ics", nothing_like_a_calendar)):
        result = load_file(data, name, settings)
        for issue in result.errors + result.warnings:
            assert not CLASS_NAME.search(issue), issue
    [error] = load_file(broken_zip, "book.xlsx", settings).errors
    assert error == "book.xlsx: this looks like an Excel file but cannot be opened. Open it in Excel and save it again as .xlsx or .csv."


def test_a_first_row_of_data_is_never_quoted_when_it_repeats(settings):
    data = b"ann.lee@northbridge.gov.uk,Ann Lee,Ann Lee,14/01/2025\r\nben.okafor@northbridge.gov.uk,Ben Okafor,Ben Okafor,15/01/2025\r\n"
    [error] = load_file(data, "list.csv", settings).errors
    assert "one in columns B and C" in error
    assert "ann" not in error.removeprefix("list.csv").casefold()


def test_a_guest_in_a_usage_report_is_keyed_on_their_own_address(settings):
    header = "Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Last Activity Date,Send Count,Receive Count,Read Count,Meeting Created Count,Meeting Interacted Count,Assigned Products,Report Period"
    row = "2025-01-31,sam.reid_northbridge.nhs.example#EXT#@northbridgegov.onmicrosoft.com,Sam Reid,False,,2025-01-30,4,9,9,0,1,OFFICE 365 E3+POWER BI (FREE),30"
    result = load_file(f"{header}\r\n{row}\r\n".encode(), "EmailActivityUserDetail.csv", settings, strict=True)
    assert result.format == "m365_email_activity"
    assert result.dataset.people["domain"].tolist() == ["northbridge.nhs.example"]
