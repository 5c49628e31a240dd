"""Self-assessment answers -> ``responses``: our own sheet, or a survey that asks our statements.

Our sheet (``python -m diagnostic self-assessment --template``) is either one person's (or one
agreed) answers in ``response``, or a room's show of hands in ``votes_1`` .. ``votes_5`` and
``votes_dont_know``. "Don't know" is kept as a missing answer, never as 3. The template says a
blank answer means "don't know", so blanks count as such once the sheet has any answer at all; an
untouched template gives nothing.

Teams also put the statements to staff as a Microsoft Forms or SurveyMonkey survey (a Likert or
matrix question, one row per statement). Such an export is read as self-assessment, not feedback,
when at least ``MIN_STATEMENTS`` of its questions carry a statement's wording: each response
gives one answer per statement, and a question asking the respondent's role gives their group.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from diagnostic.errors import InputError
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.formats import ms_forms, surveymonkey
from diagnostic.ingest.formats.canonical import row_text, rows_where, warn_repeated_headers
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.sheet import read_sheet
from diagnostic.ingest.survey import RESPONDENT_QUESTION, Responses, response_keys
from diagnostic.privacy import pseudonymise_keys
from diagnostic.schema import vocabularies
from diagnostic.self_assessment import BY_ID, SCALE_MAX, SCALE_MIN, STATEMENTS

VOTES = {f"votes{i}": i for i in range(SCALE_MIN, SCALE_MAX + 1)} | {"votesdontknow": None}
LEADING_DIGIT = re.compile(r"^\s*(\d+)\b")
SURE = 0.95
SURVEY_SURE = 0.97  # above the survey formats' own: the statements say what the survey is
MIN_STATEMENTS = 3  # a survey asking at least this many of our statements is a self-assessment
HEADER_ROWS = 3  # where a survey's statements can be: Forms' header row, SurveyMonkey's second row
DEFAULT_GROUP, ROOM = "all", "room"
WORDING = tuple((normalise_header(s.statement), s.id) for s in STATEMENTS)


def detect(raw: RawFile) -> float:
    header = set(raw.header)
    return SURE if "statementid" in header and ("response" in header or header & set(VOTES)) else 0.0


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    frame = read_sheet(raw, ctx)
    ctx.rows_read = len(frame)
    warn_repeated_headers(frame, ctx)
    columns = {normalise_header(c): c for c in reversed(list(frame.columns))}
    frame = _known_statements(frame, columns["statementid"], ctx)
    groups = _groups(frame, columns.get("respondentgroup"), ctx)
    votes = {columns[v]: answer for v, answer in VOTES.items() if v in columns}
    rows = [_tallies(frame, votes, groups, ctx)] if votes else []
    if "response" in columns:
        rows.append(_answers(frame, columns["response"], groups, ctx, tallied=_has_votes(frame, votes)))
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["statement_id", "respondent_group", "response", "count"])
    if out.empty:
        ctx.warn("The sheet has no answers yet.", "Fill in the “response” column (1 to 5) or the votes columns, then load it again.")
    return {"responses": out.assign(answer_id=_sheet_answer_ids(out, ctx))}


def _sheet_answer_ids(out: pd.DataFrame, ctx: LoadContext) -> pd.Series:
    """Ids that make a sheet loaded twice (under any name) count once.

    A sheet's rows have no id, and two people's sheets may share many answers, so the id is the
    whole sheet's content (its rows in value order, whatever order they are in) plus the row's
    own values, numbered among identical rows so that two identical rows stay two.
    """
    text = row_text(out[["statement_id", "respondent_group", "response", "count"]])
    sheet = hashlib.blake2b("\x1e".join(sorted(text.dropna())).encode("utf-8"), digest_size=8).hexdigest()
    occurrence = text.groupby(text, sort=False).cumcount().astype("string")
    return pseudonymise_keys(f"answer:{sheet}:" + text + "#" + occurrence, ctx.settings.salt)


def _known_statements(frame: pd.DataFrame, column: str, ctx: LoadContext) -> pd.DataFrame:
    ids = frame[column].astype("string").str.strip()
    unknown = ids.notna() & ~ids.isin(BY_ID)
    if n := int(unknown.sum()):
        ctx.warn(
            f"{vocab.counted(n, 'row')} {vocab.agree(n, 'names a statement', 'name statements')} we do not know, "
            f"so {vocab.agree(n, 'it was', 'they were')} left out.",
            "Use the statement ids from a fresh template (python -m diagnostic self-assessment --template).",
            column=column,
            rows=rows_where(unknown, frame.index),
        )
    return frame.assign(statement_id=ids)[(ids.notna() & ~unknown).to_numpy()]


SHEET_GROUPS = "Write practitioner, manager, leader or room."
SURVEY_GROUPS = (
    "Word the role question's options so each names practitioner, manager or leader (for example “Social worker”, “Team manager”)."
)


def _groups(frame: pd.DataFrame, column: str | None, ctx: LoadContext, action: str = SHEET_GROUPS) -> pd.Series:
    """practitioner / manager / leader / room / all; a blank group is "all"."""
    if column is None:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    groups, bad = vocab.translate(frame[column].astype("string"), vocabularies.RESPONDENT_GROUP, "string")
    if bad:
        ctx.warn(
            f"The respondent group in {vocab.counted(len(bad), 'row')} is not one we know, so those answers count for everyone together.",
            action,
            column=column,
            rows=[int(frame.index[i]) for i in bad],
        )
    return groups


def _has_votes(frame: pd.DataFrame, votes: dict[str, int | None]) -> pd.Series:
    if not votes:
        return pd.Series(False, index=frame.index)
    return frame[list(votes)].apply(lambda col: pd.to_numeric(col, errors="coerce")).fillna(0).gt(0).any(axis=1)


def _tallies(frame: pd.DataFrame, votes: dict[str, int | None], groups: pd.Series, ctx: LoadContext) -> pd.DataFrame:
    """One row per statement x answer with its number of votes."""
    parts = []
    for column, answer in votes.items():
        counts, bad = vocab.translate(frame[column].astype("string"), vocab.number, "Float64")
        if bad:
            ctx.warn(
                f"{vocab.counted(len(bad), 'vote count')} could not be read, so {vocab.agree(len(bad), 'it was', 'they were')} left out.",
                "Write the number of votes as a whole number.",
                column=column,
                rows=[int(frame.index[i]) for i in bad],
            )
        part = pd.DataFrame(
            {"statement_id": frame["statement_id"], "respondent_group": groups.fillna(ROOM), "response": answer, "count": counts.round()}
        )
        parts.append(part[(part["count"] > 0).fillna(False)])
    return pd.concat(parts, ignore_index=True).astype({"response": "Int64", "count": "Int64"})


def _answers(frame: pd.DataFrame, column: str, groups: pd.Series, ctx: LoadContext, tallied: pd.Series | None = None) -> pd.DataFrame:
    """One row per answered statement: 1-5, or NA for don't know (a blank counts as don't know),
    indexed by the answer's row in the file.

    Rows in ``tallied`` carry a room's votes instead, and are left to :func:`_tallies`.
    """
    text = frame[column].astype("string").str.strip()
    text = text.where(text != "", pd.NA)
    rows = frame if tallied is None else frame[~tallied.to_numpy()]
    text, groups = text[rows.index], groups[rows.index]
    if text.isna().all():
        return pd.DataFrame(columns=["statement_id", "respondent_group", "response", "count"])
    digits = pd.to_numeric(text.str.extract(LEADING_DIGIT, expand=False), errors="coerce")
    words, _ = vocab.translate(text, vocabularies.LIKERT, "Float64")
    value = pd.Series(digits, index=text.index).astype("Float64").fillna(words)
    dont_know = text.isna() | text.str.lower().str.fullmatch(vocabularies.DONT_KNOW).fillna(False)
    bad = ~dont_know & (value.isna() | ~value.between(SCALE_MIN, SCALE_MAX).fillna(False))
    if n := int(bad.sum()):
        ctx.warn(
            f"{vocab.counted(n, 'answer')} {vocab.agree(n, 'is', 'are')} not 1 to 5 or “don't know”, so {vocab.agree(n, 'it was', 'they were')} left out.",
            "Write a number from 1 (strongly disagree) to 5 (strongly agree), or leave the cell empty for don't know.",
            column=column,
            rows=rows_where(bad, text.index),
        )
    keep = ~bad.to_numpy()
    return pd.DataFrame(
        {
            "statement_id": rows["statement_id"][keep],
            "respondent_group": groups[keep].fillna(DEFAULT_GROUP),
            "response": value.where(~dont_know)[keep].round().astype("Int64"),
            "count": 1,
        }
    )


# --- a survey that asks our statements ---------------------------------------------------------
def statement_of(question: object) -> str | None:
    """The id of the statement whose wording the question carries ("How far do you agree? - <statement>")."""
    text = normalise_header(question)
    return next((sid for wording, sid in WORDING if wording in text), None)


def _asks_statements(raw: RawFile) -> bool:
    text = normalise_header(" ".join(raw.head_lines[:HEADER_ROWS]))
    return sum(wording in text for wording, _ in WORDING) >= MIN_STATEMENTS


def _survey_format(survey, product: str, question: str) -> Format:
    """The self-assessment reading of one survey tool's export: its own detection and columns, our statements."""

    def detect(raw: RawFile) -> float:
        return SURVEY_SURE if survey.detect(raw) and _asks_statements(raw) else 0.0

    def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
        return {"responses": survey_answers(survey.read_responses(raw, ctx), ctx)}

    own = survey.FORMATS[0]
    return Format(
        id=f"{own.id}_self_assessment",
        kind="self_assessment",
        label=f"Self-assessment survey ({product})",
        detect=detect,
        parse=parse,
        source=f"The self-assessment statements asked as a {question} question. {own.source}",
    )


