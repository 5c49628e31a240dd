"""One calendar loaded with the package's reader and with the reference reader (tests/ics_reference.py)."""

from __future__ import annotations

import dataclasses
from unittest import mock

import ics_reference
import pandas as pd

import diagnostic.ingest as ingest
from diagnostic.ingest.formats import meetings_ics

TABLES = ("meetings", "attendance", "people", "aliases")


def both(data: bytes, name: str, settings, strict: bool = True):
    """(new, reference) load results of the same bytes."""
    new = ingest.load_file(data, name, settings, strict=strict)
    formats = tuple(dataclasses.replace(f, parse=ics_reference.parse) if f.id == meetings_ics.FORMAT_ID else f for f in ingest.FORMATS)
    with mock.patch.object(ingest, "FORMATS", formats):
        reference = ingest.load_file(data, name, settings, strict=strict)
    return new, reference


def assert_same(new, reference) -> None:
    """The same tables, messages and errors, byte for byte."""
    assert new.errors == reference.errors
    assert new.warnings == reference.warnings
    assert [(i.column, i.rows) for i in new.issues] == [(i.column, i.rows) for i in reference.issues]
    for table in TABLES:
        a, b = getattr(new.dataset, table, None), getattr(reference.dataset, table, None)
        assert (a is None) == (b is None), table
        if a is not None:
            pd.testing.assert_frame_equal(a, b, check_exact=True, obj=table)
