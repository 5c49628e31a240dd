"""Viva Insights person, person-to-person and meeting queries: detection, tables, counts, privacy."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from dataclasses import fields, replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from diagnostic.dataset import Dataset
from diagnostic.errors import InputError
from diagnostic.indicators.viva_measures import weekly_means
from diagnostic.ingest import load_file
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.combine import canonical_order
from diagnostic.ingest.formats import viva, viva_groups, viva_meetings
from diagnostic.ingest.rawfile import RawFile
from diagnostic.privacy import pseudonym
from diagnostic.settings import Settings
from tests.strategies import damaged_fixture

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "viva"
SALT = "test-salt-0123456789"
SETTINGS = Settings(salt=SALT)
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
MANAGER = pseudonym("name:0a83c097-8796-3b8b-b15f-e68952170e25", SALT)
WORKER = pseudonym("name:17ac6cbf-1b86-3c01-a7c1-34a98303a692", SALT)
LONDON = "Europe/London"

EXPECTED = [
    # file, format, kind, tables, rows read, people
    ("person_query.csv", "viva_person_query", "collaboration", {"people": 6, "volumes": 17, "attributes": 24}, 18, 6),
    ("person_query_raw_headers.csv", "viva_person_query", "collaboration", {"people": 5, "volumes": 15, "attributes": 10}, 15, 5),
    ("p2p_query.csv", "viva_p2p_query", "collaboration", {"people": 6, "ties": 7, "attributes": 12}, 8, 6),
    ("meeting_query.csv", "viva_meeting_query", "meetings", {"people": 6, "meetings": 7, "attributes": 24}, 8, 6),
    ("meeting_query_legacy.csv", "viva_meeting_query", "meetings", {"people": 2, "meetings": 2, "attributes": 2}, 3, 2),
]


def load(name: str, settings: Settings = SETTINGS, data: bytes | None = None):
    data = (FIXTURES / name).read_bytes() if data is None else data
    return load_file(data, name, settings, strict=True)


def strings_in(dataset: Dataset) -> list[str]:
    out = []
    for f in fields(dataset):
        frame = getattr(dataset, f.name)
        if frame is not None:
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
def test_no_person_id_address_or_subject_reaches_the_dataset(name):
    values = strings_in(load(name).dataset)
    assert values
    assert not [v for v in values if GUID.search(v) or "@" in v]
    assert not [v for v in values if v in {"Supervision", "Core group", "Partner call", "Reflective practice group"}]


def test_person_query_weeks_metrics_and_hr_attributes():
    result = load("person_query.csv")
    v = result.dataset.volumes
    first = v[(v["person_id"] == MANAGER) & (v["period_start"] == pd.Timestamp("2025-01-05", tz=LONDON))].iloc[0]
    assert first["period_end"] == pd.Timestamp("2025-01-12", tz=LONDON)  # a week from its Sunday
    assert (first["emails_sent"], first["meetings"], first["chats_sent"]) == (40, 12, 60)
    assert (first["collaboration_hours"], first["email_hours"], first["meeting_hours"], first["after_hours_hours"]) == (
        18.5,
        6.25,
        9.75,
        1.5,
    )
    assert v["emails_received"].isna().all()
    people = result.dataset.people.set_index("person_id")
    assert people["team"].isna().all()  # no attribute is the team until the user chooses one
    assert people.loc[MANAGER, ["role", "is_manager"]].tolist() == ["Team manager", True]
    assert not people.loc[WORKER, "is_manager"]  # "Individual Contributor"
    assert people["is_manager"].sum() == 2  # Manager and Manager+
    attributes = result.dataset.attributes
    assert set(attributes["attribute"]) == {"Organization", "FunctionType", "LevelDesignation", "SupervisorIndicator"}
    assert attributes[(attributes["person_id"] == MANAGER) & (attributes["attribute"] == "Organization")]["value"].tolist() == [
        "Assessment North"
    ]
    chosen = load("person_query.csv", replace(SETTINGS, team_attribute="organization")).dataset.people.set_index("person_id")
    assert chosen.loc[MANAGER, "team"] == "Assessment North"
    assert any("1 person-period is marked inactive" in w for w in result.warnings)


def test_survey_answers_are_read_on_their_five_point_scale_from_display_names():
    result = load("person_query_survey.csv")
    raw = pd.read_csv(FIXTURES / "person_query_survey.csv")
    v = result.dataset.volumes
    ids = raw["PersonID"].map(lambda guid: pseudonym(f"name:{guid}", SALT))
    on_scale = raw["Workload"].where(raw["Workload"].between(1, 5))  # 75 is not an answer from 1 to 5
    for column, header, expected in (("speak_my_mind", "Speak my mind", raw["Speak my mind"]), ("workload_rating", "Workload", on_scale)):
        read = v.set_index(["person_id", "period_start"])[column].astype(float).sort_index()
        written = pd.Series(
            expected.to_numpy(float), index=pd.MultiIndex.from_arrays([ids, pd.to_datetime(raw["MetricDate"]).dt.tz_localize(LONDON)])
        )
        assert read.to_numpy(na_value=float("nan")) == pytest.approx(written.sort_index().to_numpy(), nan_ok=True), header
    assert any("column “Workload”: 1 survey answer is not a whole number from 1 to 5" in w for w in result.warnings)
    assert not {"Speak my mind", "Workload"} & set(result.dataset.attributes["attribute"])  # answers, not HR groups


def test_survey_answers_written_as_words_are_read_and_dont_know_is_no_answer():
    cells = {
        "Agree": 4,
        "strongly disagree": 1,
        "Neither agree nor disagree": 3,
        "Don't know": None,
        "Strongly Agree": 5,
        "sometimes agree": None,
    }
    guids = [f"0a83c097-8796-3b8b-b15f-e6895217{i:04d}" for i in range(len(cells))]
    rows = "".join(f"{guid},1/5/2025,10,{cell}\n" for guid, cell in zip(guids, cells))
    result = load("survey.csv", data=("PersonId,MetricDate,Meeting_hours,Speak_My_Mind\n" + rows).encode())
    read = result.dataset.volumes.set_index("person_id")["speak_my_mind"]
    for guid, expected in zip(guids, cells.values()):
        value = read[pseudonym(f"name:{guid}", SALT)]
        assert pd.isna(value) if expected is None else value == expected, guid
    # "Don't know" is no answer, never 3, and not a mistake; "sometimes agree" is not a point of the scale
    assert any("column “Speak_My_Mind”: 1 survey answer is not a whole number from 1 to 5" in w for w in result.warnings)


@pytest.mark.slow
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["1", "5", "4.0", " 3 ", "0", "6", "3.5", "-2", "75", "NA", "", "1,000", "Agree", "Don't know", "Never"]),
            st.text(max_size=6),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_survey_cell_is_an_answer_from_1_to_5_or_left_out(cells):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["PersonId", "MetricDate", "Meeting_hours", "Speak_My_Mind"])
    writer.writerows([f"0a83c097-8796-3b8b-b15f-e6895217{i:04d}", "1/5/2025", "10", cell] for i, cell in enumerate(cells))
    volumes = load("survey.csv", data=out.getvalue().encode()).dataset.volumes
    answers = volumes["speak_my_mind"].dropna() if volumes is not None else pd.Series(dtype=float)
    assert answers.isin([1, 2, 3, 4, 5]).all()


def test_raw_download_headers_and_monthly_periods():
    v = load("person_query_raw_headers.csv").dataset.volumes
    row = v[(v["person_id"] == MANAGER) & (v["period_start"] == pd.Timestamp("2025-02-01", tz=LONDON))].iloc[0]
    assert row["period_end"] == pd.Timestamp("2025-03-01", tz=LONDON)
    assert (row["after_hours_hours"], row["emails_sent"], row["collaboration_hours"]) == (6.5, 180, 80.25)


def test_metric_dates_written_day_first_are_recognised():
    text = "PersonId,MetricDate,Emails_sent\n0a83c097-8796-3b8b-b15f-e68952170e25,19/1/2025,5\n0a83c097-8796-3b8b-b15f-e68952170e25,12/1/2025,7\n"
    v = load("dayfirst.csv", data=text.encode()).dataset.volumes
    assert sorted(v["period_start"]) == [pd.Timestamp("2025-01-12", tz=LONDON), pd.Timestamp("2025-01-19", tz=LONDON)]


def test_p2p_ties_weights_periods_and_teams_from_both_sides():
    result = load("p2p_query.csv")
    ties = result.dataset.ties
    assert set(ties["kind"]) == {"collaboration"}
    assert set(ties["period"]) == {pd.Timestamp("2025-01-05", tz=LONDON)}
    pair = ties[(ties["person_a"] == MANAGER) & (ties["person_b"] == WORKER)]
    assert pair["weight"].tolist() == [pytest.approx(0.069560552)]
    back = ties[(ties["person_a"] == WORKER) & (ties["person_b"] == MANAGER)]
    assert back["weight"].tolist() == [pytest.approx(0.08146599)]  # directed: both ways are kept
    assert result.dataset.people["team"].isna().all()
    teams = load("p2p_query.csv", replace(SETTINGS, team_attribute="Organization")).dataset.people.set_index("person_id")["team"]
    assert teams[MANAGER] == "Assessment North" and teams.nunique() == 3
    assert any("1 pair has no tie score above 0" in w for w in result.warnings)


def test_meeting_query_times_kinds_and_cancellations():
    result = load("meeting_query.csv")
    m = result.dataset.meetings.sort_values("start").reset_index(drop=True)
    assert m.loc[0, "start"] == pd.Timestamp("2025-01-14 10:00", tz=LONDON)
    assert m.loc[0, "end"] == pd.Timestamp("2025-01-14 11:00", tz=LONDON)
    assert m["kind"].tolist()[:5] == ["supervision", "team_meeting", "other", "case", "performance"]
    assert m.set_index("kind").loc["case", "direct_work"] == True  # noqa: E712 - "Core group"
    partner = m.iloc[-1]
    assert partner["start"] == pd.Timestamp("2025-01-21 14:00", tz=LONDON)  # 09:00 in New York
    training = m[m["kind"] == "training"].iloc[0]
    assert (training["all_day"], training["attendee_hours"], training["invitees"]) == (True, 48, 6)
    assert m["meeting_id"].is_unique and m["meeting_id"].str.fullmatch(r"m[0-9a-f]{16}").all()
    assert m["subject"].isna().all()
    assert set(m["source_format"]) == {"viva_meeting_query"}
    assert any("1 cancelled meeting was left out" in w for w in result.warnings)


def test_meeting_times_written_year_first_read_as_the_same_meetings():
    """Japanese, Chinese and Korean settings write ``2025/1/14 10:00``: year, month, day, never
    year, day, month, whatever order the query's other dates take; each row still in its own zone."""
    original = (FIXTURES / "meeting_query.csv").read_text()
    year_first = re.sub(r",(\d{1,2})/(\d{1,2})/(\d{4}) ", r",\3/\1/\2 ", original)
    assert year_first != original and "2025/1/14 10:00" in year_first
    before = load("meeting_query.csv").dataset.meetings.sort_values("meeting_id")["start"].tolist()
    after = load("meeting_query.csv", data=year_first.encode()).dataset.meetings.sort_values("meeting_id")["start"].tolist()
    assert after == before
    assert pd.Timestamp("2025-01-21 14:00", tz=LONDON) in after  # 09:00 in New York


