"""Reading a local spreadsheet so that every message's row number is the one the user sees."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from diagnostic.errors import InputError
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.sheet import read_sheet, records


def test_blank_rows_keep_their_numbers_in_csv(settings):
    data = b'\r\nTeam,Role\r\nA,Social Worker\r\n\r\n,\r\nB,"Team\r\nManager"\r\n'
    frame = read_sheet(RawFile("staff.csv", data), LoadContext("staff.csv", settings))
    assert list(frame.columns) == ["Team", "Role"]
    assert frame.index.tolist() == [3, 6]  # header on row 2; rows 4 and 5 are blank
    assert frame.loc[6, "Role"] == "Team\r\nManager"


def test_blank_rows_keep_their_numbers_in_xlsx(settings):
    book = Workbook()
    for row in (["Team", "Role"], ["A", "Social Worker"], [None, None], ["B", None]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_sheet(RawFile("staff.xlsx", buffer.getvalue()), LoadContext("staff.xlsx", settings))
    assert frame.index.tolist() == [2, 4]
    assert frame["Role"].isna().tolist() == [False, True]


def test_cells_beyond_the_header_are_reported_by_row(settings):
    ctx = LoadContext("x.csv", settings)
    frame = read_sheet(RawFile("x.csv", b"a,b\r\n1,2\r\n3,4,5\r\n6\r\n"), ctx)
    assert frame.fillna("").values.tolist() == [["1", "2"], ["3", "4"], ["6", ""]]
    assert [str(i) for i in ctx.issues] == [
        "x.csv, row 3: 1 row has more cells than the header row, and the extra cells were not read. Check for stray commas, or give every column a header."
    ]


def test_repeated_and_empty_headers(settings):
    frame = read_sheet(RawFile("x.csv", b"\xef\xbb\xbfTeam,Team,\r\n1,2,3\r\n"))
    assert list(frame.columns) == ["Team", "Team.1", "Unnamed: 2"]


def test_an_empty_file_is_an_empty_frame_and_broken_quoting_one_sentence():
    assert read_sheet(RawFile("x.csv", b"\r\n\r\n")).empty
    assert records(RawFile("x.csv", b"a,b\r\n1,2\r\n")) == [["a", "b"], ["1", "2"]]
    with pytest.raises(InputError, match="x.csv: this file could not be read as a table"):
        records(RawFile("x.csv", b'a,b\r\n"1' + b"x" * 200_000 + b'",2\r\n'))
