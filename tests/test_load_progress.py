"""Loading several files: progress as it goes, file by file, and rows read once all are in."""

from __future__ import annotations

from diagnostic.ingest import Progress, load_bytes, load_paths
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
