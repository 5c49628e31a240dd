"""The self-assessment: 22 statements for what no export covers, and how the answers are scored.

Service design, performance measures and HR processes leave no trace in a calendar or a mailbox,
so people are asked. Every statement is answered 1 (strongly disagree) to 5 (strongly agree), or
"don't know", which counts as missing and never as 3. Reverse statements ("If I make a mistake
in my work, it is often held against me") score 6 minus the answer. A theme's score is the mean of
its answered statements mapped to 0-100 as (mean - 1) x 25, shown only when at least 60% of its
statements were answered.

Practitioners, managers and leaders answer separately where possible: the gap between them is
itself a finding. A group's figures are shown only when it has at least the minimum group size of
respondents (or votes), and never when the groups left out could be worked out by subtraction.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from diagnostic.wording import points

SCALE_MIN = 1
SCALE_MAX = 5
POINTS_PER_STEP = 25.0  # (mean - 1) x 25 maps 1-5 onto 0-100
MIN_ANSWERED_SHARE = 0.6  # a theme needs at least 60% of its statements answered
ALL = "all"  # respondent_group of the pooled rows

TEMPLATE_COLUMNS = (
    "statement_id",
    "theme",
    "statement",
    "response",
    "respondent_group",
    "votes_1",
    "votes_2",
    "votes_3",
    "votes_4",
    "votes_5",
    "votes_dont_know",
)

ORIGINS = {
    "W": "written for this tool",
    "A:PS": "adapted from Edmondson's (1999) team psychological safety scale",
    "A:SDW": "adapted from the restorative social discipline window (Wachtel & McCold; IIRP)",
    "A:EMP": "adapted from the LGA Standards for employers of social workers in England and the Social Work Health Check",
    "A:ROG": "adapted from Rogelberg's meeting-quality questions",
}

THEMES: dict[str, str] = {
    "service_design": "Service design methods",
    "performance": "Performance measures",
    "hr": "HR processes",
    "language": "Language in policies and letters",
    "meetings": "How meetings are chaired",
    "feedback": "What happens with feedback",
    "partners": "Working with partners",
}


@dataclass(frozen=True)
class Statement:
    """One statement, the theme it belongs to, and where the idea comes from."""

    id: str
    theme: str  # a key of THEMES
    statement: str
    reverse: bool
    seed: str
    origin: str  # a key of ORIGINS

    @property
    def theme_label(self) -> str:
        return THEMES[self.theme]


STATEMENTS: tuple[Statement, ...] = (
    Statement("sa_design_1", "service_design",
              "Children, parents/carers and practitioners take part in designing or changing our services from the start, not only when a draft is finished.",
              False, "'the methods we use to design services' (Dove, 2024)", "W"),
    Statement("sa_design_2", "service_design",
              "When we change a process, we check what it does to the time practitioners spend with families.",
              False, "'29 hours a week' on a computer or paperwork (Centre for Public Impact)", "W"),
    Statement("sa_design_3", "service_design",
              "Practitioners can try a new way of working with a family without first getting several levels of sign-off.",
              False, "'hopeful disruption'; 'the Head of Service signed off on it' (Barking & Dagenham)", "W"),
    Statement("sa_perf_1", "performance",
              "The measures our leaders look at most tell us about the quality of relationships with children and families, not only timescales and volumes.",
              False, "'the performance measures that get our attention' (Dove, 2024)", "W"),
    Statement("sa_perf_2", "performance",
              "Requests for data and spreadsheets increase when leaders are anxious.",
              True, "'demands for more spreadsheets and processes' (Centre for Public Impact)", "W"),
    Statement("sa_perf_3", "performance",
              "Our case-file audits are done with the practitioner, and where possible with the family, rather than to them.",
              False, "'how we structure audits' (Dove, 2024)", "A:SDW"),
    Statement("sa_hr_1", "hr",
              "We recruit and promote people partly on evidence of relational values and skills.",
              False, "'hiring based on relational values' (Barking & Dagenham)", "W"),
    Statement("sa_hr_2", "hr",
              "I receive regular, good-quality supervision that supports both my practice and my wellbeing.",
              False, "'Where we have high challenge, we need support' (Kay, 2015)", "A:EMP"),
    Statement("sa_hr_3", "hr",
              "Our HR procedures (absence, capability, probation) are experienced as supportive as well as challenging.",
              False, "'working with, not doing to' (Kay, 2015)", "A:SDW"),
    Statement("sa_hr_4", "hr",
              "If I make a mistake in my work, it is often held against me.",
              True, "'a culture of mistrust of the social worker' (Centre for Public Impact)", "A:PS"),
    Statement("sa_lang_1", "language",
              "Our letters to families are written so that the family would recognise themselves and feel respected.",
              False, "'a letter to the family' (Barking & Dagenham)", "W"),
    Statement("sa_lang_2", "language",
              'Our policies and templates still use words like "case", "contact", "placement" and "closure" without thinking about how they land.',
              True, "'Language like that can shut down relationships' (Barking & Dagenham)", "W"),
    Statement("sa_lang_3", "language",
              "Families know, before a meeting or hearing, what will be shared about them.",
              False, "'they don't know what's going to be shared' (Barking & Dagenham)", "W"),
    Statement("sa_meet_1", "meetings",
              "Our meetings have a clear purpose, and end with agreed actions and who will do them.",
              False, "'effectively chaired and result in more direct action' (Kay, 2015)", "A:ROG"),
    Statement("sa_meet_2", "meetings",
              "The chair makes sure the quietest or most junior person (and the family, where present) is heard.",
              False, "'sharing power' (Barking & Dagenham)", "A:ROG"),
    Statement("sa_meet_3", "meetings",
              "We regularly stop or shorten meetings that no longer earn their time.",
              False, "'fewer meetings required' (Kay, 2015)", "A:ROG"),
    Statement("sa_meet_4", "meetings",
              "It is safe to raise a problem or disagree in our meetings, including with senior managers.",
              False, "'creating dialogue to challenge' (Kay, 2015)", "A:PS"),
    Statement("sa_fb_1", "feedback",
              "Feedback from children and young people reaches the people who can change things.",
              False, "'prioritising (or not) of feedback' (Dove, 2024)", "W"),
    Statement("sa_fb_2", "feedback",
              'When someone gives us feedback, we tell them what we did about it ("you said, we did").',
              False, "'what we do with it' (Dove, 2024)", "W"),
    Statement("sa_fb_3", "feedback",
              "Staff feedback (for example surveys and exit interviews) has led to visible changes in the last year.",
              False, "'our managers, practitioners and leaders' (Kay, 2015)", "W"),
    Statement("sa_part_1", "partners",
              "Health, police, schools and we share responsibility for children rather than passing referrals between us.",
              False, "'the responsibilities of all our partners' (Grant, 2023)", "W"),
    Statement("sa_part_2", "partners",
              "Practitioners from partner agencies are part of our everyday team conversations, not only formal meetings.",
              False, "'welcome health staff into our formal operational structure' (Grant, 2023)", "W"),
)  # fmt: skip

BY_ID: dict[str, Statement] = {s.id: s for s in STATEMENTS}


def write_template(path: Path) -> Path:
    """Write a blank response sheet: one row per statement, answers left empty.

    UTF-8 with a byte-order mark so Excel shows the quotation marks and dashes correctly. Fill
    ``response`` (1-5, blank for don't know) for one person or one agreed answer, or the
    ``votes_*`` columns with a room's show of hands; ``respondent_group`` says whose answers they
    are (practitioner, manager, leader or room).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(TEMPLATE_COLUMNS)
        for s in STATEMENTS:
            writer.writerow([s.id, s.theme_label, s.statement] + [""] * (len(TEMPLATE_COLUMNS) - 3))
    return path


DONT_KNOW = SCALE_MAX + 1  # the sixth answer of a room's show of hands, after 1 to 5
ROOM = "room"  # respondent_group of a room's votes


def room_responses(hands: dict[str, list[int]]) -> pd.DataFrame:
    """A room's show of hands as a ``responses`` table: per statement, the count for answers 1 to 5 and don't know.

    ``hands`` maps a statement id to six counts, the last for don't know (which becomes a missing
    response, never 3). Counts of zero are left out, as the template's blank ``votes_*`` cells are.
    """
    rows = [
        {"statement_id": sid, "respondent_group": ROOM, "response": answer if answer < DONT_KNOW else pd.NA, "count": int(count)}
        for sid, counts in hands.items()
        for answer, count in enumerate(counts, start=SCALE_MIN)
        if count
    ]
    return pd.DataFrame(rows, columns=["statement_id", "respondent_group", "response", "count"])


def score_responses(responses: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Theme scores (0-100 points) from a ``responses`` table, pooled and per respondent group.

    Returns one row per theme for ``respondent_group == "all"`` (every answer pooled), then one row
    per theme for each group that may be shown, with columns ``theme, theme_label,
    respondent_group, score, mean, items_answered, items, respondents, answers``. ``score`` is NA
    where fewer than 60% of the theme's statements were answered. ``respondents`` is the largest
    number of answers (don't know included) to any one statement: the table holds no respondent ids.
    ``answers`` is the same count over the theme's own statements, so a theme nobody has answered
    yet says so while others have answers.
    """
    answers = _clean(responses)
    frames = [_theme_scores(answers, ALL)]
    for group in _groups_shown(answers, min_group_size):
        frames.append(_theme_scores(answers[answers["respondent_group"] == group], group))
    return pd.concat(frames, ignore_index=True)


COUNT_COLUMNS = ("items_answered", "items", "respondents", "answers")


def scores_by_group(responses: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """One row per theme (by label, catalogue order): a score column per group, everyone (``"all"``) first.

    Only groups that may be shown have a column (see :func:`score_responses`); then ``COUNT_COLUMNS``
    of the pooled answers. What the report and the app both show, so the gap between groups is seen.
    """
    scores = score_responses(responses, min_group_size)
    groups = [ALL, *[g for g in scores["respondent_group"].unique() if g != ALL]]
    pooled = scores[scores["respondent_group"] == ALL].set_index("theme_label")
    wide = scores.pivot(index="theme_label", columns="respondent_group", values="score").reindex(index=pooled.index, columns=groups)
    return wide.join(pooled[list(COUNT_COLUMNS)])


def score_groups(wide: pd.DataFrame) -> list[str]:
    """The groups of a :func:`scores_by_group` table, everyone first: its columns other than the counts."""
    return [c for c in wide.columns if c not in COUNT_COLUMNS]


def group_label(group: str) -> str:
    """How a respondent group is headed: "Everyone", "Practitioner", ..."""
    return "Everyone" if group == ALL else str(group).capitalize()


def statements_needed(items: int) -> int:
    """How many of a theme's ``items`` statements must be answered for it to be scored (60%, rounded up)."""
    return math.ceil(round(MIN_ANSWERED_SHARE * items, 9))


def theme_status(score: object, items_answered: int, items: int, answers: int) -> str:
    """A theme's score as points, or in words why there is none.

    Said beside every theme, so "Not scored" never stands alone: a theme nobody has answered
    yet is told apart from one whose answers fall short of the 60% rule (a statement answered
    only "don't know" is not answered).
    """
    if not answers:
        return "No answers yet"
    if score is not None and not pd.isna(score):
        return points(score)
    needed = statements_needed(items)
    return f"Not scored: {items_answered} of {items} statements answered, and a theme needs 60% ({needed} of {items})"


def _clean(responses: pd.DataFrame) -> pd.DataFrame:
    """Known statements only; answers outside 1-5 become don't know; reverse items turned round."""
    frame = responses[responses["statement_id"].isin(BY_ID)].copy()
    response = pd.to_numeric(frame["response"], errors="coerce").astype("Float64")
    response = response.where((response >= SCALE_MIN) & (response <= SCALE_MAX))
    reverse = frame["statement_id"].map(lambda i: BY_ID[i].reverse).astype(bool)
    frame["value"] = response.where(~reverse, SCALE_MIN + SCALE_MAX - response)
    frame["count"] = pd.to_numeric(frame["count"], errors="coerce").fillna(1).astype("Int64")
    frame = frame[frame["count"] > 0]
    frame["theme"] = frame["statement_id"].map(lambda i: BY_ID[i].theme)
    return frame


def _respondents(answers: pd.DataFrame) -> int:
    if answers.empty:
        return 0
    return int(answers.groupby("statement_id")["count"].sum().max())


def _groups_shown(answers: pd.DataFrame, min_group_size: int) -> list[str]:
    """Groups with enough respondents, unless the groups left out could be recovered by subtraction.

    The pooled row covers everyone, so if the hidden groups together are smaller than the floor
    but not empty, showing every other group would reveal them; then no group is shown. A group
    holding every answer (one room's votes) is everyone, so it is not shown twice.
    """
    named = answers.dropna(subset=["respondent_group"])
    named = named[named["respondent_group"].str.strip().str.casefold() != ALL]
    sizes = {g: _respondents(part) for g, part in named.groupby("respondent_group", sort=True)}
    shown = [g for g, n in sizes.items() if n >= min_group_size]
    hidden = _respondents(answers) - sum(sizes[g] for g in shown)
    if (0 < hidden < min_group_size and shown) or (hidden == 0 and len(shown) == 1):
        return []
    return shown


def _theme_scores(answers: pd.DataFrame, group: str) -> pd.DataFrame:
    answered = answers.dropna(subset=["value"])
    weighted = answered.assign(total=answered["value"] * answered["count"])
    per_item = weighted.groupby("statement_id").agg(total=("total", "sum"), n=("count", "sum"))
    item_mean = (per_item["total"] / per_item["n"]).rename("mean")
    rows = []
    respondents = _respondents(answers)
    for theme, label in THEMES.items():
        items = [s.id for s in STATEMENTS if s.theme == theme]
        means = item_mean.reindex(items).dropna()
        mean = float(means.mean()) if len(means) else None
        enough = len(means) / len(items) >= MIN_ANSWERED_SHARE
        score = (mean - SCALE_MIN) * POINTS_PER_STEP if enough and mean is not None else None
        rows.append(
            {
                "theme": theme,
                "theme_label": label,
                "respondent_group": group,
                "score": score,
                "mean": mean,
                "items_answered": len(means),
                "items": len(items),
                "respondents": respondents,
                "answers": _respondents(answers[answers["statement_id"].isin(items)]),
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("score", "mean"):
        frame[column] = frame[column].astype("Float64")
    return frame
