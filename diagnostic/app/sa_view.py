"""Answering the self-assessment statements: one person's answers, or a room's votes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diagnostic.report.export import to_csv_bytes
from diagnostic.self_assessment import STATEMENTS, TEMPLATE_COLUMNS, group_label, score_groups, scores_by_group
from diagnostic.wording import points

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


def room_tally() -> pd.DataFrame:
    """A room's votes per statement (number inputs), as a ``responses`` frame."""
    rows = []
    for s in STATEMENTS:
        st.markdown(f"**{s.statement}**")
        cols = st.columns(len(CHOICES))
        for i, (col, label) in enumerate(zip(cols, CHOICES)):
            votes = col.number_input(label, min_value=0, max_value=500, value=0, step=1, key=f"vote-{s.id}-{i}")
            if votes:
                rows.append({"statement_id": s.id, "respondent_group": "room", "response": i + 1 if i < 5 else pd.NA, "count": int(votes)})
    return pd.DataFrame(rows, columns=["statement_id", "respondent_group", "response", "count"])


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
    """Each theme's score for everyone and for each group large enough to show, as points."""
    wide = scores_by_group(responses, min_group_size)
    groups = score_groups(wide)
    shown = pd.DataFrame({"Theme": wide.index})
    for group in groups:
        shown[f"{group_label(group)} (points)"] = wide[group].map(points).to_numpy()
    shown["Statements answered"] = [f"{int(a)} of {int(n)}" for a, n in zip(wide["items_answered"], wide["items"])]
    shown["Answers (most to one statement)"] = wide["respondents"].astype(int).to_numpy()
    return shown
