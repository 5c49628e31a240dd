"""The words local exports use, for columns and for values, mapped to the canonical ones.

Councils keep complaints logs, audit sheets and staff lists in their own spreadsheets, so the same
idea arrives under many headers ("Date Received", "Date complaint received") and many spellings
("Partly upheld", "Partially upheld"). The synonyms and vocabularies are kept once, in the tables'
specifications (:mod:`diagnostic.schema`); this module matches headers and translates cells with
them, so the named loaders, the canonical templates and the column-mapping step all read them the
same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from diagnostic.ingest.headers import normalise_header
from diagnostic.schema import SPEC, Rules

UNKNOWN = object()  # a non-empty value no rule recognises (the caller reports its rows)
CONTAINS_MIN = 8  # a synonym this long may match inside a longer header ("Date received (dd/mm/yyyy)")


def column_names(table: str) -> dict[str, tuple[str, ...]]:
    """Canonical column -> acceptable headers (the canonical name first) for one table."""
    return {c.name: (c.name, *c.synonyms) for c in SPEC[table].columns}


def match_columns(headers: Iterable[str], synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Canonical column -> the user's header, each header used at most once.

    Each column's synonyms are tried in order, most specific first; a synonym matches a header
    exactly (ignoring case and punctuation) or, if it is long enough, at the start of a longer
    header ("Date complaint received (dd/mm/yyyy)"). Only when no synonym matches so does one
    found later in a header count: words in front change the meaning ("Target response date" is
    a due date), so "Response sent" wins over it. A header that is exactly some column's synonym
    is never taken by another column's inside match. Headers that match nothing are left out.
    """
    headers = [h for h in headers if isinstance(h, str)]
    repeats = {f"{h}.{i}" for h in duplicate_headers(headers) for i in range(1, len(headers))}
    originals = [h for h in headers if h not in repeats]  # pandas' "X.1" for a second "X": we read the first
    position = {h: i for i, h in reversed(list(enumerate(originals)))}
    by_norm: dict[str, list[str]] = {}
    for h in originals:
        by_norm.setdefault(normalise_header(h), []).append(h)
    wanted, exact = _wanted(tuple((column, tuple(names)) for column, names in synonyms.items()))
    used: set[str] = set()

    def earliest(norms: Iterable[str]) -> str | None:
        free = [h for n in norms for h in by_norm[n] if h not in used]
        return min(free, key=position.__getitem__, default=None)

    def holding(name: str, *, at_start: bool) -> list[str]:
        if len(name) < CONTAINS_MIN:
            return []
        return [n for n in by_norm if n not in exact and (n.startswith(name) if at_start else name in n)]

    found: dict[str, str] = {}
    for column, names in wanted.items():
        starting = (earliest(([name] if name in by_norm else []) + holding(name, at_start=True)) for name in names)
        inside = (earliest(holding(name, at_start=False)) for name in names)
        hit = next((h for h in starting if h), None) or next((h for h in inside if h), None)
        if hit is not None:
            found[column] = hit
            used.add(hit)
    return found