def survey_answers(responses: Responses, ctx: LoadContext) -> pd.DataFrame:
    """One row per response per statement asked; the role question, if any, gives the group."""
    answers = responses.answers
    asked: dict[object, str] = {}
    for question in answers.columns:
        sid = statement_of(question)
        if sid is not None and sid not in asked.values():
            asked[question] = sid
    if not asked:  # the wording was near the top, but no question column carries it (a damaged export)
        raise InputError(
            f"{ctx.file}: this survey mentions the self-assessment statements, but no question column holds one. "
            "Export the responses again, with one column per statement."
        )
    role = next((q for q in answers.columns if q not in asked and RESPONDENT_QUESTION.search(str(q))), None)
    groups = _groups(answers, role, ctx, SURVEY_GROUPS)
    keys = response_keys(responses)
    parts = []
    for question, sid in asked.items():
        part = _answers(answers.assign(statement_id=sid), question, groups, ctx)
        parts.append(part.assign(answer_id=pseudonymise_keys(keys[part.index] + "|" + sid, ctx.settings.salt).to_numpy()))
    if len(asked) < len(STATEMENTS):
        ctx.warn(
            f"The survey asks {len(asked)} of the {len(STATEMENTS)} self-assessment statements; the others count as not answered.",
            "Ask every statement to score every theme (python -m diagnostic self-assessment --template lists them).",
        )
    out = pd.concat(parts, ignore_index=True)
    if out["response"].isna().all():
        ctx.warn("The survey has no answers yet.", "Load the export again once people have responded.")
    return out


FORMATS: tuple[Format, ...] = (
    Format(
        id="self_assessment_responses",
        kind="self_assessment",
        label="Self-assessment responses",
        detect=detect,
        parse=parse,
        source="The self-assessment sheet from this app (Self-assessment page, or python -m diagnostic self-assessment --template), filled in.",
    ),
    _survey_format(ms_forms, "Microsoft Forms", "Likert"),
    _survey_format(surveymonkey, "SurveyMonkey", "matrix"),
)
