"""The column-mapping step: any table nobody recognises can still be read, never a dead end.

A mapping names the canonical table and which of the user's headers is which canonical column:
``{"table": "feedback", "columns": {"Date logged": "received", ...}, "dayfirst": true}``. The file
is then read exactly like our template for that table. Mappings can be saved in a JSON file keyed
by file name or glob (``{"complaints_*.csv": {...}}``) so the same export loads the same way
next month.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from pathlib import Path, PurePosixPath

import pandas as pd

from diagnostic.dataset import SCHEMAS
from diagnostic.dates import parse_duration_minutes
from diagnostic.errors import InputError
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.fields import EXTRA_FIELDS, JOINED, LEFT, fields
from diagnostic.ingest.formats.canonical import (
    KIND_BY_TABLE,
    TABLE_LABELS,
    TEMPLATE_COLUMNS,
    fill_record_ids,
    match_headers,
    read_dates,
    read_table,
    row_text,
    warn_repeated_headers,
)
from diagnostic.ingest.guess import DURATION, column_kind, read_part
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.schema.vocabularies import ROLE_RANK

ONE_MEETING = (
    "The file has no meeting reference, so it is taken to be one meeting, with a reference made from its rows "
    "(the same file loaded twice is one meeting)."
)


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
    unknown = sorted(v for v in columns.values() if v not in SCHEMAS[table] and v not in EXTRA_FIELDS.get(table, ()))
    if unknown:
        raise InputError(
            f"{where}: {', '.join(unknown)} is not a column of the {TABLE_LABELS[table]} template. Use one of: {', '.join((*TEMPLATE_COLUMNS[table], *EXTRA_FIELDS.get(table, ())))}."
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
        return read_mapped(raw, ctx, checked)

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


def read_mapped(raw: RawFile, ctx: LoadContext, mapping: dict) -> dict[str, pd.DataFrame]:
    """Canonical rows from any table through a checked mapping, read like our template.

    The table is found below any summary block (see :func:`diagnostic.ingest.guess.read_part`).
    Every issue names the user's own headers. An attendance report also gives its meeting.
    """
    table = mapping["table"]
    frame, _ = read_part(raw, ctx)
    ctx.rows_read = len(frame)
    warn_repeated_headers(frame, ctx)
    chosen = _chosen_headers(frame, mapping["columns"], table, ctx)
    ignored = [c for c in frame.columns if c not in chosen and not str(c).startswith("Unnamed")]
    if ignored:
        ctx.warn(f"These columns are not part of the {TABLE_LABELS[table]} template and were not read: {', '.join(map(str, ignored[:8]))}.")
    renamed = frame[list(chosen)].set_axis(list(chosen.values()), axis=1)
    labels = {field: header for header, field in chosen.items()}
    missing = [f for f in fields(table) if f.required and not f.made_up and f.name not in renamed.columns]
    if missing:
        listed = " and ".join(", ".join(f"“{f.label}” ({f.name})" for f in missing).rsplit(", ", 1))
        raise InputError(
            f"{raw.name}: the column mapping does not say which column holds {listed}, "
            f"{vocab.agree(len(missing), 'which is', 'which are')} needed for {TABLE_LABELS[table]}. "
            f"Choose {vocab.agree(len(missing), 'it', 'them')} in the column-mapping step, or add {vocab.agree(len(missing), 'it', 'them')} to the mapping file."
        )
    if table == "attendance":
        return _attendance(ctx, renamed, labels, mapping["dayfirst"])
    rows = read_table(renamed, table, ctx, dayfirst=mapping["dayfirst"], labels=labels)
    if "source_format" in SCHEMAS[table]:
        rows["source_format"] = f"mapped_{table}"
    return {table: fill_record_ids(rows, table, ctx)}


def _chosen_headers(frame: pd.DataFrame, columns: dict[str, str], table: str, ctx: LoadContext) -> dict[str, str]:
    """The file's header -> field for each mapped column found (exactly, else ignoring case and
    spacing); a header that is the field's own name ("start") is read without being mapped."""
    chosen = match_headers(frame, columns, ctx)
    named = {normalise_header(f.name): f.name for f in fields(table) if f.name not in chosen.values()}
    for header in (h for h in frame.columns if h not in chosen and normalise_header(h) in named):
        chosen[header] = named.pop(normalise_header(header))
    return chosen


