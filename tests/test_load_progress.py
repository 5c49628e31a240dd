"""Loading several files: progress as it goes, and the same result read two at a time as one by one."""

from __future__ import annotations

import pandas as pd
import pytest

import diagnostic.ingest as ingest
from diagnostic.ingest import Progress, load_bytes, load_paths, workers_for
from tests.conftest import SAMPLES


def _files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLES.iterdir()) if p.suffix in {".csv", ".xlsx"}]


def test_progress_names_each_file_counts_them_and_ends_with_every_row(settings):
    heard: list[Progress] = []
    files = _files()[:4] + [("Attendance - jo.bloggs@example.org.csv", b"Name,Email\r\n")]
    _, results = load_bytes(files, settings, progress=heard.append)
    assert [p.done for p in heard] == list(range(len(files) + 1))
    assert {p.total for p in heard} == {len(files)}
    assert [p.file for p in heard[:-1]] == [n for n, _ in files[:4]] + ["Attendance - [email address removed].csv"]
    assert heard[-1].file == "" and heard[-1].rows == sum(r.rows for r in results) > 0
    assert all("@" not in p.file for p in heard)


def test_load_paths_passes_progress_through(settings, tmp_path):
    (tmp_path / "a.csv").write_bytes(dict(_files())["email_activity_user_detail.csv"])
    heard: list[Progress] = []
    load_paths([tmp_path], settings, progress=heard.append)
    assert [(p.done, p.total) for p in heard] == [(0, 1), (1, 1)]


def test_two_workers_only_for_several_files_with_enough_bytes():
    big = ingest.PARALLEL_MIN_BYTES
    assert workers_for([big]) == 1
    assert workers_for([10, 20]) == 1
    assert workers_for([big // 2, big // 2]) == 2
    assert workers_for([big] * 9) == ingest.PARALLEL_WORKERS == 2


@pytest.mark.slow
def test_files_read_two_at_a_time_give_the_same_dataset_and_results(settings, monkeypatch):
    files = _files() + [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.ics"))]
    one_by_one, results_one = load_bytes(files, settings)
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    heard: list[Progress] = []
    together, results_two = load_bytes(files, settings, progress=heard.append)
    assert [r.to_record() for r in results_two] == [r.to_record() for r in results_one]
    assert together.present() == one_by_one.present()
    for table in one_by_one.present():
        pd.testing.assert_frame_equal(getattr(together, table), getattr(one_by_one, table), obj=table)
    assert [p.done for p in heard] == list(range(len(files) + 1))
