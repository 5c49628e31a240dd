"""Microsoft 365 usage reports and Exchange message traces: detection, tables, counts, privacy."""

from __future__ import annotations

import contextlib
import io
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from diagnostic.dataset import DATETIME, Dataset
from diagnostic.errors import InputError
from diagnostic.ingest import load_file
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.combine import canonical_order
from diagnostic.ingest.formats import m365_reports, message_trace
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.trace.dates import time_format
from diagnostic.ingest.trace.rows import hex_ids, mix64
from diagnostic.privacy import pseudonym
from diagnostic.settings import Settings
from tests.strategies import damaged_fixture

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "email"
SALT = "test-salt-0123456789"
SETTINGS = Settings(salt=SALT)
ANN = pseudonym("email:ann.lee@northbridge.gov.uk", SALT)
BILAL = pseudonym("email:bilal.khan@northbridge.gov.uk", SALT)
CARYS = pseudonym("email:carys.evans@northbridge.gov.uk", SALT)
DEEPA = pseudonym("email:deepa.patel@northbridge.gov.uk", SALT)
EMEKA = pseudonym("email:emeka.obi@northbridge.gov.uk", SALT)
NHS = pseudonym("email:j.smith@northbridge.nhs.example", SALT)
NAMES = ("Ann Lee", "Bilal Khan", "Duty Team", "Case update", "Supervision notes")

EXPECTED = [
    # file, format, kind, tables, rows read, people
    ("trace_powershell_gb.csv", "message_trace_powershell", "email", {"people": 8, "messages": 9}, 15, 8),
    ("trace_powershell_us.csv", "message_trace_powershell", "email", {"people": 8, "messages": 9}, 15, 8),
    ("trace_powershell_v1.csv", "message_trace_powershell", "email", {"people": 8, "messages": 9}, 15, 8),
    ("trace_summary.csv", "message_trace_summary", "email", {"people": 8, "messages": 6}, 4, 8),
    ("trace_detail.csv", "message_trace_detail", "email", {"people": 6, "messages": 4}, 9, 6),
    ("email_activity.csv", "m365_email_activity", "email", {"people": 6, "volumes": 6}, 8, 6),
    ("email_activity_concealed.csv", "m365_email_activity", "email", {"people": 5, "volumes": 5}, 5, 5),
    ("teams_activity.csv", "m365_teams_activity", "collaboration", {"people": 5, "volumes": 5}, 6, 5),
    ("teams_activity_old_concealed.csv", "m365_teams_activity", "collaboration", {"people": 5, "volumes": 5}, 6, 5),
]


def load(name: str, settings: Settings = SETTINGS, data: bytes | None = None):
    data = (FIXTURES / name).read_bytes() if data is None else data
    return load_file(data, name, settings, strict=True)


def strings_in(dataset: Dataset) -> list[str]:
    """Every text value in every table of the dataset."""
    out = []
    for f in fields(dataset):
        frame = getattr(dataset, f.name)
        if frame is None:
            continue
        for column in frame.columns:
            if frame[column].dtype == "string":
                out.extend(frame[column].dropna().tolist())
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("name", "fmt", "kind", "tables", "rows", "people"), EXPECTED)
def test_each_fixture_loads_with_its_format_tables_and_counts(name, fmt, kind, tables, rows, people):
    result = load(name)
    assert (result.format, result.kind) == (fmt, kind)
    assert result.dataset.present() == tables
    assert (result.rows, result.people) == (rows, people)
    assert result.errors == []


@pytest.mark.slow
@pytest.mark.parametrize("name", [e[0] for e in EXPECTED])
def test_no_address_name_or_subject_reaches_the_dataset(name):
    values = strings_in(load(name).dataset)
    assert values, "the dataset should hold pseudonyms at least"
    assert not [v for v in values if "@" in v]
    assert not [v for v in values if any(n.casefold() in v.casefold() for n in NAMES)]


