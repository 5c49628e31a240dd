"""SurveyMonkey "All individual responses" exports, expanded or condensed, CSV or xlsx (formats.md j).

Expanded exports have two header rows: the question text is written once, over the first of its
columns, and the second row names what each column holds (``Response``, ``Open-Ended Response``,
an option of a multi-select question, a row of a matrix). We rebuild one answer per question:
ticked options are joined with ``;`` like Microsoft Forms does, and each matrix row becomes its own
question ("How much do you agree? - My worker listens to me"). The nine metadata columns
(IP address, email, names, custom data) are never read.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pandas as pd

from diagnostic.errors import InputError
from diagnostic.ingest.base import Format, LoadContext
from diagnostic.ingest.headers import normalise_header
from diagnostic.ingest.rawfile import RawFile
from diagnostic.ingest.sheet import records
from diagnostic.ingest.survey import Responses, feedback_rows

METADATA = {"respondentid", "collectorid", "startdate", "enddate", "ipaddress", "emailaddress", "firstname", "lastname"}
CUSTOM_DATA = re.compile(r"^customdata\d*$")
PLAIN_ANSWER = {"", "response", "openendedresponse"}  # second-row labels of one-column questions
OTHER_BOX = re.compile(r"^other")  # "Other (please specify)"
SURE, LIKELY = 0.95, 0.85
OLD_EXCEL_COLUMNS = 256  # the most columns Excel 97-2003 (and SurveyMonkey's old exports for it) can hold


def detect(raw: RawFile) -> float:
    header = set(raw.header)
    if {"respondentid", "collectorid"} <= header and {"startdate", "enddate"} & header:
        return SURE
    return LIKELY if {"respondentid", "startdate", "enddate"} <= header else 0.0


def parse(raw: RawFile, ctx: LoadContext) -> dict[str, pd.DataFrame]:
    return {"feedback": feedback_rows(read_responses(raw, ctx), ctx)}


def read_responses(raw: RawFile, ctx: LoadContext) -> Responses:
    """One answer column per question (matrix rows as their own questions), without the metadata columns."""
    rows = records(raw)
    start = next((i for i, row in enumerate(rows) if any(c is not None for c in row)), None)
    if start is None:
        raise InputError(f"{raw.name}: this SurveyMonkey export has no rows.")
    header = [c or "" for c in rows[start]]
    width = len(header)
    norm = [normalise_header(h) for h in header]
    respondent = norm.index("respondentid")
    after = [(r + [None] * width)[:width] for r in rows[start + 1 :]]
    two_rows = bool(after) and after[0][respondent] is None  # a response always has a Respondent ID
    labels = [c or "" for c in after[0]] if two_rows else [""] * width
    first = start + (3 if two_rows else 2)  # spreadsheet row of the first response
    numbered = [(n, r) for n, r in enumerate(after[1 if two_rows else 0 :], start=first) if any(c is not None for c in r)]
    ctx.rows_read = len(numbered)
    _warn_if_cut(rows, ctx)
    table = pd.DataFrame([r for _, r in numbered], columns=range(width), index=[n for n, _ in numbered], dtype="string")
    ended = norm.index("enddate") if "enddate" in norm else norm.index("startdate")
    return Responses(
        answers=_answers(table, header, labels, norm),
        received=table[ended],
        response_ids=table[respondent],
        title=PurePosixPath(raw.name).stem.replace("_", " "),
        default_dayfirst=False,  # SurveyMonkey writes US dates unless the account says otherwise
    )


def _warn_if_cut(rows: list[list[str | None]], ctx: LoadContext) -> None:
    """An export exactly as wide as an old Excel sheet was probably cut there: say so, because the
    questions beyond it are silently missing from the file."""
    if max((len(r) for r in rows), default=0) == OLD_EXCEL_COLUMNS:
        ctx.warn(
            f"This export has exactly {OLD_EXCEL_COLUMNS} columns, the most an old Excel sheet can hold, "
            "so it was probably cut short and any questions after the last column are missing.",
            "Export the responses again as CSV, or choose the condensed layout (one column per question), "
            "and check the last question is there.",
        )


def _answers(table: pd.DataFrame, header: list[str], labels: list[str], norm: list[str]) -> pd.DataFrame:
    """One column per question (matrix rows count as questions), headed by the question's text."""
    groups: dict[str, list[int]] = {}
    question = ""
    for i, text in enumerate(header):
        if norm[i] in METADATA or CUSTOM_DATA.match(norm[i]):
            question = ""
            continue
        question = text.strip() or question
        if question:
            groups.setdefault(question, []).append(i)
    answers: dict[str, pd.Series] = {}
    for question, columns in groups.items():
        answers.update(_question(table, question, columns, labels))
    return pd.DataFrame(answers, index=table.index)


def _question(table: pd.DataFrame, question: str, columns: list[int], labels: list[str]) -> dict[str, pd.Series]:
    if len(columns) == 1 and normalise_header(labels[columns[0]]) in PLAIN_ANSWER:
        return {question: table[columns[0]]}
    options = [c for c in columns if _is_option(table[c], labels[c])]
    answers: dict[str, pd.Series] = {}
    if options:  # a multi-select question; its "Other (please specify)" box is one more choice
        options += [c for c in columns if c not in options and OTHER_BOX.match(normalise_header(labels[c]))]
        ticked = pd.concat([table[c].str.strip().where(table[c].str.strip() != "", pd.NA) for c in sorted(options)], axis=1)
        answers[question] = _joined(ticked) if len(ticked) else table[columns[0]]
    answers.update({f"{question} - {labels[c].strip()}": table[c] for c in columns if c not in options})
    return answers


def _joined(ticked: pd.DataFrame) -> pd.Series:
    """Each row's ticked options joined as ``"a;b;"`` (NA where none is ticked): one pass over plain
    lists, as a row-wise apply costs a Series per respondent."""
    columns = [ticked[c].tolist() for c in ticked.columns]
    joined = [
        ";".join(v for v in row if isinstance(v, str)) + ";" if any(isinstance(v, str) for v in row) else pd.NA for row in zip(*columns)
    ]
    return pd.Series(joined, index=ticked.index, dtype="str")


def _is_option(values: pd.Series, label: str) -> bool:
    """A multi-select column holds its own option text when ticked and nothing otherwise."""
    given = values.dropna().str.strip()
    given = given[given != ""]
    return bool(label.strip()) and len(given) > 0 and bool((given.str.casefold() == label.strip().casefold()).all())


FORMATS: tuple[Format, ...] = (
    Format(
        id="surveymonkey",
        kind="feedback",
        label="SurveyMonkey export",
        detect=detect,
        parse=parse,
        source="SurveyMonkey: Analyze results, Save as, Export file, All individual responses (CSV or XLS; legacy exports too).",
    ),
)
