"""What a canonical column and a canonical table are: the two records every table's specification is made of.

A column says everything the rest of the code needs to know about it (its dtype, whether a row
without it is kept, what part it plays, how a spreadsheet may spell its header and its values, what
the template shows for it), so that adding a column is one entry in its table's specification.
The idea is pandera's ``Column``, kept to a frozen dataclass: loading reads the specification
once, when the modules are imported.
"""

from __future__ import annotations

from dataclasses import dataclass

TZ = "Europe/London"
DATETIME = f"datetime64[us, {TZ}]"
STR = "string"
BOOL = "boolean"
INT = "Int64"
FLOAT = "Float64"
DTYPES = (STR, BOOL, INT, FLOAT, DATETIME)

# The part a column plays. People and references are pseudonymised at load; times place a row in time.
VALUE = "value"  # anything else
PERSON = "person"  # a person the row is about or who acted (an attendee, a sender, the practitioner audited)
OVERSEER = "overseer"  # a person named for overseeing the row's person: a line manager, an auditor
REFERENCE = "reference"  # a reference that could carry a subject, an address or a child's number: kept as a salted hash
TIME = "time"  # when the row happened; the first one places the row in a period
ROLES = (VALUE, PERSON, OVERSEER, REFERENCE, TIME)

# Rules for reading a cell: an ordered list of (pattern, value), first match wins (see vocabularies).
Rules = tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Column:
    """One canonical column.

    ``expect`` is the plain-English sentence shown beside the rows whose value could not be read.
    ``opt_in`` names the setting without which this free text is never kept. ``reference`` is the
    word a reference's pseudonym is salted with, so the same reference in two tables still joins.
    ``examples`` are the cells of the template's two fictional rows (Northbridge is an invented council;
    a blank cell is left empty on purpose).
    """

    name: str
    dtype: str
    required: bool = False
    role: str = VALUE
    reference: str = ""
    vocabulary: Rules | None = None
    expect: str = ""
    most: float | None = None  # the largest value a number may take (a rating from 0 to 1)
    synonyms: tuple[str, ...] = ()
    opt_in: str = ""
    template: bool = True  # offered in the table's template (False for what loaders derive themselves)
    examples: tuple[str, str] = ("", "")
    help: str = ""


@dataclass(frozen=True)
class Table:
    """One canonical table: its columns in order, and what the loaders and templates say about it.

    ``dedupe`` is what makes two rows the same record when several files are combined: some
    columns, ``None`` for every column (aggregates are dropped only when identical), or ``()``
    when rows are never dropped as repeats. A table without a ``label`` has no template.
    ``template_first`` are columns the template shows before the rest, which follow in order.
    """

    name: str
    columns: tuple[Column, ...]
    label: str = ""
    kind: str = ""
    about: str = ""
    dedupe: tuple[str, ...] | None = ()
    template_first: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        """The column called ``name`` (KeyError when the table has none)."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def templated(self) -> bool:
        return bool(self.label)

    def dtypes(self) -> dict[str, str]:
        """Column -> dtype, in order."""
        return {c.name: c.dtype for c in self.columns}

    def names(self, *roles: str) -> tuple[str, ...]:
        """The columns playing any of ``roles``, in order."""
        return tuple(c.name for c in self.columns if c.role in roles)

    def template_columns(self) -> tuple[str, ...]:
        """The template's columns: ``template_first``, then the other template columns in order."""
        rest = tuple(c.name for c in self.columns if c.template and c.name not in self.template_first)
        return self.template_first + rest