def test_powershell_trace_rows_times_and_recipient_counts():
    m = load("trace_powershell_gb.csv").dataset.messages
    assert str(m["sent_at"].dtype) == DATETIME
    assert m["recipient_type"].isna().all()
    first = m[m["sent_at"] == pd.Timestamp("2025-01-14 09:12:44", tz="Europe/London")]
    assert sorted(first["recipient_id"]) == sorted([BILAL, CARYS])
    assert set(first["sender_id"]) == {ANN} and set(first["n_recipients"]) == {2}
    listed = m[m["sent_at"] == pd.Timestamp("2025-01-15 13:30:00", tz="Europe/London")]
    assert sorted(listed["recipient_id"]) == sorted([DEEPA, EMEKA])  # the list itself is left out
    assert set(listed["n_recipients"]) == {2}
    assert m["message_id"].nunique() == 7
    assert m["message_id"].str.fullmatch(r"m[0-9a-f]{16}").all()
    assert (m["sender_id"] == ANN).sum() == 5  # the upper-case "Ann.Lee@Northbridge.gov.uk" is the same person


def test_powershell_trace_says_what_it_left_out():
    warnings = load("trace_powershell_gb.csv").warnings
    assert any("3 recipients were not reached" in w for w in warnings)
    assert any("1 recipient is a distribution list, not a person" in w for w in warnings)
    assert any("row 16" in w and "1 row has a date and time that could not be read" in w for w in warnings)
    assert any("1 row repeats a recipient" in w for w in warnings)


def test_gb_us_and_v1_exports_of_one_trace_give_the_same_messages():
    frames = [
        load(n).dataset.messages.sort_values(["message_id", "recipient_id"]).reset_index(drop=True)
        for n in ("trace_powershell_gb.csv", "trace_powershell_us.csv", "trace_powershell_v1.csv")
    ]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    pd.testing.assert_frame_equal(frames[0], frames[2])


def test_partner_domains_are_recorded_for_organisation():
    people = load("trace_powershell_gb.csv").dataset.people
    assert {"northbridge.gov.uk", "northbridge.nhs.example", "oakfield.school.example"} == set(people["domain"])
    assert people["display_name"].isna().all()


def test_summary_report_unpacks_recipients_and_keeps_seven_digit_times():
    m = load("trace_summary.csv").dataset.messages
    first = m[m["sender_id"] == ANN]
    assert sorted(first["recipient_id"]) == sorted([BILAL, NHS])  # Deliver and Send (left the organisation)
    assert first["sent_at"].iloc[0] == pd.Timestamp("2025-01-14 10:00:09.328489", tz="Europe/London")
    quoted = m[m["sender_id"] == BILAL]
    assert list(quoted["recipient_id"]) == [ANN]  # "Ann Lee<ann.lee"@northbridge.gov.uk is Ann
    assert set(m[m["sender_id"] == CARYS]["n_recipients"]) == {2}


def test_extended_report_keeps_deliveries_and_falls_back_to_receive():
    result = load("trace_detail.csv")
    m = result.dataset.messages
    d1 = m[m["sender_id"] == ANN]
    assert sorted(d1["recipient_id"]) == sorted([BILAL, CARYS])
    assert set(d1["sent_at"]) == {pd.Timestamp("2025-01-14 09:00:00.123456", tz="Europe/London")}  # the earliest event
    fatima = pseudonym("email:fatima.hussain@northbridge.gov.uk", SALT)
    assert list(m.loc[m["sender_id"] == fatima, "recipient_id"]) == [ANN]  # DELIVER named nobody: RECEIVE did
    assert any("1 message has no delivery event" in w for w in result.warnings)


def test_email_activity_volumes_periods_and_skipped_accounts():
    result = load("email_activity.csv")
    v = result.dataset.volumes.set_index("person_id")
    assert (v.loc[ANN, "emails_sent"], v.loc[ANN, "emails_received"], v.loc[ANN, "emails_read"]) == (210, 1650, 1400)
    assert v.loc[ANN, "period_start"] == pd.Timestamp("2025-01-02", tz="Europe/London")
    assert v.loc[ANN, "period_end"] == pd.Timestamp("2025-02-01", tz="Europe/London")
    assert v["meetings"].isna().all()
    assert set(v["source_format"]) == {"m365_email_activity"}
    assert any("1 deleted account was left out" in w for w in result.warnings)
    assert any("1 mailbox with no licence" in w for w in result.warnings)


