"""The same records give the same results: whatever order the files, their rows or a calendar's events
come in, and however many copies of a file are loaded under whatever names.

The fast tests check each rule on a few rows and each kind of sample export on its own; the slow
ones load the whole sample organisation shuffled (hypothesis draws the shuffles) or twice, and
demand the same scorecard, team views and network summaries as the sample loaded once in order.
"""

from __future__ import annotations

import functools
import random

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from diagnostic.dataset import Dataset, conform, resolve_organisations
from diagnostic.ingest import load_bytes, load_file, load_paths
from diagnostic.ingest.combine import combine
from diagnostic.privacy import pseudonym
from diagnostic.settings import Settings
from tests.conftest import SAMPLES, user_outputs
from tests.reshuffle import copy_name, shuffled

SETTINGS = Settings(salt="order-independence-0123456789")
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.lower().startswith("readme")) if SAMPLES.is_dir() else []
CALENDAR, ROSTER = "calendar_northbridge.ics", "roster.xlsx"
# One sample export of each kind that loads in well under a second, for the inner loop.
QUICK = (
    "case_audits.xlsx",
    "complaints_log.xlsx",
    "email_activity_user_detail.csv",
    "message_trace.csv",
    "message_trace_summary.csv",
    "outlook_calendar_head_of_service.csv",
    "Multi-agency strategy discussion - Attendance report 14-01-25.csv",
    ROSTER,
    "self_assessment_room.csv",
    "staff_survey_surveymonkey.csv",
    "teams_user_activity_user_detail.csv",
    "young_people_feedback_forms.xlsx",
)
SHUFFLES = hyp_settings(max_examples=3, deadline=None, derandomize=True)


def _outputs(dataset: Dataset) -> tuple[str, pd.DataFrame, str]:
    return user_outputs(dataset, SETTINGS)


def _assert_same(outputs: tuple, expected: tuple) -> None:
    assert outputs[0] == expected[0], "the scorecards differ"
    pd.testing.assert_frame_equal(outputs[1], expected[1])
    assert outputs[2] == expected[2], "the network summaries differ"


def _tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    return {name: getattr(dataset, name) for name in dataset.present()}


def _assert_same_tables(got: Dataset, expected: Dataset) -> None:
    assert got.present() == expected.present()
    for name, frame in _tables(expected).items():
        pd.testing.assert_frame_equal(getattr(got, name), frame, obj=name)


def _sample_files() -> list[tuple[str, bytes]]:
    if not SAMPLE_FILES:
        pytest.skip("the sample organisation has not been generated into data/samples")
    return _read_samples()


@functools.cache
def _read_samples() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in SAMPLE_FILES]


@functools.cache
def _baseline() -> tuple:
    """The sample loaded once, its files in order (not a fixture: hypothesis would print it with every failure)."""
    dataset, _ = load_bytes(_read_samples(), SETTINGS)
    return _outputs(dataset)


# --- the rules, on a few rows -------------------------------------------------------------------


def _people(**columns) -> pd.DataFrame:
    return conform("people", pd.DataFrame(columns))


def test_a_rosters_team_wins_over_other_exports_whatever_the_order():
    roster = Dataset(people=_people(person_id=["p1", "p2"], team=["Team B", "Team A"], role=["Social worker", None]))
    viva = Dataset(people=_people(person_id=["p1", "p2"], team=["Team A", "Team C"], role=[None, "Manager"]))
    first = combine([roster, viva], SETTINGS, ["roster", "collaboration"])
    second = combine([viva, roster], SETTINGS, ["collaboration", "roster"])
    _assert_same_tables(second, first)
    people = first.people.set_index("person_id")
    assert people["team"].tolist() == ["Team B", "Team A"]
    assert people.loc["p2", "role"] == "Manager"  # what the roster leaves blank, the next source fills


def test_two_rosters_that_disagree_give_one_answer_whatever_the_order():
    one = Dataset(people=_people(person_id=["p1"], team=["Team B"]))
    other = Dataset(people=_people(person_id=["p1"], team=["Team A"]))
    results = [combine(parts, SETTINGS, ["roster", "roster"]) for parts in ([one, other], [other, one])]
    _assert_same_tables(results[1], results[0])
    assert results[0].people["team"].tolist() == ["Team A"]  # the first in value order, not in file order


