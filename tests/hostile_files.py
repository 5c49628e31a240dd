"""Hostile files that belong to no format, built in memory for ``test_malformed.py``: zip bombs
(one honest about its size, one that lies), files posing as workbooks, and files of NUL bytes."""

from __future__ import annotations

import io
import zipfile

from malformed import Case, workbook

BOMB_MEMBER_BYTES = 420 * 1024**2  # unpacked size of the bomb's sheet: above the 400 MB the reader allows
BOMB_CHUNK = 4 * 1024**2


def zip_bomb() -> bytes:
    """A workbook-shaped zip whose one sheet unpacks to 420 MB of spaces (about 2 MB packed).

    The fastest compression level keeps building it cheap.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(
            "[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
        )
        zf.writestr("xl/workbook.xml", "<workbook/>")
        chunk = b" " * BOMB_CHUNK
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(BOMB_MEMBER_BYTES // BOMB_CHUNK):
                member.write(chunk)
    return buffer.getvalue()


def understated_zip(real: bytes) -> bytes:
    """A real workbook whose central directory claims every member unpacks to 1 byte (a bomb that lies)."""
    out = bytearray(real)
    start = 0
    while (start := out.find(b"PK\x01\x02", start)) >= 0:
        out[start + 24 : start + 28] = (1).to_bytes(4, "little")  # uncompressed size
        start += 4
    return bytes(out)


def fake_workbooks(csv_text: bytes) -> list[Case]:
    """Files that call themselves ``.xlsx`` but are not workbooks (or are empty ones)."""
    no_sheet = io.BytesIO()
    with zipfile.ZipFile(no_sheet, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook><sheets/></workbook>")
    not_office = io.BytesIO()
    with zipfile.ZipFile(not_office, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)
    return [
        Case("CSV renamed .xlsx", "staff_list.xlsx", csv_text),
        Case("zip header then noise", "staff_list.xlsx", b"PK\x03\x04" + bytes(range(256)) * 40),
        Case("workbook without a sheet", "staff_list.xlsx", no_sheet.getvalue()),
        Case("zip of a photo named .xlsx", "staff_list.xlsx", not_office.getvalue()),
        Case("empty workbook", "staff_list.xlsx", workbook([])),
        Case("HTML table saved as .xls", "report.xls", b"<html><body><table><tr><td>Name</td></tr></table></body></html>"),
    ]


def nul_files() -> list[Case]:
    return [
        Case("1 MB of NUL bytes as CSV", "message_trace.csv", bytes(1024**2)),
        Case("1 MB of NUL bytes as xlsx", "roster.xlsx", bytes(1024**2)),
        Case("NUL bytes after a real header", "message_trace.csv", b'"Received","SenderAddress","RecipientAddress"\r\n' + bytes(4096)),
        Case("only a BOM", "feedback.csv", b"\xef\xbb\xbf"),
        Case("only blank lines", "feedback.csv", b"\r\n" * 500),
        Case("one 2 MB line", "feedback.csv", b"a," * (1024**2)),
    ]
