"""One analysis period, chosen openly: the proposal, the trim, the warnings and the rates over the period's weeks."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd
import pytest

from diagnostic.cli import main
from diagnostic.errors import InputError
from diagnostic.findings import PERIOD, cross_file_findings
from diagnostic.ingest import load_bytes, load_paths
from diagnostic.periods import Period, Span, chosen_period, covered, groups, in_period, parse_period, propose_period
from diagnostic.scorecard import build_scorecard
from diagnostic.settings import Settings
from tests.conftest import SAMPLE_SALT, SAMPLES
from tests.fixture_builders.periods import RECENT_FIRST, RECENT_LAST, mixed_period_files, old_meetings, recent_meetings

OLD_FILES = {"[meeting title removed] - Attendance report 15-06-20.csv", "[meeting title removed] - Attendance report 17-06-20.csv"}


def test_a_period_is_written_from_to_in_iso_days():
    assert parse_period("2025-01-06:2025-03-28") == Period(date(2025, 1, 6), date(2025, 3, 28))
    assert str(parse_period(" 2025-01-06 : 2025-03-28 ")) == "2025-01-06:2025-03-28"
    assert parse_period("") is None
    for bad in ("2025-03-28:2025-01-06", "January", "2025-01-06", "2025-01-06:2025-02-30"):
        with pytest.raises(InputError):
            parse_period(bad)


def test_sources_within_eight_weeks_are_one_period_and_further_apart_are_two():
    def span(name, first, last):
        return Span(name, "meetings", date.fromisoformat(first), date.fromisoformat(last))

    near = [span("a", "2025-01-06", "2025-01-31"), span("b", "2025-03-20", "2025-03-28"), span("c", "2025-02-03", "2025-02-14")]
    assert [[s.file for s in g] for g in groups(near)] == [["a", "c", "b"]]
    far = [*near, span("old", "2020-06-15", "2020-06-15")]
    assert [[s.file for s in g] for g in groups(far)] == [["old"], ["a", "c", "b"]]


@pytest.fixture(scope="module")
def mixed():
    settings = Settings(salt=SAMPLE_SALT)
    dataset, results = load_bytes(mixed_period_files(), settings)
    return dataset, results, settings


@pytest.mark.slow
def test_the_mixed_upload_proposes_the_recent_period_and_says_so(mixed):
    dataset, results, settings = mixed
    period = propose_period(results)
    assert period == Period(RECENT_FIRST, RECENT_LAST)
    found = [f for f in cross_file_findings(in_period(dataset, period), results, settings) if f.topic == PERIOD]
    assert "cover 2 periods that do not overlap" in found[0].message
    assert "6 January 2025 to 28 March 2025" in found[0].message and "--period" in found[0].message
    assert set(found[1].files) == OLD_FILES and found[1].message.startswith("2 files fall outside the analysis period")


@pytest.mark.slow
def test_meeting_hours_are_the_periods_meetings_over_the_periods_weeks(mixed):
    dataset, results, settings = mixed
    card = build_scorecard(in_period(dataset, propose_period(results)), settings)
    m = card.result("meeting_hours_per_person").measurement
    # plain recount: each person's hours in the period's meetings, over the working weeks from the first to the last meeting
    meetings = recent_meetings()
    first, last = min(x.start.date() for x in meetings), max(x.start.date() for x in meetings)
    days = sum(1 for d in range((last - first).days + 1) if (first + timedelta(days=d)).weekday() < 5)  # no bank holiday falls in it
    hours = defaultdict(float)
    for x in meetings:
        for who in x.people:
            hours[who] += x.minutes / 60
    expected = sum(h / (days / 5) for h in hours.values()) / len(hours)
    assert m.value == pytest.approx(expected)
    assert m.n == len(hours)
    assert card.result("long_meeting_share").measurement.n == len(meetings)  # the old reports' meetings are left out
    assert card.domain("meetings").score is not None


@pytest.mark.slow
def test_without_the_period_the_old_reports_stretch_the_weeks(mixed):
    dataset, _, settings = mixed
    m = build_scorecard(dataset, settings).result("meeting_hours_per_person").measurement
    assert m.n == 12 and m.value < 0.2  # the failure the period prevents: a few meetings spread over 242 weeks


@pytest.mark.slow
def test_a_chosen_period_wins_over_the_proposal(mixed):
    from dataclasses import replace

    dataset, results, settings = mixed
    old = replace(settings, period="2020-06-01:2020-06-30")
    period = chosen_period(results, old)
    assert period == Period(date(2020, 6, 1), date(2020, 6, 30))
    trimmed = in_period(dataset, period)
    assert trimmed.meetings["meeting_id"].nunique() == len(old_meetings())
    assert set(trimmed.attendance["meeting_id"]) <= set(trimmed.meetings["meeting_id"])
    assert "analysis period set to 2020-06-01 to 2020-06-30" in old.changed_from_defaults()


@pytest.mark.slow
def test_the_proposal_does_not_depend_on_the_order_of_files(mixed, settings):
    _, results, _ = mixed
    _, backwards = load_bytes(list(reversed(mixed_period_files())), settings)
    assert propose_period(backwards) == propose_period(results)


@pytest.mark.slow
def test_a_file_loaded_twice_does_not_move_the_period(settings):
    recent, old = mixed_period_files()[0], mixed_period_files()[-1]
    _, once = load_bytes([recent, old], settings)
    _, twice = load_bytes([recent, old, old, (f"copy of {old[0]}", old[1])], settings)
    assert propose_period(once) is not None and propose_period(once) == propose_period(twice)


@pytest.mark.slow
def test_files_of_one_period_are_left_as_they_are(sample_dataset):
    _, results = load_paths([SAMPLES], Settings(salt=SAMPLE_SALT))
    assert propose_period(results) is None
    assert in_period(sample_dataset, None) is sample_dataset
    wide = Period(date(2020, 1, 1), date(2030, 1, 1))
    assert in_period(sample_dataset, wide) is sample_dataset


def _write(folder, files):
    folder.mkdir()
    for name, data in files:
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.slow
def test_score_and_inspect_carry_the_warnings_and_take_a_period(tmp_path, capsys):
    folder = _write(tmp_path / "mixed", mixed_period_files())
    assert main(["score", str(folder), "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert isinstance(scored["warnings"], list)
    about_period = [w for w in scored["warnings"] if w["topic"] == PERIOD]
    assert set(about_period[1]["files"]) == OLD_FILES
    assert main(["inspect", str(folder), "--json"]) == 0
    records = {r["file"]: r for r in json.loads(capsys.readouterr().out)}
    for name in OLD_FILES:
        assert about_period[1]["message"] in records[name]["warnings"]
    assert about_period[1]["message"] not in records["calendar_01.ics"]["warnings"]
    assert main(["inspect", str(folder)]) == 0
    text = capsys.readouterr().out
    assert "Across the files:" in text and text.count("2 files fall outside the analysis period") == 1
    assert main(["score", str(folder), "--json", "--period", "2020-06-01:2020-06-30"]) == 0
    old = json.loads(capsys.readouterr().out)
    long = next(i for i in old["indicators"] if i["id"] == "long_meeting_share")
    assert long["n"] == 2 and long["too_little_data"] is True
    assert main(["score", str(folder), "--period", "June"]) == 1
    assert "could not be read" in capsys.readouterr().err


def test_the_period_proposed_is_where_most_rows_sit_not_most_files():
    """A person query of a year (10,500 rows) outweighs four small queries of the year before."""

    @dataclass
    class Loaded:
        file: str
        first: str
        last: str
        rows: int
        kind: str = "collaboration"
        usable: bool = True
        shown_file: str = ""

        def span(self):
            return pd.Timestamp(self.first), pd.Timestamp(self.last)

    older = [Loaded(f"q{i}.csv", "2022-12-05", "2023-03-04", 600 + i) for i in range(4)]
    person = Loaded("person.csv", "2024-03-31", "2024-12-01", 10_500)
    assert propose_period([*older, person]) == Period(date(2024, 3, 31), date(2024, 12, 1))
    assert propose_period([*older, replace(person, rows=2_000)]) == Period(date(2022, 12, 5), date(2023, 3, 4))


@pytest.mark.slow
def test_the_reports_first_page_names_the_analysis_period_and_the_files_left_out(mixed):
    from diagnostic.report.html import render_report

    dataset, results, settings = mixed
    html = render_report(in_period(dataset, propose_period(results)), results, settings)
    top = html[html.index("<body>") : html.index("</section>")]
    assert "<strong>Period analysed:</strong> 6 January 2025 to 28 March 2025" in top
    assert "Period covered" not in top and "2020" not in top.split("Period analysed")[1].split("</p>")[0]
    assert "2 files fall outside the analysis period" in top
    assert all(name in top for name in OLD_FILES)


@pytest.mark.slow
def test_an_upload_covers_its_period_or_else_every_day_of_its_activity(mixed, settings):
    _, results, _ = mixed
    assert covered(results) == Period(RECENT_FIRST, RECENT_LAST)  # the proposal
    mine = Period(date(2020, 6, 1), date(2020, 6, 30))
    assert covered(results, mine) == mine
    _, recent = load_bytes([f for f in mixed_period_files() if f[0].endswith(".ics")], settings)
    starts = [m.start.date() for m in recent_meetings()]  # each meeting within one day
    assert covered(recent) == Period(min(starts), max(starts))
    _, audits = load_bytes([("case_audits.xlsx", (SAMPLES / "case_audits.xlsx").read_bytes())], settings)
    assert covered(audits) is None  # audits keep their own dates: no activity period
