"""Microsoft Forms responses: "Open in Excel" (xlsx) and the same sheet re-saved as CSV (formats.md i).

The first columns are always ``ID, Start time, Completion time, Email, Name`` (and, on newer
forms, ``Last modified time``), then one column per question headed by its text. Quizzes add
``Total points``, ``Quiz feedback``, ``Grade posted time`` and ``Points - <question>`` /
``Feedback - <question>`` columns, which say nothing about the respondent and are skipped. The
respondent's email and name are never kept: only whether the Email column holds addresses is
read, because a form answered with work accounts was answered by staff (anonymous forms say
``anonymous``).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pandas as pd

from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.rawfile import RawFile, normalise_header
from diagnostic.ingest.sheet import read_sheet
from diagnostic.ingest.survey import Responses, feedback_rows

LEADING = ("id", "starttime", "completiontime", "email", "name")
METADATA = {*LEADING, "lastmodifiedtime", "totalpoints", "quizfeedback", "gradepostedtime"}
QUIZ_COLUMN = re.compile(r"^(Points|Feedback)\s+-\s+", re.I)
FORMS_RANGE = re.compile(r"\s*\(\d+-\d+\)\s*$")  # Forms names downloads "<title>(1-12).xlsx"
SURE, LIKELY = 0.95, 0.8
SIGNED_IN_SHARE = 0.5  # at least this share of responses carry an address: an organisation-only form


def detect(raw: RawFile) -> float:
    """Sure when the first five headers are Forms' own; likely when they appear anywhere."""
    header = raw.header
    if tuple(header[: len(LEADING)]) == LEADING:
        return SURE
    return LIKELY if set(LEADING) <= set(header) else 0.0


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    return {"feedback": feedback_rows(read_responses(raw, ctx), ctx)}


def read_responses(raw: RawFile, ctx: LoadContext) -> Responses:
    """The answers, one column per question, without the respondents' emails or names."""
    frame = read_sheet(raw, ctx)
    by_norm = {normalise_header(c): c for c in frame.columns}
    questions = [
        c
        for c in frame.columns
        if normalise_header(c) not in METADATA and not QUIZ_COLUMN.match(str(c)) and not str(c).startswith("Unnamed")
    ]
    ctx.rows_read = len(frame)
    return Responses(
        answers=frame[questions],
        received=frame[by_norm["completiontime"]],
        response_ids=frame[by_norm["id"]],
        title=form_title(raw.name),
        default_dayfirst=ctx.settings.dayfirst,
        signed_in=_signed_in(frame[by_norm["email"]]) if "email" in by_norm else False,
    )


def _signed_in(emails: pd.Series) -> bool:
    """True when most responses carry an address (the form recorded who answered)."""
    return bool(len(emails)) and float(emails.astype("string").str.contains("@", regex=False).fillna(False).mean()) >= SIGNED_IN_SHARE


def form_title(file_name: str) -> str:
    """The form's title from the download's name: ``Family feedback(1-12).xlsx`` -> ``Family feedback``."""
    return FORMS_RANGE.sub("", PurePosixPath(file_name).stem).replace("_", " ")


FORMATS: tuple[Format, ...] = (
    Format(
        id="ms_forms",
        kind="feedback",
        label="Microsoft Forms responses",
        detect=detect,
        parse=parse,
        source="Microsoft Forms: open the form, Responses, Open results in Excel (or the .xlsx saved as CSV).",
    ),
)
