"""The canonical tables: the one contract between ingest and everything downstream.

A :class:`Dataset` holds a pandas DataFrame for each canonical table, each with a declared schema (``SCHEMAS``, from
the specifications in :mod:`diagnostic.schema`).
Loaders produce them, scenarios transform them, indicators and the network read them. Times are
timezone-aware (Europe/London unless an export says otherwise); people appear only as pseudonymous
``person_id`` strings (see :mod:`diagnostic.privacy`).
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass, field, fields, replace

import pandas as pd
from pandas.api.types import pandas_dtype

from diagnostic.memo import IdentityMemo, memoising
from diagnostic.schema import DATETIME, FLOAT, INT, OVERSEER, PERSON, SPEC, STR, TZ, person_columns

# table -> {column: dtype}, from the tables' specifications. Every table conforms to its schema
# (missing columns become NA).
SCHEMAS: dict[str, dict[str, str]] = {name: table.dtypes() for name, table in SPEC.items()}

TABLES = tuple(SCHEMAS)
_DTYPES = {dtype: pandas_dtype(dtype) for schema in SCHEMAS.values() for dtype in schema.values()}  # looked up once, not per column


def empty(table: str) -> pd.DataFrame:
    """An empty frame with ``table``'s columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SCHEMAS[table].items()})


def conform(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly ``table``'s columns, in order, cast to the schema's dtypes.

    Missing columns are added as NA (never filled with a guess); unknown columns are dropped so
    nothing a loader forgot to remove (names, subjects) leaks downstream.
    """
    if not _counts_from_zero(frame.index):
        frame = frame.reset_index(drop=True)
    out = {}
    for column, dtype in SCHEMAS[table].items():
        if column in frame.columns:
            out[column] = _cast(frame[column], dtype)
        else:
            out[column] = pd.Series(pd.NaT if dtype == DATETIME else pd.NA, index=frame.index, dtype=dtype)
    # copy=False: the columns are shared copy-on-write (a change to either frame copies first), not copied now
    return pd.DataFrame(out, index=frame.index, copy=False)


def _counts_from_zero(index: pd.Index) -> bool:
    """The index ``reset_index`` would give already (rows numbered from 0 in steps of 1, no name)."""
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None


def _cast(series: pd.Series, dtype: str) -> pd.Series:
    if series.dtype == _DTYPES[dtype]:  # most columns arrive cast already, and a cast is not free
        return series
    if dtype == DATETIME:
        s = pd.to_datetime(series, errors="coerce")
        if s.dt.tz is None:
            s = s.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="shift_forward")
        return s.dt.tz_convert(TZ).astype(DATETIME)
    if dtype in (INT, FLOAT):
        return pd.to_numeric(series, errors="coerce").astype(dtype)
    return series.astype(dtype)


@dataclass(frozen=True)
class Dataset:
    """Canonical tables; any may be ``None`` (absent: the exports did not carry it).

    Frozen so that a scenario never changes the baseline by accident: transformations return a new
    Dataset via :meth:`with_tables`.
    """

    people: pd.DataFrame | None = None
    meetings: pd.DataFrame | None = None
    attendance: pd.DataFrame | None = None
    messages: pd.DataFrame | None = None
    volumes: pd.DataFrame | None = None
    ties: pd.DataFrame | None = None
    group_ties: pd.DataFrame | None = None
    audits: pd.DataFrame | None = None
    feedback: pd.DataFrame | None = None
    documents: pd.DataFrame | None = None
    responses: pd.DataFrame | None = None
    attributes: pd.DataFrame | None = None  # HR attributes of people (see schema.people.ATTRIBUTES)
    aliases: pd.DataFrame | None = field(default=None, repr=False)

    def has(self, *tables: str) -> bool:
        """True when every named table is present and has at least one row."""
        return all((t := getattr(self, name)) is not None and len(t) > 0 for name in tables)

    def present(self) -> dict[str, int]:
        """Canonical table -> rows, for the tables that are present (aliases excluded)."""
        return {
            f.name: len(getattr(self, f.name))
            for f in fields(self)
            if f.name != "aliases" and getattr(self, f.name) is not None and len(getattr(self, f.name))
        }

    def with_tables(self, **tables: pd.DataFrame | None) -> Dataset:
        """A copy with some tables replaced."""
        return replace(self, **tables)

    def key(self, name: str) -> object | None:
        """What work computed from table ``name`` is remembered by: the table itself, or for a view its key.

        The one view is ``"teams"``: the roster without who manages whom (``HIERARCHY``). Rosters
        that agree on everything else share one key, so a restructure (a lever that removes a
        management layer) leaves what reads only teams as it was.
        """
        if name in VIEWS:
            table = getattr(self, VIEWS[name])
            return None if table is None else _teams_key(table)
        return getattr(self, name)


TEAMS = "teams"  # the roster view of Dataset.key
VIEWS = {TEAMS: "people"}  # view -> the table it is a view of
HIERARCHY = ("is_manager", "manager_id", "is_practitioner")  # who manages whom: what the teams view leaves out


class _Key:
    """A key object for a view: alive while anything remembered by it (or a table showing it) lives."""

    __slots__ = ("__weakref__",)


def _teams_key(people: pd.DataFrame) -> _Key:
    if not memoising():
        return _Key()  # nothing is remembered, so no two rosters need to share a key
    return _TEAMS_BY_FRAME.get((people,), None, lambda: _key_for(_teams_digest(people)))


def _teams_digest(people: pd.DataFrame) -> bytes:
    """A digest of the roster's columns other than ``HIERARCHY``, row by row."""
    rest = [c for c in people.columns if c not in HIERARCHY]
    text = "\x1e".join(f"{c}\x1f" + "\x1f".join(map(str, people[c].tolist())) for c in rest)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _key_for(digest: bytes) -> _Key:
    key = _TEAMS_BY_DIGEST.get(digest)
    if key is None:
        key = _TEAMS_BY_DIGEST[digest] = _Key()
    return key


_TEAMS_BY_FRAME: IdentityMemo[_Key] = IdentityMemo(32)
_TEAMS_BY_DIGEST: weakref.WeakValueDictionary[bytes, _Key] = weakref.WeakValueDictionary()


# Every column that holds a person's pseudonym, so an alias is resolved wherever it appears.
PERSON_COLUMNS: dict[str, tuple[str, ...]] = person_columns(PERSON, OVERSEER)


def resolve_organisations(people: pd.DataFrame, settings) -> pd.DataFrame:
    """Fill ``organisation`` from the email domain: "internal", a partner agency, or "Other external".

    The internal domains are the user's setting, else the commonest domain among people not on a
    partner domain (two equally common: the first in alphabetical order, so the rows' order never
    decides). People with no address and no organisation (roster-only names) are internal.
    """
    from diagnostic.privacy import agency_for_domain
    from diagnostic.roster import INTERNAL, OTHER_EXTERNAL

    internal = tuple(settings.internal_domains)
    domains = people["domain"].dropna()
    distinct = domains.unique().tolist()  # a few domains however many people: each is looked up once
    if not internal:
        outside = {d: agency_for_domain(d, settings.partner_domains, ()) == OTHER_EXTERNAL for d in distinct}
        own = domains[[outside[d] for d in domains]]
        if len(own):
            counts = own.value_counts()
            internal = (min(counts.index[counts == counts.max()]),)
    agencies = {d: agency_for_domain(d, settings.partner_domains, internal) for d in distinct}
    derived = people["domain"].map(lambda d: agencies[d] if isinstance(d, str) else INTERNAL)
    people = people.copy()
    people["organisation"] = people["organisation"].fillna(derived.astype(STR))
    return people
