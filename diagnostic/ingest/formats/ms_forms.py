"""Microsoft Forms responses: "Open in Excel" (xlsx) and the same sheet re-saved as CSV (formats.md i).

The first columns are always ``ID, Start time, Completion time, Email, Name`` (and, on newer
forms, ``Last modified time``), then one column per question headed by its text. Quizzes add
``Total points``, ``Quiz feedback``, ``Grade posted time`` and ``Points - <question>`` /
``Feedback - <question>`` columns, which say nothing about the respondent and are skipped, as are
file-upload questions (their answers are links to SharePoint). The
respondent's email and name are never kept: only whether the Email column holds addresses is
read, because a form answered with work accounts was answered by staff (anonymous forms say
``anonymous``).

Forms' own CSV download writes US dates with two-digit years (``3/12/24 15:36:05``) whatever the
organisation's region, while a sheet re-saved by UK Excel writes ``07/01/2025 17:07``. The order
is decided from both time columns together; where they cannot settle it, two-digit years are
read month-first and the number of dates that could be read either way is given in a warning.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pandas as pd

from diagnostic.dates import decide_dayfirst
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.sheet import read_sheet
from diagnostic.ingest.survey import Responses, feedback_rows
from diagnostic.ingest.vocabulary import agree, counted

LEADING = ("id", "starttime", "completiontime", "email", "name")
METADATA = {*LEADING, "lastmodifiedtime", "totalpoints", "quizfeedback", "gradepostedtime"}
QUIZ_COLUMN = re.compile(r"^(Points|Feedback)\s+-\s+", re.I)
FORMS_RANGE = re.compile(r"\s*\(\d+-\d+\)\s*$")  # Forms names downloads "<title>(1-12).xlsx"
SURE, LIKELY = 0.95, 0.8
SIGNED_IN_SHARE = 0.5  # at least this share of responses carry an address: an organisation-only form
LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)
TWO_DIGIT_YEAR = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2}(?:\s|$)")  # "3/12/24 15:36:05": Forms' own download
AMBIGUOUS_DATE = re.compile(r"^\s*(?:0?[1-9]|1[0-2])/(?:0?[1-9]|1[0-2])/")  # day and month both 12 or under


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
        if normalise_header(c) not in METADATA
        and not QUIZ_COLUMN.match(str(c))
        and not str(c).startswith("Unnamed")
        and not _uploads(frame[c])
    ]
    ctx.rows_read = len(frame)
    return Responses(
        answers=frame[questions],
        received=frame[by_norm["completiontime"]],
        response_ids=frame[by_norm["id"]],
        title=form_title(raw.name),
        default_dayfirst=_dayfirst(frame, by_norm, ctx),
        signed_in=_signed_in(frame[by_norm["email"]]) if "email" in by_norm else False,
    )


def _dayfirst(frame: pd.DataFrame, by_norm: dict[str, str], ctx: LoadContext) -> bool:
    """Day or month first for the file, from the start and completion times together."""
    stamps = pd.concat([frame[by_norm[c]] for c in ("starttime", "completiontime") if c in by_norm], ignore_index=True).dropna()
    stamps = stamps.astype("string")
    unsettled = decide_dayfirst(stamps, True) != decide_dayfirst(stamps, False)
    if unsettled and stamps.str.match(TWO_DIGIT_YEAR).any():
        ambiguous = int(frame[by_norm["completiontime"]].astype("string").str.match(AMBIGUOUS_DATE).fillna(False).sum())
        ctx.warn(
            f"{counted(ambiguous, 'completion date')} could be read day-first or month-first; "
            f"{agree(ambiguous, 'it was', 'they were')} read month-first (3/12/24 as 12 March 2024), as Microsoft Forms writes them.",
            "If these are UK dates, open the responses in Excel from Forms (Open results in Excel) and load that file instead.",
            column=by_norm["completiontime"],
        )
        return False
    return ctx.settings.dayfirst


def _uploads(values: pd.Series) -> bool:
    """A file-upload question: every answer is a link to the uploaded file, which says nothing we read."""
    given = values.dropna().astype("string").str.strip()
    return bool(len(given)) and bool(given.str.match(LINK).all())


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
        source="Microsoft Forms: open the form, Responses, Open results in Excel (or the .xlsx saved as CSV, or Forms' own CSV download).",
    ),
)
