"""Workshop: one finding per screen, large and anonymised, with questions for the room and a place for its notes."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import streamlit as st

from diagnostic.app import peers_state, state, ui
from diagnostic.network import network_summary
from diagnostic.workshop import findings, peer_findings

INDEX_KEY = "finding_index"
NOTES_KEY = "room_notes"
FIGURE_CHARACTERS = 14  # a longer figure is words ("18.6% of collaboration crosses team lines"): set smaller, never split mid-word
# A projector shows 1280x720: the title sits beside the questions, not above both, and the
# ethics line takes one row, so the finding, its reading, the questions and the notes box fit.
PROJECTOR_CSS = """
<style>
  [data-testid="stMainBlockContainer"] { padding-top: 2.8rem; }
  .ethics { font-size: 0.75rem; margin-bottom: 0.3rem; }
  [data-testid="stMain"] h1 { font-size: 1.9rem; line-height: 1.2; padding: 0 0 0.4rem; }
  .big-number.figure-words { font-size: 2.2rem; line-height: 1.2; }
  .finding-reading { font-size: 1.15rem; font-weight: 600; line-height: 1.35; margin-top: 0.8rem; }
  h2.for-the-room { font-size: 1.1rem; padding: 0 0 0.3rem; }
  ul.room-questions { margin: 0 0 0.4rem; }
  ul.room-questions li { margin-bottom: 0.25rem; line-height: 1.35; }
</style>
"""


@state.per_data(max_entries=4, show_spinner="Preparing the findings…")
def _findings(key: str, _card, _dataset, _settings):
    summary = (
        network_summary(_dataset, _settings, level="team")
        if _dataset.has("messages") or _dataset.has("attendance") or _dataset.has("ties")
        else None
    )
    return tuple(findings(_card, summary))


dataset, _, _ = state.loaded()
settings = state.settings()
card = state.scorecard()
items = _findings(state.data_key(), card, dataset, settings)
among_peers = peers_state.comparison()
if among_peers is not None:
    items = (*items, *peer_findings(among_peers))

if not items:
    st.title("Workshop")
    st.info("There are no findings to discuss yet: the files loaded do not give any scored indicator.")
    st.stop()

i = min(st.session_state.get(INDEX_KEY, 0), len(items) - 1)
f = items[i]
st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
where, prev, nxt, vote = st.columns([3, 1, 1, 1], vertical_alignment="center")
where.caption(f"Finding {i + 1} of {len(items)} · {f.to_dict()['domain_title']}")
if prev.button("← Previous", disabled=i == 0, width="stretch"):
    st.session_state[INDEX_KEY] = i - 1
    st.rerun()
if nxt.button("Next →", disabled=i == len(items) - 1, width="stretch"):
    st.session_state[INDEX_KEY] = i + 1
    st.rerun()
vote.page_link(str(Path(__file__).with_name("vote.py")), label="Room vote →")

finding, room = st.columns([1, 1], gap="large")
with finding:
    st.title(f.title)
    size = "big-number figure-words" if len(f.figure) > FIGURE_CHARACTERS else "big-number"
    st.markdown(f'<div class="{size}">{html.escape(f.figure)}</div>', unsafe_allow_html=True)
    st.markdown(f"{ui.band_badge(f.band)} &nbsp; {html.escape(f.n)}", unsafe_allow_html=True)
    st.markdown(f'<p class="finding-reading">{html.escape(f.reading)}</p>', unsafe_allow_html=True)
with room:
    questions = "".join(f"<li>{html.escape(q)}</li>" for q in f.questions)
    st.markdown(f'<h2 class="for-the-room">For the room</h2><ul class="room-questions">{questions}</ul>', unsafe_allow_html=True)
    notes = st.session_state.setdefault(NOTES_KEY, {})
    notes[f.title] = st.text_area("The room's notes on this finding", value=notes.get(f.title, ""), key=f"note-{i}", height=100)

written = "\n\n".join(f"## {title}\n\n{text}" for title, text in notes.items() if text.strip())
st.download_button(
    "Save the room's notes",
    f"# Workshop notes, {date.today():%d %B %Y}\n\n{written}\n",
    file_name="workshop-notes.md",
    mime="text/markdown",
    disabled=not written,
)
