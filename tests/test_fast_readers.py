"""The column-wise readers (calamine for workbooks, pyarrow for CSV) give every loader exactly what
the row-by-row readers gave (openpyxl, Python's csv module; kept in ``legacy_readers.py``).

Compared on the fixtures, the bundled sample, a generated organisation, the malformed corpus
and hostile files, and on Hypothesis-made tables full of quotes, line breaks, blank and ragged
rows and odd whitespace.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import hostile_files
import legacy_readers
import malformed
import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from diagnostic.errors import InputError
from diagnostic.ingest import detect_format, load_file, rawfile, sheet
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.rawfile import RawFile
from diagnostic.samples import write_sample
from diagnostic.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "tests" / "fixtures", ROOT / "data" / "samples")
SALT = "fast-readers-salt-0123456789"
NEW = {"read_sheet": sheet.read_sheet, "records": sheet.records, "_read_sheet": rawfile._read_sheet}
OLD = {
    "read_sheet": legacy_readers.read_sheet_rows,
    "records": legacy_readers.records_csv_module,
    "_read_sheet": legacy_readers.read_sheet_openpyxl,
}


@pytest.fixture(scope="module")
def quiet_settings() -> Settings:
    return Settings(salt=SALT)


def _use(readers: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every ingest module that imported a reader at ``readers`` instead."""
    current = {name: fn for name, fn in NEW.items()} | {name: fn for name, fn in OLD.items()}
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("diagnostic.ingest") and module is not None:
            for name in NEW:
                if getattr(module, name, None) in (current[name], NEW[name], OLD[name]):
                    monkeypatch.setattr(module, name, readers[name])


def _outcome(data: bytes, name: str, settings: Settings) -> tuple:
    result = load_file(data, name, settings)
    tables = {t: getattr(result.dataset, t) for t in result.dataset.present()}
    return result.format, result.rows, [str(i) for i in result.issues], tables


def _assert_same(old: tuple, new: tuple, label: str) -> None:
    assert old[:3] == new[:3], label
    assert old[3].keys() == new[3].keys(), label
    for table, frame in old[3].items():
        pd.testing.assert_frame_equal(frame, new[3][table], obj=f"{label}: {table}")


