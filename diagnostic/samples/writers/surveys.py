"""SurveyMonkey "All individual responses" (expanded) CSV, and a workshop room's self-assessment tally.

SurveyMonkey (formats.md j): two header rows (question text once over a multi-column question, then
``Response``/``Open-Ended Response``/option labels), US dates ``03/14/2025 09:12:33 AM``, comma,
minimal quoting, UTF-8. The room tally is the product's own self-assessment sheet with one row per
statement and the room's votes counted in.
"""

from __future__ import annotations

import csv
import io

from diagnostic.samples.texts import SURVEY_BLOCKERS, SURVEY_MATRIX, SURVEY_SCALE
from diagnostic.samples.voices import RoomTally, SurveyAnswer
from diagnostic.self_assessment import TEMPLATE_COLUMNS

META = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
)
Q_TEAM = "Which team do you work in?"
Q_ROLE = "What is your role?"
Q_MATRIX = "How far do you agree with each statement about your work?"
Q_BLOCKERS = "What gets in the way of time with children and families? (tick all that apply)"
Q_CHANGE = "What one change would make the biggest difference?"
OTHER = "Other (please specify)"


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _us(t) -> str:
    return f"{t:%m/%d/%Y %I:%M:%S %p}"


def write_surveymonkey(answers: list[SurveyAnswer]) -> bytes:
    blank = [""] * len(META)
    first = [*META, Q_TEAM, Q_ROLE, Q_MATRIX, *[""] * (len(SURVEY_MATRIX) - 1), Q_BLOCKERS, *[""] * len(SURVEY_BLOCKERS), Q_CHANGE]
    second = [*blank, "Response", "Response", *SURVEY_MATRIX, *SURVEY_BLOCKERS, OTHER, "Open-Ended Response"]
    rows = [first, second]
    for a in answers:
        rows.append(
            [
                a.respondent_id,
                a.collector_id,
                _us(a.started),
                _us(a.ended),
                "",
                "",
                "",
                "",
                "",
                a.team_kind,
                a.role,
                *[SURVEY_SCALE[v - 1] for v in a.matrix],
                *[b if b in a.blockers else "" for b in SURVEY_BLOCKERS],
                a.other,
                a.comment,
            ]
        )
    return _csv(rows)


def write_room(tallies: list[RoomTally]) -> bytes:
    rows = [list(TEMPLATE_COLUMNS)]  # the product's own sheet, so it loads like any self-assessment
    rows += [[t.statement_id, t.theme, t.statement, "", "room", *t.votes, t.dont_know] for t in tallies]
    return _csv(rows)
