"""Survey responses (Microsoft Forms, SurveyMonkey) -> ``feedback`` rows, one per response.

Both exports are one row per response with one column per question, headed by the question's
text. What a question *is* (who is answering, a rating, what it is about, an open comment, a
staff member's note of what was done) is read from its wording and its answers, because every
form is written differently. Respondents' names and emails are never read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pandas as pd

from diagnostic import dates
from diagnostic.ingest import vocabulary as vocab
from diagnostic.ingest.base import LoadContext
from diagnostic.ingest.formats.canonical import read_dates
from diagnostic.privacy import pseudonymise_keys
from diagnostic.schema import vocabularies

MAX_CATEGORIES = 12  # a choice question has at most this many different answers
MAX_RATING = 10  # numeric answers up to this are ratings (NPS is 0-10)
REPEAT_SHARE = 0.6  # a choice question's answers repeat: distinct answers at most this share of all
SHORT_ANSWER = 30  # characters; a choice is a short phrase, a comment is not
FIVE_POINT, TEN_POINT = (1.0, 5.0), (0.0, 10.0)

RESPONDENT_QUESTION = re.compile(
    r"who are you|are you (a|an)\b|i am (a|an)\b|best describes? you|describe yourself|your role|respondent|"
    r"completing this (form|survey|questionnaire) as|relationship to|filling (this|it) in as|who is (completing|filling)",
    re.I,
)
THEME_QUESTION = re.compile(r"(what|which)\b.{0,40}\babout\b|topic|theme|subject|regarding|category|which areas?\b", re.I)
TEAM_QUESTION = re.compile(r"\bteam\b|service area|which service", re.I)
ACTION_QUESTION = re.compile(r"action taken|actions? agreed|what (we|was) (did|done)|change made|what changed", re.I)
LOOP_QUESTION = re.compile(r"you said,? we did|fed back|reported back|told (them|the person)|closed the loop|response sent", re.I)
RESPONDED_QUESTION = re.compile(r"date responded|response date|date of response|responded on|replied on", re.I)
NOT_A_RATING = re.compile(r"how many|number of|\bage\b|how old|year|postcode|phone|\bid\b|date", re.I)
PERSONAL = re.compile(r"\bname\b|e-?mail|phone|address|postcode|date of birth|\bdob\b|contact details", re.I)
DECLARED_SCALE = re.compile(r"(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\b|out of (\d{1,2})\b", re.I)
NPS_QUESTION = re.compile(r"how likely .* recommend", re.I)
LEADING_NUMBER = r"^\s*(\d{1,2}(?:\.\d+)?)\s*(?:$|[-–:)]|\s+-)"

# Words in a form's title (its file name) and questions that say who it was written for.
TITLE_CUES: dict[str, re.Pattern[str]] = {
    "child": re.compile(r"young (person|people)|children|\bchild\b|\bcyp\b|\byp\b|care leavers?|pupils?|kids|mind of my own", re.I),
    "parent_carer": re.compile(r"\bparents?\b|\bcarers?\b|famil(y|ies)|foster", re.I),
    "staff": re.compile(r"\bstaff\b|employee|workforce|colleague|practitioner|health check|supervision|exit interview|your manager", re.I),
    "partner": re.compile(r"\bpartners?\b|agenc(y|ies)|multi-agency|professionals?|schools?|referrers?", re.I),
}
TITLE_WEIGHT = 3  # the title says more about the audience than any one question
EXPORT_AGAIN = "Export the responses again, and check the day exists."
SOURCE_LABELS = {
    "child": "children and young people",
    "parent_carer": "parents and carers",
    "staff": "staff",
    "partner": "partner agencies",
}


@dataclass(frozen=True)
class Responses:
    """A survey export reduced to what every survey has: answers per question, when, and an id."""

    answers: pd.DataFrame  # question text -> answer text, one row per response, indexed by spreadsheet row
    received: pd.Series  # completion time as written in the export
    response_ids: pd.Series
    title: str  # the form's title as far as we know it (the file name): says who it was for, never which responses
    default_dayfirst: bool  # UK re-saved Forms CSVs are day-first; SurveyMonkey is US
    signed_in: bool = False  # answered with the organisation's own accounts, so by staff


def feedback_rows(responses: Responses, ctx: LoadContext) -> pd.DataFrame:
    """One ``feedback`` row per response (kind ``survey``)."""
    answers = responses.answers.apply(vocab.blank_to_na)  # indexed by spreadsheet row
    roles = classify_questions(answers)
    out = pd.DataFrame(index=answers.index)
    received = _received(responses, ctx)  # read once: it is also part of each response's key
    out["feedback_id"] = pseudonymise_keys(response_keys(responses, received), ctx.settings.salt).str.replace("p", "f", n=1)
    out["kind"] = "survey"
    out["received"] = received
    out["source"] = _sources(answers, roles, responses, ctx)
    out["rating"] = _rating(answers, roles["rating"])
    out["theme"] = _first(answers, roles["theme"]).str.replace(r"\s*;\s*$", "", regex=True).str.replace(r"\s*;\s*", "; ", regex=True)
    out["team"] = _first(answers, roles["team"])
    if ctx.settings.show_text and roles["text"] and len(answers):
        out["text"] = answers[roles["text"]].apply(lambda row: "\n\n".join(v for v in row.dropna()) or pd.NA, axis=1)
    _tracking(out, answers, roles, responses, ctx)
    return out


def response_keys(responses: Responses, completed: pd.Series | None = None) -> pd.Series:
    """What makes a response the same one in any copy of the export, indexed like the answers.

    Its id, the minute it was completed and the form's questions (Microsoft Forms numbers every
    form's responses from 1), never the file's name: a second download ("form (1).xlsx") holds
    the same responses. The minute, not the second, because a Forms sheet re-saved as CSV keeps
    only minutes. Responses alike in all three are numbered among themselves, so they stay apart.
    ``completed``: the completion times already read from ``responses.received``, if they were.
    """
    questions = "\x1f".join(sorted(map(str, responses.answers.columns)))
    form = hashlib.blake2b(questions.encode("utf-8"), digest_size=8).hexdigest()
    if completed is None:
        completed = dates.parse_datetimes(vocab.blank_to_na(responses.received), default_dayfirst=responses.default_dayfirst)
    minute = completed.dt.tz_convert("UTC").dt.strftime("%Y%m%dT%H%M").astype("string").fillna("")
    ids = responses.response_ids.astype("string").str.strip().fillna("")
    keys = f"survey:{form}:" + ids + "|" + minute
    return keys + "#" + keys.groupby(keys, sort=False).cumcount().astype("string")


def classify_questions(answers: pd.DataFrame) -> dict[str, list[str]]:
    """Question text -> its role: respondent, theme, team, action, loop, responded, rating or text."""
    roles: dict[str, list[str]] = {k: [] for k in ("respondent", "theme", "team", "action", "loop", "responded", "rating", "text")}
    for question in answers.columns:
        values = answers[question].dropna()
        role = _role(str(question), values)
        if role:
            roles[role].append(question)
    return roles


def _role(question: str, values: pd.Series) -> str | None:
    categorical = is_categorical(values)
    if LOOP_QUESTION.search(question):
        return "loop"
    if RESPONDED_QUESTION.search(question):
        return "responded"
    if ACTION_QUESTION.search(question):
        return "action"
    few = values.nunique() <= MAX_CATEGORIES
    if RESPONDENT_QUESTION.search(question) and few:
        return "respondent"
    if rating_scale(question, values) is not None:
        return "rating"
    if TEAM_QUESTION.search(question) and few:
        return "team"
    if THEME_QUESTION.search(question) and categorical:
        return "theme"
    if PERSONAL.search(question) or values.empty:
        return None
    return "text"


def is_categorical(values: pd.Series) -> bool:
    """Answers picked from a list: few different ones, repeated, short, or Forms' ``A;B;`` choices."""
    if values.empty or values.nunique() > MAX_CATEGORIES:
        return False
    text = values.astype("string")
    return bool(values.nunique() <= REPEAT_SHARE * len(values) or text.str.endswith(";").all() or text.str.len().max() <= SHORT_ANSWER)


