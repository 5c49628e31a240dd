"""Many files' tables made into one Dataset: the same person, meeting or record seen twice kept once.

Steps run in a fixed order, each a function of its own: stack every file's tables, resolve
name-keyed people to email-keyed ones, merge people, recognise the same meeting in several
exports, then drop records seen twice. Files arrive in whatever order they were named or
uploaded, so no step lets position decide: where one row must win, a rank of sources and then the
values themselves choose it, and every table leaves in one canonical row order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
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
# Whose account of a person wins, by the kind of file it came from: a roster's team and role over
# the HR attributes of a Viva query, and those over what any other export implies.
KIND_RANK = {
    "roster": 0,
    "collaboration": 1,
    "email": 2,
    "meetings": 3,
    "audits": 4,
    "feedback": 5,
    "self_assessment": 6,
    "documents": 7,
}
RANK = "_rank"  # on people and alias rows until they are ordered: the rank of the file they came from
OCCURRENCE = "_occurrence"  # on rows deduplicated on every column: which of a file's identical rows this is


def combine(parts: list[Dataset], settings=None, kinds: Sequence[str] | None = None) -> Dataset:
    """Stack several files' Datasets into one, each step a function of its own (see the module's docstring).

    ``kinds`` gives each part's kind of file (``roster``, ``meetings``, ...), so a roster's team
    and role win over what other exports imply; without it every part ranks the same. The result
    is the same whatever the order of ``parts``.
    """
    merged = stack(parts, kinds)
    merged = resolve_aliases(merged)
    if "people" in merged:
        merged["people"] = _merge_people(merged["people"])
        if settings is not None:
            merged["people"] = resolve_organisations(merged["people"], settings)
    merged = merge_same_meetings(merged)
    merged = drop_repeats(merged)
    return Dataset(**merged)


def stack(parts: list[Dataset], kinds: Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every file's rows of each table, one frame per table (tables no file carries are left out).

    People rows carry their file's rank (``RANK``) until they are merged, and rows of tables
    deduplicated on every column their occurrence among the file's identical rows
    (``OCCURRENCE``): two identical rows of one file are two records, the same rows in a copy of
    the file are the same two. Aliases are read before any table is put in order, so they are
    ordered here: by their file's rank, as people are, then by value (a name two people share then
    means the roster's person, whichever file came first).
    """
    ranks = [KIND_RANK.get(kind, len(KIND_RANK)) for kind in kinds] if kinds is not None else [0] * len(parts)
    merged: dict[str, pd.DataFrame] = {}
    for name in SCHEMAS:
        frames = [
            _tagged(name, frame, rank) for part, rank in zip(parts, ranks) if (frame := getattr(part, name)) is not None and len(frame)
        ]
        if frames:
            merged[name] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if "aliases" in merged:
        merged["aliases"] = _ranked(merged["aliases"], ["alias_id", "person_id"])
    return merged


def _tagged(name: str, frame: pd.DataFrame, rank: int) -> pd.DataFrame:
    """One file's ``name`` rows with what ``stack`` adds to them (its rank, or each row's occurrence)."""
    if name in ("people", "aliases"):
        return frame.assign(**{RANK: rank})
    if name in DEDUPE_KEYS and DEDUPE_KEYS[name] is None:
        if not frame.duplicated().any():  # most files repeat no row: every row is its first occurrence
            return frame.assign(**{OCCURRENCE: np.zeros(len(frame), dtype=np.int64)})
        return frame.assign(**{OCCURRENCE: frame.groupby(list(frame.columns), dropna=False, sort=False).cumcount()})
    return frame


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
    """The same record seen in several files kept once (``DEDUPE_KEYS``), every table in canonical order.

    Of the rows that are one record, the first in canonical order is kept, so which file's row
    wins is decided by the values, not by the order the files came in. A row whose key is
    missing cannot be recognised as a repeat and is kept.
    """
    out: dict[str, pd.DataFrame] = {}
    for name, frame in merged.items():
        ordered = canonical_order(name, frame)
        if name in DEDUPE_KEYS:
            key = DEDUPE_KEYS[name]
            repeated = ordered.duplicated(key, keep="first")
            if key is not None:
                repeated &= ordered[key].notna().all(axis=1)
            if repeated.any():  # a selection copies every column, even when it keeps every row
                ordered = ordered[~repeated]
        out[name] = ordered.drop(columns=OCCURRENCE, errors="ignore").reset_index(drop=True)
    return out