def _attendance(ctx: LoadContext, frame: pd.DataFrame, labels: dict[str, str], dayfirst: bool | None) -> dict[str, pd.DataFrame]:
    """Attendance rows, one per person and meeting, and the meetings their join and leave times give.

    A report about one meeting has no meeting reference: the whole file is one meeting, its
    reference a hash of its rows in value order (salted when pseudonymised), so the same report
    loaded twice, under any name and in any row order, is one meeting. Rows of one person
    (re-joins) are added up. Minutes come from a duration column ("59m 40s" or a number), else
    from the join and leave times.
    """
    frame = frame.copy()
    if "meeting_id" not in frame.columns:
        content = "\n".join(sorted(row_text(frame).tolist())).encode("utf-8")
        frame["meeting_id"] = "file:" + hashlib.blake2b(content, digest_size=16).hexdigest()
        ctx.warn(ONE_MEETING)
    if "minutes" in frame.columns and column_kind(frame["minutes"]) == DURATION:
        frame["minutes"] = parse_duration_minutes(vocab.blank_to_na(frame["minutes"])).astype("string")
    times = {f: read_dates(vocab.blank_to_na(frame[f]), ctx, labels[f], dayfirst) for f in (JOINED, LEFT) if f in frame.columns}
    if "attended" not in frame.columns and JOINED in times:  # a time they joined says they attended
        frame["attended"] = times[JOINED].notna().map({True: "Yes", False: pd.NA}).astype("string")
    if "minutes" not in frame.columns and len(times) == 2:
        frame["minutes"] = ((times[LEFT] - times[JOINED]).dt.total_seconds() / 60).astype("string")
    rows = read_table(frame.drop(columns=list(times)), "attendance", ctx, dayfirst=dayfirst, labels=labels)
    out = {"attendance": _per_person(rows)}
    if len(times) == 2 and len(rows):
        out["meetings"] = _meetings(rows, times[JOINED].reindex(rows.index), times[LEFT].reindex(rows.index))
    return out


def _per_person(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per person and meeting: minutes added up, organiser if any row says so."""
    if rows.empty:
        return rows
    grouped = rows.groupby(["meeting_id", "person_id"], sort=True)
    out = grouped.size().rename("_n").reset_index().drop(columns="_n")
    if "minutes" in rows.columns:
        out["minutes"] = grouped["minutes"].sum(min_count=1).to_numpy()
    if "role" in rows.columns:
        out["role"] = grouped["role"].agg(lambda r: min(r.dropna(), key=ROLE_RANK.__getitem__, default=pd.NA)).to_numpy()  # the strongest
    if "attended" in rows.columns:
        out["attended"] = grouped["attended"].max().to_numpy()
    return out


def _meetings(rows: pd.DataFrame, joined: pd.Series, left: pd.Series) -> pd.DataFrame:
    """Each meeting from its attendees' times: earliest join to latest leave, everyone counted as invited."""
    times = pd.DataFrame({"meeting_id": rows["meeting_id"], "person_id": rows["person_id"], "joined": joined, "left": left})
    per = times.groupby("meeting_id", sort=True)
    meetings = pd.DataFrame({"start": per["joined"].min(), "end": per["left"].max(), "invitees": per["person_id"].nunique()}).reset_index()
    if "role" in rows.columns:
        organisers = rows[rows["role"] == "organiser"].groupby("meeting_id")["person_id"].min()
        meetings["organiser_id"] = meetings["meeting_id"].map(organisers)
    meetings = meetings.dropna(subset=["start", "end"])
    meetings["kind"] = "other"
    meetings["direct_work"] = False
    meetings["all_day"] = False
    meetings["source_format"] = "mapped_attendance"
    return meetings