def test_a_year_first_time_in_a_query_proven_day_first_is_still_year_month_day():
    """A query whose other times prove it day first (13/03/2025) must not read 2025/3/4 as 3 April."""
    header, first, second, *_ = (FIXTURES / "meeting_query.csv").read_text().splitlines()
    rows = [
        re.sub(r",1/14/2025 \d\d:\d\d,", written, line) for line, written in ((first, ",2025/3/4 10:00,"), (second, ",13/03/2025 14:00,"))
    ]
    assert ",2025/3/4 10:00," in rows[0] and ",13/03/2025 14:00," in rows[1]
    m = load("meeting_query.csv", data="\n".join([header, *rows]).encode()).dataset.meetings
    assert sorted(m["start"]) == [pd.Timestamp("2025-03-04 10:00", tz=LONDON), pd.Timestamp("2025-03-13 14:00", tz=LONDON)]


def _meeting_query_with(cells: dict[tuple[int, str], str]) -> bytes:
    """The meeting query fixture with some cells rewritten: (file row, column) -> text."""
    rows = list(csv.reader(io.StringIO((FIXTURES / "meeting_query.csv").read_text())))
    for (row, name), value in cells.items():
        rows[row - 1][rows[0].index(name)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def test_a_windows_zone_name_reads_as_its_iana_zone():
    """Exchange writes ``Eastern Standard Time`` where the sample writes ``America/New_York``."""
    windows = load("meeting_query.csv", data=_meeting_query_with({(9, "TimeZone"): "Eastern Standard Time"}))
    assert pd.Timestamp("2025-01-21 14:00", tz=LONDON) in set(windows.dataset.meetings["start"])  # 09:00 in New York
    assert not any("time zone" in w for w in windows.warnings)


@pytest.mark.parametrize("zone", ["", "NA", "Mars/Olympus_Mons"])
def test_a_missing_or_unknown_zone_is_read_as_uk_time_and_said(zone):
    """Row 9's meeting, 09:00 in New York, loses its zone: it is read as 09:00 UK time, and the
    warning names row 9 and the TimeZone column, counted in the file (the cancelled row 7 above
    it does not shift the number)."""
    result = load("meeting_query.csv", data=_meeting_query_with({(9, "TimeZone"): zone}))
    assert pd.Timestamp("2025-01-21 09:00", tz=LONDON) in set(result.dataset.meetings["start"])
    [issue] = [i for i in result.issues if "time zone" in i.message]
    assert (issue.column, issue.rows) == ("TimeZone", (9,))
    assert issue.message.startswith("1 meeting has no time zone")


def test_an_unreadable_start_below_a_cancelled_meeting_is_named_by_its_own_row():
    result = load("meeting_query.csv", data=_meeting_query_with({(8, "Collaboration_start_time"): "soon"}))
    [issue] = [i for i in result.issues if "could not be read" in i.message]
    assert (issue.column, issue.rows) == ("Collaboration_start_time", (8,))


def test_subjects_are_kept_only_on_opt_in():
    m = load("meeting_query.csv", replace(SETTINGS, show_text=True)).dataset.meetings
    assert "Supervision" in set(m["subject"])


def test_legacy_meeting_query_uses_utc_start_and_end_columns():
    result = load("meeting_query_legacy.csv")
    m = result.dataset.meetings.sort_values("start").reset_index(drop=True)
    assert (m.loc[0, "start"], m.loc[0, "end"]) == (
        pd.Timestamp("2025-01-22 10:00", tz=LONDON),
        pd.Timestamp("2025-01-22 11:30", tz=LONDON),
    )
    assert m["kind"].tolist() == ["group_supervision", "case"]
    assert set(result.dataset.attributes["value"]) == {"Social work"}  # Organizer_FunctionType
    chosen = load("meeting_query_legacy.csv", replace(SETTINGS, team_attribute="FunctionType")).dataset
    assert set(chosen.people["team"]) == {"Social work"}


def test_period_ends_weekly_and_monthly():
    weekly = pd.Series(pd.to_datetime(["2025-03-23", "2025-03-30"]).tz_localize(LONDON))
    assert viva.period_ends(weekly).tolist() == [pd.Timestamp("2025-03-30", tz=LONDON), pd.Timestamp("2025-04-06", tz=LONDON)]
    monthly = pd.Series(pd.to_datetime(["2025-03-01", "2025-04-01"]).tz_localize(LONDON))
    assert viva.period_ends(monthly).tolist() == [pd.Timestamp("2025-04-01", tz=LONDON), pd.Timestamp("2025-05-01", tz=LONDON)]


def test_missing_person_id_is_a_plain_error():
    result = load("bad.csv", data=b"MetricDate,Emails_sent,Meetings\n1/5/2025,4,2\n")
    assert result.format == "unknown" and result.errors
    with pytest.raises(InputError, match="PersonId"):
        viva.parse_person_query(RawFile("bad.csv", b"MetricDate,Emails_sent\n1/5/2025,4\n"), LoadContext("bad.csv", SETTINGS))


WHOLE_PERIOD = (
    b"PersonId,Meeting_hours,Emails_sent\n0a83c097-8796-3b8b-b15f-e68952170e25,40,100\n17ac6cbf-1b86-3c01-a7c1-34a98303a692,20,50\n"
)


def test_a_person_query_run_over_one_whole_period_needs_that_period_given():
    result = load_file(WHOLE_PERIOD, "whole.csv", SETTINGS)
    assert not result.usable and "--period FROM:TO" in result.errors[0] and "MetricDate" in result.errors[0]
    assert result.needs_period  # the app asks for the period, and reads the file again once it is given
    assert not load_file(WHOLE_PERIOD, "whole.csv", replace(SETTINGS, period="2025-03-02:2025-03-29")).needs_period


def test_a_person_query_refused_for_another_reason_does_not_ask_for_a_period():
    """Dated rows whose every date is unreadable: the file is refused, and a period would not mend it."""
    dated = b"PersonId,MetricDate,Meeting_hours\n0a83c097-8796-3b8b-b15f-e68952170e25,not a date,40\n"
    result = load_file(dated, "dated.csv", SETTINGS)
    assert result.format == "viva_person_query" and not result.usable
    assert not result.needs_period


def test_a_person_query_run_over_one_whole_period_is_spread_over_the_period_given():
    """Totals over 2 to 29 March 2025 (four weeks): hours per week are the totals over 4, worked out in the test."""
    result = load_file(WHOLE_PERIOD, "whole.csv", replace(SETTINGS, period="2025-03-02:2025-03-29"), strict=True)
    v = result.dataset.volumes
    assert v["period_start"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2025-03-02"]
    assert v["period_end"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2025-03-30"]
    assert any("2 March 2025 to 29 March 2025" in str(w) for w in result.warnings)
    assert sorted(v["meeting_hours"].tolist()) == [20, 40]  # totals, as the file gives them
    settings = replace(SETTINGS, period="2025-03-02:2025-03-29")
    per_week = weekly_means(result.dataset, settings, "meeting_hours")
    assert sorted(per_week.tolist()) == pytest.approx([20 / 4, 40 / 4])  # four weeks, 2 to 29 March


# ---- robustness: only InputError, whatever the bytes -------------------------------------------

FORMATS = {f.id: f for f in (*viva.FORMATS, *viva_meetings.FORMATS, *viva_groups.FORMATS)}
FIXTURE_FOR = {
    "viva_person_query": "person_query.csv",
    "viva_p2p_query": "p2p_query.csv",
    "viva_meeting_query": "meeting_query.csv",
    "viva_g2g_query": "g2g_query.csv",
    "viva_p2g_query": "p2g_query.csv",
}


@pytest.mark.slow
@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_fixture(FIXTURES, FIXTURE_FOR))
def test_mutated_queries_only_ever_raise_input_error(case):
    fmt, data = case
    with contextlib.suppress(InputError):
        FORMATS[fmt].parse(RawFile(name="x.csv", data=data), LoadContext(file="x.csv", settings=SETTINGS))
    result = load_file(data, "x.csv", SETTINGS, strict=True)
    assert not [v for v in strings_in(result.dataset) if GUID.search(v)]


@pytest.mark.slow
@hypothesis_settings(max_examples=20, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_through_the_viva_parsers(data):
    for fmt in FORMATS.values():
        with contextlib.suppress(InputError):
            fmt.parse(RawFile(name="x.csv", data=data), LoadContext(file="x.csv", settings=SETTINGS))


# ---------------------------------------------------------------- row order decides nothing

CONFLICTING_PEOPLE = (
    "PersonId,MetricDate,Emails_sent,Organization,LevelDesignation,SupervisorIndicator\n"
    "0a83c097-8796-3b8b-b15f-e68952170e25,1/5/2025,40,Assessment North,Team manager,Manager\n"
    "0a83c097-8796-3b8b-b15f-e68952170e25,1/5/2025,41,Assessment South,,IC\n"
    "0a83c097-8796-3b8b-b15f-e68952170e25,12/29/2024,39,Fostering,Social worker,IC\n"
)
CONFLICTING_PAIRS = (
    "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,MetricDate,Strong_tie_score,"
    "PrimaryCollaborator_Organization,SecondaryCollaborator_Organization\n"
    "0a83c097-8796-3b8b-b15f-e68952170e25,17ac6cbf-1b86-3c01-a7c1-34a98303a692,1/5/2025,0.5,Assessment North,Assessment North\n"
    "17ac6cbf-1b86-3c01-a7c1-34a98303a692,0a83c097-8796-3b8b-b15f-e68952170e25,1/5/2025,0.5,Assessment South,Assessment South\n"
    "17ac6cbf-1b86-3c01-a7c1-34a98303a692,24fc4228-0d09-36a0-a4ca-159fa04fb355,12/29/2024,0.5,Fostering,Fostering\n"
)
SHUFFLED_QUERIES = {
    **{name: (FIXTURES / name).read_bytes() for name, *_ in EXPECTED},
    "conflicting_person_query.csv": CONFLICTING_PEOPLE.encode(),
    "conflicting_p2p_query.csv": CONFLICTING_PAIRS.encode(),
}


def shuffled_rows(data: bytes, rng) -> bytes:
    """The query with its data rows shuffled; the header stays first."""
    header, *rows = [line for line in data.split(b"\n") if line.strip()]
    rng.shuffle(rows)
    return b"\n".join([header, *rows]) + b"\n"


def canonical_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """Every table of a load, in the order the combine step gives them."""
    return {
        f.name: canonical_order(f.name, getattr(dataset, f.name)).reset_index(drop=True)
        for f in fields(dataset)
        if getattr(dataset, f.name) is not None
    }


@pytest.mark.slow
@hypothesis_settings(max_examples=10, deadline=None)
@given(name=st.sampled_from(sorted(SHUFFLED_QUERIES)), rng=st.randoms(use_true_random=False))
def test_query_rows_in_any_order_give_the_same_tables(name, rng):
    data = SHUFFLED_QUERIES[name]
    expected = canonical_tables(load(name, data=data).dataset)
    shuffled = canonical_tables(load(name, data=shuffled_rows(data, rng)).dataset)
    assert shuffled.keys() == expected.keys()
    for table, frame in expected.items():
        pd.testing.assert_frame_equal(shuffled[table], frame, obj=table)


def test_attributes_that_disagree_within_a_period_are_settled_by_value():
    chosen = replace(SETTINGS, team_attribute="Organization")
    people = load("conflicting_person_query.csv", chosen, data=CONFLICTING_PEOPLE.encode()).dataset.people.set_index("person_id")
    # the latest period wins; within it the value last in sorted order, a blank filled from the other row
    assert people.loc[MANAGER, ["team", "role"]].tolist() == ["Assessment South", "Team manager"]
    pairs = load("conflicting_p2p_query.csv", chosen, data=CONFLICTING_PAIRS.encode()).dataset.people.set_index("person_id")
    # either side of a pair tells a person's team: January's Assessment North or South (the later in sorted order) over December's Fostering
    assert pairs.loc[WORKER, "team"] == "Assessment South"