@lru_cache(maxsize=256)
def _wanted(synonyms: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[dict[str, list[str]], frozenset[str]]:
    """Each column's synonyms normalised, and all of them (never taken by another column's inside
    match): a table's synonyms are the same for every file, so they are worked out once."""
    wanted = {column: [normalise_header(n) for n in names] for column, names in synonyms}
    return wanted, frozenset(n for names in wanted.values() for n in names)


def duplicate_headers(headers: Iterable[str]) -> list[str]:
    """Headers that appear more than once (pandas renames the repeats ``X.1``, ``X.2``)."""
    names = [str(h) for h in headers]
    plain = set(names)
    return sorted({re.sub(r"\.\d+$", "", n) for n in names if re.search(r"\.\d+$", n) and re.sub(r"\.\d+$", "", n) in plain})


# ---------------------------------------------------------------------------------------------
# Cell values: the vocabularies live with the table specifications (diagnostic.schema.vocabularies).

# Job titles. Non-practitioner words are tried first: "Social Work Team Manager" manages.
ROLE_NOT_PRACTITIONER = re.compile(r"manager|head of|director|business support|admin|officer in charge|principal|coordinator|analyst", re.I)
ROLE_PRACTITIONER = re.compile(
    r"social worker|practitioner|family support worker|personal adviser|personal advisor|support worker|"
    r"\basye\b|youth worker|key worker|family worker|early help worker",
    re.I,
)
ROLE_MANAGER = re.compile(r"manager|head of|director|team leader|service lead", re.I)

_SPACES = re.compile(r"\s+")


def blank_to_na(values: pd.Series) -> pd.Series:
    """Text with surrounding spaces removed, and empty cells as NA."""
    text = values.astype("string").str.strip()
    return text.where(text != "", pd.NA)


def clean(value: object) -> str | None:
    """A cell as lower-case single-spaced text, or None when it is empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = _SPACES.sub(" ", str(value)).strip().strip(".").lower()
    return text or None


def lookup(value: object, rules: Rules) -> object:
    """The canonical value for one cell: a rule's value, None when empty, or ``UNKNOWN``."""
    text = clean(value)
    if text is None:
        return None
    for pattern, result in rules:
        if re.search(pattern, text):
            return result
    return UNKNOWN


def translate(values: pd.Series, rules: Rules | Callable[[object], object], dtype: str) -> tuple[pd.Series, list[int]]:
    """Map a column through a vocabulary: (canonical values, positions of unrecognised cells).

    Each distinct cell is looked up once and the answers are spread back by position, so a
    300,000-row column of a few repeated words costs a few lookups.
    """
    find = rules if callable(rules) else (lambda v: lookup(v, rules))
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    found = [find(u) for u in uniques]
    table = pd.array([pd.NA if f is None or f is UNKNOWN else f for f in found], dtype=dtype)
    result = pd.Series(table.take(codes, allow_fill=True), index=values.index, dtype=dtype)
    unknown = np.array([f is UNKNOWN for f in found] + [False], dtype=bool)[codes]  # code -1 (empty) reads the final False
    return result, [int(i) for i in np.flatnonzero(unknown)]


def not_applicable(values: pd.Series, applies: pd.Series, rules: Rules | Callable[[object], object]) -> pd.Series:
    """``values`` with the cells that cannot be read left blank where the column does not apply to the row.

    A compliment has no complaint stage and an audit without actions has nothing to complete, so
    whatever a tracker writes there ("N/A", "Compliment", "None set") is not a mistake to report;
    a value that reads is kept.
    """
    find = rules if callable(rules) else (lambda v: lookup(v, rules))
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    unread = np.array([find(u) is UNKNOWN for u in uniques] + [False], dtype=bool)[codes]
    return values.mask(unread & ~applies.fillna(True).to_numpy(dtype=bool))


def number(value: object) -> float | None | object:
    """A count or a rating written as text ("3", "3.0", "1,204", "80%") -> float."""
    text = clean(value)
    if text is None:
        return None
    text = text.replace(",", "")
    percent = text.endswith("%")
    try:
        result = float(text.rstrip("%").strip())
    except ValueError:
        return UNKNOWN
    if not np.isfinite(result):
        return UNKNOWN
    return result / 100 if percent else result


def filled(value: object) -> bool | None:
    """True for a meaningful entry ("Letter sent 3 March"), False for "none"/"no", None if empty."""
    text = clean(value)
    if text is None:
        return None
    return not re.fullmatch(r"(no|none|nil|n/?a|not applicable|no action|no action required|no learning|-+|0)", text)


def role_is_practitioner(role: object) -> bool | None:
    """Practitioner or not from a job title; None when the title says neither."""
    text = clean(role)
    if text is None:
        return None
    if ROLE_NOT_PRACTITIONER.search(text):
        return False
    if ROLE_PRACTITIONER.search(text):
        return True
    return None


def role_is_manager(role: object) -> bool | None:
    """Manager or not from a job title (used only when a roster has no manager column)."""
    text = clean(role)
    if text is None:
        return None
    return bool(ROLE_MANAGER.search(text))


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 date", "3 dates": numbers with their unit, in plain English."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def agree(n: int, singular: str, plural: str) -> str:
    """The verb (or pronoun) that agrees with a count: ``agree(1, "is", "are")`` -> "is"."""
    return singular if n == 1 else plural
