"""Dates decided per file, durations as Teams writes them, working days with bank holidays."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from diagnostic.dates import decide_dayfirst, is_working_time, parse_datetimes, parse_duration_minutes, working_days_between


def test_day_month_order_is_decided_once_per_column():
    assert decide_dayfirst(["01/02/2025", "13/02/2025"]) is True
    assert decide_dayfirst(["01/02/2025", "02/13/2025"]) is False
    assert decide_dayfirst(["01/02/2025"], default=False) is False
    assert decide_dayfirst(["2025-01-02"], default=True) is True


def test_uk_and_us_files_parse_to_the_same_instant():
    uk = parse_datetimes(pd.Series(["14/01/25, 10:00:41", "03/02/25, 09:00:00"]))
    us = parse_datetimes(pd.Series(["1/14/2025 10:00:41 AM", "2/3/2025 9:00:00 AM"]))
    assert uk.tolist() == us.tolist()
    assert str(uk.dt.tz) == "Europe/London"


@pytest.mark.parametrize("dayfirst", [True, False, None])
@pytest.mark.parametrize(
    "text",
    ["2025/3/4 10:00:00", "2025/03/04 10:00", "2025.3.4 10:00", "2025. 3. 4. 10:00", "2025-3-4 10:00"],
)
def test_a_date_led_by_its_year_is_year_month_day_in_any_column(text, dayfirst):
    """Japanese, Chinese, Korean and Hungarian settings write the year first; no setting writes
    year, day, month, so 4 March it is, even in a column whose other values are day-first."""
    column = pd.Series(["14/01/2025 09:00", text])  # a UK value beside it: the column is day-first
    parsed = parse_datetimes(column, dayfirst=dayfirst)
    assert parsed.iloc[1] == pd.Timestamp(2025, 3, 4, 10, 0, tz="Europe/London")
    if dayfirst is not False:  # told month-first, 14/01 is no date and stays missing
        assert parsed.iloc[0] == pd.Timestamp(2025, 1, 14, 9, 0, tz="Europe/London")


def test_utc_exports_are_converted_to_london_time():
    s = parse_datetimes(pd.Series(["2025-07-01T09:00:00.1234567Z"]), utc=True)
    assert s.iloc[0].hour == 10  # BST


def test_impossible_dates_become_missing_not_guesses():
    s = parse_datetimes(pd.Series(["31/02/2025 10:00", "30/01/2025 10:00"]))
    assert pd.isna(s.iloc[0]) and s.iloc[1].day == 30


def test_dates_no_export_holds_become_missing():
    """A damaged cell read as year 1 (or 9999) is unreadable, and time arithmetic on the column still works."""
    s = parse_datetimes(pd.Series(["0001-01-01 13:00", "9999-12-31 10:00", "2025-01-22 13:00"]), utc=True)
    assert s.isna().tolist() == [True, True, False]
    assert (s + pd.to_timedelta([1.5, 1.5, 1.5], unit="h")).iloc[2].hour == 14


def test_a_time_with_no_date_is_unreadable_not_today():
    s = parse_datetimes(pd.Series(["13:00", "3:30 PM", "22/01/2025 13:00"]))
    assert s.isna().tolist() == [True, True, False]


def test_a_damaged_viva_meeting_query_loads_or_says_why(settings):
    """Found by fuzzing: a time like 13h00 with its date column lost was read as year 1 and stopped the load."""
    from diagnostic.ingest import load_file

    header = (
        "MeetingId\x01StartDate,StartTimeUTC,EndDate,EndTimeUTC,Attendee_meeting_hours,Attendees,Organizer_Domain,"
        "Organizer_FunctionType,Organizer_PersonId,IsCancelled,DurationHours,IsRecurring,Subject,TotalAccept,TotalNoResponse,TotalDecline\r\n"
    )
    rows = "".join(
        f"AAMk{i}=,1/22/2025,{t},1/22/2025,16:00,4.5,3,northbridge.gov.uk,Social work,p{i},FALSE,1.5,FALSE,Review,3,0,0\r\n"
        for i, t in enumerate(["10:00", "13h00", "15:30"])
    )
    result = load_file((header + rows).encode(), "meeting_query.csv", settings)
    assert not any("Traceback" in str(issue) or "please report" in str(issue) for issue in result.issues)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1h 7s", 60 + 7 / 60),
        ("45m", 45),
        ("1 h 1 min 55 s", 61 + 55 / 60),
        ("PT1H20M5S", 80 + 5 / 60),
        ("01:02:03", 62.05),
        ("8s", 8 / 60),
    ],
)
def test_durations(text, minutes):
    assert parse_duration_minutes(pd.Series([text])).iloc[0] == pytest.approx(minutes)


def test_working_days_skip_weekends_and_bank_holidays():
    start = pd.Series(pd.to_datetime(["2025-12-19", "2025-04-17"]).tz_localize("Europe/London"))
    end = pd.Series(pd.to_datetime(["2026-01-05", "2025-04-24"]).tz_localize("Europe/London"))
    # 22,23,24,29,30,31 Dec, 2 and 5 Jan; Good Friday 18 Apr and Easter Monday 21 Apr 2025 excluded
    assert working_days_between(start, end).tolist() == [8, 3]


def test_working_time_mask():
    ts = pd.Series(pd.to_datetime(["2025-01-13 09:00", "2025-01-13 18:30", "2025-01-18 10:00"]).tz_localize("Europe/London"))
    assert is_working_time(ts).tolist() == [True, False, False]


def test_local_and_zoned_values_in_one_column_are_both_read():
    s = parse_datetimes(pd.Series(["2025-01-06 10:00"] * 5 + ["2025-01-07T10:00:00+01:00"]))
    assert s.iloc[0].hour == 10 and s.iloc[-1].hour == 9


@pytest.mark.slow
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30), st.sampled_from(["2025-01-07T10:00:00Z", "14/01/2025 10:00", "1/14/2025 9:00 AM", "2025-01-0Z", ""])
        ),
        max_size=40,
    ),
    st.booleans(),
)
def test_any_column_of_text_parses_without_raising(values, utc):
    out = parse_datetimes(pd.Series(values, dtype="string"), utc=utc)
    assert len(out) == len(values) and str(out.dt.tz) == "Europe/London"


# ---------------------------------------------------------------- every row decides, in any order

LONG_AMBIGUOUS = [f"{d:02d}/{m:02d}/2025 09:00" for d in range(1, 13) for m in range(1, 13)] * 14  # 2,016 rows, days 1-12
LATE_US = ["01/13/2025 09:00", "01/14/2025 09:00", "01/15/2025 10:30"]


def test_rows_after_the_first_two_thousand_decide_day_or_month_first():
    values = pd.Series(LONG_AMBIGUOUS + LATE_US, dtype="string")
    assert len(LONG_AMBIGUOUS) > 2000
    assert decide_dayfirst(values, default=True) is False
    parsed = parse_datetimes(values, default_dayfirst=True)
    assert parsed.notna().all()
    assert parsed.iloc[12] == pd.Timestamp("2025-02-01 09:00", tz="Europe/London")  # "02/01/2025", read month first
    assert parsed.iloc[-1] == pd.Timestamp("2025-01-15 10:30", tz="Europe/London")


def test_one_mistyped_row_cannot_outvote_the_rest():
    values = pd.Series(["13/01/2025", "14/01/2025", "01/13/2025"], dtype="string")
    assert decide_dayfirst(values, default=False) is True
    assert decide_dayfirst(values.tolist(), default=False) is True  # a list votes as the column does


@hypothesis_settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_day_month_order_and_values_do_not_depend_on_row_order(seed):
    values = LONG_AMBIGUOUS + LATE_US
    shuffled = [values[i] for i in np.random.default_rng(seed).permutation(len(values))]
    first = parse_datetimes(pd.Series(values, dtype="string"), default_dayfirst=True)
    again = parse_datetimes(pd.Series(shuffled, dtype="string"), default_dayfirst=True)
    assert sorted(first) == sorted(again)


def test_digits_of_other_scripts_cast_no_vote_on_day_or_month_first():
    # "١٣" is 13 in Arabic-Indic digits: a regular expression's \d matches it, but it is no number
    # a spreadsheet would write, so only the plain "01/13/2025" votes (month first)
    values = ["١٣/٠١/2025", "١٣/٠١/2025", "١٣/٠١/2025", "01/13/2025"]
    assert decide_dayfirst(values, default=True) is False
    assert decide_dayfirst(["١٣/٠١/2025"], default=True) is True  # no vote either way: the default