def test_the_same_meeting_in_two_files_keeps_the_same_row_whatever_the_order():
    def meetings(end: str, source: str) -> Dataset:
        start = pd.Timestamp("2025-03-03 10:00", tz="Europe/London")
        frame = pd.DataFrame(
            {"meeting_id": ["m1"], "start": [start], "end": [pd.Timestamp(end, tz="Europe/London")], "source_format": [source]}
        )
        return Dataset(meetings=conform("meetings", frame))

    ics, outlook = meetings("2025-03-03 11:00", "icalendar"), meetings("2025-03-03 11:30", "outlook_calendar_csv")
    first, second = combine([ics, outlook], SETTINGS, ["meetings"] * 2), combine([outlook, ics], SETTINGS, ["meetings"] * 2)
    _assert_same_tables(second, first)
    assert len(first.meetings) == 1


def test_identical_rows_of_one_file_stay_two_and_a_copy_of_the_file_adds_none():
    row = {"person_id": "p1", "period_start": pd.Timestamp("2025-03-03", tz="Europe/London"), "emails_sent": 4.0}
    volumes = Dataset(volumes=conform("volumes", pd.DataFrame([row, row, {**row, "emails_sent": 5.0}])))
    assert len(combine([volumes], SETTINGS).volumes) == 3
    assert len(combine([volumes, volumes], SETTINGS).volumes) == 3


def test_a_row_without_its_key_is_never_taken_for_a_repeat():
    frame = conform("feedback", pd.DataFrame({"feedback_id": [None, None], "kind": ["complaint", "complaint"]}))
    assert len(combine([Dataset(feedback=frame), Dataset(feedback=frame.iloc[:1])], SETTINGS).feedback) == 3


@pytest.mark.parametrize("domains", [["b.gov.uk", "a.gov.uk"], ["a.gov.uk", "b.gov.uk"]])
def test_two_equally_common_domains_go_to_the_first_in_alphabetical_order(domains):
    people = _people(person_id=["p1", "p2"], domain=domains)
    organisations = resolve_organisations(people, SETTINGS).set_index("domain")["organisation"]
    assert organisations.to_dict() == {"a.gov.uk": "internal", "b.gov.uk": "Other external"}


# --- each kind of export on its own -------------------------------------------------------------


@pytest.mark.parametrize("name", QUICK)
def test_a_files_rows_in_another_order_load_the_same_tables(name):
    """Fails for the Outlook calendar while two of its meetings with one subject and start share an id."""
    data = dict(_sample_files())[name]
    expected = load_file(data, name, SETTINGS)
    moved = load_file(shuffled(name, data, random.Random(7)), name, SETTINGS)
    assert len(moved.warnings) == len(expected.warnings)  # the same problems, on other rows
    _assert_same_tables(combine([moved.dataset], SETTINGS, [moved.kind]), combine([expected.dataset], SETTINGS, [expected.kind]))


@pytest.mark.parametrize("name", QUICK + ("family_time_policy.md", "letter_to_family.docx"))
def test_a_file_loaded_again_under_a_copy_name_is_kept_once(name):
    data = dict(_sample_files())[name]
    once, _ = load_bytes([(name, data)], SETTINGS)
    twice, _ = load_bytes([(name, data), (copy_name(name), data)], SETTINGS)
    _assert_same_tables(twice, once)


# --- the whole sample ---------------------------------------------------------------------------


@pytest.mark.slow
def test_every_sample_export_loaded_twice_under_copy_names_scores_as_once():
    files = _sample_files()
    dataset, _ = load_bytes(files + [(copy_name(name), data) for name, data in files], SETTINGS)
    _assert_same(_outputs(dataset), _baseline())


