"""The canonical tables, specified once: every column's dtype, part, vocabulary, header synonyms and template text.

Everything else that lists columns (the dtypes :mod:`diagnostic.dataset` conforms to, what the
loaders pseudonymise, the templates, the time columns trends slice by) is worked out from
``SPEC``. This package sits at the bottom: it imports nothing else from ``diagnostic``.
"""

from __future__ import annotations

from diagnostic.schema.activity import ATTENDANCE, GROUP_TIES, MEETINGS, MESSAGES, TIES, VOLUMES
from diagnostic.schema.people import ALIASES, ATTRIBUTES, PEOPLE
from diagnostic.schema.practice import AUDITS, DOCUMENTS, FEEDBACK, RESPONSES
from diagnostic.schema.spec import (
    BOOL,
    DATETIME,
    DTYPES,
    FLOAT,
    INT,
    OVERSEER,
    PERSON,
    REFERENCE,
    ROLES,
    STR,
    TIME,
    TZ,
    VALUE,
    Column,
    Rules,
    Table,
)

__all__ = [
    "BOOL",
    "DATETIME",
    "DTYPES",
    "FLOAT",
    "INT",
    "OVERSEER",
    "PERSON",
    "REFERENCE",
    "ROLES",
    "SPEC",
    "STR",
    "TIME",
    "TZ",
    "VALUE",
    "Column",
    "Rules",
    "Table",
    "column_pairs",
    "person_columns",
    "templated",
]

SPEC: dict[str, Table] = {
    t.name: t
    for t in (
        PEOPLE,
        MEETINGS,
        ATTENDANCE,
        MESSAGES,
        VOLUMES,
        TIES,
        GROUP_TIES,
        AUDITS,
        FEEDBACK,
        DOCUMENTS,
        RESPONSES,
        ATTRIBUTES,
        ALIASES,
    )
}


def templated() -> tuple[Table, ...]:
    """The tables with a template (and so a label, a kind and an about-text), in order."""
    return tuple(t for t in SPEC.values() if t.templated)


def person_columns(*roles: str) -> dict[str, tuple[str, ...]]:
    """Table -> its columns holding a person in any of ``roles``, for the tables that have some.

    The aliases table is left out: it is what maps one person's pseudonym to another, not a table
    whose people are mapped.
    """
    found = {name: table.names(*roles) for name, table in SPEC.items() if table is not ALIASES}
    return {name: columns for name, columns in found.items() if columns}


def column_pairs(tables: tuple[Table, ...] | None = None) -> tuple[tuple[Table, Column], ...]:
    """Every (table, column) of ``tables`` (all tables by default), in order."""
    return tuple((t, c) for t in (tables if tables is not None else tuple(SPEC.values())) for c in t.columns)
