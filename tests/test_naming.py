"""Files of one name: told apart by folder or upload order, each with its own row; the same file
loaded twice still counts once."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from diagnostic.cli import main
from diagnostic.ingest import load_bytes, load_paths
from diagnostic.ingest.naming import base_name, path_names, unique_names
from tests.fixture_builders.teams_reports import report

REPORT = "meetingAttendanceReport.csv"


def test_repeats_are_numbered_by_their_order_before_the_extension():
    assert unique_names([REPORT, REPORT, "Sheet_1.csv", REPORT]) == [
        REPORT,
        "meetingAttendanceReport (2).csv",
        "Sheet_1.csv",
        "meetingAttendanceReport (3).csv",
    ]
    assert unique_names(["notes", "notes"]) == ["notes", "notes (2)"]


def test_a_number_already_taken_by_a_real_file_is_skipped():
    assert unique_names(["a.csv", "a.csv", "a (2).csv"]) == ["a.csv", "a (3).csv", "a (2).csv"]


@given(st.lists(st.sampled_from(["a.csv", "a (2).csv", "b", "b (2)", "c.docx", "x/a.csv"]), max_size=12))
def test_names_are_all_different_and_the_first_of_each_is_kept(names):
    got = unique_names(names)
    assert len(got) == len(names) and len(set(got)) == len(got)
    firsts = {}
    for name, new in zip(names, got):
        firsts.setdefault(name, new)
    assert all(firsts[n] == n for n in firsts)
    assert all(PurePosixPath(new).suffix == PurePosixPath(old).suffix for old, new in zip(names, got))  # still the same kind of file


def test_files_on_disk_are_told_apart_by_as_many_folders_as_needed():
    paths = [PurePosixPath(p) for p in ("exports/jan/teams/r.csv", "exports/feb/teams/r.csv", "exports/roster.csv", "x/other.csv")]
    assert path_names(paths) == ["jan/teams/r.csv", "feb/teams/r.csv", "roster.csv", "other.csv"]
    assert path_names([PurePosixPath("a/r.csv"), PurePosixPath("a/r.csv")]) == ["r.csv", "r (2).csv"]


def test_a_saved_mapping_is_keyed_by_the_files_own_name():
    assert base_name("meetingAttendanceReport (2).csv") == REPORT
    assert base_name("reports.zip/week1/meetingAttendanceReport.csv") == REPORT
    assert base_name("notes (3)") == "notes"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_five_same_named_reports_and_a_zip_of_them_each_get_a_row(settings):
    reports = [report(i) for i in range(1, 6)]
    archive = _zip({f"week{i}/{REPORT}": data for i, data in enumerate(reports, start=1)})
    dataset, results = load_bytes([(REPORT, data) for data in reports] + [("reports.zip", archive)], settings)
    names = [r.file for r in results]
    assert names[:5] == [REPORT] + [f"meetingAttendanceReport ({n}).csv" for n in range(2, 6)]
    assert names[5:] == [f"reports.zip/week{i}/{REPORT}" for i in range(1, 6)]
    assert all(r.usable and r.format == "teams_attendance" for r in results)
    assert len(dataset.meetings) == 5  # the zip holds the same five meetings: each counted once
    assert len(dataset.attendance) == 5 * 3


def test_two_files_of_one_name_in_different_folders_are_told_apart_by_the_cli(tmp_path, capsys):
    for folder, meeting in (("march", 1), ("april", 2)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / REPORT).write_bytes(report(meeting))
    assert main(["inspect", str(tmp_path), "--json"]) == 0
    files = [record["file"] for record in json.loads(capsys.readouterr().out)]
    assert sorted(files) == [f"april/{REPORT}", f"march/{REPORT}"]
    assert main(["inspect", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert f"april/{REPORT}" in printed and f"march/{REPORT}" in printed


def test_names_made_alike_by_hiding_meeting_titles_are_told_apart(settings):
    named = [(f"Case review {i} - Attendance report 14-01-25.csv", report(i)) for i in (1, 2)]
    _, results = load_bytes(named, settings)
    shown = [r.to_record()["file"] for r in results]
    assert shown == [
        "[meeting title removed] - Attendance report 14-01-25.csv",
        "[meeting title removed] - Attendance report 14-01-25 (2).csv",
    ]


def test_the_same_file_given_twice_is_numbered_but_counted_once(tmp_path, settings):
    path = tmp_path / REPORT
    path.write_bytes(report(1))
    dataset, results = load_paths([path, path], settings)
    assert [r.file for r in results] == [REPORT, "meetingAttendanceReport (2).csv"]
    assert len(dataset.meetings) == 1 and len(dataset.attendance) == 3
