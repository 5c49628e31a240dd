"""The column-mapping step: any table nobody recognises can still be read, never a dead end.

A mapping names the canonical table and which of the user's headers is which canonical column:
``{"table": "feedback", "columns": {"Date logged": "received", ...}, "dayfirst": true}``. The file
is then read exactly like our template for that table. Mappings can be saved in a JSON file keyed
by file name or glob (``{"complaints_*.csv": {...}}``) so the same export loads the same way
next month.
"""

from __future__ import annotations

import difflib
import fnmatch
import json
from pathlib import Path, PurePosixPath

from diagnostic.dataset import SCHEMAS
from diagnostic.errors import InputError
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.formats.canonical import KIND_BY_TABLE, TABLE_LABELS, TEMPLATE_COLUMNS, read_template
from diagnostic.ingest.rawfile import RawFile, normalise_header

SIMILARITY_CUTOFF = 0.8  # how alike a header and a canonical name must be to be suggested


class MappingFile(dict):
    """File name or glob -> mapping. ``get(name)`` tries the exact name, then each glob.

    Names inside archives (``exports.zip/complaints.csv``) also match on their last part.
    """

    def get(self, name: str, default=None):
        if name in self:
            return self[name]
        base = PurePosixPath(name).name
        if base in self:
            return self[base]
        for pattern, mapping in self.items():
            if fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(base, pattern):
                return mapping
        return default


def validate_mapping(mapping: dict, where: str = "the column mapping") -> dict:
    """The mapping, checked: a known table, headers mapped to that table's columns, a yes/no dayfirst."""
    if not isinstance(mapping, dict):
        raise InputError(f"{where}: each mapping must be an object with “table” and “columns”.")
    table = mapping.get("table")
    if table not in KIND_BY_TABLE:
        raise InputError(f"{where}: “table” must be one of {', '.join(KIND_BY_TABLE)}, not “{table}”.")
    columns = mapping.get("columns") or {}
    if not isinstance(columns, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
        raise InputError(f"{where}: “columns” must map each of your headers to one column name.")
    unknown = sorted(v for v in columns.values() if v not in SCHEMAS[table])
    if unknown:
        raise InputError(
            f"{where}: {', '.join(unknown)} is not a column of the {TABLE_LABELS[table]} template. Use one of: {', '.join(TEMPLATE_COLUMNS[table])}."
        )
    repeated = sorted({v for v in columns.values() if list(columns.values()).count(v) > 1})
    if repeated:
        raise InputError(f"{where}: more than one of your headers is mapped to {', '.join(repeated)}. Map each column once.")
    dayfirst = mapping.get("dayfirst")
    if dayfirst not in (True, False, None):
        raise InputError(f"{where}: “dayfirst” must be true, false or null.")
    return {"table": table, "columns": dict(columns), "dayfirst": dayfirst}


def mapped_format(mapping: dict) -> Format:
    """A format that reads a file through ``mapping`` (raises :class:`InputError` if it is invalid)."""
    checked = validate_mapping(mapping)
    table = checked["table"]

    def parse(raw: RawFile, ctx: LoadContext):
        return read_template(raw, ctx, table, dayfirst=checked["dayfirst"], rename=checked["columns"], source=f"mapped_{table}")

    return Format(
        id=f"mapped_{table}",
        kind=KIND_BY_TABLE[table],
        label=f"Your column mapping: {TABLE_LABELS[table]}",
        detect=lambda raw: 0.0,
        parse=parse,
        source="Any table, with its columns matched to ours in the column-mapping step.",
    )


def read_mapping_file(path: Path) -> MappingFile:
    """Saved mappings: ``{"<file name or glob>": mapping}``; every mapping is checked on reading."""
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"{Path(path).name}: the mapping file cannot be read ({exc.strerror}).") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise InputError(f"{Path(path).name}: the mapping file is not valid JSON{line}. Check its brackets, commas and quotes.") from None
    if not isinstance(content, dict):
        raise InputError(f"{Path(path).name}: the mapping file must be an object of file name -> mapping.")
    return MappingFile({name: validate_mapping(m, f"{Path(path).name}, mapping for “{name}”") for name, m in content.items()})


def suggest_mapping(headers: list[str], table: str) -> dict[str, str | None]:
    """Canonical column -> the user's header that most likely holds it (None when nothing fits).

    Exact names and the synonyms local exports use come first; then headers that are spelled
    almost the same (``difflib``). Each header is suggested for one column at most.
    """
    if table not in TEMPLATE_COLUMNS:
        raise ValueError(f"unknown table {table!r}")
    columns = TEMPLATE_COLUMNS[table]
    synonyms = {c: n for c, n in vocab.column_names(table).items() if c in columns}
    found: dict[str, str | None] = dict.fromkeys(columns)
    found.update(vocab.match_columns(headers, synonyms))
    free = {normalise_header(h): h for h in headers if isinstance(h, str) and h not in found.values()}
    for column in (c for c in columns if found[c] is None):
        candidates = [normalise_header(n) for n in synonyms[column]]
        best = max(
            ((difflib.SequenceMatcher(None, cand, norm).ratio(), norm) for cand in candidates for norm in free),
            default=(0.0, None),
        )
        if best[0] >= SIMILARITY_CUTOFF:
            found[column] = free.pop(best[1])
    return found
