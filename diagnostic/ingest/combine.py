"""Many files' tables made into one Dataset: the same person, meeting or record seen twice kept once.

Steps run in a fixed order, each a function of its own: stack every file's tables, resolve
name-keyed people to email-keyed ones, merge people, recognise the same meeting in several
exports, then drop records seen twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from diagnostic.dataset import PERSON_COLUMNS, SCHEMAS, Dataset, conform, resolve_organisations
from diagnostic.ingest.same_meeting import merge_same_meetings
from diagnostic.ingest.vocabulary import agree, counted
from diagnostic.schema import SPEC, STR

ROSTER_FACTS = ("team", "role", "manager_id", "is_manager", "is_practitioner", "organisation")  # what a staff list says of someone

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
    """Name-keyed people (an export that gives only display names) become the email-keyed person of that name.

    A name that belongs to two or more people is never guessed: rows naming someone only by it
    are left unmatched (dropped where the person is required, the person left blank where not),
    and the name does not become a person of its own.
    """
    aliases = merged.pop("aliases", None)
    if aliases is None:
        return merged
    lookup, ambiguous = alias_lookup(aliases)
    return {name: _apply_aliases(name, frame, lookup, ambiguous) for name, frame in merged.items()}


def alias_lookup(aliases: pd.DataFrame) -> tuple[pd.Series, set[str]]:
    """(name-keyed id -> the one email-keyed person it names; the name-keyed ids naming several people)."""
    pairs = aliases.dropna().drop_duplicates()
    people = pairs.groupby("alias_id")["person_id"].nunique()
    ambiguous = set(people.index[people > 1])
    lookup = pairs[~pairs["alias_id"].isin(ambiguous)].set_index("alias_id")["person_id"]
    return lookup, ambiguous


@dataclass(frozen=True)
class Note:
    """A warning about one of the files combined: ``part`` is its position in the list given to :func:`combine`."""

    part: int
    message: str
    action: str


def combine_notes(parts: list[Dataset]) -> list[Note]:
    """What combining ``parts`` did to each file that the file itself could not know: rows naming
    someone by a display name that several people share, left unmatched (counts only, no names)."""
    frames = [p.aliases for p in parts if p.aliases is not None and len(p.aliases)]
    if not frames:
        return []
    _, ambiguous = alias_lookup(pd.concat(frames, ignore_index=True))
    if not ambiguous:
        return []
    notes = []
    for i, part in enumerate(parts):
        names, rows = _ambiguous_rows(part, ambiguous)
        if rows:
            notes.append(
                Note(
                    i,
                    f"{counted(names, 'display name')} in this file {agree(names, 'belongs', 'belong')} to more than one person, "
                    f"so {counted(rows, 'record')} naming {agree(names, 'it', 'them')} {agree(rows, 'was', 'were')} not matched to anyone.",
                    "Export with email addresses, or give these people distinct display names in the staff list.",
                )
            )
    return notes


def drop_repeats(merged: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The same record seen in several files kept once (``DEDUPE_KEYS``)."""
    for name, key in DEDUPE_KEYS.items():
        if name in merged:
            merged[name] = merged[name].drop_duplicates(key, keep="first").reset_index(drop=True)
    return merged


def _apply_aliases(name: str, frame: pd.DataFrame, lookup: pd.Series, ambiguous: set[str]) -> pd.DataFrame:
    """Each person column mapped through ``lookup``; a name several people share leaves the row
    out where the person is required (an attendee, a sender) and blank where not (an organiser)."""
    columns = PERSON_COLUMNS.get(name, ())
    if not columns:
        return frame
    frame = frame.copy()
    unmatched = pd.Series(False, index=frame.index)
    for column in columns:
        shared = frame[column].isin(ambiguous).fillna(False).astype(bool)
        if SPEC[name].column(column).required:
            unmatched |= shared
        mapped = frame[column].map(lookup)
        frame[column] = mapped.fillna(frame[column]).mask(shared).astype(STR)
    return frame[~unmatched].reset_index(drop=True) if unmatched.any() else frame


def _ambiguous_rows(part: Dataset, ambiguous: set[str]) -> tuple[int, int]:
    """(display names several people share that ``part`` names people by, records naming them).

    A people row counts only where it says something about the person (a second staff list
    naming them): the bare list of whom a file mentioned is not a row of the file.
    """
    names: set[str] = set()
    rows = 0
    for table, columns in PERSON_COLUMNS.items():
        frame = getattr(part, table)
        if frame is None or not len(frame):
            continue
        if table == "people":
            frame = frame[frame[list(ROSTER_FACTS)].notna().any(axis=1)]
        hits = frame[list(columns)].isin(ambiguous)
        rows += int(hits.any(axis=1).sum())
        for column in columns:
            names.update(frame.loc[hits[column].to_numpy(), column].tolist())
    return len(names), rows


def _merge_people(people: pd.DataFrame) -> pd.DataFrame:
    """One row per person: the first non-missing value of each column wins (rosters load first)."""
    people = people.dropna(subset=["person_id"])
    merged = people.groupby("person_id", sort=True, as_index=False).first()
    return conform("people", merged)
