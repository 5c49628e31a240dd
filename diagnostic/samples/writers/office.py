"""Byte-stable Office files: fixed document properties and fixed zip entry times.

openpyxl stamps "now" into docProps/core.xml when it saves, python-docx does when it creates, and
both zip libraries stamp every entry with the current time. Rebuilding the archive with one fixed
time and fixed attributes makes the same seed give the same bytes on any day.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

AUTHOR = "Northbridge Council"


def normalise_zip(data: bytes, stamp: datetime) -> bytes:
    """The same archive with every entry dated ``stamp`` and no host-specific attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def workbook_bytes(wb: Workbook, stamp: datetime) -> bytes:
    """Save without openpyxl's ``save_workbook`` (which overwrites ``modified`` with the clock)."""
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    return normalise_zip(buffer.getvalue(), stamp)


def docx_bytes(document, stamp: datetime) -> bytes:
    """A python-docx Document with fixed core properties, as stable bytes."""
    props = document.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), stamp)
