"""Case-file audit records (formats.md l; no national layout) -> ``audits``.

Audit tools differ from council to council, so columns are found by their many names and grades
by their many spellings (Ofsted's four words, "RI", the letters O/G/RI/I, or 4 to 1). Actions
arrive either as counts or as numbered columns ("Action 1", "Action 1 completed") which we count.
Practitioners and auditors become pseudonyms; the child's ID, name and case summary are never read.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.formats.canonical import fill_record_ids, read_table, warn_repeated_headers
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.sheet import read_sheet
from diagnostic.schema import vocabularies

SYNONYMS = vocab.column_names("audits")
EVIDENCE = (
    "auditor_id",
    "focus",
    "child_voice",
    "family_involved",
    "practitioner_involved",
    "actions_set",
    "learning_recorded",
    "audit_id",
)
MIN_EVIDENCE = 2
FOCUS_EXAMPLES = ("Collaborative", "Thematic", "Dip sample")  # advice the focus vocabulary reads (tests walk it)
SURE, LIKELY = 0.9, 0.75
ACTION_TEXT = re.compile(r"^action\s*(\d+)$")  # normalised "Action 1"
ACTION_DONE = re.compile(r"^action\s*(\d+)\s*(completed?|done|status|complete\?|achieved)")
MODERATED = ("Moderated grade", "Grade after moderation", "Moderated rating", "Moderated judgement")
GRADE_WORDS = re.compile(r"outstanding|good|inadequate|requires improvement|\bri\b", re.I)


def detect(raw: RawFile) -> float:
    """A grade column plus at least two columns only an audit record has."""
    found = vocab.match_columns(raw.header, SYNONYMS)
    if "grade" not in found or sum(c in found for c in EVIDENCE) < MIN_EVIDENCE:
        return 0.0
    sure = "audit" in " ".join(raw.header) or any(GRADE_WORDS.search(line) for line in raw.head_lines[1:20])
    return SURE if sure else LIKELY


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    frame = read_sheet(raw, ctx)
    ctx.rows_read = len(frame)
    warn_repeated_headers(frame, ctx)
    found = vocab.match_columns(frame.columns, SYNONYMS)
    columns = {c: frame[h] for c, h in found.items() if c != "learning_recorded"}
    labels = dict(found)
    moderated = vocab.match_columns(frame.columns, {"moderated": MODERATED}).get("moderated")
    if moderated is not None and "grade" in columns:  # a moderator's grade replaces the auditor's
        columns["grade"] = frame[moderated].where(frame[moderated].notna(), columns["grade"])
        labels["grade"] = f"{moderated} / {found['grade']}"
    counted_set, counted_done = _numbered_actions(frame)
    if counted_set is not None and "actions_set" not in columns:
        columns["actions_set"], labels["actions_set"] = counted_set.astype("string"), "Action 1, Action 2, ..."
    if counted_done is not None and "actions_done" not in columns:
        columns["actions_done"], labels["actions_done"] = counted_done.astype("string"), "Action 1 completed, ..."
    if "actions_set" in columns and "actions_done" in columns:  # no action set: nothing to complete
        has_actions = columns["actions_set"].map(vocab.number).map(lambda n: n is vocab.UNKNOWN or pd.isna(n) or n > 0)
        columns["actions_done"] = vocab.not_applicable(columns["actions_done"], has_actions.astype(bool), vocab.number)
    rows = read_table(pd.DataFrame(columns, index=frame.index), "audits", ctx, labels=labels)
    if "learning_recorded" in found:
        rows["learning_recorded"] = frame[found["learning_recorded"]].map(_learning).astype("boolean")
    rows = fill_record_ids(rows, "audits", ctx)  # from the row's content, never the child's ID
    if "focus" not in found:
        ctx.warn(
            "No column says whether each audit looked at practice or at compliance, so the practice-focus measure cannot use this file.",
            f"Add an “Audit Type” column (for example {', '.join(FOCUS_EXAMPLES[:-1])} or {FOCUS_EXAMPLES[-1]}).",
        )
    return {"audits": rows}


def _numbered_actions(frame: pd.DataFrame) -> tuple[pd.Series | None, pd.Series | None]:
    """Actions set and done counted from "Action 1", "Action 1 completed", ... columns."""
    texts, dones = {}, {}
    for column in frame.columns:
        norm = re.sub(r"(\d+)", r" \1 ", normalise_header(column)).strip()
        if m := ACTION_DONE.match(norm):
            dones[m.group(1)] = column
        elif m := ACTION_TEXT.match(norm):
            texts[m.group(1)] = column
    if not texts:
        return None, None
    set_ = sum((frame[c].map(lambda v: vocab.filled(v) is True).astype(int) for c in texts.values()), start=pd.Series(0, index=frame.index))
    if not dones:
        return set_, None
    done = sum(
        (frame[c].map(lambda v: vocab.lookup(v, vocabularies.BOOLEAN) is True).astype(int) for c in dones.values()),
        start=pd.Series(0, index=frame.index),
    )
    return set_, np.minimum(done, set_)


def _learning(value: object) -> bool | None:
    """A learning column may say Yes/No, or hold the learning itself (which counts as Yes)."""
    flag = vocab.lookup(value, vocabularies.BOOLEAN)
    return vocab.filled(value) if flag is vocab.UNKNOWN else flag


FORMATS: tuple[Format, ...] = (
    Format(
        id="case_audit",
        kind="audits",
        label="Case audit records",
        detect=detect,
        parse=parse,
        source="The quality assurance team's audit tracker or audit tool export (one row per audit).",
    ),
)
