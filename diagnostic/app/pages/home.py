"""Home: what this is, what was loaded, and how healthy each file is."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from diagnostic.app import mapping_step, state, ui
from diagnostic.ingest import unpacked

st.title("Is our infrastructure concrete or compost?")
st.markdown(
    "Relationships with children and families grow or wither in the everyday infrastructure around them: "
    "meetings, email, audits and what happens to feedback. "
    "This tool reads the exports you already have and shows, indicator by indicator, where that infrastructure "
    "is concrete and where it is compost. "
    "Everything stays on this computer, people are replaced by codes as files load, and no group smaller than "
    "the minimum group size is ever shown."
)

dataset, results, is_sample = state.loaded()
if is_sample:
    st.info(
        "You are looking at **Northbridge**, a fictional children's services department, so there is something to explore. "
        "Load your own exports in the sidebar (several files at once, or a zip)."
    )

st.header("Data health")
records = [r.to_record() for r in results]
health = pd.DataFrame(
    {
        "File": [r["file"] for r in records],
        "Kind": [r["kind"] for r in records],
        "Format": [r["format_label"] for r in records],
        "Rows": [r["rows"] for r in records],
        "People": [r["people"] for r in records],
        "From": [r["start"] or "—" for r in records],
        "To": [r["end"] or "—" for r in records],
        "Warnings": [len(r["warnings"]) for r in records],
        "Problems": [len(r["errors"]) for r in records],
    }
)
st.dataframe(health, hide_index=True, width="stretch", key="health", height=min(36 * (len(health) + 1) + 4, 640))
usable = sum(r.usable for r in results)
st.caption(
    f"{usable} of {len(results)} files could be used. Tables built: "
    + ", ".join(f"{t} ({n:,} rows)" for t, n in dataset.present().items() if t != "aliases")
    + "."
)

if usable:
    st.page_link(str(Path(__file__).with_name("scorecard.py")), label="Next: see the scorecard →")

for issue in (i for r in results for i in r.issues if i.severity == "error"):
    st.error(ui.plain(str(issue)))
noticed = [str(i) for r in results for i in r.issues if i.severity != "error"]
if noticed:
    with st.expander(f"What we noticed while reading ({len(noticed)})"):
        st.markdown("\n".join(f"- {ui.plain(text)}" for text in noticed))

mappings = st.session_state.get(state.MAPPINGS_KEY, {})
unknown = [r for r in results if not r.usable or r.file in mappings]
if unknown and not is_sample:
    heading = st.container()  # filled only when some file has columns to match
    files = {name: content for name, content in unpacked(state.current_files()[1]) if isinstance(content, bytes)}
    shown = [mapping_step.render(r.file, files.get(r.file, b""), mappings.get(r.file), r.shown_file or r.file, r.usable) for r in unknown]
    if any(shown) and any(not r.usable for r in unknown):
        heading.subheader("Files we did not recognise")
        heading.markdown("Tell us which column is which, and the file will load like any other.")
    elif any(shown):
        heading.subheader("Files read with your column mapping")

with st.expander("Templates for systems we do not know"):
    mapping_step.templates()
