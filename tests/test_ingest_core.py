"""The ingest frame: reading bytes safely, and a clear message for input nobody could use."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from diagnostic.errors import InputError
from diagnostic.ingest import expand, iter_paths, load_bytes, load_file
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile, sniff_delimiter, sniff_encoding


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (b"\xef\xbb\xbfa,b\r\n", ("utf-8", 3)),
        (b"\xff\xfea\x00", ("utf-16-le", 2)),
        (b"\xfe\xff\x00a", ("utf-16-be", 2)),
        ("a,b\r\n1,2\r\n".encode("utf-16-le"), ("utf-16-le", 0)),
        ("café,b".encode("cp1252"), ("cp1252", 0)),
        ("café,b".encode(), ("utf-8", 0)),
    ],
)
def test_encodings_are_sniffed_from_bytes(data, codec):
    assert sniff_encoding(data) == codec


def test_headers_match_ignoring_case_spacing_and_bom():
    assert normalise_header("\ufeffStart Date") == normalise_header("start_date") == normalise_header(" START-DATE ") == "startdate"
    assert normalise_header("ï»¿Report Refresh Date") == "reportrefreshdate"
    assert normalise_header("After-hours %") == "afterhourspercent"


def test_cells_that_are_equal_as_numbers_keep_their_own_header_text():
    # 1, 1.0 and True are equal (and hash alike) in Python, but a spreadsheet cell's text differs
    assert [normalise_header(v) for v in (1, 1.0, True, None, "1")] == ["1", "10", "true", "", "1"]


def test_delimiters():
    assert sniff_delimiter(["a\tb\tc", "1\t2\t3"]) == "\t"
    assert sniff_delimiter(["a;b;c", "1;2;3"]) == ";"
    assert sniff_delimiter(['"a","b, c"', '"1","2"']) == ","


def test_truncated_utf16_still_decodes():
    data = "Name\tEmail\r\nAnn\ta@x\r\n".encode("utf-16")[:-1]
    assert RawFile("t.csv", data).text.startswith("Name\tEmail")


@pytest.mark.parametrize(
    ("name", "data", "phrase"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"   \r\n  ", "empty"),
        ("noise.bin", bytes(range(256)) * 4, "recognise"),
        ("fake.xlsx", b"PK\x03\x04" + b"\x00" * 200, "cannot be opened"),
        ("shopping.csv", b"item,price\r\napples,2\r\n", "recognise"),
    ],
)
def test_unusable_files_get_one_clear_sentence(settings, name, data, phrase):
    result = load_file(data, name, settings)
    assert not result.usable
    assert result.errors and phrase in result.errors[0]
    assert result.errors[0].startswith(name)
    record = result.to_record()
    assert record["kind"] == "unknown" or record["errors"]


def test_zip_archives_are_expanded_and_bombs_refused(settings):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.csv", "x,y\n1,2\n")
        zf.writestr("__MACOSX/._a.csv", "junk")
    assert [n for n, _ in expand("export.zip", buf.getvalue())] == ["export.zip/a.csv"]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i in range(201):
            zf.writestr(f"f{i}.csv", "x")
    with pytest.raises(InputError, match="too large"):
        expand("bomb.zip", bomb.getvalue())
    _, results = load_bytes([("bomb.zip", bomb.getvalue())], settings)
    assert results[0].errors and "too large" in results[0].errors[0]


def test_folders_skip_hidden_files_and_readmes(tmp_path):
    (tmp_path / "README.md").write_text("about")
    (tmp_path / ".hidden.csv").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.csv").write_text("x")
    assert [p.name for p in iter_paths([tmp_path])] == ["a.csv"]


@pytest.mark.slow
@hyp_settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["x.csv", "x.xlsx", "x.ics", "x.txt", "x.docx", "x.pdf"]))
def test_arbitrary_bytes_never_raise(data, name):
    from diagnostic.settings import Settings

    result = load_file(data, name, Settings(salt="s"), strict=True)
    assert result.errors or result.usable


def test_no_text_of_a_file_is_remembered_once_it_is_read(settings):
    """Header texts are remembered while a file is read (data cells pass through too), never after."""
    from diagnostic.ingest import load_file
    from diagnostic.ingest.headers import _HEADER_MEMOS

    load_file(b"Subject,Organizer,Start\r\nSupervision,Zebedee Quartermaine,01/02/2025 10:00\r\n", "a.csv", settings)
    assert _HEADER_MEMOS and all(memo.cache_info().currsize == 0 for memo in _HEADER_MEMOS)
