"""Many files' tables made into one Dataset: the same person, meeting or record seen twice kept once.

Steps run in a fixed order, each a function of its own: stack every file's tables, resolve
name-keyed people to email-keyed ones, merge people, recognise the same meeting in several
exports, then drop records seen twice.
"""

from __future__ import annotations

import pandas as pd

from diagnostic.dataset import PERSON_COLUMNS, SCHEMAS, Dataset, conform, resolve_organisations
from diagnostic.ingest.same_meeting import merge_same_meetings
from diagnostic.schema import SPEC, STR

# The same record seen in two files (two people's calendars, a form and its CSV copy, an export
# loaded twice) is kept once. None means "every column": aggregates are only dropped when identical.
DEDUPE_KEYS: dict[str, list[str] | None] = {
    name: None if table.dedupe is None else list(table.dedupe) for name, table in SPEC.items() if table.dedupe != ()
}


def combine(parts: list[Dataset], settings=None) -> Dataset:
    """Stack several files' Datasets into one, each step a function of its own (see the module's docstring).

    People rows are merged per ``person_id`` (a roster's team and role win over what other
    exports imply); duplicate meetings seen in several people's exports are kept once.
    """
    merged = stack(parts)
    merged = resolve_aliases(merged)
    if "people" in merged:
        merged["people"] = _merge_people(merged["people"])
        if settings is not None:
            merged["people"] = resolve_organisations(merged["people"], settings)
    merged = merge_same_meetings(merged)
    if len(parts) > 1:
        merged = drop_repeats(merged)
    return Dataset(**merged)


def stack(parts: list[Dataset]) -> dict[str, pd.DataFrame]:
    """Every file's rows of each table, one frame per table (tables no file carries are left out)."""
    merged: dict[str, pd.DataFrame] = {}
    for name in SCHEMAS:
        frames = [getattr(p, name) for p in parts if getattr(p, name) is not None and len(getattr(p, name))]
        if frames:
            merged[name] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return merged


def resolve_aliases(merged: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Name-keyed people (an export that gives only display names) become the email-keyed person of that name."""
    aliases = merged.pop("aliases", None)
    if aliases is None:
        return merged
    return {name: _apply_aliases(name, frame, aliases) for name, frame in merged.items()}


def drop_repeats(merged: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The same record seen in several files kept once (``DEDUPE_KEYS``)."""
    for name, key in DEDUPE_KEYS.items():
        if name in merged:
            merged[name] = merged[name].drop_duplicates(key, keep="first").reset_index(drop=True)
    return merged


def _apply_aliases(name: str, frame: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    columns = PERSON_COLUMNS.get(name, ())
    if not columns:
        return frame
    lookup = aliases.drop_duplicates("alias_id").set_index("alias_id")["person_id"]
    frame = frame.copy()
    for column in columns:
        mapped = frame[column].map(lookup)
        frame[column] = mapped.fillna(frame[column]).astype(STR)
    return frame


def _merge_people(people: pd.DataFrame) -> pd.DataFrame:
    """One row per person: the first non-missing value of each column wins (rosters load first)."""
    people = people.dropna(subset=["person_id"])
    merged = people.groupby("person_id", sort=True, as_index=False).first()
    return conform("people", merged)
