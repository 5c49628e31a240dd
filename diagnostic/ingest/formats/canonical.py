"""Our own CSV templates, one per canonical table, and the reader every local layout ends in.

A file whose headers are (almost) the canonical column names of one table is read directly.
:func:`read_table` is also what the named loaders (complaints, audits, rosters) and the
column-mapping step call once they have renamed a file's columns: one place decides how a date, a
yes/no, a grade or an outcome is read, how identities are pseudonymised, and which problems are
reported with their rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnostic import dates
from diagnostic.classify import MEETING_KINDS, classify_meetings
from diagnostic.errors import InputError
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.sheet import read_sheet
from diagnostic.privacy import pseudonymise_keys
from diagnostic.schema import BOOL, DATETIME, FLOAT, INT, OVERSEER, PERSON, REFERENCE, SPEC, Column, templated, vocabularies

KIND_BY_TABLE = {t.name: t.kind for t in templated()}
TABLE_LABELS = {t.name: t.label for t in templated()}
# The columns each template documents (DESIGN.md's minimum plus the useful extras). Columns the
# loaders derive themselves (people.domain, source_format) are left out.
TEMPLATE_COLUMNS: dict[str, tuple[str, ...]] = {t.name: t.template_columns() for t in templated()}
REQUIRED: dict[str, tuple[str, ...]] = {t.name: tuple(c.name for c in t.columns if c.required) for t in templated()}
MIN_MATCHED = 3  # canonical headers needed before a file counts as a template...
MIN_MATCHED_WITH_REQUIRED = 2  # ...or fewer when they include the table's required columns
EXACT_SHARE, NEAR_SHARE = 0.9, 0.7  # share of a file's headers that are canonical: exact / almost
EXACT_SCORE, NEAR_SCORE = 0.97, 0.9

# Columns that hold people (an email or a name): pseudonymised at load.
PEOPLE_ROLES = (PERSON, OVERSEER)
DATE_ACTION = "Write dates as 2025-01-14 or 14/01/2025 (day first), and check the day exists."
BOOLEAN_HINT = "Write Yes or No (or leave the cell empty when it is not known)."
NUMBER_HINT = "Write a number of 0 or more, without words."
PER_RECIPIENT = ("recipient_id", "recipient_type")  # what differs between the rows of one email
# table -> the one reference that makes two rows the same record (see ``fill_record_ids``)
RECORD_KEYS: dict[str, str] = {
    name: t.dedupe[0] for name, t in SPEC.items() if t.dedupe and len(t.dedupe) == 1 and t.column(t.dedupe[0]).role == REFERENCE
}


def read_table(
    frame: pd.DataFrame, table: str, ctx: LoadContext, dayfirst: bool | None = None, labels: dict[str, str] | None = None
) -> pd.DataFrame:
    """Canonical ``table`` rows from a frame whose columns already carry canonical names.

    The frame's index is each row's spreadsheet number (:func:`~diagnostic.ingest.sheet.read_sheet`)
    and is kept, so callers can add columns from the same frame. ``labels`` (canonical column ->
    the user's header) makes every issue name the column as the user sees it. Cells that cannot
    be read are left blank and reported with their rows; rows missing a required value are dropped.
    """
    labels = labels or {}
    if dayfirst is None:
        dayfirst = file_dayfirst(frame, table)
    out = pd.DataFrame(index=frame.index)
    for column in (c for c in SPEC[table].columns if c.name in frame.columns and c.role not in PEOPLE_ROLES):
        out[column.name] = _read_column(
            vocab.blank_to_na(frame[column.name]), table, column, ctx, dayfirst, labels.get(column.name, column.name)
        )
    out = _identities(frame, table, ctx, out)
    if table == "meetings":
        out = _meeting_kinds(frame, out, ctx)
    return _drop_incomplete(out, table, ctx, labels)


def file_dayfirst(frame: pd.DataFrame, table: str) -> bool | None:
    """The day/month order the file's date columns prove together, or None to let each column decide.

    A spreadsheet is saved in one locale, so a column whose dates all fall on days 1 to 12 (say
    ``received``) takes the order another column proves (``responded`` holding 01/17/2025). Every
    date votes, wherever it is: the first rows must not decide for a long file.
    """
    columns = [c.name for c in SPEC[table].columns if c.dtype == DATETIME and c.name in frame.columns]
    values = [v for c in columns for v in frame[c].dropna().tolist()]
    day_first, month_first = dates.decide_dayfirst(values, True), dates.decide_dayfirst(values, False)
    return day_first if day_first == month_first else None


def rows_where(mask: pd.Series | np.ndarray, index: pd.Index) -> list[int]:
    """Spreadsheet row numbers (the frame's index) where ``mask`` is true."""
    return [int(r) for r in index[np.asarray(mask, dtype=bool)]]


def _meeting_kinds(frame: pd.DataFrame, out: pd.DataFrame, ctx: LoadContext) -> pd.DataFrame:
    """A kind written in our words is kept; any other wording (or a blank kind with a subject) is
    classified like a subject line, so "1:1" becomes supervision and "Core group" a case meeting."""
    given = out["kind"].str.replace(" ", "_") if "kind" in out.columns else pd.Series(pd.NA, index=out.index, dtype="string")
    subject = vocab.blank_to_na(frame["subject"]) if "subject" in frame.columns else pd.Series(pd.NA, index=out.index, dtype="string")
    classified = classify_meetings(given.fillna(subject), ctx.settings)
    out["kind"] = given.where(given.isin(MEETING_KINDS)).fillna(classified["kind"]).astype("string")
    direct = out["direct_work"] if "direct_work" in out.columns else pd.Series(pd.NA, index=out.index, dtype=BOOL)
    out["direct_work"] = direct.fillna(classify_meetings(subject, ctx.settings)["direct_work"]).astype(BOOL)
    return out


def _read_column(values: pd.Series, table: str, column: Column, ctx: LoadContext, dayfirst, label: str) -> pd.Series:
    dtype = column.dtype
    if column.opt_in:
        return values if getattr(ctx.settings, column.opt_in) else pd.Series(pd.NA, index=values.index, dtype="string")
    if column.role == REFERENCE:
        return pseudonymise_keys(f"{column.reference}:" + values, ctx.settings.salt).str.replace("p", column.reference[0], n=1)
    if dtype == DATETIME:
        return read_dates(values, ctx, label, dayfirst)
    if column.vocabulary is not None:
        result, bad = vocab.translate(values, column.vocabulary, dtype)
        _report(ctx, values.index[bad], label, column.expect)
        if (table, column.name) == ("feedback", "stage"):
            result = _ombudsman_stage(result, ctx, label)
        return result
    if dtype == BOOL:
        result, bad = vocab.translate(values, vocabularies.BOOLEAN, BOOL)
        _report(ctx, values.index[bad], label, column.expect or BOOLEAN_HINT)
        return result
    if dtype in (INT, FLOAT):
        return _read_number(values, column, ctx, label)
    if column.name == "kind":
        return values.str.lower()
    return values


def _read_number(values: pd.Series, column: Column, ctx: LoadContext, label: str) -> pd.Series:
    """Numbers of 0 or more (and at most ``column.most``); anything else is left blank and reported."""
    result, bad = vocab.translate(values, vocab.number, FLOAT)
    out_of_range = (result < 0).fillna(False)
    if column.most is not None:
        out_of_range |= (result > column.most).fillna(False)
    result = result.where(~out_of_range, pd.NA)
    rows = sorted({*values.index[bad], *rows_where(out_of_range, values.index)})
    _report(ctx, rows, label, column.expect or NUMBER_HINT)
    return result.round().astype(INT) if column.dtype == INT else result


def read_dates(
    values: pd.Series,
    ctx: LoadContext,
    label: str,
    dayfirst: bool | None = None,
    default_dayfirst: bool | None = None,
    action: str = DATE_ACTION,
) -> pd.Series:
    """Dates decided per column (``default_dayfirst``, else the user's setting, unless the column
    proves otherwise), bad ones reported by row (the index holds spreadsheet row numbers)."""
    default = ctx.settings.dayfirst if default_dayfirst is None else default_dayfirst
    parsed = dates.parse_datetimes(values, dayfirst=dayfirst, default_dayfirst=default)
    bad = parsed.isna() & values.notna()
    if bad.any():
        n = int(bad.sum())
        ctx.warn(
            f"{vocab.counted(n, 'date')} could not be read, so {_them(n)} left blank.",
            action,
            column=label,
            rows=rows_where(bad, values.index),
        )
    return parsed


def _them(n: int) -> str:
    return "it was" if n == 1 else "they were"


def _report(ctx: LoadContext, rows, label: str, hint: str) -> None:
    if len(rows):
        ctx.warn(
            f"{vocab.counted(len(rows), 'value')} could not be read, so {_them(len(rows))} left blank.",
            hint,
            column=label,
            rows=[int(r) for r in rows],
        )


def _ombudsman_stage(stage: pd.Series, ctx: LoadContext, label: str) -> pd.Series:
    """The Ombudsman is not one of the council's three stages: keep the complaint, leave the stage blank."""
    ombudsman = (stage == vocabularies.STAGE_OMBUDSMAN).fillna(False)
    if ombudsman.any():
        ctx.warn(
            f"{vocab.counted(int(ombudsman.sum()), 'complaint')} went to the Local Government and Social Care Ombudsman. "
            "The Ombudsman is not one of the council's three stages, so the stage was left blank.",
            column=label,
            rows=rows_where(ombudsman, stage.index),
        )
    return stage.where(~ombudsman, pd.NA)


def _identities(frame: pd.DataFrame, table: str, ctx: LoadContext, out: pd.DataFrame) -> pd.DataFrame:
    """Pseudonyms for every identity column; a people row's name becomes an alias of its email."""
    for column in (c for c in SPEC[table].names(*PEOPLE_ROLES) if c in frame.columns):
        values = vocab.blank_to_na(frame[column])
        if table == "people" and column == "person_id" and "display_name" in frame.columns:
            out[column] = ctx.identify(emails=values, names=vocab.blank_to_na(frame["display_name"]))
        else:
            out[column] = ctx.identify(names=values)
    if table == "people" and "person_id" not in frame.columns and "display_name" in frame.columns:
        out["person_id"] = ctx.identify(names=vocab.blank_to_na(frame["display_name"]))
    if table == "people" and "manager_id" in out.columns:
        managers = set(out["manager_id"].dropna())
        derived = out["person_id"].isin(managers).astype(BOOL)
        out["is_manager"] = out["is_manager"].fillna(derived) if "is_manager" in out.columns else derived
    return out


def _drop_incomplete(out: pd.DataFrame, table: str, ctx: LoadContext, labels: dict[str, str]) -> pd.DataFrame:
    required = [c for c in REQUIRED[table] if c in out.columns]
    if not required:
        return out
    missing = out[required].isna().any(axis=1)
    if missing.any():
        names = ", ".join(f"“{labels.get(c, c)}”" for c in required)
        ctx.warn(
            f"{vocab.counted(int(missing.sum()), 'row')} left out because a value we need is missing ({names}).",
            "Fill in those cells, or delete the rows if they are not needed.",
            rows=rows_where(missing, out.index),
        )
    return out[~missing.to_numpy()]


def fill_record_ids(rows: pd.DataFrame, table: str, ctx: LoadContext) -> pd.DataFrame:
    """Rows without a reference of their own (an audit tracker with no audit number, a log row with
    no reference) get one from what they say, so the same file loaded twice under any name is kept
    once. Identical rows are numbered among themselves: two such rows in one file stay two records,
    and shuffling the rows gives the same ids. Emails are keyed per recipient (:func:`_fill_message_ids`);
    other tables not keyed on one reference are left as they are.
    """
    if table == "messages":
        return _fill_message_ids(rows, ctx)
    key = RECORD_KEYS.get(table)
    if key is None:
        return rows
    missing = rows[key].isna() if key in rows.columns else pd.Series(True, index=rows.index)
    if not missing.any():
        return rows
    content = row_text(rows.loc[missing.to_numpy(), [c for c in rows.columns if c != key]])
    occurrence = content.groupby(content, sort=False).cumcount().astype("string")
    reference = SPEC[table].column(key).reference
    ids = pseudonymise_keys(f"{reference}:content:" + content + "#" + occurrence, ctx.settings.salt).str.replace("p", reference[0], n=1)
    rows = rows.copy()
    rows[key] = rows[key].astype("string") if key in rows.columns else pd.Series(pd.NA, index=rows.index, dtype="string")
    rows.loc[missing.to_numpy(), key] = ids
    return rows


def _fill_message_ids(rows: pd.DataFrame, ctx: LoadContext) -> pd.DataFrame:
    """Emails without a message ID get one from what their rows say, so the same file loaded twice
    is kept once (messages are told apart by message and recipient).

    One email is one row per recipient: the rows that agree on everything but the recipient and
    its to/cc/bcc type (same sender, time, recipient count, ...) are taken to be one email. Where
    two emails look the same, each recipient's identical rows are numbered, so the first of them
    goes to one email and the second to another, in any row order.
    """
    missing = rows["message_id"].isna() if "message_id" in rows.columns else pd.Series(True, index=rows.index)
    if not missing.any():
        return rows
    unnamed = rows.loc[missing.to_numpy()]
    email = row_text(unnamed[[c for c in unnamed.columns if c not in (*PER_RECIPIENT, "message_id")]])
    whole = email + row_text(unnamed[[c for c in PER_RECIPIENT if c in unnamed.columns]])
    occurrence = whole.groupby(whole, sort=False).cumcount().astype("string")
    ids = pseudonymise_keys("message:content:" + email + "#" + occurrence, ctx.settings.salt).str.replace("p", "m", n=1)
    rows = rows.copy()
    rows["message_id"] = (
        rows["message_id"].astype("string") if "message_id" in rows.columns else pd.Series(pd.NA, index=rows.index, dtype="string")
    )
    rows.loc[missing.to_numpy(), "message_id"] = ids
    return rows


def row_text(rows: pd.DataFrame) -> pd.Series:
    """Each row's values as one string, column by column in the order of their names (so a file
    whose columns are in another order says the same), a missing value written as nothing."""
    text = pd.Series("", index=rows.index, dtype="string")
    for column in sorted(map(str, rows.columns)):
        text = text + column + "=" + rows[column].astype("string").fillna("") + "\x1f"
    return text


# ---------------------------------------------------------------------------------------------
# The template formats.


# table -> (its template's headers, its required ones), normalised once rather than for every file
_TEMPLATE_HEADERS = {
    table: ({normalise_header(c) for c in columns}, {normalise_header(c) for c in REQUIRED[table]})
    for table, columns in TEMPLATE_COLUMNS.items()
}


def template_table(raw: RawFile) -> tuple[str | None, float]:
    """Which canonical table a file's headers name, and how sure we are (0 when none)."""
    header = {h for h in raw.header if h}
    if len(header) < 2:
        return None, 0.0
    best: tuple[int, float, str] | None = None
    for table, (names, required) in _TEMPLATE_HEADERS.items():
        matched = len(header & names)
        needed = max(MIN_MATCHED_WITH_REQUIRED, len(required)) if required else MIN_MATCHED
        if not required <= header or matched < needed:
            continue
        key = (matched, matched / len(names), table)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        return None, 0.0
    share = best[0] / len(header)
    score = EXACT_SCORE if share >= EXACT_SHARE else NEAR_SCORE if share >= NEAR_SHARE else 0.0
    return best[2], score


def read_template(
    raw: RawFile, ctx: LoadContext, table: str, dayfirst: bool | None = None, rename: dict[str, str] | None = None, source: str = ""
) -> dict[str, pd.DataFrame]:
    """A template -> ``{table: rows}``, reporting unused and repeated columns.

    ``rename`` (the user's header -> canonical column) reads any other layout the same way: it is
    how the column-mapping step works. ``source`` fills ``source_format`` where the table has one.
    """
    frame = read_sheet(raw, ctx)
    ctx.rows_read = len(frame)
    warn_repeated_headers(frame, ctx)
    original: dict[str, str] = {}
    if rename:
        frame, original = _apply_rename(frame, rename, ctx)
    found = vocab.match_columns(frame.columns, {c.name: (c.name,) for c in SPEC[table].columns})
    ignored = [c for c in frame.columns if c not in found.values() and not str(c).startswith("Unnamed")]
    if ignored:
        ctx.warn(f"These columns are not part of the {TABLE_LABELS[table]} template and were not read: {', '.join(map(str, ignored[:8]))}.")
    renamed = frame[list(found.values())].set_axis(list(found), axis=1)
    missing = [c for c in REQUIRED[table] if c not in renamed.columns]
    if missing:
        listed = " and ".join(", ".join(f"“{c}”" for c in missing).rsplit(", ", 1))
        raise InputError(
            f"{raw.name}: {vocab.agree(len(missing), 'the column', 'the columns')} {listed} "
            f"{vocab.agree(len(missing), 'is', 'are')} needed for {TABLE_LABELS[table]} but missing. Add {vocab.agree(len(missing), 'it', 'them')} and load the file again."
        )
    labels = {c: original.get(h, h) for c, h in found.items()}
    rows = read_table(renamed, table, ctx, dayfirst=dayfirst, labels=labels)
    if "source_format" in SPEC[table].dtypes() and source:
        rows["source_format"] = source
    return {table: fill_record_ids(rows, table, ctx)}


def match_headers(frame: pd.DataFrame, rename: dict[str, str], ctx: LoadContext) -> dict[str, str]:
    """The file's header -> canonical column for each of the user's headers found (exactly, else
    ignoring case and spacing); a header the file lacks is warned about once."""
    by_norm = {normalise_header(c): c for c in reversed(list(frame.columns))}
    chosen: dict[str, str] = {}
    for theirs, ours in rename.items():
        header = theirs if theirs in frame.columns else by_norm.get(normalise_header(theirs))
        if header is None:
            ctx.warn(
                f"The column “{theirs}” in your column mapping is not in this file, so {ours} was not read.", "Check the mapping.", rows=[1]
            )
        else:
            chosen[header] = ours
    return chosen


def _apply_rename(frame: pd.DataFrame, rename: dict[str, str], ctx: LoadContext) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename the user's headers (matched exactly, else ignoring case and spacing) to canonical
    columns; returns the frame and canonical column -> the user's header, for messages."""
    chosen = match_headers(frame, rename, ctx)
    taken = {normalise_header(v) for v in chosen.values()}
    keep = [c for c in frame.columns if c in chosen or normalise_header(c) not in taken]
    frame = frame[keep].rename(columns=chosen)
    return frame, {ours: theirs for theirs, ours in chosen.items()}


def warn_repeated_headers(frame: pd.DataFrame, ctx: LoadContext) -> None:
    """Two columns with the same header: say which one we read."""
    for header in vocab.duplicate_headers(frame.columns):
        ctx.warn(
            f"More than one column is headed “{header}”. We read the first and ignored the others.",
            "Rename or delete the repeated columns.",
            column=header,
            rows=[1],
        )


def _template_format(table: str) -> Format:
    def detect(raw: RawFile) -> float:
        found, score = template_table(raw)
        return score if found == table else 0.0

    def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
        return read_template(raw, ctx, table, source=f"canonical_{table}")

    return Format(
        id=f"canonical_{table}",
        kind=KIND_BY_TABLE[table],
        label=f"Template: {TABLE_LABELS[table]}",
        detect=detect,
        parse=parse,
        source="The CSV templates offered on the Home page (Download a template), filled in from any system.",
    )


FORMATS: tuple[Format, ...] = tuple(_template_format(t) for t in TEMPLATE_COLUMNS)
