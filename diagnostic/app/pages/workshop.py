"""Workshop: one finding per screen, large and anonymised, with questions for the room and a place for its notes."""

from __future__ import annotations

import html
from datetime import date

import streamlit as st

from diagnostic.app import state, ui
from diagnostic.network import network_summary
from diagnostic.workshop import findings, peer_findings

INDEX_KEY = "finding_index"
NOTES_KEY = "room_notes"


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
among_peers = state.comparison()
if among_peers is not None:
    items = (*items, *peer_findings(among_peers))

if not items:
    st.title("Workshop")
    st.info("There are no findings to discuss yet: the files loaded do not give any scored indicator.")
    st.stop()

i = min(st.session_state.get(INDEX_KEY, 0), len(items) - 1)
f = items[i]
where, prev, nxt = st.columns([4, 1, 1], vertical_alignment="center")
where.caption(f"Finding {i + 1} of {len(items)} · {f.to_dict()['domain_title']}")
if prev.button("← Previous", disabled=i == 0, width="stretch"):
    st.session_state[INDEX_KEY] = i - 1
    st.rerun()
if nxt.button("Next →", disabled=i == len(items) - 1, width="stretch"):
    st.session_state[INDEX_KEY] = i + 1
    st.rerun()

st.title(f.title)
finding, room = st.columns([1, 1], gap="large")
with finding:
    st.markdown(f'<div class="big-number">{html.escape(f.figure)}</div>', unsafe_allow_html=True)
    st.markdown(f"{ui.band_badge(f.band)} &nbsp; {html.escape(f.n)}", unsafe_allow_html=True)
    st.markdown(f"#### {f.reading}")
with room:
    st.markdown("**For the room**")
    for q in f.questions:
        st.markdown(f"- {q}")
    notes = st.session_state.setdefault(NOTES_KEY, {})
    notes[f.title] = st.text_area("The room's notes on this finding", value=notes.get(f.title, ""), key=f"note-{i}", height=110)

written = "\n\n".join(f"## {title}\n\n{text}" for title, text in notes.items() if text.strip())
st.download_button(
    "Save the room's notes",
    f"# Workshop notes, {date.today():%d %B %Y}\n\n{written}\n",
    file_name="workshop-notes.md",
    mime="text/markdown",
    disabled=not written,
)
