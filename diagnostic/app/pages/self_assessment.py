"""Self-assessment: what no export covers (service design, performance measures, HR processes), said by the people who know."""

from __future__ import annotations

import streamlit as st

from diagnostic.app import domain_view, sa_view, state

st.title("Self-assessment")
st.markdown(
    "Some of the concrete is in no export: how services are designed, which measures get attention, how HR "
    "processes feel. Answer the statements yourself, or load a room's votes. Answers are scored 0 to 100 per "
    "theme; “don't know” is never counted as a middle answer, and a theme needs most of its statements answered."
)
st.caption(
    "To ask everyone, put the statements to staff as a Microsoft Forms or SurveyMonkey survey, one row of a Likert "
    "or matrix question per statement, with a question asking each person's role. Load the responses export with "
    "your other files: it is read as self-assessment, per role where each role has enough answers."
)
settings = state.settings()
dataset, _, _ = state.loaded()
card = state.scorecard()

if dataset.has("responses"):
    st.header("Loaded answers")
    st.dataframe(sa_view.theme_scores(dataset.responses, settings.min_group_size), hide_index=True, width="stretch")

st.header("Answer the statements")
st.caption("Your answers stay on this computer. Save them as a file you own and load it with your other exports.")
answers = sa_view.person_form()
if answers is not None and len(answers):
    st.dataframe(sa_view.theme_scores(answers, settings.min_group_size), hide_index=True, width="stretch")
    st.download_button("Save my answers (CSV)", sa_view.as_sheet(answers), file_name="self_assessment.csv", mime="text/csv")

st.header("Self-assessment indicators")
domain_view.indicator_cards([r for r in card.results if r.indicator.domain == "self_assessment"], key="self_assessment")
