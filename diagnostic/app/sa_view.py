"""Answering the self-assessment statements: one person's answers, or a room's votes."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from diagnostic.report.export import to_csv_bytes
from diagnostic.self_assessment import (
    ALL,
    SCALE_MAX,
    STATEMENTS,
    TEMPLATE_COLUMNS,
    Statement,
    group_label,
    score_groups,
    scores_by_group,
    statements_needed,
    theme_status,
)
from diagnostic.wording import number, points

GROUP_NOT_SCORED = "Not scored: fewer than 60% of its statements answered"

CHOICES = ("Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree", "Don't know")


def person_form() -> pd.DataFrame | None:
    """One person's answers as a ``responses`` frame (None until they press the button)."""
    with st.form("sa-person"):
        answers = {}
        for theme in dict.fromkeys(s.theme_label for s in STATEMENTS):
            st.subheader(theme)
            for s in (x for x in STATEMENTS if x.theme_label == theme):
                answers[s.id] = st.radio(s.statement, CHOICES, index=None, horizontal=True, key=f"sa-{s.id}")
        group = st.selectbox("I answer as a", ("practitioner", "manager", "leader"), key="sa-group")
        if not st.form_submit_button("Score my answers"):
            return None
    rows = [
        {"statement_id": sid, "respondent_group": group, "response": CHOICES.index(a) + 1 if a and a != CHOICES[-1] else pd.NA, "count": 1}
        for sid, a in answers.items()
        if a is not None
    ]
    return pd.DataFrame(rows, columns=["statement_id", "respondent_group", "response", "count"])


HANDS_KEY = "room_hands"  # statement id -> six counts (1 to 5, then don't know), kept across statements
ANSWER_LABELS = ("1 Strongly disagree", "2 Disagree", "3 Neither", "4 Agree", "5 Strongly agree", "Don't know")
MAX_HANDS = 500


def room_hands() -> dict[str, list[int]]:
    """The room's counts so far, kept in the session (not in the widgets, which forget a statement once it is off screen)."""
    return st.session_state.setdefault(HANDS_KEY, {s.id: [0] * len(CHOICES) for s in STATEMENTS})


def _keep(sid: str, answer: int, key: str) -> None:
    room_hands()[sid][answer] = int(st.session_state.get(key) or 0)


def hand_inputs(statement: Statement) -> None:
    """One row of number boxes with steppers: the count of hands for each answer to ``statement``."""
    counts = room_hands()[statement.id]
    for answer, (col, label) in enumerate(zip(st.columns(len(CHOICES)), ANSWER_LABELS)):
        key = f"hands-{statement.id}-{answer}"
        col.number_input(
            label,
            min_value=0,
            max_value=MAX_HANDS,
            value=counts[answer],
            step=1,
            key=key,
            on_change=_keep,
            args=(statement.id, answer, key),
        )


def tally(statement: Statement) -> None:
    """The running tally beside a statement: its hands, how many statements have hands, and how far its theme is from a score.

    Counted from the hands, not scored: it runs on every number typed, and the scores have their own screen.
    """
    hands = room_hands()
    here = hands[statement.id]
    voted = sum(1 for counts in hands.values() if any(counts))
    theme = [s.id for s in STATEMENTS if s.theme == statement.theme]
    answered = sum(1 for sid in theme if any(hands[sid][:SCALE_MAX]))
    agree, disagree = here[3] + here[4], here[0] + here[1]
    lines = (
        f"<strong>{number(sum(here), 'hands')}</strong> on this statement",
        f"{agree:,} agree · {here[2]:,} neither · {disagree:,} disagree · {here[5]:,} don't know",
        f"<strong>{voted} of {len(STATEMENTS)}</strong> statements voted on",
        f"{html.escape(statement.theme_label)}: {answered} of {len(theme)} statements answered; "
        f"{statements_needed(len(theme))} needed for a score",
    )
    st.markdown('<div class="vote-tally">' + "<br>".join(lines) + "</div>", unsafe_allow_html=True)


def as_sheet(responses: pd.DataFrame) -> bytes:
    """The responses as our own template layout, so the file loads back like any export."""
    out = []
    for s in STATEMENTS:
        mine = responses[responses["statement_id"] == s.id]
        row = {c: "" for c in TEMPLATE_COLUMNS} | {"statement_id": s.id, "theme": s.theme_label, "statement": s.statement}
        if len(mine) == 1 and int(mine["count"].iloc[0]) == 1 and mine["respondent_group"].iloc[0] != "room":
            r = mine["response"].iloc[0]
            row["response"] = "don't know" if pd.isna(r) else int(r)
            row["respondent_group"] = mine["respondent_group"].iloc[0]
        elif len(mine):
            row["respondent_group"] = "room"
            for _, r in mine.iterrows():
                column = "votes_dont_know" if pd.isna(r["response"]) else f"votes_{int(r['response'])}"
                row[column] = int(r["count"])
        out.append(row)
    return to_csv_bytes(pd.DataFrame(out, columns=list(TEMPLATE_COLUMNS)), ethics=False)


def theme_scores(responses: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Each theme's score for everyone and for each group large enough to show, as points, or why there is none.

    Everyone's column says "No answers yet" for a theme nobody has answered and, where a theme
    is not scored, why (the 60% rule); a group's column can only miss its score by that rule.
    """
    wide = scores_by_group(responses, min_group_size)
    groups = score_groups(wide)
    shown = pd.DataFrame({"Theme": wide.index})
    shown[f"{group_label(ALL)} (points)"] = [
        theme_status(score, int(a), int(n), int(h))
        for score, a, n, h in zip(wide[ALL], wide["items_answered"], wide["items"], wide["answers"])
    ]
    for group in groups[1:]:
        shown[f"{group_label(group)} (points)"] = wide[group].map(lambda v: points(v, GROUP_NOT_SCORED)).to_numpy()
    shown["Statements answered"] = [f"{int(a)} of {int(n)}" for a, n in zip(wide["items_answered"], wide["items"])]
    shown["Answers (most to one statement)"] = wide["answers"].astype(int).to_numpy()
    return shown