@pytest.mark.slow
@SHUFFLES
@given(seed=st.integers(0, 2**32 - 1))
def test_rows_of_every_export_and_the_files_in_any_order_score_the_same(seed):
    """Every file's rows shuffled (the calendar's events and the roster have tests of their own), and the files uploaded in any order."""
    rng = random.Random(seed)
    moved = [(name, data if name in (CALENDAR, ROSTER) else shuffled(name, data, rng)) for name, data in _sample_files()]
    dataset, _ = load_bytes(rng.sample(moved, len(moved)), SETTINGS)
    _assert_same(_outputs(dataset), _baseline())


@pytest.mark.slow
@SHUFFLES
@given(seed=st.integers(0, 2**32 - 1))
def test_a_calendars_events_in_any_order_score_the_same(seed):
    """Needs meetings told apart by their calendar ids: two events with one subject and start must not share an id."""
    moved = [(name, shuffled(name, data, random.Random(seed)) if name == CALENDAR else data) for name, data in _sample_files()]
    dataset, _ = load_bytes(moved, SETTINGS)
    _assert_same(_outputs(dataset), _baseline())


@pytest.mark.slow
@SHUFFLES
@given(seed=st.integers(0, 2**32 - 1))
def test_a_rosters_rows_in_any_order_score_the_same(seed):
    moved = [(name, shuffled(name, data, random.Random(seed)) if name == ROSTER else data) for name, data in _sample_files()]
    dataset, _ = load_bytes(moved, SETTINGS)
    _assert_same(_outputs(dataset), _baseline())


@pytest.mark.slow
@SHUFFLES
@given(seed=st.integers(0, 2**32 - 1))
def test_files_named_on_the_command_line_in_any_order_score_the_same(seed):
    paths = list(SAMPLE_FILES)
    dataset, _ = load_paths(random.Random(seed).sample(paths, len(paths)), SETTINGS)
    _assert_same(_outputs(dataset), _baseline())


# --- a roster's own rows ------------------------------------------------------------------------

ROSTER_ROWS = (
    b"Name,Email,Team,Job title,Line manager\r\n",
    b"Sam Patel,sam.patel@northbridge.gov.uk,Team A,Team manager,\r\n",
    b"Sam Patel,sam.patel2@northbridge.gov.uk,Team B,Team manager,\r\n",
    b"Ann Lee,ann.lee@northbridge.gov.uk,Team A,Social worker,Sam Patel\r\n",
    b"Ann Lee,ann.lee@northbridge.gov.uk,Team B,Social worker,sam.patel@northbridge.gov.uk\r\n",
)


def _roster(order: tuple[int, ...]) -> bytes:
    return ROSTER_ROWS[0] + b"".join(ROSTER_ROWS[i] for i in order)


@pytest.mark.parametrize("order", [(4, 3, 2, 1), (2, 4, 1, 3)])
def test_a_roster_listing_a_person_twice_or_two_people_by_one_name_reads_the_same_in_any_order(order):
    expected = load_file(_roster((1, 2, 3, 4)), "staff.csv", SETTINGS).dataset.people
    people = load_file(_roster(order), "staff.csv", SETTINGS).dataset.people
    pd.testing.assert_frame_equal(people, expected)
    ann = people.set_index("person_id").loc[pseudonym("email:ann.lee@northbridge.gov.uk", SETTINGS.salt)]
    assert ann["team"] == "Team A"  # of her two rows, the first in value order
    # "Sam Patel" names two people on the list, so that row's manager is left blank; the row that
    # gives the manager's email decides, whichever order the rows came in
    assert ann["manager_id"] == pseudonym("email:sam.patel@northbridge.gov.uk", SETTINGS.salt)


@pytest.mark.parametrize("order", [(4, 3, 2, 1), (2, 4, 1, 3)])
def test_a_roster_with_two_people_of_one_name_combines_the_same_in_any_order(order):
    """Needs people who share a display name told apart: the name must not mean whichever of them comes last."""
    expected = combine([load_file(_roster((1, 2, 3, 4)), "staff.csv", SETTINGS).dataset], SETTINGS, ["roster"])
    got = combine([load_file(_roster(order), "staff.csv", SETTINGS).dataset], SETTINGS, ["roster"])
    _assert_same_tables(got, expected)