def rating_scale(question: str, values: pd.Series) -> tuple[float, float] | None:
    """(low, high) when a question's answers are ratings, from its wording or its answers."""
    if values.empty or NOT_A_RATING.search(question):
        return None
    return _scale(question, _scores(values))


def _scale(question: str, scores: pd.Series) -> tuple[float, float] | None:
    """:func:`rating_scale` from a question's answers already read as numbers (its blank answers left out)."""
    if scores.isna().any():
        return None
    declared = DECLARED_SCALE.search(question)
    if declared:
        low, high = (0.0, float(declared.group(3))) if declared.group(3) else (float(declared.group(1)), float(declared.group(2)))
        if high > low and scores.between(low, high).all():
            return low, high
    if NPS_QUESTION.search(question) or scores.max() > FIVE_POINT[1] or scores.min() < FIVE_POINT[0]:
        return TEN_POINT if scores.between(*TEN_POINT).all() and (scores == scores.round()).all() else None
    return FIVE_POINT


def _scores(values: pd.Series) -> pd.Series:
    """Answers as numbers: "4", "4 - Good", or agreement/satisfaction words on a 1-5 scale.

    Each distinct answer is read once and spread back by position: a survey of thousands repeats
    a handful of answers, and the pattern is matched in Python, one call per value."""
    codes, distinct = pd.factorize(values.astype("string"), use_na_sentinel=True)
    text = pd.Series(distinct, dtype="string")
    numbers = pd.to_numeric(text.str.extract(LEADING_NUMBER, expand=False), errors="coerce").astype("Float64")
    words, _ = vocab.translate(text, vocabularies.LIKERT, "Float64")
    scores = numbers.fillna(words)
    scores = scores.where(scores <= MAX_RATING) if len(scores) else scores
    return pd.Series(scores.array.take(codes, allow_fill=True), index=values.index, dtype="Float64")