def canonical_order(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` sorted on its table's key columns, then on every other column (missing values last).

    Every computation downstream then sees the same rows in the same order whatever order the
    files, or the rows within them, came in. A key that is unique already fixes the order.
    """
    key = [c for c in (DEDUPE_KEYS.get(name) or []) if c in frame.columns]
    if key and not frame.duplicated(key).any() and frame[key].notna().all(axis=None):
        return frame.sort_values(key, kind="stable")
    rest = [c for c in frame.columns if c not in key]
    return frame.sort_values([*key, *rest], kind="stable", na_position="last")


def _apply_aliases(name: str, frame: pd.DataFrame, lookup: pd.Series, ambiguous: set[str]) -> pd.DataFrame:
    """Each person column mapped through ``lookup``; a name several people share leaves the row
    out where the person is required (an attendee, a sender) and blank where not (an organiser)."""
    columns = PERSON_COLUMNS.get(name, ())
    if not columns:
        return frame
    frame = frame.copy()
    unmatched = pd.Series(False, index=frame.index)
    targets = lookup.index
    for column in columns:
        values = frame[column].astype(STR)
        shared = values.isin(ambiguous).fillna(False).astype(bool)
        if SPEC[name].column(column).required:
            unmatched |= shared
        at = targets.get_indexer(values)  # -1 where a value is no alias: most rows, most files
        named = at >= 0
        if named.any():
            values = values.copy()
            values[named] = lookup.to_numpy()[at[named]]
        frame[column] = values.mask(shared) if shared.any() else values
    return frame[~unmatched].reset_index(drop=True) if unmatched.any() else frame


def _ambiguous_rows(part: Dataset, ambiguous: set[str]) -> tuple[int, int]:
    """(display names several people share that ``part`` names people by, records naming them).

    A people row counts only where it says something about the person (a second staff list
    naming them): the bare list of whom a file mentioned is not a row of the file.
    """
    names: set[str] = set()
    rows = 0
    shared = pd.array(sorted(ambiguous), dtype=STR)
    for table, columns in PERSON_COLUMNS.items():
        frame = getattr(part, table)
        if frame is None or not len(frame):
            continue
        hits = {column: frame[column].isin(shared).fillna(False).to_numpy(dtype=bool) for column in columns}
        if not any(hit.any() for hit in hits.values()):
            continue  # most files name no one by a shared display name
        if table == "people":
            says = frame[list(ROSTER_FACTS)].notna().any(axis=1).to_numpy()
            hits = {column: hit & says for column, hit in hits.items()}
        rows += int(np.logical_or.reduce(list(hits.values())).sum())
        for column, hit in hits.items():
            names.update(frame.loc[hit, column].tolist())
    return len(names), rows


def _merge_people(people: pd.DataFrame) -> pd.DataFrame:
    """One row per person: each column's value from the best-ranked file that gives one (a roster
    first, see ``KIND_RANK``), and among files of the same rank from the row first in value order."""
    people = _ranked(people.dropna(subset=["person_id"]), ["person_id", *(c for c in people.columns if c not in (RANK, "person_id"))])
    return conform("people", people.groupby("person_id", sort=True, as_index=False).first())


def _ranked(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` sorted by its rows' ``RANK`` (where they carry one) and then by ``columns``, without the rank."""
    by = [RANK, *columns] if RANK in frame.columns else columns
    return frame.sort_values(by, kind="stable", na_position="last").drop(columns=RANK, errors="ignore").reset_index(drop=True)
