"""Children's social care complaints and compliments logs (formats.md k; no national layout).

Every council keeps its own spreadsheet, so columns are found by their many names (see
:mod:`diagnostic.schema.practice`) and values by their many spellings. Two
columns are never read: ``Staff Named`` (this diagnoses systems, not people) and ``Summary``
(free text about a family; kept only when the user opts in to showing text).
"""

from __future__ import annotations

import pandas as pd

from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.formats.canonical import fill_record_ids, read_table, warn_repeated_headers
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.sheet import read_sheet
from diagnostic.schema import vocabularies

SYNONYMS = {c: n for c, n in vocab.column_names("feedback").items() if c not in ("due", "rating", "feedback_id")}
SYNONYMS["feedback_id"] = (
    "feedback_id",
    "Reference",
    "Ref",
    "Ref No",
    "Reference number",
    "Complaint reference",
    "Case reference",
    "Record ID",
)
EXTENDED_DUE = ("Extended Due Date", "Revised due date", "Extended deadline")
FIRST_DUE = ("Response Due Date", "Due Date", "Target date", "Response due", "due")
SERVICE_AREA = ("Service Area", "Service")
EVIDENCE = ("stage", "source", "outcome", "kind", "responded")  # columns that make a table a complaints log
MIN_EVIDENCE = 3
SURE, LIKELY = 0.9, 0.75
DERIVED = ("action_taken", "closed_loop")  # free text that says whether something happened
# Columns that apply to complaints only: on a compliment or an enquiry, what is written there is not read.
COMPLAINT_ONLY = {"stage": vocabularies.STAGE, "outcome": vocabularies.OUTCOME}


def detect(raw: RawFile) -> float:
    """A received date plus at least three columns only a complaints log has."""
    found = vocab.match_columns(raw.header, SYNONYMS)
    evidence = sum(c in found for c in EVIDENCE)
    if "received" not in found or evidence < MIN_EVIDENCE:
        return 0.0
    return SURE if any("complain" in h or "upheld" in h for h in raw.header) or "outcome" in found else LIKELY


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    frame = read_sheet(raw, ctx)
    ctx.rows_read = len(frame)
    warn_repeated_headers(frame, ctx)
    found = vocab.match_columns(frame.columns, SYNONYMS)
    columns = {c: frame[h] for c, h in found.items() if c not in DERIVED}
    labels = dict(found)
    due = _due_date(frame)
    if due is not None:
        columns["due"], labels["due"] = due
    if "team" in columns:
        service = vocab.match_columns([c for c in frame.columns if c != found["team"]], {"service": SERVICE_AREA})
        if service:
            columns["team"] = columns["team"].fillna(frame[service["service"]])
    if "kind" in columns:
        kinds = columns["kind"].map(lambda v: vocab.lookup(v, vocabularies.KIND))
        # a row of no kind may be a complaint; built as plain booleans so an empty file stays empty
        complaint = (kinds.eq("complaint").fillna(False) | columns["kind"].map(vocab.clean).isna()).astype(bool)
        for column, rules in COMPLAINT_ONLY.items():
            if column in columns:
                columns[column] = vocab.not_applicable(columns[column], complaint, rules)
    rows = read_table(pd.DataFrame(columns, index=frame.index), "feedback", ctx, labels=labels)
    for column in DERIVED:
        if column in found:
            rows[column] = frame[found[column]].map(vocab.filled).astype("boolean").fillna(False)
    if "kind" not in found:
        rows["kind"] = "complaint"
        ctx.warn(
            "No column says whether each row is a complaint, a compliment or a comment, so every row is counted as a complaint.",
            "Add a “Record Type” column if the log holds compliments or comments too.",
        )
    return {"feedback": fill_record_ids(rows, "feedback", ctx)}


def _due_date(frame: pd.DataFrame) -> tuple[pd.Series, str] | None:
    """The date the response was due: the extended date where one was agreed, else the first."""
    by_norm = {normalise_header(c): c for c in frame.columns}
    extended = next((by_norm[normalise_header(n)] for n in EXTENDED_DUE if normalise_header(n) in by_norm), None)
    first = next((by_norm[normalise_header(n)] for n in FIRST_DUE if normalise_header(n) in by_norm), None)
    if extended is None and first is None:
        return None
    if extended is None or first is None:
        column = extended or first
        return frame[column], column
    blank = frame[extended].isna() | (frame[extended].astype("string").str.strip() == "")
    return frame[extended].where(~blank, frame[first]), f"{extended} / {first}"


FORMATS: tuple[Format, ...] = (
    Format(
        id="complaints_log",
        kind="feedback",
        label="Complaints and compliments log",
        detect=detect,
        parse=parse,
        source="The complaints team's log of representations (the spreadsheet or CRM report behind the annual complaints report).",
    ),
)