def _rating(answers: pd.DataFrame, questions: list[str]) -> pd.Series:
    """Mean of a response's ratings, each scaled 0-1 by its own question's scale."""
    if not questions:
        return pd.Series(pd.NA, index=answers.index, dtype="Float64")
    scaled = []
    for q in questions:
        scores = _scores(answers[q])  # each answer read once, for the scale and for the rating
        low, high = _scale(q, scores[answers[q].notna().to_numpy()])
        scaled.append(((scores - low) / (high - low)).clip(0, 1))
    return pd.concat(scaled, axis=1).mean(axis=1, skipna=True).astype("Float64")


def _sources(answers: pd.DataFrame, roles: dict[str, list[str]], responses: Responses, ctx: LoadContext) -> pd.Series:
    """Who answered: the respondent question when there is one, else the form's audience.

    A staff survey's "What is your role?" has answers such as "Business support or other": when
    every answer we recognise names one group and the form's wording names the same group, the
    rest belong to it too. A form answered with the organisation's own accounts was answered by
    staff, whatever its questions are about (children and families have no such account).
    """
    audience = "staff" if responses.signed_in else audience_from_wording(responses.title, list(answers.columns))
    if roles["respondent"]:
        source, _ = vocab.translate(answers[roles["respondent"][0]], vocabularies.SOURCE, "string")
        named = set(source.dropna()) - {"other"}
        if audience is not None and named == {audience}:
            return source.where(source != "other", audience).fillna(audience)
        return source.fillna("other")
    n = vocab.counted(len(answers), "response")
    if audience is None:
        ctx.warn(
            f"We could not tell who answered this form, so its {n} are counted as from ‘other’ people.",
            "Add a question “Who are you?” with answers such as “A child or young person”, “A parent or carer”, “Staff” and "
            "“A partner agency”, or match a column to “source” in the column-mapping step.",
        )
        return pd.Series("other", index=answers.index, dtype="string")
    reason = "because they were given with work accounts" if responses.signed_in else "judging by its title and questions"
    ctx.warn(
        f"The form has no “Who are you?” question, so its {n} are counted as from {SOURCE_LABELS[audience]}, {reason}.",
        "If that is wrong, add a “Who are you?” question, or match a column to “source” in the column-mapping step.",
    )
    return pd.Series(audience, index=answers.index, dtype="string")


def audience_from_wording(title: str, questions: list[str]) -> str | None:
    """The one audience a form's title and questions point to, or None when they do not agree."""
    scores = {
        source: TITLE_WEIGHT * len(cue.findall(title)) + sum(bool(cue.search(q)) for q in questions) for source, cue in TITLE_CUES.items()
    }
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top > 0 and top >= 2 * second else None


def _tracking(out: pd.DataFrame, answers: pd.DataFrame, roles: dict[str, list[str]], responses: Responses, ctx: LoadContext) -> None:
    """Columns staff added to track what happened: action taken, reported back, date responded."""
    if roles["loop"]:
        out["closed_loop"] = _first(answers, roles["loop"]).map(vocab.filled).astype("boolean").fillna(False)
    if roles["action"]:
        out["action_taken"] = _first(answers, roles["action"]).map(vocab.filled).astype("boolean").fillna(False)
    elif roles["loop"]:  # "we did" says something was done
        out["action_taken"] = out["closed_loop"].where(out["closed_loop"], pd.NA).astype("boolean")
    if roles["responded"]:
        column = roles["responded"][0]
        out["responded"] = _dates(answers[column], responses, ctx, column)


def _received(responses: Responses, ctx: LoadContext) -> pd.Series:
    return _dates(responses.received, responses, ctx, "Completion time")


def _dates(values: pd.Series, responses: Responses, ctx: LoadContext, label: str) -> pd.Series:
    return read_dates(vocab.blank_to_na(values), ctx, label, default_dayfirst=responses.default_dayfirst, action=EXPORT_AGAIN)


def _first(answers: pd.DataFrame, questions: list[str]) -> pd.Series:
    if not questions:
        return pd.Series(pd.NA, index=answers.index, dtype="string")
    return answers[questions[0]].astype("string").str.strip()
