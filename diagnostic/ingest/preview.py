"""What a column mapping will give, before it is applied: the first rows and every problem.

The mapping step shows this under its form, so a person sees their rows as they will load
(people already replaced by codes) and each problem beside the field whose column caused it,
and can fix the mapping before using it rather than after a failed load.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from diagnostic.errors import ERROR, Issue
from diagnostic.ingest import load_file
from diagnostic.ingest.fields import LABELS, fields
from diagnostic.schema import BOOL, DATETIME, FLOAT, INT, SPEC
from diagnostic.settings import Settings
from diagnostic.wording import number

SHOWN_ROWS = 5


@dataclass(frozen=True)
class Preview:
    """The rows a mapping gives and what went wrong, per field and overall."""

    rows: pd.DataFrame  # the first rows as they will load, columns headed by the fields' labels
    total: int  # rows that will load
    by_field: dict[str, list[str]]  # field -> problems with the column mapped to it
    general: list[str]  # problems not about one column
    loads: bool  # whether the file would load at all
    also: dict[str, int]  # other tables the file gives, with their rows (an attendance report's meeting)


def preview(name: str, data: bytes, mapping: dict, settings: Settings, shown: int = SHOWN_ROWS) -> Preview:
    """Read the file through ``mapping`` exactly as loading will, and describe the result."""
    result = load_file(data, name, settings, mapping)
    table = mapping.get("table")
    field_of = dict(mapping.get("columns") or {})  # the user's header -> field
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for issue in sorted(result.issues, key=lambda i: i.severity != ERROR):
        field = field_of.get(issue.column or "")
        (by_field.setdefault(field, []) if field else general).append(_said(issue))
    frame = getattr(result.dataset, table) if result.dataset.present().get(table) else None
    rows = _shown(frame, table, set(field_of.values()), shown) if frame is not None else pd.DataFrame()
    also = {t: n for t, n in result.dataset.present().items() if t not in (table, "people", "aliases")}
    return Preview(rows, len(frame) if frame is not None else 0, by_field, general, result.usable, also)


def _said(issue: Issue) -> str:
    """The issue without the file's name and column (they are shown around it)."""
    text = str(replace(issue, file="\x00", column=None)).removeprefix("\x00").removeprefix(", ").removeprefix(": ")
    return text[:1].upper() + text[1:]


def _shown(frame: pd.DataFrame, table: str, mapped: set[str], shown: int) -> pd.DataFrame:
    """The first rows, the mapped (or made-up) columns only, dates written plainly, headed by labels."""
    columns = [c for c in SPEC[table].template_columns() if c in frame.columns and (c in mapped or frame[c].notna().any())]
    out = frame[columns].head(shown).copy()
    for column in columns:
        dtype = SPEC[table].column(column).dtype
        if dtype == DATETIME:
            out[column] = out[column].dt.strftime("%Y-%m-%d %H:%M")
        elif dtype == BOOL:
            out[column] = out[column].map({True: "Yes", False: "No"})
        elif dtype in (INT, FLOAT):
            out[column] = out[column].map(number, na_action="ignore")
    return out.astype("string").fillna("").rename(columns=lambda c: LABELS[f"{table}.{c}"])


def choice_problems(table: str, chosen: dict[str, str | None]) -> dict[str, str]:
    """Field -> what is wrong with its choice before anything is read: a needed field left out,
    or a column already chosen for another field."""
    problems: dict[str, str] = {}
    taken: dict[str, str] = {}
    for field in fields(table):
        header = chosen.get(field.name)
        if not header:
            if field.required and not field.made_up:
                problems[field.name] = "Needed: the file cannot load without it. Choose the column that holds it."
        elif header in taken:
            problems[field.name] = f"“{header}” is already chosen for “{taken[header]}”. Choose each column once."
        else:
            taken[header] = field.label
    return problems


def as_mapping(table: str, chosen: dict[str, str | None], dayfirst: bool | None) -> dict:
    """The mapping (``--mapping`` file format) for the fields' chosen headers."""
    return {"table": table, "columns": {header: field for field, header in chosen.items() if header}, "dayfirst": dayfirst}