def test_concealed_report_is_keyed_on_codes_and_says_so_once():
    result = load("email_activity_concealed.csv")
    concealed = [w for w in result.warnings if "concealed" in w]
    assert len(concealed) == 1 and "Display concealed user, group, and site names in all reports" in concealed[0]
    assert result.dataset.people["domain"].isna().all()
    assert pseudonym("name:5535b4d580981b19ad1942c38063507f", SALT) in set(result.dataset.volumes["person_id"])


def test_teams_activity_chats_are_team_plus_private_and_meetings_counted():
    v = load("teams_activity.csv").dataset.volumes.set_index("person_id")
    assert v.loc[ANN, "chats_sent"] == 12 + 140
    assert v.loc[ANN, "meetings"] == 9
    assert v.loc[ANN, "period_end"] - v.loc[ANN, "period_start"] == pd.Timedelta(days=7)
    assert v["emails_sent"].isna().all()


def test_old_teams_layout_without_newer_columns_still_loads():
    result = load("teams_activity_old_concealed.csv")
    assert result.dataset.volumes["chats_sent"].notna().all()
    assert any("concealed" in w for w in result.warnings)


def test_show_names_keeps_display_names_only_on_opt_in():
    people = load("email_activity.csv", replace(SETTINGS, show_names=True)).dataset.people
    assert "Ann Lee" in set(people["display_name"])


POWERSHELL_HEAD = '"Received","SenderAddress","RecipientAddress","Subject","Status","MessageId"\r\n'


def trace(*rows: str) -> bytes:
    return (POWERSHELL_HEAD + "".join(r + "\r\n" for r in rows)).encode("utf-8")


def test_short_rows_are_skipped_with_a_warning_and_quoted_line_breaks_are_kept():
    data = trace(
        '"14/01/2025 09:00:00","ann.lee@northbridge.gov.uk","bilal.khan@northbridge.gov.uk","Two\r\nlines","Delivered","<a@x>"',
        '"14/01/2025 09:05:00","ann.lee@northbridge.gov.uk"',
        '"14/01/2025 09:10:00","bilal.khan@northbridge.gov.uk","ann.lee@northbridge.gov.uk","Reply","Delivered","<b@x>"',
    )
    result = load("short.csv", data=data)
    assert len(result.dataset.messages) == 2
    assert any("1 row does not have the same number of cells as the header" in w for w in result.warnings)


def test_bytes_that_are_not_utf8_are_replaced_not_fatal():
    good = '"14/01/2025 09:00:00","ann.lee@northbridge.gov.uk","bilal.khan@northbridge.gov.uk","Caf\u00e9","Delivered","<a@x>"'
    data = (
        b"\xef\xbb\xbf"
        + trace(good)
        + b'"14/01/2025 09:01:00","ann.lee@northbridge.gov.uk","carys.evans@northbridge.gov.uk","Hi","Deliver\xe9d","<b@x>"\r\n'
    )
    result = load("mixed.csv", data=data)
    assert len(result.dataset.messages) == 2
    assert any("not valid text" in w for w in result.warnings)


