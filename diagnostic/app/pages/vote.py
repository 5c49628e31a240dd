"""Room vote (workshop mode): tally a room's answers to the self-assessment statements."""

from __future__ import annotations

import streamlit as st

from diagnostic.app import sa_view, state

st.title("What does the room think?")
st.markdown(
    "Read each statement aloud, count the hands for each answer, and type the numbers. Nobody's answer is recorded, only the totals."
)
settings = state.settings()
votes = sa_view.room_tally()
if len(votes):
    st.header("The room's scores")
    st.dataframe(sa_view.theme_scores(votes, settings.min_group_size), hide_index=True, width="stretch")
    st.download_button("Save the room's votes (CSV)", sa_view.as_sheet(votes), file_name="self_assessment_room.csv", mime="text/csv")