def _compare(cases: list[tuple[str, str, bytes]], settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        _use(OLD, m)
        old = [_outcome(data, name, settings) for _, name, data in cases]
    _use(NEW, monkeypatch)
    for (label, name, data), before in zip(cases, old):
        _assert_same(before, _outcome(data, name, settings), label)


def _files(folder: Path) -> list[tuple[str, str, bytes]]:
    return [
        (str(p), p.name, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in {".csv", ".xlsx", ".tsv", ".txt"}
    ]


@pytest.mark.slow
def test_every_fixture_and_the_sample_load_the_same(quiet_settings, monkeypatch):
    cases = [case for folder in FOLDERS for case in _files(folder)]
    assert sum(name.endswith(".xlsx") for _, name, _ in cases) >= 10
    _compare(cases, quiet_settings, monkeypatch)


@pytest.mark.slow
def test_a_generated_organisation_and_the_malformed_corpus_load_the_same(quiet_settings, monkeypatch, tmp_path):
    write_sample(tmp_path, people=100, weeks=4)
    generated = _files(tmp_path)
    best: dict[tuple[str, str], malformed.Example] = {}
    for _, name, data in generated + [c for folder in FOLDERS for c in _files(folder)]:  # the fixtures themselves: the test above
        fmt, _ = detect_format(RawFile(name, data))
        if fmt is not None:
            example = malformed.Example(fmt.id, name, data)
            key = (fmt.id, example.container)
            if key not in best or len(data) < len(best[key].data):
                best[key] = example
    damaged = [(f"{fmt}: {case.label}", case.name, case.data) for fmt, case in malformed.corpus(best.values())]
    hostile = [(c.label, c.name, c.data) for c in hostile_files.fake_workbooks(best[("roster", "table")].data) + hostile_files.nul_files()]
    understated = [("sizes understated", "roster.xlsx", hostile_files.understated_zip(best[("roster", "sheet")].data))]
    _compare(generated + damaged + hostile + understated, quiet_settings, monkeypatch)


CELL = st.one_of(
    st.sampled_from(["", " ", "\t", "\u00a0", "x", '"', '""', ",", ";", "\n", "\r\n", "a,b", 'say "hi"', "Siobhán", "\u2028", "=1+2"]),
    st.text(alphabet=st.sampled_from('ab ,;"\n\r\t\u00a0é'), max_size=6),
)
ROWS = st.lists(st.lists(CELL, min_size=0, max_size=5), min_size=0, max_size=8)


def _csv_bytes(rows: list[list[str]], delimiter: str, newline: str, encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _sheet_and_warnings(reader, raw: RawFile) -> tuple:
    ctx = LoadContext(file=raw.name, settings=Settings(salt=SALT))
    try:
        frame = reader(raw, ctx)
    except InputError as exc:
        return str(exc), []
    return frame, [str(i) for i in ctx.issues] + [str(n) for n in raw.notes]


@pytest.mark.slow
@hyp_settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=ROWS,
    delimiter=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\r\n", "\n"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    title=st.booleans(),
)
def test_csv_tables_read_column_wise_match_the_row_by_row_reader(rows, delimiter, newline, encoding, title):
    header = [["Reference", "Date Received", "Team", "Outcome"]]
    data = _csv_bytes(([["Complaints register"]] if title else []) + header + rows, delimiter, newline, encoding)
    old = _sheet_and_warnings(legacy_readers.read_sheet_rows, RawFile("log.csv", data))
    new = _sheet_and_warnings(sheet.read_sheet, RawFile("log.csv", data))
    if isinstance(old[0], str):
        assert old == new
    else:
        pd.testing.assert_frame_equal(old[0], new[0])
        assert old[1] == new[1]


def test_raw_text_reads_cut_files_ragged_rows_and_old_mac_line_ends_row_by_row():
    for data in (b"a,b,c\r\n1,2\r\n3,4,5,6\r\n", b'a,b,c\n1,"2\n', b"a,b,c\r1,2,3\r"):
        assert sheet._arrow_columns(RawFile("x.csv", data)) is None
    # a stray NUL is dropped from the text before either reader sees it (an empty cell written as \0)
    with_nul = sheet._arrow_columns(RawFile("x.csv", b"a,b,c\n1,\x002,3\n"))
    assert [c.to_pylist() for c in with_nul] == [["a", "1"], ["b", "2"], ["c", "3"]]
    assert sheet._arrow_columns(RawFile("x.csv", b"a,b,c\r\n1,2,3\r\n\r\n4,5,6\r\n")) is not None


WORKBOOK_CELL = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.text(alphabet=st.sampled_from("ab é\n\t"), max_size=5),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)).map(lambda d: d.replace(microsecond=0)),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1)),
    st.just(time(9, 15)),
    st.just(timedelta(hours=2)),
)


@hyp_settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(WORKBOOK_CELL, max_size=5), max_size=6))
def test_workbook_cells_read_by_calamine_match_openpyxl(rows):
    """Cell for cell, up to each row's last value: in a sheet that does not state its size,
    openpyxl also yields the empty cells and rows after the last value that the writer left
    elements for, which every reader skips."""
    data = malformed.workbook([["Reference", "Date Received", "Team"], *rows])
    assert _values(rawfile._read_sheet("log.xlsx", data, None)) == _values(legacy_readers.read_sheet_openpyxl("log.xlsx", data, None))


def _values(rows: list[tuple]) -> list[tuple]:
    """Rows without the empty cells after their last value, and without the blank rows at the end."""
    out = [_without_trailing_blanks(tuple(row)) for row in rows]
    while out and not out[-1]:
        out.pop()
    return out


def _without_trailing_blanks(row: tuple) -> tuple:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]