def test_a_trace_saved_as_a_spreadsheet_loads_the_same_way():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Received", "SenderAddress", "RecipientAddress", "Subject", "Status", "MessageId"])
    sheet.append(["14/01/2025 09:00:00", "ann.lee@northbridge.gov.uk", "bilal.khan@northbridge.gov.uk", "Hello", "Delivered", "<a@x>"])
    sheet.append(["14/01/2025 09:00:00", "ann.lee@northbridge.gov.uk", "gone@northbridge.gov.uk", "Hello", "Failed", "<a@x>"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = load("trace.xlsx", data=buffer.getvalue())
    assert result.format == "message_trace_powershell"
    assert list(result.dataset.messages["recipient_id"]) == [BILAL]


@pytest.mark.parametrize(
    ("sample", "days", "expected"),
    [
        (["14/01/2025 09:12:44"], ["14/01/2025"], "%d/%m/%Y %H:%M:%S"),
        (["1/14/2025 9:12:44 AM"], ["1/14/2025 "], "%m/%d/%Y %I:%M:%S %p"),
        (["03/01/2025 09:12"], ["03/01/2025", "04/01/2025"], "%d/%m/%Y %H:%M"),  # ambiguous: UK default
        (["14.01.25 09:12:44"], ["14.01.25 0"], "%d.%m.%y %H:%M:%S"),
        (["2025-01-14T09:12:44.1234567Z"], ["2025-01-14"], None),
    ],
)
def test_time_format_is_decided_once_per_file(sample, days, expected):
    assert time_format(sample, days, default_dayfirst=True) == expected


def test_hex_ids_and_mix_are_exact():
    values = np.array([0, 1, 2**64 - 1], dtype=np.uint64)
    assert hex_ids(values, "m").to_pylist() == ["m0000000000000000", "m0000000000000001", "mffffffffffffffff"]
    mixed = mix64(np.arange(10_000, dtype=np.uint64))
    assert len(np.unique(mixed)) == 10_000  # a bijection: no two ids collide


# ---- robustness: only InputError, whatever the bytes -------------------------------------------

FORMATS = {f.id: f for f in (*message_trace.FORMATS, *m365_reports.FORMATS)}
FIXTURE_FOR = {
    "message_trace_powershell": "trace_powershell_gb.csv",
    "message_trace_summary": "trace_summary.csv",
    "message_trace_detail": "trace_detail.csv",
    "m365_email_activity": "email_activity.csv",
    "m365_teams_activity": "teams_activity.csv",
}


@pytest.mark.slow
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_fixture(FIXTURES, FIXTURE_FOR))
def test_mutated_exports_only_ever_raise_input_error(case):
    fmt, data = case
    with contextlib.suppress(InputError):
        FORMATS[fmt].parse(RawFile(name="x.csv", data=data), LoadContext(file="x.csv", settings=SETTINGS))
    result = load_file(data, "x.csv", SETTINGS, strict=True)
    assert all("@" not in v for v in strings_in(result.dataset))


@pytest.mark.slow
@hypothesis_settings(max_examples=30, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_through_load_file(data):
    load_file(data, "x.csv", SETTINGS, strict=True)
    for fmt in FORMATS.values():
        with contextlib.suppress(InputError):
            fmt.parse(RawFile(name="x.csv", data=data), LoadContext(file="x.csv", settings=SETTINGS))


TRACE_HEADER = '"Received","SenderAddress","RecipientAddress","Subject","Status","MessageId"'


def test_trace_leaves_out_mail_from_system_senders_and_to_shared_mailboxes():
    """A no-reply notice is nobody's email; a message to a shared mailbox or an unexpanded list
    reached no person, though its other recipients still count."""
    rows = [
        '"14/01/2025 09:00:00","noreply@northbridge.gov.uk","ann.lee@northbridge.gov.uk","Your password","Delivered","<1@x>"',
        '"14/01/2025 10:00:00","ann.lee@northbridge.gov.uk","bilal.khan@northbridge.gov.uk","Case update","Delivered","<2@x>"',
        '"14/01/2025 10:00:00","ann.lee@northbridge.gov.uk","enquiries@northbridge.gov.uk","Case update","Delivered","<2@x>"',
        '"14/01/2025 11:00:00","MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@northbridge.gov.uk","carys.evans@northbridge.gov.uk",'
        '"Undeliverable","Delivered","<3@x>"',
        '"14/01/2025 12:00:00","carys.evans@northbridge.gov.uk","ann.lee@northbridge.gov.uk","Re: Case update","Delivered","<4@x>"',
    ]
    result = load("trace.csv", data="\n".join((TRACE_HEADER, *rows)).encode())
    m = result.dataset.messages
    assert m[["sender_id", "recipient_id", "n_recipients"]].values.tolist() == [[ANN, BILAL, 1], [CARYS, ANN, 1]]
    assert set(result.dataset.people["person_id"]) == {ANN, BILAL, CARYS}
    assert result.warnings == [
        "trace.csv: 3 entries in this file are not people (3 shared or system mailboxes), so they were left out and not counted "
        "as staff or partners. The 3 rows sent to or from them were not counted."
    ]


def test_m365_reports_leave_out_shared_mailboxes_and_rooms_listed_by_name():
    header = (FIXTURES / "email_activity.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    licensed = "OFFICE 365 E5"
    rows = [
        f"2025-01-31,ann.lee@northbridge.gov.uk,Ann Lee,False,,2025-01-31,210,1650,1400,4,22,{licensed},30",
        f"2025-01-31,duty.team@northbridge.gov.uk,Duty Team Shared Mailbox,False,,2025-01-31,95,1320,1200,4,22,{licensed},30",
        f"2025-01-31,cr1@northbridge.gov.uk,Conference room 1,False,,2025-01-31,0,40,0,0,0,{licensed},30",
        f"2025-01-31,noreply@northbridge.gov.uk,Northbridge notices,False,,2025-01-31,900,0,0,0,0,{licensed},30",
    ]
    result = load("email_activity.csv", data="\n".join((header, *rows)).encode())
    assert result.dataset.volumes["person_id"].tolist() == [ANN]
    assert any("3 entries in this file are not people (1 room, 2 shared or system mailboxes)" in w for w in result.warnings)


# ---------------------------------------------------------------- every row decides, in any order

ACTIVITY_HEADER = "Report Refresh Date,User Principal Name,Is Deleted,Last Activity Date,Send Count,Receive Count,Read Count,Assigned Products,Report Period\n"


def test_report_rows_after_the_first_two_thousand_decide_day_or_month_first():
    early = [f"05/01/2025,user{i}@northbridge.gov.uk,False,05/01/2025,1,2,3,OFFICE 365 E5,7\n" for i in range(2001)]
    late = "05/01/2025,late@northbridge.gov.uk,False,04/13/2025,1,2,3,OFFICE 365 E5,7\n"
    result = load_file((ACTIVITY_HEADER + "".join(early) + late).encode(), "EmailActivityUserDetail.csv", SETTINGS, strict=True)
    ends = result.dataset.volumes["period_end"].unique()
    assert list(ends) == [pd.Timestamp("2025-05-02", tz="Europe/London")]  # refreshed on 1 May, read month first


@hypothesis_settings(max_examples=4, deadline=None)
@given(
    name=st.sampled_from(["trace_powershell_gb.csv", "trace_powershell_us.csv", "email_activity.csv"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_rows_in_any_order_give_the_same_tables(name, seed):
    """UTF-8 traces and reports with their data rows shuffled (the header stays first)."""
    data = (FIXTURES / name).read_bytes()
    header, *rows = [line for line in data.split(b"\n") if line.strip()]
    shuffled = b"\n".join([header, *(rows[i] for i in np.random.default_rng(seed).permutation(len(rows)))]) + b"\n"
    first, again = (load_file(d, name, SETTINGS, strict=True).dataset for d in (data, shuffled))
    for f in fields(first):
        a, b = getattr(first, f.name), getattr(again, f.name)
        assert (a is None) == (b is None)
        if a is not None:
            pd.testing.assert_frame_equal(
                canonical_order(f.name, b).reset_index(drop=True), canonical_order(f.name, a).reset_index(drop=True), obj=f.name
            )


def test_a_detail_trace_whose_recipients_are_all_blank_says_why_instead_of_failing(settings):
    """Every recipient cell empty (a cut or hand-edited file): the column holds no text at all."""
    text = (FIXTURES / "trace_detail.csv").read_bytes().decode("utf-16")
    lines = text.splitlines()
    header = lines[0].split(",")
    at = header.index("recipient_address")
    blanked = [lines[0]] + [",".join(c if i != at else "" for i, c in enumerate(line.split(","))) for line in lines[1:] if line]
    result = load_file("\r\n".join(blanked).encode("utf-16"), "trace_detail.csv", settings, strict=True)
    assert "unexpected problem" not in " ".join(str(i) for i in result.issues)
