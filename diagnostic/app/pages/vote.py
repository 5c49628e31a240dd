"""Room vote (workshop mode): one statement at a time, the room's hands counted, then the room's scores on their own screen.

The screen is a fragment, so a number typed or a step taken reruns only the vote, not the page:
a facilitator counting hands live should see the tally move at once.
"""

from __future__ import annotations

import html

import streamlit as st

from diagnostic.app import sa_view, state
from diagnostic.self_assessment import STATEMENTS, room_responses

INDEX_KEY = "vote_index"
SCORES = len(STATEMENTS)  # the screen after the last statement
PROJECTOR_CSS = """
<style>
  [data-testid="stMainBlockContainer"] { padding-top: 2.8rem; }
  .ethics { font-size: 0.75rem; margin-bottom: 0.3rem; }
  [data-testid="stMain"] h1 { font-size: 1.9rem; padding: 0 0 0.3rem; }
  [data-testid="stMarkdownContainer"] .vote-statement { font-size: 1.6rem; font-weight: 600; line-height: 1.3; margin: 0.3rem 0 0.6rem; }
  [data-testid="stMain"] h2 { font-size: 1.3rem; padding: 0.2rem 0; }
  [data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 0.8rem; padding: 0.15rem 0.5rem; line-height: 1.3; }
  [data-testid="stMarkdownContainer"] .vote-tally { font-size: 0.85rem; line-height: 1.4; }
</style>
"""


def _go(to: int) -> None:
    st.session_state[INDEX_KEY] = max(0, min(to, SCORES))


@st.fragment
def vote(min_group_size: int) -> None:
    """Previous, Next and the room's scores; the statement large with its row of counts, and the tally beside it."""
    i = st.session_state.get(INDEX_KEY, 0)
    where, prev, nxt, jump = st.columns([2.2, 1, 1, 1.4], vertical_alignment="center")
    prev.button("← Previous", disabled=i == 0, width="stretch", on_click=_go, args=(i - 1,))
    nxt.button("Next →", disabled=i == SCORES, width="stretch", on_click=_go, args=(i + 1,))
    jump.button("The room's scores", disabled=i == SCORES, width="stretch", on_click=_go, args=(SCORES,))
    if i == SCORES:
        where.caption(f"The room's scores, after {len(STATEMENTS)} statements")
        _scores(min_group_size)
        return
    statement = STATEMENTS[i]
    where.caption(f"Statement {i + 1} of {len(STATEMENTS)} · {statement.theme_label}")
    said, tally = st.columns([3, 1], gap="large")
    said.markdown(f'<div class="vote-statement">{html.escape(statement.statement)}</div>', unsafe_allow_html=True)
    with tally:
        sa_view.tally(statement)
    sa_view.hand_inputs(statement)


def _scores(min_group_size: int) -> None:
    votes = room_responses(sa_view.room_hands())
    st.header("The room's scores")
    st.table(sa_view.theme_scores(votes, min_group_size).set_index("Theme"))
    st.caption(
        "0 to 100 points per theme. A theme is scored once at least 60% of its statements have an answer from 1 to 5: don't know is never counted as a middle answer."
    )
    st.download_button(
        "Save the room's votes (CSV)",
        sa_view.as_sheet(votes),
        file_name="self_assessment_room.csv",
        mime="text/csv",
        disabled=votes.empty,
    )


st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
st.title("What does the room think?")
st.caption(
    "Read each statement aloud, count the hands for each answer, and type the numbers. Only the totals are kept, never who answered what."
)
vote(state.settings().min_group_size)
